"""Translation tracking in a real git repository, banners in the built site, and the scaffolding commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from repo_factory import copy_site, new_article_command

from kijun.cli import main
from kijun.library import load_library
from kijun.pages import scan_pages
from kijun.translation import MISSING, STALE, TRANSLATED, case_statuses, compare, page_statuses

ARTICLE = PurePosixPath("policies/review-manipulation.md")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the site in its own git repository, every translation marked up to date and committed."""
    root = copy_site(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "author@example.com")
    git(root, "config", "user.name", "Author")
    assert main(["translations", "--root", str(root), "--sync-all", "--sync-all-cases"]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Starter content, translations in sync")
    return root


def status_of(root: Path, path: PurePosixPath = ARTICLE):
    return next(s for s in page_statuses(scan_pages(root / "docs")) if s.path == path)


def soup_of(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def built_page(root: Path, tmp_path: Path, url: str) -> BeautifulSoup:
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return BeautifulSoup((tmp_path / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow  # builds its own site
def test_editing_english_makes_the_japanese_stale_until_resynced(repo: Path, tmp_path: Path, capsys) -> None:
    assert status_of(repo).state == TRANSLATED
    assert main(["translations", "--root", str(repo), "--check"]) == 0

    english = repo / "docs" / "en" / ARTICLE
    text = english.read_text(encoding="utf-8")
    english.write_text(
        text.replace(
            "## Severe violations", "A reward for an *edited* review counts too.\n\n## Severe violations", 1
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "Clarify edited reviews")

    status = status_of(repo)
    assert status.state == STALE
    assert status.changes is not None
    assert status.changes.added >= 1
    before = text[: text.index("## Severe violations")]
    last_heading = [line[4:].split(" {#")[0] for line in before.splitlines() if line.startswith("### ")][-1]
    assert status.changes.sections == (last_heading,)  # the section the sentence was added to
    capsys.readouterr()
    assert main(["translations", "--root", str(repo), "--check"]) == 1
    out = capsys.readouterr().out
    assert f"stale      {ARTICLE}" in out
    assert "lines in:" in out

    page = built_page(repo, tmp_path, "ja/policies/review-manipulation")
    banner = page.select_one('[data-kijun-translation="stale"]')
    assert banner is not None
    assert "英語版は" in banner.get_text()
    assert banner.select_one("a[hreflang=en]")["href"] == "../../../policies/review-manipulation/"
    english_page = BeautifulSoup(
        (tmp_path / "site" / "policies" / "review-manipulation" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert english_page.select_one("[data-kijun-translation]") is None

    assert (
        main(["translations", "--root", str(repo), "--sync", "docs/ja/policies/review-manipulation.md"]) == 0
    )
    assert status_of(repo).state == TRANSLATED
    assert main(["translations", "--root", str(repo), "--check"]) == 0
    page = built_page(repo, tmp_path / "again", "ja/policies/review-manipulation")
    assert page.select_one("[data-kijun-translation]") is None


@pytest.mark.slow  # builds its own site
def test_a_missing_japanese_page_is_reported_and_shown_in_english(repo: Path, tmp_path: Path, capsys) -> None:
    (repo / "docs" / "ja" / "guides" / "escalation.md").unlink()
    assert status_of(repo, PurePosixPath("guides/escalation.md")).state == MISSING
    capsys.readouterr()
    assert main(["translations", "--root", str(repo), "--check"]) == 1
    assert "missing    guides/escalation.md" in capsys.readouterr().out
    page = built_page(repo, tmp_path, "ja/guides/escalation")
    assert page.select_one('[data-kijun-translation="fallback"]') is not None
    status_page = built_page(repo, tmp_path / "status", "ja/translation-status")
    assert "未翻訳（英語版を表示）" in status_page.get_text()


@pytest.mark.slow  # builds its own site
def test_a_policy_article_written_in_english_first_is_served_in_english_with_its_cases(
    repo: Path, tmp_path: Path, capsys
) -> None:
    """The cases' Japanese anchors point at headings of the missing Japanese article; on /ja/ the English
    article is served, so its anchors apply (the strict build used to fail here)."""
    (repo / "docs" / "ja" / "policies" / "copyright.md").unlink()
    capsys.readouterr()
    assert main(["translations", "--root", str(repo), "--check"]) == 1
    assert "missing    policies/copyright.md" in capsys.readouterr().out
    page = built_page(repo, tmp_path, "ja/policies/copyright")  # strict
    assert page.select_one('[data-kijun-translation="fallback"]') is not None
    assert page.select_one(".kijun-case__scenario") is not None  # the article's worked example
    quiz = (tmp_path / "site" / "ja" / "quizzes" / "practice-course-content" / "index.html").read_text(
        "utf-8"
    )
    linked = set(re.findall(r"policies/copyright/#([^\"\\&]+)", quiz))  # links in the page and its data
    assert linked
    assert linked <= {element["id"] for element in page.select("[id]")}, linked


def test_changed_case_english_is_stale(repo: Path) -> None:
    file = repo / "quizzes" / "cases" / "review-manipulation.yml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("unlocks a bonus PDF", "unlocks a bonus ZIP"),
        encoding="utf-8",
    )
    statuses = {s.case_id: s.state for s in case_statuses(load_library(repo).cases.values())}
    assert statuses["REV-001"] == STALE
    assert statuses["REV-002"] == TRANSLATED
    assert main(["translations", "--root", str(repo), "--sync-case", "REV-001"]) == 0
    assert {s.case_id: s.state for s in case_statuses(load_library(repo).cases.values())}[
        "REV-001"
    ] == TRANSLATED


def test_compare_names_changed_sections() -> None:
    old = "# T\n\n## A\n\none\n\n## B\n\ntwo\n"
    new = "# T\n\n## A\n\none\n\n## B\n\ntwo, changed\n\n## C\n\nnew\n"
    summary = compare(old, new)
    assert summary.sections == ("B", "C")
    assert (summary.added, summary.removed) == (5, 1)


@pytest.mark.slow  # builds its own site twice
def test_scaffolds_write_drafts_previewed_and_never_published(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    args = new_article_command(root)
    assert main([*args, "--title", "en=Live sessions", "--title", "ja=ライブ配信"]) == 0
    assert main(["new-case", "live-sessions", "--root", str(root)]) == 0
    assert main(["new-case", "live-sessions", "--root", str(root)]) == 0
    assert "Added LIV-002" in capsys.readouterr().out
    assert main(["check", "--root", str(root)]) == 0  # a draft may keep the template's text
    assert "- policies/live-sessions.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    # Published: nowhere, not even as a link, a search entry, an index row or a quiz case.
    site = tmp_path / "site"
    result = build_site(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert not (site / "policies" / "live-sessions").exists()
    assert not (site / "ja" / "policies" / "live-sessions").exists()
    for file in [*site.rglob("*.html"), *site.rglob("*.json"), *site.rglob("*.xml"), *site.rglob("*.csv")]:
        text = file.read_text(encoding="utf-8", errors="replace")
        assert [word for word in ("live-sessions", "POL-LIV", "LIV-00") if word in text] == [], file
    # Previewed (what `mkdocs serve` renders): the page, with the Draft banner in its language.
    preview = tmp_path / "preview"
    subprocess.run(
        [sys.executable, "-c", PREVIEW_BUILD, str(root / "mkdocs.yml"), str(preview)],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    for prefix, banner in (("", "Draft"), ("ja/", "下書き")):
        page = soup_of(preview / prefix / "policies/live-sessions/index.html")
        assert page.select_one(".kijun-draft .admonition-title").get_text() == banner
    # Publishing without finishing: every line of template text named, with file and line.
    for language in ("en", "ja"):
        article = root / "docs" / language / "policies" / "live-sessions.md"
        article.write_text(
            article.read_text(encoding="utf-8").replace("draft: true\n", "", 1), encoding="utf-8"
        )
    cases = root / "quizzes" / "cases" / "live-sessions.yml"
    cases.write_text(re.sub(r"(?m)^    draft: true.*\n", "", cases.read_text(encoding="utf-8"), count=1))
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    template = (
        (root / "docs" / "en" / "policies" / "live-sessions.md").read_text(encoding="utf-8").splitlines()
    )
    purpose = next(n for n, line in enumerate(template, start=1) if line.startswith("Why the rule exists"))
    assert f"docs/en/policies/live-sessions.md:{purpose}: template text left in a published source" in err
    assert "docs/ja/policies/live-sessions.md:" in err
    assert "quizzes/cases/live-sessions.yml:" in err
    assert "matrix/policies/live-sessions.yml:" in err


PREVIEW_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts
build(config, serve_url="http://127.0.0.1:8000/")
"""


def test_scaffolding_refuses_bad_input_and_writes_nothing(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    base = ["new-article", "x", "--root", str(root), "--title", "en=X", "--title", "ja=X"]
    assert main([*base, "--id", "POL-REV", "--area", "course-content"]) == 1
    assert "already used" in capsys.readouterr().err
    assert main([*base, "--id", "POL-XXX", "--area", "nowhere"]) == 1
    assert main(["new-case", "no-such-policy", "--root", str(root)]) == 1
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert not (root / "docs" / "en" / "policies" / "x.md").exists()
