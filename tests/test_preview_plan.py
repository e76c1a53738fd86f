"""The incremental preview's decisions (kijun.preview): which saves re-render one page, and which re-render all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kijun.preview import IncrementalPreview, RebuildPlan, page_outline

GUIDE = "---\ntitle: Escalation\n---\n\n# Escalation\n\nEscalate when the law requires it.\n\n## Contacts\n\nText.\n"


def _touch_later(file: Path) -> None:
    """Give ``file`` a modification time after its last one, as a save a moment later would."""
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _save(file: Path, text: str) -> None:
    file.write_text(text, encoding="utf-8")
    _touch_later(file)


def _built(preview: IncrementalPreview) -> RebuildPlan:
    """The plan of a build that then ran to its end."""
    plan = preview.plan()
    preview.build_finished()
    return plan


@pytest.fixture
def site(tmp_path: Path) -> tuple[IncrementalPreview, Path]:
    docs = tmp_path / "docs"
    (docs / "en" / "guides").mkdir(parents=True)
    (docs / "en" / "guides" / "escalation.md").write_text(GUIDE, encoding="utf-8")
    (docs / "ja" / "guides").mkdir(parents=True)
    (docs / "ja" / "guides" / "escalation.md").write_text(GUIDE, encoding="utf-8")
    (docs / "en" / "status.md").write_text(
        "# Status\n\n<!-- kijun:translation-status -->\n", encoding="utf-8"
    )
    (docs / "en" / "copyright.md").write_text(
        "# Copyright\n\n<!-- kijun:case IPR-001 -->\n", encoding="utf-8"
    )
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "cases.yml").write_text("cases: []\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    preview = IncrementalPreview(docs, (tmp_path / "mkdocs.yml", tmp_path / "quizzes"))
    assert preview.plan().full  # the first build renders everything
    preview.build_finished()
    return preview, tmp_path


def test_a_text_edit_renders_only_the_saved_page_and_the_pages_that_read_other_pages(site) -> None:
    preview, root = site
    page = root / "docs" / "en" / "guides" / "escalation.md"
    _save(page, GUIDE.replace("requires it.", "requires it, and only then."))
    plan = preview.plan()
    assert not plan.full, plan.reason
    # The translation status reads every page; a page embedding a case reads a case, which did not change. The
    # Japanese version of the saved page is rendered again: its notice says whether it still matches the English.
    assert plan.also_render == ("en/status.md", "ja/guides/escalation.md")
    preview.build_finished()
    assert not preview.plan().full  # nothing saved since: still incremental


def test_after_a_build_that_did_not_finish_every_page_is_rendered(site) -> None:
    preview, root = site
    _save(
        root / "docs" / "en" / "guides" / "escalation.md", GUIDE.replace("# Escalation\n", "# Escalating\n")
    )
    # This build fails (say, a broken case) before the other pages are written.
    assert preview.plan().full
    _save(root / "docs" / "en" / "guides" / "escalation.md", GUIDE.replace("law requires", "law demands"))
    assert preview.plan().reason == "the last build did not finish"


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("# Escalation\n", "# Escalating\n", "title"),
        ("## Contacts\n", "## Who to call\n", "heading (other pages link to its anchor)"),
        ("title: Escalation\n", "title: Escalation guide\n", "front matter"),
    ],
)
def test_a_change_other_pages_can_see_renders_every_page(site, old: str, new: str, why: str) -> None:
    preview, root = site
    _save(root / "docs" / "en" / "guides" / "escalation.md", GUIDE.replace(old, new))
    plan = preview.plan()
    assert plan.full, why
    assert "guides/escalation.md" in plan.reason


def test_a_new_page_a_deleted_page_or_any_other_source_renders_every_page(site) -> None:
    preview, root = site
    (root / "docs" / "en" / "new.md").write_text("# New\n", encoding="utf-8")
    assert _built(preview).reason == "a page was added, moved or deleted"
    (root / "docs" / "en" / "new.md").unlink()
    assert _built(preview).full
    _save(root / "quizzes" / "cases.yml", "cases: [] # edited\n")
    assert _built(preview).reason == "a source other than a page changed"
    _save(root / "mkdocs.yml", "site_name: y\n")
    assert _built(preview).full
    (root / "docs" / "en" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert _built(preview).full  # a file under docs/ other than a page (an image, a stylesheet)


def test_generated_pages_keep_their_output_only_while_their_text_and_the_sources_are_unchanged() -> None:
    preview = IncrementalPreview(Path("docs"), ())
    incremental, full = RebuildPlan(False, "text"), RebuildPlan(True, "source")
    assert not preview.generated_unchanged("site/quiz/index.html", "quiz v1", incremental)  # never built
    assert preview.generated_unchanged("site/quiz/index.html", "quiz v1", incremental)
    assert not preview.generated_unchanged("site/quiz/index.html", "quiz v2", incremental)
    assert not preview.generated_unchanged("site/quiz/index.html", "quiz v2", full)


def test_the_search_index_keeps_one_set_of_entries_per_page() -> None:
    preview = IncrementalPreview(Path("docs"), ())
    first = [
        {"location": "a/", "text": "old a"},
        {"location": "a/#one", "text": "old one"},
        {"location": "b/", "text": "b"},
    ]
    assert preview.merge_search(first, RebuildPlan(True, "first build")) == first
    # Page a rendered again without its section "one": its old entries all go, b keeps its own.
    merged = preview.merge_search([{"location": "a/", "text": "new a"}], RebuildPlan(False, "text"))
    assert merged == [{"location": "b/", "text": "b"}, {"location": "a/", "text": "new a"}]
    again = preview.merge_search([{"location": "a/", "text": "newer a"}], RebuildPlan(False, "text"))
    assert [doc["location"] for doc in again] == ["b/", "a/"]


def test_the_outline_ignores_body_text_but_not_headings_or_front_matter() -> None:
    base = page_outline(GUIDE)
    assert page_outline(GUIDE.replace("law requires", "law demands")) == base
    assert page_outline(GUIDE.replace("## Contacts", "## Contact")) != base
    assert page_outline(GUIDE.replace("title: Escalation", "title: Other")) != base
