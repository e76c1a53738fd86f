"""The starter knowledge base as built: articles follow the template in both languages and link together."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DOCS_DIR, BuiltSite

from kijun.pages import scan_pages
from kijun.policies import REQUIRED_SECTIONS, is_policy_article

# The published articles: a draft (a scaffold not yet finished) is held to these rules once it is published.
ARTICLES = sorted(
    page.path.stem
    for page in scan_pages(DOCS_DIR).of("en")
    if is_policy_article(page.path) and not page.draft
)
GUIDES = [
    "guides/enforcement-ladder/",
    "guides/escalation/",
    "guides/decision-messages/",
    "contributing/",
    "glossary/",
]
PREFIX = {"en": "", "ja": "ja/"}


def soup(built_site: BuiltSite, url: str) -> BeautifulSoup:
    return built_site.soup(url)


def article(built_site: BuiltSite, language: str, name: str) -> BeautifulSoup:
    return soup(built_site, f"{PREFIX[language]}policies/{name}/")


def test_there_are_at_least_twelve_policy_articles() -> None:
    assert len(ARTICLES) >= 12
    japanese = scan_pages(DOCS_DIR).of("ja")
    assert sorted(p.path.stem for p in japanese if is_policy_article(p.path) and not p.draft) == ARTICLES


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", ARTICLES)
def test_article_has_every_template_section_and_its_metadata(
    built_site: BuiltSite, language: str, name: str
) -> None:
    page = article(built_site, language, name)
    ids = [h["id"] for h in page.select(".md-content h2[id]")]
    assert [i for i in ids if i in REQUIRED_SECTIONS] == list(REQUIRED_SECTIONS)
    meta = page.select_one(".md-content h1 + .kijun-policy-meta")
    assert meta is not None
    assert meta.select_one("code").get_text().startswith("POL-")
    assert len(meta.select("time[datetime]")) == 2


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", ARTICLES)
def test_decision_messages_are_copyable_blocks(built_site: BuiltSite, language: str, name: str) -> None:
    page = article(built_site, language, name)
    heading = page.select_one("h2#decision-messages")
    blocks = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        blocks += sibling.select("pre > code") if sibling.name != "pre" else [sibling]
    assert len(blocks) >= 2, "one ready-to-send message per likely action"
    config = json.loads(page.select_one("#__config").string)
    assert "content.code.copy" in config["features"]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", ARTICLES)
def test_article_links_related_articles(built_site: BuiltSite, language: str, name: str) -> None:
    page = article(built_site, language, name)
    base = f"/{PREFIX[language]}policies/{name}/"
    targets = {
        urlsplit(urljoin(base, a["href"])).path
        for a in page.select(".md-content a[href]")
        if not a["href"].startswith("#")
    }
    related = {t for t in targets if t.startswith(f"/{PREFIX[language]}policies/") and t != base}
    assert len(related - {f"/{PREFIX[language]}policies/"}) >= 2, targets


@pytest.mark.parametrize("language", ["en", "ja"])
def test_glossary_terms_show_their_definition_on_hover(built_site: BuiltSite, language: str) -> None:
    page = article(built_site, language, "review-manipulation")
    tooltips = {abbr.get_text(): abbr["title"] for abbr in page.select(".md-content abbr[title]")}
    term = {"en": "Incentivised review", "ja": "インセンティブ付きレビュー"}[language]
    assert any(text.casefold() == term.casefold() for text in tooltips), tooltips
    assert all(tooltips.values())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_glossary_page_lists_every_term_with_an_anchor(built_site: BuiltSite, language: str) -> None:
    page = soup(built_site, f"{PREFIX[language]}glossary/")
    assert len(page.select(".kijun-glossary td span[id]")) >= 40
    assert not page.select(".kijun-glossary abbr"), "the glossary itself carries no tooltips"


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("url", GUIDES)
def test_cross_cutting_pages_exist(built_site: BuiltSite, language: str, url: str) -> None:
    page = soup(built_site, PREFIX[language] + url)
    assert page.html["lang"] == language
    assert page.select_one(".md-content h1")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_home_page_reaches_every_policy_in_one_click(built_site: BuiltSite, language: str) -> None:
    page = soup(built_site, PREFIX[language])
    base = "/" + PREFIX[language]
    targets = {urlsplit(urljoin(base, a["href"])).path for a in page.select(".md-content a[href]")}
    missing = [name for name in ARTICLES if f"{base}policies/{name}/" not in targets]
    assert not missing


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", ARTICLES)
def test_article_shows_a_worked_grey_area_example(built_site: BuiltSite, language: str, name: str) -> None:
    page = article(built_site, language, name)
    example = page.select_one(".md-content .kijun-example[data-case-id]")
    assert example is not None
    heading = example.find_previous("h2")
    assert heading["id"] == "grey-areas"
