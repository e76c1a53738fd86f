"""Accessibility (axe-core) of the main page types in both languages, and screenshots of the quiz."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO_ROOT, SiteServer, build_site, serve
from playwright.sync_api import Browser, Page, expect
from repo_factory import copy_site

from kijun.library import load_library
from kijun.report.run import run_report
from kijun_tools.demo import demo_rounds

pytestmark = pytest.mark.browser

ARTIFACTS = REPO_ROOT / "test-artifacts"
PAGES = [
    "",
    "policies/review-manipulation/",
    "quizzes/practice-reviews-and-promotion/",
    "quizzes/calibration-2026-q4/",
    "guides/escalation/",  # a checklist (task list)
    "translation-status/",
    "policies/copyright/changes/",  # a diff page: insertions and deletions (needs git history)
]
BLOCKING = {"serious", "critical"}


def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as loaded."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(
    page: Page, site_server: SiteServer, language: str, path: str
) -> None:
    page.goto(site_server.url(("ja/" if language == "ja" else "") + path))
    if "quizzes/" in path:
        expect(page.locator(".kijun-quiz")).to_have_attribute("data-kijun-ready", "true")
    blocking = blocking_violations(page)
    assert not blocking, "\n".join(blocking)


@pytest.mark.parametrize(
    ("prefix", "query", "ready"),
    [
        ("ja/", "受講生の個人情報", ".md-search-result__item mark"),  # results with marks and area tags
        ("", "instructor insults a student", ".md-search-result__item mark"),
        ("ja/", "xyzzyq", ".kijun-search-empty a"),  # nothing found: the help links
    ],
)
def test_search_results_have_no_serious_accessibility_violations(
    page: Page, site_server: SiteServer, prefix: str, query: str, ready: str
) -> None:
    page.goto(site_server.url(prefix))
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)
    expect(page.locator(ready).first).to_be_visible()
    blocking = blocking_violations(page)
    assert not blocking, "\n".join(blocking)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_quiz_screenshots(browser: Browser, site_server: SiteServer, language: str, scheme: str) -> None:
    """Not an assertion of looks: screenshots for people to review, saved as CI artifacts."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 1600})
    try:
        page = context.new_page()
        page.goto(
            site_server.url(("ja/" if language == "ja" else "") + "quizzes/practice-reviews-and-promotion/")
        )
        expect(page.locator(".kijun-quiz")).to_have_attribute("data-kijun-ready", "true")
        first = page.locator(".kijun-case").first
        first.locator('input[data-kijun-field="decision"]').nth(1).check()
        first.locator('input[data-kijun-field="confidence"]').nth(2).check()
        first.locator('[data-kijun-action="check"]').click()
        expect(first.locator("[data-kijun-feedback]")).not_to_be_empty()
        expect(first.locator('[data-kijun-action="check"]')).to_be_hidden()
        ARTIFACTS.mkdir(exist_ok=True)
        first.scroll_into_view_if_needed()
        path = ARTIFACTS / f"quiz-{language}-{scheme}.png"
        page.screenshot(path=path, full_page=False)
        assert path.stat().st_size > 10_000
        scheme_attr = page.locator("body").get_attribute("data-md-color-scheme")
        assert scheme_attr == ("slate" if scheme == "dark" else "default")
    finally:
        context.close()


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The site with a calibration report (demo answers), whose wide tables scroll sideways."""
    root = copy_site(tmp_path_factory.mktemp("report-repo"))
    demo_rounds(load_library(root), root / "answers", agents=12, seed=2026)
    run_report(root / "answers", root)
    result = build_site(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as server:
        yield server


@pytest.mark.parametrize("language", ["en", "ja"])
def test_report_page_is_accessible_and_wide_tables_take_keyboard_focus(
    page: Page, report_server: SiteServer, language: str
) -> None:
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(report_server.url(("ja/" if language == "ja" else "") + "reports/calibration-2026-q3/"))
    page.wait_for_load_state("load")
    scrollable = page.locator(".md-typeset__scrollwrap[tabindex='0'][role='region']")
    expect(scrollable.first).to_be_attached()  # marked once laid out, after the load event
    assert not blocking_violations(page)
