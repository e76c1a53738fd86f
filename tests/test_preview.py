"""The author's preview (`mkdocs serve`) rebuilds when any source the build reads is saved, not only docs/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from repo_factory import copy_site

from kijun_tools.preview import fetch, preview_server, time_edit, wait_for

pytestmark = pytest.mark.slow  # builds and serves its own site


def test_saving_a_case_the_glossary_or_the_actions_updates_the_preview(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    with preview_server(root) as base:
        article = base + "policies/copyright/"  # embeds case IPR-001 as its worked example
        time_edit(
            root / "quizzes" / "cases" / "copyright.yml", "Negotiation Skills", "Haggling Basics", article
        )
        time_edit(
            root / "glossary" / "terms.yml",
            "A formal record that the next breach will lead to a restriction.",
            "The second step, on record.",
            base + "guides/enforcement-ladder/",
        )
        quiz = base + "ja/quizzes/practice-course-content/"
        time_edit(
            root / "quizzes" / "actions.yml", "ja: 措置なし", "ja: 措置は不要", quiz, expect="措置は不要"
        )
        rules = base + "policies/refund-abuse/"
        time_edit(
            root / "matrix" / "policies" / "refund-abuse.yml", "Running a scheme", "Operating a scheme", rules
        )
        # Each wait above ends only when its page shows the edit (a TimeoutError otherwise); the pages then hold it.
        assert "Haggling Basics" in (fetch(article) or "")
        assert "The second step, on record." in (fetch(base + "guides/enforcement-ladder/") or "")
        assert "Operating a scheme" in (fetch(rules) or "")


def test_the_fast_preview_builds_one_language_at_the_root_and_follows_edits(tmp_path: Path) -> None:
    """`make serve PREVIEW=ja`: the Japanese pages at the site root, and saved edits appear."""
    root = copy_site(tmp_path / "repo")
    with preview_server(root, "ja") as base:
        home = fetch(base) or ""
        assert '<html lang="ja"' in home
        assert fetch(base + "policies/copyright/") is not None
        page = root / "docs" / "ja" / "guides" / "escalation.md"
        time_edit(
            page,
            "次の場合はエスカレーションしてください。",
            "次の場合は必ず引き継いでください。",
            base + "guides/escalation/",
        )


def _search_docs(url: str) -> list[dict[str, str]]:
    return json.loads(fetch(url) or "{}").get("docs", [])


def test_the_incremental_preview_keeps_navigation_and_search_whole(tmp_path: Path) -> None:
    """`make serve` renders only the saved page when nothing else can change (kijun.preview); a title change still
    reaches every page's navigation, and the search index keeps one set of entries per page."""
    root = copy_site(tmp_path / "repo")
    with preview_server(root) as base:
        index = base + "ja/search/search_index.json"
        before = _search_docs(index)
        page = root / "docs" / "ja" / "guides" / "escalation.md"
        url = base + "ja/guides/escalation/"
        time_edit(page, "してください。", "してください（確認0）。", url)
        # Again: a merge that kept a page's old entries would show on a second save.
        time_edit(page, "（確認0）", "（確認1）", url)
        # The index is written after the pages, at the end of the rebuild.
        wait_for(
            lambda: any("確認1" in doc["text"] for doc in _search_docs(index)), 300, "the edit in the index"
        )
        after = _search_docs(index)
        locations = [doc["location"] for doc in after]
        assert len(locations) == len(set(locations)) == len(before)
        assert any("確認1" in doc["text"] for doc in after)
        assert not any("確認0" in doc["text"] for doc in after)
        # A change to the English text reaches the Japanese page, which now says it is out of date.
        english = root / "docs" / "en" / "guides" / "escalation.md"
        text = english.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        sentence = next(line for line in body.splitlines() if line and line[0].isalpha())
        time_edit(english, sentence, sentence + " Updated.", url, expect='data-kijun-translation="stale"')
        # A new title is in the navigation of a page that was not saved.
        time_edit(
            root / "docs" / "en" / "guides" / "escalation.md",
            "title: Escalation\n",
            "title: Handing cases over\n",
            base + "policies/messaging-spam/",
            expect="Handing cases over",
        )
