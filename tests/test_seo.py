"""What search engines read: descriptions, canonical links, and hreflang alternates in the sitemap."""

from __future__ import annotations

import re

from conftest import BuiltSite, parsed

SITE_DESCRIPTIONS = {
    "Trust & Safety policies, grey-area cases and decision messages for the course marketplace.",
    "コースマーケットプレイスのトラスト＆セーフティ・ポリシー、グレーゾーン事例、判定通知文。",
}


def pages(built_site: BuiltSite) -> list:
    return [p for p in built_site.html_files() if p.name == "index.html"]


def test_every_page_has_its_own_description_and_a_canonical_link(built_site: BuiltSite) -> None:
    for path in pages(built_site):
        head = parsed(path).head
        description = head.select_one('meta[name="description"]')["content"]
        assert description
        assert description not in SITE_DESCRIPTIONS, path
        url = path.parent.relative_to(built_site.root).as_posix()
        expected = "https://kijun.example.com/" + ("" if url == "." else f"{url}/")
        assert head.select_one('link[rel="canonical"]')["href"] == expected


def test_no_head_alternates_that_would_make_the_theme_fetch_missing_sitemaps(built_site: BuiltSite) -> None:
    for path in pages(built_site):
        head = parsed(path).head
        assert not head.select('link[rel="alternate"][hreflang]'), path


def test_sitemap_lists_every_page_with_hreflang_alternates_and_x_default(built_site: BuiltSite) -> None:
    sitemap = (built_site.root / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.DOTALL)
    assert len(urls) == len(pages(built_site))
    for url in urls:
        alternates = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', url))
        assert set(alternates) == {"en", "ja", "x-default"}
        assert alternates["x-default"] == alternates["en"]
        assert alternates["ja"].startswith("https://kijun.example.com/ja/")
    assert "https://kijun.example.com/ja/quizzes/calibration-2026-q4/</loc>" in sitemap
