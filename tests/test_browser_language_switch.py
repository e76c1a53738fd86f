"""In a real browser: the language switcher keeps the reader on the same article; nothing leaves loopback."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import SiteServer
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def switch_language(page: Page, language: str) -> None:
    page.locator(".md-header .md-select").hover()
    page.locator(f".md-header a.md-select__link[hreflang='{language}']").click()


def test_switching_language_lands_on_the_same_article_and_back(page: Page, site_server: SiteServer) -> None:
    page.goto(site_server.url("policies/review-manipulation/"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Review manipulation"))

    switch_language(page, "ja")
    expect(page).to_have_url(site_server.url("ja/policies/review-manipulation/"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("h1")).to_have_text(re.compile(r"^レビューの不正操作"))

    switch_language(page, "en")
    expect(page).to_have_url(site_server.url("policies/review-manipulation/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    outside = [url for url in page.requested_urls if urlsplit(url).netloc != site_server.host]
    assert not outside, outside
