"""A third language is configuration only: added to mkdocs.yml with no pages or translations, it builds strictly
and its readers get the English text."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kijun.cli import main
from kijun.collect.reader_store import Feedback, SearchGap
from kijun.gaps import MIN_BROWSERS, gaps_summary
from kijun.gaps_render import GAPS_PAGE_ID, gaps_page
from kijun.languages import registry
from kijun.schema import load_schema
from kijun.ui_text import missing_texts
from tests.conftest import build_site
from tests.repo_factory import copy_site, new_article_command

REPO = Path(__file__).resolve().parent.parent
KOREAN = "        - locale: ko\n          name: 한국어\n          build: true\n"


def add_korean(root: Path) -> Path:
    """Copy the site and add Korean to the i18n languages (nothing else: no pages, no translations)."""
    copy_site(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "        - locale: ja\n"
    config.write_text(text.replace(anchor, KOREAN + anchor, 1), encoding="utf-8")
    return root


def test_the_registry_reads_the_languages_from_mkdocs_yml(tmp_path: Path) -> None:
    languages = registry(add_korean(tmp_path))
    assert languages.source.code == "en"
    assert languages.target_codes == ("ko", "ja")
    assert languages["ko"].name == "한국어"


def test_kijun_check_passes_with_a_language_that_has_no_content(tmp_path: Path) -> None:
    assert main(["check", "--root", str(add_korean(tmp_path))]) == 0


def test_schemas_allow_the_new_language_without_requiring_it(tmp_path: Path) -> None:
    root = add_korean(tmp_path)
    clause = load_schema(root / "quizzes" / "case.schema.json")["$defs"]["clause"]
    assert "ko" in clause["properties"]
    assert "ko" not in clause["required"]
    results = load_schema(root / "quizzes" / "results.schema.json")
    assert results["properties"]["language"]["enum"] == ["en", "ko", "ja"]


@pytest.mark.slow
def test_a_third_language_builds_strictly_and_falls_back_to_english(tmp_path: Path) -> None:
    root = add_korean(tmp_path / "repo")
    site = tmp_path / "site"
    result = build_site(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    policy = (site / "ko" / "policies" / "review-manipulation" / "index.html").read_text(encoding="utf-8")
    english = (site / "policies" / "review-manipulation" / "index.html").read_text(encoding="utf-8")
    title = english.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert title in policy  # the English article, served under ko/
    glossary = (site / "ko" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "Account suspension" in glossary  # the English term, served under ko/ until it is translated
    assert (site / "ko" / "quizzes" / "index.html").is_file()
    index = json.loads((site / "ko" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]


def _language_objects(schema: object) -> list[dict]:
    """Every object schema in ``schema`` whose properties name the source language."""
    found = []
    if isinstance(schema, dict):
        if "en" in (schema.get("properties") or {}):
            found.append(schema)
        found += [item for value in schema.values() for item in _language_objects(value)]
    elif isinstance(schema, list):
        found += [item for value in schema for item in _language_objects(value)]
    return found


@pytest.mark.parametrize(
    "name", ["glossary/terms.schema.json", "quizzes/case.schema.json", "quizzes/actions.schema.json"]
)
def test_schema_language_keys_match_the_registry(name: str) -> None:
    root = Path(__file__).resolve().parent.parent
    codes = set(registry(root).codes)
    raw = json.loads((root / name).read_text(encoding="utf-8"))
    objects = _language_objects(raw)
    assert objects
    for item in objects:
        assert "en" in item.get("required", []), name
    for item in _language_objects(load_schema(root / name)):
        assert codes <= set(item["properties"]), name


def test_translation_status_covers_every_target_language(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = add_korean(tmp_path)
    assert main(["translations", "--root", str(root), "--language", "ja", "--check"]) == 0
    capsys.readouterr()
    assert main(["translations", "--root", str(root), "--check"]) == 1  # Korean has no page yet
    lines = {" ".join(line.split()) for line in capsys.readouterr().out.splitlines()}
    assert "ko missing policies/review-manipulation.md the ko site shows the source-language page" in lines
    assert "ja translated policies/review-manipulation.md" in lines
    assert main(["translations", "--root", str(root), "--language", "fr"]) == 2


def test_the_article_scaffold_takes_a_title_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = add_korean(tmp_path)
    base = new_article_command(root)
    assert main([*base, "--title", "ko=라이브 방송"]) == 1  # English is the source: its title is required
    assert "source language (en)" in capsys.readouterr().err
    assert main([*base, "--title", "en=Live sessions", "--title", "ko=라이브 방송"]) == 1
    assert "no article template for ko" in capsys.readouterr().err
    assert main([*base, "--title", "en=Live sessions", "--title", "fr=Sessions"]) == 1
    assert "unknown language fr" in capsys.readouterr().err
    assert not list(root.glob("docs/*/policies/live-sessions.md"))
    # English and Japanese now, Korean later: Korean readers get the English page meanwhile.
    assert main([*base, "--title", "en=Live sessions", "--title", "ja=ライブ配信"]) == 0
    assert sorted(p.parent.parent.name for p in root.glob("docs/*/policies/live-sessions.md")) == ["en", "ja"]
    assert main(["check", "--root", str(root)]) == 0


def text_tables() -> dict[str, dict[str, dict[str, str]]]:
    """Every per-language text table of the core (a module-level ``*_TEXT`` dict), found by reading the code, so a
    table added later is held to the rules below without being listed here."""
    tables = {}
    for module in sorted((REPO / "kijun").rglob("*.py")):
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.endswith("_TEXT"):
                    name = ".".join(module.relative_to(REPO).with_suffix("").parts)
                    tables[f"{name}.{target.id}"] = getattr(importlib.import_module(name), target.id)
    return tables


def test_every_text_table_is_found_and_complete() -> None:
    """Each table has every key in the source language and in every language it has begun (a language it has not
    begun falls back): the gaps report's and the matrix's tables as well as the interface's and the report's."""
    tables = text_tables()
    assert {"UI_TEXT", "REPORT_TEXT", "MATRIX_TEXT", "GAPS_TEXT"} <= {
        name.rsplit(".", 1)[1] for name in tables
    }
    assert {name: missing_texts(table) for name, table in tables.items() if missing_texts(table)} == {}


def add_gaps_report(root: Path) -> None:
    """The search-gaps report page in every language, as ``kijun gaps --pages`` writes it, with one unanswered
    query and one unclear page, so its tables and their headers are on the built site."""
    searches = [
        SearchGap(f"gap-{n}", "2026-12-07T09:00:00Z", "en", "coupon", 0, f"b{n}") for n in range(MIN_BROWSERS)
    ]
    votes = [
        Feedback(
            "v1", "2026-12-07T09:00:00Z", "policies/copyright/", "1.4", "en", "unclear", None, None, "b1"
        )
    ]
    summary = gaps_summary(searches, votes, {}, "en")
    for code in registry(root).codes:
        page = root / "docs" / code / "reports" / f"{GAPS_PAGE_ID}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(gaps_page(summary, {}, code, dt.date(2026, 12, 7)), encoding="utf-8")


def interface_texts(page: BeautifulSoup) -> dict[str, list[str]]:
    """The interface text Kijun adds to a page, by kind; a kind the page does not have is left out."""
    meta = page.select_one(".kijun-policy-meta")
    kinds = {
        "policy metadata": [term.get_text() for term in page.select(".kijun-policy-meta dt")]
        + ([meta["aria-label"]] if meta else []),
        "hand-offs": [strong.get_text() for strong in page.select(".kijun-hand-offs strong")],
        "matrix headers": [
            th.get_text() for th in page.select(".kijun-matrix-rules th, .kijun-matrix-ladder th")
        ],
        "ladder records": [
            cells[3].get_text()
            for row in page.select(".kijun-matrix-ladder tbody tr")
            if len(cells := row.select("td")) > 3
        ],
        "translation banner": [b.get_text(" ", strip=True) for b in page.select(".kijun-translation-banner")],
        "search box": [box["aria-label"] for box in page.select(".md-search[aria-label]")],
        "gaps report": [th.get_text() for th in page.select(".kijun-gaps th")],
    }
    if config := page.select_one("#__config"):
        settings = json.loads(config.string)
        kinds["page settings"] = [settings["kijun_table"], settings["kijun_search"]["empty"]]
    return {kind: texts for kind, texts in kinds.items() if texts}


@pytest.mark.slow  # builds its own site
def test_a_third_language_with_its_strings_shows_no_english_interface_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a language is configuration plus strings: with Korean strings added to every text table (marked here
    so they can be told apart), every piece of interface Kijun adds to any Korean page is Korean, on pages that are
    themselves still served in English."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mark = "한:"
    for table in text_tables().values():
        for texts in table.values():
            monkeypatch.setitem(texts, "ko", mark + texts["en"])
    root = add_korean(tmp_path / "repo")
    add_gaps_report(root)
    monkeypatch.delenv("KIJUN_SITE_URL", raising=False)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    english, found = [], set()
    for file in sorted((tmp_path / "site" / "ko").rglob("*.html")):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for kind, texts in interface_texts(page).items():
            found.add(kind)
            english += [
                f"{file.relative_to(tmp_path)}: {kind}: {text}" for text in texts if not text.startswith(mark)
            ]
    kinds = ("policy metadata", "hand-offs", "matrix headers", "ladder records", "translation banner")
    kinds += ("search box", "gaps report", "page settings")
    assert found == set(kinds)  # each kind is on some page: a renamed class cannot empty the check
    assert english == []
