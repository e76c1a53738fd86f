"""The real site, built with ``mkdocs build --strict``: both language trees, switcher, ids, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS_DIR, BuiltSite, parsed

from kijun.pages import scan_pages
from kijun.ui_text import missing_ui_text
from kijun.urls import source_url

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MEANINGLESS_ID = re.compile(r"^_*\d*$")
AUTHOR_PINNED_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def soup(path: Path) -> BeautifulSoup:
    return parsed(path)


def pages_of(language: str) -> list[str]:
    """The published pages of ``language`` (drafts are previewed only)."""
    pages = scan_pages(DOCS_DIR).of(language)
    return sorted(source_url(page.path.as_posix()) for page in pages if not page.draft)


def html_lang_and_path(built_site: BuiltSite, language: str) -> list[tuple[str, Path]]:
    prefix = "" if language == "en" else "ja/"
    return [(prefix + url, built_site.page(prefix + url)) for url in pages_of(language)]


def test_strict_build_prints_no_warnings(built_site: BuiltSite) -> None:
    problems = [line for line in built_site.log.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_source_page_is_built_in_its_tree(built_site: BuiltSite, language: str) -> None:
    missing = [url for url, path in html_lang_and_path(built_site, language) if not path.is_file()]
    assert not missing
    on_disk = list((DOCS_DIR / language).rglob("*.md"))
    drafts = scan_pages(DOCS_DIR).drafts(language)
    assert len(pages_of(language)) == len(on_disk) - len(drafts)  # every Markdown file but a draft is a page


def test_english_pages_and_japanese_pages_correspond_one_to_one(built_site: BuiltSite) -> None:
    english = {p.relative_to(built_site.root) for p in built_site.html_files()}
    japanese = {p.relative_to(built_site.root / "ja") for p in (built_site.root / "ja").rglob("*.html")}
    english = {p for p in english if p.parts[0] != "ja" and p != Path("404.html")}
    assert english == japanese


@pytest.mark.parametrize("language", ["en", "ja"])
def test_html_lang_matches_the_tree(built_site: BuiltSite, language: str) -> None:
    for url, path in html_lang_and_path(built_site, language):
        assert soup(path).html["lang"] == language, url


@pytest.mark.parametrize("language", ["en", "ja"])
def test_language_switcher_links_to_the_same_page_in_the_other_language(
    built_site: BuiltSite, language: str
) -> None:
    for url, path in html_lang_and_path(built_site, language):
        links = {a["hreflang"]: a["href"] for a in soup(path).select("a.md-select__link[hreflang]")}
        assert set(links) == {"en", "ja"}, url
        unprefixed = url.removeprefix("ja/")
        expected = {"en": "/" + unprefixed, "ja": "/ja/" + unprefixed}
        for target_language, href in links.items():
            assert urlsplit(urljoin("/" + url, href)).path == expected[target_language], (url, href)


def test_japanese_headings_get_readable_ids(built_site: BuiltSite) -> None:
    html = soup(built_site.page("ja/policies/review-manipulation/"))
    ids = [h.get("id") for h in html.select(".md-content h2, .md-content h3")]
    assert "インセンティブ付きレビュー" in ids
    assert "レクチャー内でのレビュー依頼" in ids


@pytest.mark.parametrize("language", ["en", "ja"])
def test_heading_ids_are_meaningful_and_unique(built_site: BuiltSite, language: str) -> None:
    for url, path in html_lang_and_path(built_site, language):
        headings = soup(path).select(".md-content :is(h1, h2, h3, h4, h5, h6)[id]")
        ids = [h["id"] for h in headings]
        assert len(ids) == len(set(ids)), (url, ids)
        for heading, heading_id in zip(headings, ids, strict=True):
            assert not MEANINGLESS_ID.match(heading_id), (url, heading.get_text(), heading_id)
            if language == "ja" and JAPANESE.search(heading_id) is None:
                # Japanese headings keep Japanese ids unless the author pinned one, e.g. {#grey-areas}.
                assert AUTHOR_PINNED_ID.fullmatch(heading_id), (url, heading_id)


def test_japanese_paragraphs_have_no_stray_spaces_from_source_line_wraps(built_site: BuiltSite) -> None:
    html = soup(built_site.page("ja/policies/review-manipulation/"))
    paragraphs = [p.get_text() for p in html.select(".md-content p")]
    assert any("判定とメッセージをケース記録に残すため" in p for p in paragraphs)
    for paragraph in paragraphs:
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff、。]\s+[\u3040-\u30ff\u4e00-\u9fff]", paragraph)


def test_navigation_and_admonitions_are_translated(built_site: BuiltSite) -> None:
    ja = soup(built_site.page("ja/policies/review-manipulation/"))
    sections = ja.select(".md-nav--primary .md-nav__item--section > nav > label.md-nav__title")
    nav_labels = {label.get_text(strip=True) for label in sections}
    assert {"ポリシー", "資料"} <= nav_labels
    assert ja.select_one(".admonition.tip .admonition-title").get_text(strip=True) == "ヒント"
    en = soup(built_site.page("policies/review-manipulation/"))
    assert en.select_one(".admonition.tip .admonition-title").get_text(strip=True) == "Tip"


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    english = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    japanese = json.loads(
        (built_site.root / "ja" / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    english_locations = {doc["location"] for doc in english["docs"]}
    japanese_titles = {doc["location"]: doc["title"] for doc in japanese["docs"]}
    assert "policies/review-manipulation/" in english_locations
    assert not any(location.startswith("ja/") for location in english_locations)
    assert japanese_titles["policies/review-manipulation/"] == "レビューの不正操作"
    assert japanese["config"]["pipeline"] == []  # lunr's English trimmer would delete Japanese tokens
    # Words split at spaces and punctuation; the worker cuts the Japanese runs into bigrams.
    tokens = [t for t in re.split(japanese["config"]["separator"], "返金の不正利用（PDF）") if t]
    assert tokens == ["返金の不正利用", "PDF"]
    assert japanese["config"]["kijun"]["segmentation"] == "bigram"
    # Vocabulary authors own: a policy's keywords and its area reach its own entry (English title on ja too).
    entry = next(doc for doc in japanese["docs"] if doc["location"] == "policies/harassment/")
    assert "POL-HAR" in entry["keywords"]
    assert "Harassment in Q&amp;A and messages" in entry["keywords"]
    assert entry["tags"] == ["行為と安全"]
    assert japanese["config"]["fields"]["keywords"]["boost"] > 0
    # A Japanese reader downloads far less than both languages together.
    sizes = [(built_site.root / p / "search" / "search_index.json").stat().st_size for p in ("", "ja")]
    assert sizes[1] / sum(sizes) <= 0.6


def test_japanese_pages_point_search_at_the_japanese_index(built_site: BuiltSite) -> None:
    config = json.loads(soup(built_site.page("ja/policies/copyright/")).select_one("#__config").string)
    assert config["base"] == "../../../ja/"
    assert "kijun-search-worker.js?worker=workers/search." in config["search"]
    assert "search.highlight" in config["features"]  # phrase-aware: the worker passes whole matched stretches
    english = json.loads(soup(built_site.page("policies/copyright/")).select_one("#__config").string)
    assert english["base"] == "../.."
    assert "kijun-search-worker.js?worker=workers/search." in english["search"]
    assert "search.highlight" in english["features"]
    assert english["kijun_search"]["links"][1]["path"] == "policies/"


def test_instant_navigation_is_off(built_site: BuiltSite) -> None:
    for path in (built_site.page(""), built_site.page("ja/")):
        config = json.loads(soup(path).select_one("#__config").string)
        assert "navigation.instant" not in config["features"]


def test_not_found_page_is_in_the_default_language_and_links_both_homes(built_site: BuiltSite) -> None:
    page = soup(built_site.root / "404.html")
    assert page.html["lang"] == "en"
    hrefs = {a["href"] for a in page.select(".md-content a")}
    assert {"/", "/ja/"} <= hrefs


# Attributes that make a browser fetch something on its own.
FETCHING = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
FETCHING_RELS = {"stylesheet", "preload", "icon", "preconnect", "modulepreload", "manifest"}
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(url\(\s*['\"]?|@import\s+['\"])(https?:)?//", re.IGNORECASE)


def test_no_page_loads_anything_from_outside_the_site(built_site: BuiltSite) -> None:
    offending = []
    for path in built_site.html_files():
        page = soup(path)
        for tag, attributes in FETCHING.items():
            for element in page.find_all(tag):
                if tag == "link" and not FETCHING_RELS & set(element.get("rel", [])):
                    continue
                offending += [
                    f"{path}: <{tag} {a}={element[a]}>"
                    for a in attributes
                    if element.has_attr(a) and REMOTE.search(element[a])
                ]
        offending += [f"{path}: inline style" for s in page.find_all("style") if CSS_REMOTE.search(s.text)]
    for css in built_site.root.rglob("*.css"):
        if CSS_REMOTE.search(css.read_text(encoding="utf-8")):
            offending.append(str(css))
    assert not offending, "\n".join(offending)


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Link to this section"), ("ja", "この見出しへのリンク")]
)
def test_heading_permalinks_are_labelled_in_the_page_language(
    built_site: BuiltSite, language: str, title: str
) -> None:
    prefix = "" if language == "en" else "ja/"
    links = soup(built_site.page(f"{prefix}policies/review-manipulation/")).select("a.headerlink")
    assert links
    assert {link["title"] for link in links} == {title}


def test_interface_text_exists_in_every_language() -> None:
    assert missing_ui_text() == []


def test_checklist_boxes_are_hidden_from_screen_readers(built_site: BuiltSite) -> None:
    page = soup(built_site.page("ja/guides/escalation/"))
    boxes = page.select(".task-list-control")
    assert boxes
    assert all(box.get("aria-hidden") == "true" for box in boxes)
