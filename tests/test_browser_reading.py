"""Changed since you last read it: marks in the navigation and the policy index, and a notice on the article,
kept in the reader's browser only."""

from __future__ import annotations

import re

import pytest
from conftest import SiteServer
from playwright.sync_api import Page, expect

from kijun.ui_text import ui_text

pytestmark = pytest.mark.browser

ARTICLE = "refund-abuse"


def remember(page: Page, language: str, version: str) -> None:
    """Pretend this reader last opened the article at ``version``."""
    page.evaluate(
        """([key, name, version]) => {
            const seen = JSON.parse(localStorage.getItem(key) || "{}");
            seen[name] = version;
            localStorage.setItem(key, JSON.stringify(seen));
        }""",
        [f"kijun.read.{language}", ARTICLE, version],
    )


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("ja/", "ja")])
def test_an_article_changed_since_it_was_read_is_marked_until_it_is_read_again(
    page: Page, site_server: SiteServer, prefix: str, language: str
) -> None:
    mark = ui_text("reading_mark", language)
    page.goto(site_server.url(f"{prefix}policies/{ARTICLE}/"))
    notice = page.locator(".kijun-changed-notice")
    expect(page.locator("h1")).to_be_visible()
    expect(notice).to_be_hidden()  # a first visit: nothing to compare with
    page.goto(site_server.url(f"{prefix}policies/"))
    index_link = page.locator(f'.md-content table a[href*="{ARTICLE}"]')
    expect(index_link.first).to_be_visible()
    expect(page.locator(".kijun-changed")).to_have_count(0)  # read at its current version

    remember(page, language, "0.9")
    page.reload()
    expect(index_link.first.locator(".kijun-changed")).to_have_text(mark)
    expect(page.locator(f'.md-nav a[href*="{ARTICLE}"] .kijun-changed').first).to_have_text(mark)

    page.goto(site_server.url(f"{prefix}policies/{ARTICLE}/"))
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text("0.9")
    notice.get_by_role(
        "link"
    ).click()  # to this version's changes, or the change log where there is no comparison
    article = site_server.url(f"{prefix}policies/{ARTICLE}/")
    expect(page).to_have_url(re.compile(re.escape(article) + r"(changes/#v\d+-\d+|#change-log)$"))

    page.goto(site_server.url(f"{prefix}policies/"))
    expect(index_link.first).to_be_visible()
    expect(page.locator(".kijun-changed")).to_have_count(0)  # read again: no mark
