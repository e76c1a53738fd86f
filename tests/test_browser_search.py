"""Search in a real browser: Japanese queries as Japanese readers type them, each site in its own language."""

from __future__ import annotations

import pytest
from conftest import SiteServer
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# (query, page expected among the first three results) on the Japanese site.
JAPANESE_QUERIES = [
    ("返金の不正利用", "policies/refund-abuse/"),  # a page title, typed as a phrase
    ("レビューと引き換え", ""),  # a phrase with a particle, found on the home page's "what happened" table
    ("インセンティブ付きレビュー", "policies/review-manipulation/"),  # mixed kanji and kana
    ("ステルスマーケティング", "policies/undisclosed-promotion/"),  # katakana only
    ("ｽﾃﾙｽﾏｰｹﾃｨﾝｸﾞ", "policies/undisclosed-promotion/"),  # half-width katakana
    ("ＡＩ生成コンテンツ", "policies/ai-generated-content/"),  # full-width Latin letters
    ("エスカレーション", "guides/escalation/"),
    ("著作権", "policies/copyright/"),  # kanji word
    ("個人情報", "policies/student-data/"),
    ("未成年者の安全", "policies/minors/"),
    ("名誉毀損", "policies/defamation-takedowns/"),
    ("判定通知文の書き方", "guides/decision-messages/"),
    ("段階的措置", "guides/enforcement-ladder/"),
    ("ハラスメント", "policies/harassment/"),
]
ENGLISH_QUERIES = [
    ("refund abuse", "policies/refund-abuse/"),
    ("incentivised review", "policies/review-manipulation/"),
    ("stealth marketing", "policies/undisclosed-promotion/"),
    ("escalation", "guides/escalation/"),
    ("minors", "policies/minors/"),
]


def search(page: Page, site: SiteServer, prefix: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box and return the result pages' paths, best first."""
    page.goto(site.url(prefix))
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(query)
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search")
    page.wait_for_function(
        "document.querySelector('.md-search-result__list').children.length > 0", timeout=5000
    )
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return list(dict.fromkeys(hrefs))


@pytest.mark.parametrize(("query", "expected"), JAPANESE_QUERIES)
def test_japanese_query_finds_the_page_on_the_japanese_site(
    page: Page, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page, site_server, "ja/", query)
    assert f"/ja/{expected}" in results[:3], results[:5]
    assert all(path.startswith("/ja/") for path in results), "English pages in Japanese results"


@pytest.mark.parametrize(("query", "expected"), ENGLISH_QUERIES)
def test_english_query_finds_the_page_on_the_english_site(
    page: Page, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page, site_server, "", query)
    assert f"/{expected}" in results[:3], results[:5]
    assert not any(path.startswith("/ja/") for path in results), "Japanese pages in English results"


def test_japanese_reader_downloads_only_the_japanese_index(page: Page, site_server: SiteServer) -> None:
    search(page, site_server, "ja/", "著作権")
    indexes = [url for url in page.requested_urls if url.endswith("search_index.json")]
    assert indexes
    assert all("/ja/search/" in url for url in indexes)
