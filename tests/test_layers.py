"""Where knowledge lives: the model reads the files its loaders declare, rendering and page rules are the core's,
and hooks reach the core through one helper."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path, PurePosixPath

from conftest import REPO_ROOT

from kijun.build import PageContext, site_for
from kijun.markers import READS_OTHER_PAGES

HOOKS = REPO_ROOT / "hooks"


def calls(module: Path) -> list[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    ]


def test_the_handbook_compares_the_files_its_loaders_declare() -> None:
    """No glob of its own: each part's files come from its loader's SOURCES, so a loader that starts reading a new
    file cannot leave the cache comparing an older list."""
    found = calls(REPO_ROOT / "kijun" / "handbook.py")
    assert "glob" not in found
    assert "rglob" not in found
    text = (REPO_ROOT / "kijun" / "handbook.py").read_text(encoding="utf-8")
    for name in ("GLOSSARY_SOURCES", "POLICY_SOURCES", "LIBRARY_SOURCES", "MATRIX_SOURCES", "PAGE_SOURCES"):
        assert name in text, name


def test_the_model_renders_no_quiz() -> None:
    imported = {
        node.module
        for node in ast.walk(ast.parse((REPO_ROOT / "kijun" / "handbook.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
    }
    assert "kijun.quiz_render" not in imported


def test_hooks_reach_the_build_through_one_helper() -> None:
    """Every hook asks `_site` for the site build and the language: none finds the repository or the language
    itself, or turns a source error into MkDocs' error by hand."""
    offenders = []
    for module in sorted(HOOKS.glob("*.py")):
        if module.name == "_site.py":
            continue
        text = module.read_text(encoding="utf-8")
        for needle in (
            "handbook_for",
            "config_file_path",
            ".current_language",
            "except SourceValidationError",
        ):
            if needle in text:
                offenders.append(f"{module.name}: {needle}")
    assert offenders == []


def test_every_marker_that_reads_other_pages_is_in_the_registry() -> None:
    page = PageContext("guides/x/", PurePosixPath("guides/x.md"), "en", "en")
    registry = site_for(REPO_ROOT).expanders(page)
    assert set(registry) >= READS_OTHER_PAGES


def test_the_collector_never_imports_the_report() -> None:
    """Both read answers by the one rulebook (kijun.answers); neither decides validity on its own."""
    offenders = []
    for module in sorted((REPO_ROOT / "kijun" / "collect").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kijun.report"):
                offenders.append(f"{module.name}: {node.module}")
    assert offenders == []


def test_every_case_field_is_classified_once_for_the_quiz_version_and_the_translation() -> None:
    """A new case field must be declared a question field, a translated field, or neither: the quiz version and the
    translation fingerprint are derived from those declarations, so a field cannot silently escape them."""
    from dataclasses import fields

    from kijun.cases import OTHER_FIELDS, QUESTION_FIELDS, TRANSLATED_FIELDS, Case

    declared = set(QUESTION_FIELDS) | set(TRANSLATED_FIELDS)
    assert not declared & set(OTHER_FIELDS)
    assert {field.name for field in fields(Case)} == declared | set(OTHER_FIELDS)


def test_the_quiz_version_and_the_fingerprint_follow_the_declared_fields() -> None:
    from dataclasses import replace

    from kijun.cases import QUESTION_FIELDS, TRANSLATED_FIELDS, Clause
    from kijun.handbook import handbook_for
    from kijun.languages import Localized
    from kijun.quizzes import quiz_version
    from kijun.translation import case_fingerprint

    library = handbook_for(REPO_ROOT).library
    case = next(c for c in library.cases.values() if c.clauses)
    changed = {
        "scenario": Localized({**case.scenario, "en": case.scenario["en"] + " More."}),
        "rationale": Localized({**case.rationale, "en": case.rationale["en"] + " More."}),
        "options": (*case.options, "escalate") if "escalate" not in case.options else case.options[:-1],
        "clauses": (
            *case.clauses[:-1],
            Clause("other", Localized({"en": "Other", "ja": "その他"}), case.clauses[-1].anchor),
        ),
        "decision": case.options[0] if case.decision != case.options[0] else case.options[1],
    }
    data = {"id": "q", "mode": "practice"}

    def version(c: object) -> str:
        return quiz_version(data, (case.id,), {case.id: c})  # type: ignore[dict-item]

    for name, value in changed.items():
        other = replace(case, **{name: value})
        assert (version(other) != version(case)) == (name in QUESTION_FIELDS), name
        assert (case_fingerprint(other) != case_fingerprint(case)) == (name in TRANSLATED_FIELDS), name


def test_no_core_path_bypasses_the_handbook() -> None:
    """The loaders the Handbook holds are called by the Handbook alone: a command or scaffold that loads a source
    itself reads it again, uncached, and may see it differently (unchecked, or without the registry's languages)."""
    loaders = {"load_matrix", "load_glossary", "load_library", "load_histories", "check_policy_articles"}
    callers = sorted(
        f"{module.relative_to(REPO_ROOT).as_posix()}: {node.func.id}"
        for module in (REPO_ROOT / "kijun").rglob("*.py")
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in loaders
    )
    assert callers == [f"kijun/handbook.py: {name}" for name in sorted(loaders)]


def test_docs_is_scanned_in_one_place() -> None:
    """Every reader of pages goes through the pages model (kijun/pages.py): one walk of docs/ per build. The
    other walkers read other folders: the report's answer folder and the preview's output."""
    walkers = sorted(
        module.relative_to(REPO_ROOT).as_posix()
        for module in (REPO_ROOT / "kijun").rglob("*.py")
        if "rglob" in calls(module)
    )
    assert walkers == ["kijun/pages.py", "kijun/preview.py", "kijun/report/inputs.py"]


def test_core_modules_and_functions_stay_small() -> None:
    """A module over 400 lines or a function over 80 has more than one job: split it where it grows."""
    too_long = []
    for module in sorted((REPO_ROOT / "kijun").rglob("*.py")):
        text = module.read_text(encoding="utf-8")
        name = module.relative_to(REPO_ROOT).as_posix()
        if text.count("\n") > 400:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    too_long.append(f"{name}: {node.name} has {length} lines")
    assert too_long == []


def layout_rows() -> list[str]:
    """The first column of the README's "Repository layout" table."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Repository layout", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]


def test_the_readme_layout_table_matches_the_tree() -> None:
    """Every folder a newcomer meets (top level and the core's packages) has a row, and every row exists."""
    named = {
        path.strip("`").rstrip("/")
        for row in layout_rows()
        for path in (part.strip() for part in row.split(","))
        if path.startswith("`")
    }
    missing = [path for path in named if not (REPO_ROOT / path).exists()]
    assert missing == []
    tracked_files = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    tracked = {
        "/".join(parts[:depth])
        for parts in (file.split("/") for file in tracked_files)
        for depth in (1, 2)
        if len(parts) > depth
        and (depth == 1 or parts[0] == "kijun")
        and not parts[depth - 1].startswith((".", "_"))
    }
    described = {
        path.split("/")[0] if path.count("/") == 1 and path.startswith("docs/") else path for path in named
    }
    assert sorted(tracked - described) == []
