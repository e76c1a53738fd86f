"""Policy updates: every published article's change log, as one page per language and an Atom feed beside it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS_DIR, REPO_ROOT, BuiltSite

from kijun.changes import article_changes
from kijun.handbook import Handbook
from kijun.pages import scan_pages

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://kijun.example.com/"  # mkdocs.yml's default, which the shared build uses


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("ja/", "ja")])
def test_the_updates_page_lists_every_published_change_newest_first(
    built_site: BuiltSite, prefix: str, language: str
) -> None:
    entries, errors = article_changes(scan_pages(DOCS_DIR), language)
    assert errors == []
    page = BeautifulSoup(built_site.page(f"{prefix}updates/").read_text(encoding="utf-8"), "html.parser")
    items = page.select("ol.kijun-updates > li")
    assert len(items) == len(entries) > 21  # every article has at least its first version
    dates = [dt.date.fromisoformat(item.select_one("time")["datetime"]) for item in items]
    assert dates == sorted(dates, reverse=True)
    published = {p.path.stem for p in scan_pages(DOCS_DIR).under(language, "policies") if not p.draft}
    linked = {item.select_one("a")["href"].split("/")[2] for item in items}
    assert linked == published - {"index"}
    first = items[0].select_one("a")
    target = (
        built_site.page(f"{prefix}updates/").parent / first["href"].split("#")[0] / "index.html"
    ).resolve()
    assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id="change-log")


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("ja/", "ja")])
def test_the_feed_is_atom_with_absolute_links_in_the_page_language(
    built_site: BuiltSite, prefix: str, language: str
) -> None:
    feed = ET.parse(built_site.root / prefix / "updates" / "feed.xml").getroot()  # noqa: S314 (our own build)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    expected, _ = article_changes(Handbook(REPO_ROOT).pages, language)
    assert len(entries) == len(expected)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)  # each article version once
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(f"{SITE_URL}{prefix}policies/"), link
        assert entry.findtext(f"{ATOM}summary")
    first = entries[0].findtext(f"{ATOM}title")
    assert first.startswith(expected[0].title)


def test_a_malformed_change_log_row_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "en" / "policies"
    folder.mkdir(parents=True)
    (folder / "spam.md").write_text(
        "---\ntitle: Spam\n---\n\n# Spam\n\n## Change log {#change-log}\n\n| Version | Date | Change |\n"
        "|---|---|---|\n| 1.1 | yesterday | Tightened. |\n| 1.0 | 2026-04-01 | First version. |\n",
        encoding="utf-8",
    )
    entries, [error] = article_changes(scan_pages(tmp_path, ("en",)), "en")
    assert [(entry.version, entry.date) for entry in entries] == [("1.0", dt.date(2026, 4, 1))]
    assert (error.file.name, error.line) == ("spam.md", 11)
