"""What changed, as a diff: versions from git history, the text compared word by word (English) or character by
character (Japanese), rule-level matrix changes, the diff pages and every link to them."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, BuiltSite, build_site
from repo_factory import copy_site

from kijun.build import diff_context
from kijun.frontmatter import parse_markdown
from kijun.handbook import Handbook
from kijun.matrix.changes import rule_changes
from kijun.matrix.model import parse_policy_matrix
from kijun.pages import scan_pages
from kijun.text_diff import DELETE, INSERT, compare, inline, tokens
from kijun.versions import ArticleHistory, ArticleVersion, load_histories
from kijun.versions_render import DiffContext, changes_page, fill_changes, link_change_log

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://kijun.example.com/"


def changed(pieces: tuple[tuple[str, str], ...], kind: str) -> list[str]:
    return [text for piece_kind, text in pieces if piece_kind == kind]


def test_english_is_compared_word_by_word() -> None:
    pieces = inline(
        "The target is seven days after the answer.", "The target is ten days after the answer.", "en"
    )
    assert changed(pieces, DELETE) == ["seven"]
    assert changed(pieces, INSERT) == ["ten"]
    assert (
        "".join(text for kind, text in pieces if kind != INSERT)
        == "The target is seven days after the answer."
    )


def test_japanese_is_compared_by_character_and_an_ascii_run_stays_whole() -> None:
    assert tokens("規則IPR2の10日", "ja") == ["規", "則", "IPR2", "の", "10", "日"]
    pieces = inline("誠実な講師がIPR-BULKを守る", "まじめな講師がIPR-COPYを守る", "ja")
    assert changed(pieces, DELETE) == ["誠実", "BULK"]
    assert changed(pieces, INSERT) == ["まじめ", "COPY"]


BEFORE = """\
## Purpose {#purpose}

First paragraph, unchanged.

Second paragraph, which moves
to the end.

Third paragraph, removed.

## Scope {#scope}

- An item with a
  continuation line.
"""

AFTER = """\
## Purpose {#purpose}

First paragraph, unchanged.

A new paragraph.

## Scope {#scope}

- An item with a
  continuation line.

Second paragraph, which moves to the end.
"""


def test_units_that_moved_were_added_or_removed_are_shown_whole_and_unchanged_ones_are_left_out() -> None:
    sections = compare(BEFORE, AFTER, "en")
    shown = {
        section.section: [(change.pieces[0][0], change.pieces[0][1]) for change in section.changes]
        for section in sections
    }
    assert shown == {
        "purpose": [
            (DELETE, "Second paragraph, which moves to the end."),  # wrapped lines joined by a space
            (DELETE, "Third paragraph, removed."),
            (INSERT, "A new paragraph."),
        ],
        "scope": [(INSERT, "Second paragraph, which moves to the end.")],
    }
    assert [section.heading for section in sections] == ["Purpose", "Scope"]


def test_wrapped_japanese_lines_join_without_a_space() -> None:
    [section] = compare(
        "## 目的 {#purpose}\n\n古い文です。\n", "## 目的 {#purpose}\n\n新しい\n文です。\n", "ja"
    )
    [change] = section.changes
    assert "".join(text for kind, text in change.pieces if kind != DELETE) == "新しい文です。"


def _history(old_body: str, new_body: str, language: str = "en") -> ArticleHistory:
    def version(number: str, body: str, commit: str | None) -> ArticleVersion:
        text = f'---\ntitle: Spam\nversion: "{number}"\n---\n\n# Spam\n\n{body}'
        return ArticleVersion(number, parse_markdown(Path("spam.md"), text), None, commit)

    return ArticleHistory(language, "spam", (version("1.0", old_body, "abc"), version("1.1", new_body, None)))


def _context(language: str = "en") -> DiffContext:
    return diff_context(Handbook(REPO_ROOT), language)


def test_html_and_placeholders_in_a_source_are_shown_as_text() -> None:
    old = "## Purpose {#purpose}\n\nPlain text.\n"
    new = '## Purpose {#purpose}\n\n<script>alert(1)</script> and {{NO-SUCH.rule}} <b onclick="x">bold</b>.\n'
    page = changes_page(_history(old, new), "Spam <b>", {}, _context())
    body = BeautifulSoup(page.bodies["v1-1"], "html.parser")
    assert not body.find("script")
    assert not body.find("b")
    inserted = body.select_one("ins").get_text()
    assert "<script>alert(1)</script>" in inserted
    assert "{{NO-SUCH.rule}}" in inserted
    assert "{{" not in page.bodies["v1-1"]  # the build's number filling never sees it
    assert (
        "<b>" not in page.markdown.split("---", 2)[2]
    )  # the title reaches the theme through the front matter
    filled = fill_changes("<h2 id='v1-1'>Version 1.1</h2>\n<!-- kijun-diff:v1-1 -->", page)
    assert "kijun-diff:" not in filled
    assert "kijun-sr-only" in filled


def test_insertions_and_deletions_carry_hidden_words_for_screen_readers() -> None:
    page = changes_page(
        _history("## Purpose {#purpose}\n\nOld words.\n", "## Purpose {#purpose}\n\nNew words.\n", "ja"),
        "スパム",
        {},
        _context("ja"),
    )
    body = BeautifulSoup(page.bodies["v1-1"], "html.parser")
    assert body.select_one("ins .kijun-sr-only").get_text().strip() == "追加："
    assert body.select_one("del .kijun-sr-only").get_text().strip() == "削除："


def _matrix(text: str):
    found = parse_policy_matrix(REPO_ROOT, REPO_ROOT / "matrix/policies/copyright.yml", text)
    assert found is not None
    return found


def test_rule_level_changes_are_worded_with_the_rule_labels() -> None:
    text = (REPO_ROOT / "matrix/policies/copyright.yml").read_text(encoding="utf-8")
    current = _matrix(text)
    first, second, *_rest = current.rules
    assert first.step is not None
    assert first.thresholds
    threshold = first.thresholds[0]
    bound = "at_most" if threshold.at_most is not None else "at_least"
    value = threshold.at_most if threshold.at_most is not None else threshold.at_least
    edited = text.replace(
        f"  - id: {first.id}\n    topic: {first.topic}\n    step: {first.step}\n"
        f"    thresholds: {{{threshold.quantity}: {{{bound}: {value}}}}}",
        f"  - id: {first.id}\n    topic: {first.topic}\n    step: {first.step + 1}\n"
        f"    thresholds: {{{threshold.quantity}: {{{bound}: {value + 5}}}}}",
    )
    assert edited != text
    older = _matrix(edited.replace(f"id: {second.id}\n", "id: IPR-OLD-RULE\n"))
    sentences = rule_changes(older, current, _context().wording)
    label = first.label["en"].split("{")[0][:20]
    outcome = [s for s in sentences if "→" in s and label in s and "Threshold" not in s]
    assert len(outcome) == 1
    assert f"Step {first.step + 1}:" in outcome[0]
    assert f"Step {first.step}:" in outcome[0]
    assert any(s.startswith("Threshold of") and str(value + 5) in s and str(value) in s for s in sentences)
    assert any(s.startswith("New rule") and second.id in s for s in sentences)
    assert any(s.startswith("Rule removed") and "IPR-OLD-RULE" in s for s in sentences)
    assert rule_changes(current, current, _context().wording) == []


def test_without_git_there_is_no_history_and_no_error(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    assert load_histories(root, scan_pages(root / "docs")) == {}


def test_an_old_matrix_that_no_longer_fits_the_schema_is_left_out() -> None:
    file = REPO_ROOT / "matrix/policies/copyright.yml"
    assert parse_policy_matrix(REPO_ROOT, file, "rules: [{id: 3}]\n") is None
    assert parse_policy_matrix(REPO_ROOT, file, "rules: [\n") is None


def _history_repo(root: Path) -> Path:
    """A copy of the site with copyright.md at 1.4 (the starter), 1.5 over two commits, then 1.6."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    copy_site(root)
    article = root / "docs" / "en" / "policies" / "copyright.md"
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Starter")
    for version, old, new in [
        ("1.5", "honest instructors", "careful instructors"),
        ("1.5", "careful instructors", "diligent instructors"),  # committed after the bump: still 1.5
        ("1.6", "diligent instructors", "fair instructors"),
    ]:
        text = article.read_text(encoding="utf-8").replace(old, new)
        text = re.sub(r'^version: "[0-9.]+"$', f'version: "{version}"', text, count=1, flags=re.MULTILINE)
        article.write_text(text, encoding="utf-8")
        _git(root, "commit", "-q", "-am", f"Copyright {version}")
    return root


def test_a_version_is_its_last_commit_and_a_shallow_clone_has_no_history(tmp_path: Path) -> None:
    root = _history_repo(tmp_path / "repo")
    histories = load_histories(root, scan_pages(root / "docs"))
    assert list(histories) == [("en", "copyright")]
    versions = histories["en", "copyright"].versions
    assert [v.version for v in versions] == ["1.4", "1.5", "1.6"]
    assert "diligent instructors" in versions[1].source.body
    assert [v.commit is None for v in versions] == [False, False, True]
    assert histories["en", "copyright"].diffed == {"1.5", "1.6"}
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    assert load_histories(shallow, scan_pages(shallow / "docs")) == {}
    deeper = tmp_path / "deeper"
    _git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(deeper))
    [partial] = load_histories(deeper, scan_pages(deeper / "docs")).values()
    assert [v.version for v in partial.versions] == ["1.5", "1.6"]  # what the clone holds, no error


def test_a_merged_branch_counts_as_one_change_at_its_merge_and_versions_stay_in_order(tmp_path: Path) -> None:
    """A side branch's edit, made while the article was still 1.4 and merged after main moved to 1.5, belongs to
    1.5 as the published branch saw it; 1.4 stays the text that was published as 1.4."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = copy_site(tmp_path / "repo")
    article = root / "docs" / "en" / "policies" / "copyright.md"

    def edit(old: str, new: str, message: str) -> None:
        article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        _git(root, "commit", "-q", "-am", message)

    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Starter")
    _git(root, "checkout", "-q", "-b", "side")
    edit("honest instructors", "steady instructors", "Side: wording, still 1.4")
    _git(root, "checkout", "-q", "main")
    edit('version: "1.4"', 'version: "1.5"', "Main: 1.5")
    _git(root, "merge", "-q", "--no-edit", "side")
    edit('version: "1.5"', 'version: "1.6"', "Main: 1.6")
    versions = load_histories(root, scan_pages(root / "docs"))["en", "copyright"].versions
    assert [v.version for v in versions] == ["1.4", "1.5", "1.6"]
    assert "honest instructors" in versions[0].source.body
    assert "steady instructors" in versions[1].source.body


def test_the_version_cells_of_a_change_log_link_to_their_sections() -> None:
    page = (
        '<h2 id="change-log">Change log</h2>\n<table>\n<tbody>\n<tr>\n<td>1.1</td>\n<td>2026-12-01</td>\n</tr>\n'
        "<tr>\n<td>1.0</td>\n<td>2026-04-01</td>\n</tr>\n</tbody>\n</table>"
    )
    linked = BeautifulSoup(link_change_log(page, frozenset({"1.1"})), "html.parser")
    assert [a["href"] for a in linked.select("td a")] == ["changes/#v1-1"]


def _resolves(page: Path, href: str) -> bool:
    """Whether a relative link on ``page`` (an index.html) reaches a page with the anchor it names."""
    path, _, anchor = href.partition("#")
    target = (page.parent / path / "index.html").resolve() if path else page
    return target.is_file() and (not anchor or anchor in _ids(target))


@functools.cache
def _ids(page: Path) -> frozenset[str]:
    """The ids in a built page (read once: many links lead to the same diff page)."""
    return frozenset(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("ja/", "ja")])
def test_every_article_with_history_has_a_diff_page_and_every_link_to_it_resolves(
    built_site: BuiltSite, prefix: str, language: str
) -> None:
    """Read with regular expressions, not parsed: 32 large pages per language made this the slowest fast test."""
    histories = {
        article: h for (code, article), h in Handbook(REPO_ROOT).histories.items() if code == language
    }
    assert histories, "the starter repository's own history has earlier versions"
    for article, history in histories.items():
        diff = built_site.page(f"{prefix}policies/{article}/changes/")
        assert {f"v{v.replace('.', '-')}" for v in history.diffed} <= _ids(diff)
        page = built_site.page(f"{prefix}policies/{article}/")
        text = page.read_text(encoding="utf-8")
        meta = text.split('class="kijun-policy-meta"', 1)[1].split("</dl>", 1)[0]
        assert '<a href="changes/">' in meta
        log = text.split('id="change-log"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r'<td><a href="(changes/#v[0-9-]+)">([0-9.]+)</a></td>', log)
        assert {version for _href, version in rows} == set(history.diffed)
        assert all(_resolves(page, href) for href, _version in [("changes/", ""), *rows])
    without = [p.path.stem for p in scan_pages(REPO_ROOT / "docs").under(language, "policies")]
    for article in set(without) - set(histories) - {"index"}:
        text = built_site.page(f"{prefix}policies/{article}/").read_text(encoding="utf-8")
        assert 'href="changes/' not in text
    updates = built_site.page(f"{prefix}updates/")
    links = re.findall(r'href="([^"]*changes/#v[0-9-]+)"', updates.read_text(encoding="utf-8"))
    assert links
    assert all(_resolves(updates, href) for href in links)


def _git(root: Path, *args: str) -> None:
    env = os.environ | {"GIT_AUTHOR_DATE": "2026-12-20T10:00:00", "GIT_COMMITTER_DATE": "2026-12-20T10:00:00"}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=env,
    )


EDITS = {  # language: the phrase, its edit, the change-log summary, and what the diff deletes and inserts
    "en": ("honest instructors", "careful instructors", "Purpose reworded.", "honest", "careful"),
    "ja": ("誠実な講師", "まじめな講師", "目的の表現を改めた。", "誠実", "まじめ"),
}


def _bump(file: Path, old: str, new: str, summary: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new).replace('version: "1.4"', 'version: "1.5"')
    first_row = "| 1.4 | 2026-12-07 |"
    text = text.replace(first_row, f"| 1.5 | 2026-12-20 | {summary} |\n{first_row}", 1)
    file.write_text(text, encoding="utf-8")


def _visible(tag: object) -> str:
    copy = BeautifulSoup(str(tag), "html.parser")
    for hidden in copy.select(".kijun-sr-only"):
        hidden.decompose()
    return copy.get_text()


@pytest.mark.slow
def test_an_edited_sentence_shows_exactly_on_the_diff_page_in_both_languages(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = copy_site(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Starter")
    for language, (old, new, summary, _deleted, _inserted) in EDITS.items():
        _bump(root / "docs" / language / "policies" / "copyright.md", old, new, summary)
    _git(root, "commit", "-q", "-am", "Copyright 1.5")
    site = tmp_path / "site"
    result = build_site(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    for language, (_old, _new, summary, deleted, inserted) in EDITS.items():
        prefix = "" if language == "en" else "ja/"
        diff_page = site / prefix / "policies" / "copyright" / "changes" / "index.html"
        soup = BeautifulSoup(diff_page.read_text(encoding="utf-8"), "html.parser")
        section = soup.find(id="v1-5")
        assert section is not None
        body = section.find_next("div", class_="kijun-diff")
        assert [_visible(tag) for tag in body.select("del")] == [deleted]
        shown = [_visible(tag) for tag in body.select("ins")]
        assert shown[0] == inserted
        assert len(shown) == 2
        assert summary in shown[1]
        assert "2026-12-20" in shown[1]
        assert len(body.select(".kijun-diff-unit")) == 2  # the edited paragraph and the new change-log row
        assert not body.select(".kijun-rule-changes")
        # Only this article has an earlier version in this history.
        assert sorted(
            p.parent.parent.name for p in (site / prefix / "policies").glob("*/changes/index.html")
        ) == ["copyright"]
        article = site / prefix / "policies" / "copyright" / "index.html"
        article_soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
        assert article_soup.select_one('.kijun-policy-meta a[href="changes/"]')
        [row_link] = article_soup.find(id="change-log").find_next("table").select("td a")
        assert row_link["href"] == "changes/#v1-5"
        assert _resolves(article, row_link["href"])
        updates = site / prefix / "updates" / "index.html"
        first = BeautifulSoup(updates.read_text(encoding="utf-8"), "html.parser").select_one(
            "ol.kijun-updates li"
        )
        [diff_link] = first.select("a[href*='changes/#']")
        assert diff_link["href"] == "../policies/copyright/changes/#v1-5"
        assert _resolves(updates, diff_link["href"])
        feed = ET.parse(site / prefix / "updates" / "feed.xml").getroot()  # noqa: S314 (our own build)
        entry = feed.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}link").get("href") == f"{SITE_URL}{prefix}policies/copyright/changes/#v1-5"
