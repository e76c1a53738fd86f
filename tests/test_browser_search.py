"""Search in a real browser: queries as agents type them, each site in its own language, results people can judge."""

from __future__ import annotations

import re

import pytest
from conftest import SiteServer, starter_library
from playwright.sync_api import Browser, Page, expect

from kijun_tools.search_eval import SEARCH_BOX_JS, Query, page_of, scores, search_site

pytestmark = pytest.mark.browser


# (query, page expected among the first three results) on the Japanese site.
JAPANESE_QUERIES = [
    ("返金の不正利用", "policies/refund-abuse"),  # a page title, typed as a phrase
    ("インセンティブ付きレビュー", "policies/review-manipulation"),  # mixed kanji and kana
    ("ｽﾃﾙｽﾏｰｹﾃｨﾝｸﾞ", "policies/undisclosed-promotion"),  # half-width katakana
    ("ＡＩ生成コンテンツ", "policies/ai-generated-content"),  # full-width Latin letters
    ("判定通知文の書き方", "guides/decision-messages"),
    ("講師が受講生に暴言", "policies/harassment"),  # the article says 侮辱, not 暴言: partial match + alias
    ("競合の講師を誹謗中傷", "policies/defamation-takedowns"),  # no page says 誹謗中傷: vocabulary
    ("ステマ", "policies/undisclosed-promotion"),  # slang for the glossary term
    ("必ず稼げる", "policies/outcome-claims"),
    ("13歳未満の受講生", "policies/minors"),
    ("refund abuse", "policies/refund-abuse"),  # an English policy term typed on the Japanese site
]
ENGLISH_QUERIES = [
    ("refund abuse", "policies/refund-abuse"),
    ("incentivised review", "policies/review-manipulation"),
    ("instructor insults a student", "policies/harassment"),
    ("hacking tutorial", "policies/restricted-topics"),  # stemming: "hacking" finds "hack"
    ("how do strikes count", "guides/enforcement-ladder"),
    ("fake reviews", "policies/review-manipulation"),
]


def search(page: Page, site: SiteServer, prefix: str, query: str) -> list[str]:
    """Run ``query`` through the site's search box; return the result pages (language-relative), best first."""
    page.goto(site.url(prefix))
    answer = page.evaluate(SEARCH_BOX_JS, query)
    language = "ja" if prefix.startswith("ja/") else "en"
    pages = [page_of(path, language) for path in answer["results"]]
    assert not any(other for _, other in pages), f"other-language results for {query!r}: {answer['results']}"
    return list(dict.fromkeys(path for path, _ in pages))


@pytest.mark.parametrize(("query", "expected"), JAPANESE_QUERIES)
def test_japanese_query_finds_the_page_on_the_japanese_site(
    page: Page, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page, site_server, "ja/", query)
    assert expected in results[:3], results[:5]


@pytest.mark.parametrize(("query", "expected"), ENGLISH_QUERIES)
def test_english_query_finds_the_page_on_the_english_site(
    page: Page, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page, site_server, "", query)
    assert expected in results[:3], results[:5]


def open_search(page: Page, site: SiteServer, prefix: str, query: str) -> None:
    """Open the page and type ``query`` into the search box key by key, as a person does."""
    page.goto(site.url(prefix))
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)


def test_japanese_matches_are_highlighted_as_phrases_with_the_policy_area(
    page: Page, site_server: SiteServer
) -> None:
    open_search(page, site_server, "ja/", "受講生の個人情報")
    first = page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_contain_text("受講生の個人情報")
    marks = first.locator("mark").all_text_contents()
    assert "受講生の個人情報" in marks, marks  # one mark for the phrase, not one per character
    assert all(len(mark) >= 2 for mark in marks), marks
    expect(first.locator(".md-tag")).to_have_text("アカウント・個人情報・支払い")


def test_english_matches_mark_whole_words_and_skip_stop_words(page: Page, site_server: SiteServer) -> None:
    open_search(page, site_server, "", "instructor insults a student")
    results = page.locator(".md-search-result__list")
    expect(results.locator("mark").first).to_be_visible()
    expect(results.locator("mark", has_text=re.compile(r"^insult"))).not_to_have_count(0)
    marks = results.locator("mark").all_text_contents()
    assert not [mark for mark in marks if mark.lower() == "a"], marks


def test_result_opens_by_keyboard_with_the_match_highlighted_on_the_page(
    page: Page, site_server: SiteServer
) -> None:
    open_search(page, site_server, "ja/", "ステルスマーケティング")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ja/policies/undisclosed-promotion/"))
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()


def test_a_search_that_finds_nothing_offers_where_to_look(page: Page, site_server: SiteServer) -> None:
    open_search(page, site_server, "ja/", "xyzzyq")
    help_box = page.locator(".kijun-search-empty")
    expect(help_box).to_be_visible()
    links = help_box.locator("a")
    expect(links).to_have_count(3)
    hrefs = links.evaluate_all("links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")
    assert hrefs == ["/ja/#what-happened", "/ja/policies/", "/ja/glossary/"]
    box = page.locator("[data-md-component=search-query]")
    box.fill("著作権")
    box.press("End")  # Material searches on key presses

    expect(help_box).to_have_count(0)


def test_japanese_reader_downloads_only_the_japanese_index(page: Page, site_server: SiteServer) -> None:
    search(page, site_server, "ja/", "著作権")
    indexes = [url for url in page.requested_urls if url.endswith("search_index.json")]
    assert indexes
    assert all("/ja/search/" in url for url in indexes)


def test_search_eval_scores_what_the_search_box_shows(browser: Browser, site_server: SiteServer) -> None:
    """The evaluation command's runner: a query that must hit, one that cannot, and a title."""
    queries = {
        "ja": [
            Query("著作権", ("policies/copyright",), "tune", "short"),
            Query(
                "著作権", ("guides/no-such-page",), "holdout", "short"
            ),  # a page that does not exist: a miss
        ],
        "en": [Query("Enforcement ladder", ("guides/enforcement-ladder",), "titles", "title")],
    }
    outcomes = search_site(browser, site_server.url(), queries)
    japanese = scores(outcomes["ja"])
    assert japanese["tune"].hit_rate == 1.0
    assert japanese["holdout"].hit_rate == 0.0
    assert japanese["all"].count == 2
    assert scores(outcomes["en"])["titles"].mrr == 1.0
    assert all(outcome.elapsed_ms > 0 for items in outcomes.values() for outcome in items)


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_every_quiz_is_found_by_its_title(page: Page, site_server: SiteServer, prefix: str) -> None:
    """A quiz page is indexed by its title and intro: its title typed as a phrase finds it in the top 3."""
    language = "ja" if prefix else "en"
    for quiz in starter_library().quizzes.values():
        results = search(page, site_server, prefix, quiz.title[language])
        assert f"quizzes/{quiz.id}" in results[:3], (quiz.title[language], results[:5])
