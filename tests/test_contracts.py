"""Every format Python shares with the JSON Schemas, the templates, the collector's databases and the browser is
defined once, in `kijun.contracts`; each file that must spell it out itself is held to it here."""

from __future__ import annotations

import json
import re
import sqlite3

from bs4 import BeautifulSoup
from conftest import REPO_ROOT, BuiltSite, core_imports

from kijun.collect import postgres_store, sqlite_store
from kijun.collect.store import COLUMNS, create_table
from kijun.contracts import (
    COLLECTED_COLUMNS,
    CONFIDENCE_LEVELS,
    CONFIRM_DOM_HOOKS,
    CONFIRMATION_FORMAT,
    CONFIRMED_STORAGE_KEY,
    CSV_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    FEEDBACK_DOM_HOOKS,
    FEEDBACK_FORMAT,
    HASH_LENGTH,
    HASH_PATTERN,
    POLICY_AREAS,
    POLICY_FRONT_MATTER_KEYS,
    QUERY_MAX_LENGTH,
    QUIZ_DOM_HOOKS,
    QUIZ_MODES,
    QUIZ_PAGE_KEY,
    READ_STORAGE_KEY,
    SEARCH_GAP_FORMAT,
    SEARCH_SEPARATOR,
    browser_contract,
    short_hash,
)
from kijun.reading_notices import NOTICE_SCRIPT
from kijun.ui_text import UI_TEXT

RUNTIME = REPO_ROOT / "docs" / "assets" / "javascripts"


def schema(path: str) -> dict:
    return json.loads((REPO_ROOT / path).read_text(encoding="utf-8"))


def test_the_results_schema_says_what_the_contract_says() -> None:
    results = schema("quizzes/results.schema.json")
    top, answer = results["properties"], results["properties"]["answers"]["items"]
    assert top["format"] == {"const": EXPORT_FORMAT}
    assert top["format_version"] == {"const": EXPORT_FORMAT_VERSION}
    assert top["mode"]["enum"] == list(QUIZ_MODES)
    assert answer["properties"]["confidence"]["enum"] == [*CONFIDENCE_LEVELS, None]  # null: not asked
    # A CSV row is the submission's identity followed by one answer's fields, in the schema's order.
    identity = [column for column in CSV_COLUMNS if column in top]
    assert [*identity, *answer["required"]] == list(CSV_COLUMNS)
    assert set(identity) <= set(results["required"])


def test_quiz_definitions_use_the_contracts_modes() -> None:
    assert schema("quizzes/quiz.schema.json")["properties"]["mode"]["enum"] == list(QUIZ_MODES)


def test_every_version_and_fingerprint_pattern_is_the_contracts() -> None:
    def patterns(node: object, key: str = "") -> list[str]:
        if isinstance(node, dict):
            return [p for k, v in node.items() for p in patterns(v, k)]
        if isinstance(node, list):
            return [p for item in node for p in patterns(item)]
        return [node] if key == "pattern" and isinstance(node, str) and "0-9a-f" in node else []

    found = {
        path: patterns(schema(path))
        for path in (
            "quizzes/results.schema.json",
            "quizzes/case.schema.json",
            "kijun/schemas/policy-front-matter.schema.json",
        )
    }
    assert found == {
        "quizzes/results.schema.json": [HASH_PATTERN, HASH_PATTERN],
        "quizzes/case.schema.json": [HASH_PATTERN],
        "kijun/schemas/policy-front-matter.schema.json": [HASH_PATTERN],
    }
    assert re.fullmatch(HASH_PATTERN, short_hash("x"))
    assert len(short_hash("x")) == HASH_LENGTH
    quiz_runtime = (RUNTIME / "kijun-quiz.js").read_text(encoding="utf-8")
    assert "{12}" not in quiz_runtime  # the runtime takes the pattern from the page data
    assert "contract.versionPattern" in quiz_runtime


def test_policy_areas_agree_with_the_front_matter_schema_and_the_interface_text() -> None:
    front = schema("kijun/schemas/policy-front-matter.schema.json")
    assert front["properties"]["area"]["enum"] == list(POLICY_AREAS)
    assert set(front["properties"]) == set(POLICY_FRONT_MATTER_KEYS)
    assert sorted(key.removeprefix("area_") for key in UI_TEXT if key.startswith("area_")) == sorted(
        POLICY_AREAS
    )


def test_the_search_worker_splits_words_where_the_index_does() -> None:
    worker = (RUNTIME / "kijun-search-worker.js").read_text(encoding="utf-8")
    literal = re.search(r"var SEPARATORS = /(.+?)/g;", worker)
    assert literal is not None
    theirs, ours = re.compile(literal[1]), re.compile(SEARCH_SEPARATOR)
    characters = [chr(code) for code in [*range(0x20, 0x7F), *range(0x3000, 0x3100), *range(0xFF00, 0xFF66)]]
    differ = [
        c
        for c in [*characters, "\t", "\n", "\u2026", "\u301c"]
        if bool(theirs.fullmatch(c)) != bool(ours.fullmatch(c))
    ]
    assert differ == []


def test_the_quiz_page_and_its_runtime_share_the_dom_hooks() -> None:
    rendered = set(
        re.findall(r"data-kijun-[a-z-]+", (REPO_ROOT / "kijun" / "quiz_render.py").read_text("utf-8"))
    )
    assert rendered == set(QUIZ_DOM_HOOKS)
    runtime = (RUNTIME / "kijun-quiz.js").read_text(encoding="utf-8")
    assert [hook for hook in QUIZ_DOM_HOOKS if hook not in runtime] == []


def test_the_confirmation_form_and_the_site_script_share_the_dom_hooks_and_the_format() -> None:
    render = (REPO_ROOT / "kijun" / "confirmation_render.py").read_text("utf-8")
    assert set(re.findall(r"data-kijun-[a-z-]+", render)) == set(CONFIRM_DOM_HOOKS)
    script = (RUNTIME / "kijun.js").read_text(encoding="utf-8")
    assert [hook for hook in CONFIRM_DOM_HOOKS if hook not in script] == []
    assert "data.format" in script  # the format name travels in the form, never spelt out in the script
    assert CONFIRMATION_FORMAT not in script
    confirmation = schema("kijun/schemas/confirmation.schema.json")["properties"]
    front = schema("kijun/schemas/policy-front-matter.schema.json")["properties"]
    assert confirmation["format"]["const"] == CONFIRMATION_FORMAT
    for key in ("policy_id", "version"):
        assert confirmation[key]["pattern"] == front[key]["pattern"], key


def test_the_feedback_widget_the_site_script_and_the_reader_schemas_agree() -> None:
    render = (REPO_ROOT / "kijun" / "feedback_render.py").read_text("utf-8")
    assert set(re.findall(r"data-kijun-[a-z-]+", render)) == set(FEEDBACK_DOM_HOOKS)
    script = (RUNTIME / "kijun.js").read_text(encoding="utf-8")
    assert [hook for hook in FEEDBACK_DOM_HOOKS if hook not in script] == []
    assert (
        f'"{FEEDBACK_FORMAT}"' not in script
    )  # both formats travel in the page, never spelt out in the script
    assert f'"{SEARCH_GAP_FORMAT}"' not in script
    feedback = schema("kijun/schemas/feedback.schema.json")["properties"]
    gap = schema("kijun/schemas/search-gap.schema.json")["properties"]
    front = schema("kijun/schemas/policy-front-matter.schema.json")["properties"]
    assert feedback["format"]["const"] == FEEDBACK_FORMAT
    assert gap["format"]["const"] == SEARCH_GAP_FORMAT
    assert gap["query"]["maxLength"] == QUERY_MAX_LENGTH
    assert feedback["version"]["pattern"] == front["version"]["pattern"]


def test_the_site_script_and_the_notices_early_script_share_the_storage_keys() -> None:
    script = (RUNTIME / "kijun.js").read_text(encoding="utf-8")
    for key in (READ_STORAGE_KEY, CONFIRMED_STORAGE_KEY):
        assert f'"{key}" +' in script, key
        assert f'"{key}" +' in NOTICE_SCRIPT, key


def test_the_template_loads_the_quiz_runtime_on_pages_with_the_contracts_key() -> None:
    template = (REPO_ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    keys = set(re.findall(r"page\.meta\.(kijun_\w+)", template))
    assert keys == {QUIZ_PAGE_KEY}


def test_a_quiz_page_carries_the_whole_browser_contract(built_site: BuiltSite) -> None:
    page = built_site.page("quizzes/practice-course-content/")
    data = json.loads(BeautifulSoup(page.read_text(), "html.parser").select_one("#kijun-quiz-data").string)
    assert data["contract"] == json.loads(json.dumps(browser_contract()))
    # The runtime writes none of the shared formats itself: it reads them from the quiz data.
    runtime = (RUNTIME / "kijun-quiz.js").read_text(encoding="utf-8")
    for literal in (EXPORT_FORMAT, *CONFIDENCE_LEVELS):
        assert f'"{literal}"' not in runtime, literal
        assert f"'{literal}'" not in runtime, literal


def test_both_databases_create_the_one_collector_table() -> None:
    assert [name for name, _kind in COLLECTED_COLUMNS] == list(COLUMNS)
    assert sqlite_store.SCHEMA.startswith(create_table("seq INTEGER PRIMARY KEY AUTOINCREMENT"))
    assert postgres_store.SCHEMA.startswith(
        create_table("seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    )
    database = sqlite3.connect(":memory:")
    database.executescript(sqlite_store.SCHEMA)
    columns = [row[1] for row in database.execute("PRAGMA table_info(collected_submissions)")]
    assert columns == ["seq", *COLUMNS]


def test_the_core_never_imports_mkdocs() -> None:
    """`kijun` is the generator-independent core: only the hooks adapt it to MkDocs (anywhere in a module, not only
    at its top)."""
    offenders = [
        f"{module.relative_to(REPO_ROOT)}: {name}"
        for module, name in core_imports()
        if name.split(".")[0] in {"mkdocs", "material"}
    ]
    assert offenders == []
    assert ("kijun.pages", "handbook.py") in {(name, module.name) for module, name in core_imports()}
