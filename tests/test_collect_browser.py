"""A trainee's quiz page and an agent's article in Chromium sending to a real collector: answers and read
confirmations queued while it is down, delivered on their own when it comes back (a restart included), refused with
the reason, in both languages; searches that found nothing and "was this clear?" votes, redacted before they leave
the page, and nothing at all from a site built without a collector."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SiteServer, build_site, serve
from playwright.sync_api import Browser, Page, expect
from repo_factory import copy_site
from test_browser_quiz import answer, open_quiz, sections
from test_collect_service import TOKEN
from test_gaps import REDACTION_CASES

from kijun.collect.app import create_app
from kijun.collect.backends import open_store
from kijun.collect.config import Settings
from kijun.collect.reader_store import Feedback, SearchGap
from kijun.collect.server import running
from kijun.library import load_library
from kijun.redaction import redact
from kijun.ui_text import ui_text

pytestmark = pytest.mark.browser

QUIZ = """\
id: collected
mode: practice
pass_mark: 0.5
title: {{en: Collected round, ja: 収集テスト}}
intro: {{en: Answers go to the collector., ja: 解答は収集先に送られます。}}
select: {{cases: [REV-001, REV-002]}}
results_endpoint: http://127.0.0.1:{port}/results
"""


@dataclass
class CollectedSite:
    root: Path
    site: SiteServer
    port: int  # where the quiz sends; nothing listens there until a test starts a collector


@pytest.fixture(scope="module")
def collected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectedSite]:
    root = copy_site(tmp_path_factory.mktemp("collect-repo"))
    with socket.socket() as probe:  # a free port, left closed: the collector is "down" until started on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (root / "quizzes" / "definitions" / "collected.yml").write_text(QUIZ.format(port=port), encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = {
        "collector: !ENV [KIJUN_COLLECTOR_URL, null]": f"collector: http://127.0.0.1:{port}",
        "search_gaps: !ENV [KIJUN_SEARCH_GAPS, false]": "search_gaps: true",
    }
    for setting, value in settings.items():
        assert setting in text
        text = text.replace(setting, value)
    config.write_text(text, encoding="utf-8")
    result = build_site(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as site:
        yield CollectedSite(root, site, port)


@contextmanager
def collector(site: CollectedSite, database: Path, quizzes_from: Path) -> Iterator[None]:
    store = open_store(str(database))
    settings = Settings(token=TOKEN, database=str(database), root=quizzes_from, origins=(site.site.base_url,))
    try:
        with running(create_app(settings, store), port=site.port):
            yield
    finally:
        store.close()


def submit(page: Page, agent: str) -> None:
    answer(sections(page).first, "notice")
    page.locator("[data-kijun-agent]").fill(agent)
    page.locator('[data-kijun-action="submit"]').click()


def test_answers_queued_while_the_collector_is_down_are_delivered_when_it_returns(
    page: Page, collected_site: CollectedSite, tmp_path: Path
) -> None:
    page.expected_console_errors = True  # the refused connections are logged by the browser, on purpose
    open_quiz(page, collected_site.site.url("quizzes/collected/"))
    submit(page, "A-051")
    status = page.locator("[data-kijun-status]")
    expect(status).to_have_attribute("data-kijun-delivery", "queued")
    expect(status).to_have_text(ui_text("js_queued", "en"))

    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        # No reload, no "online" event: the retry queue drains by itself.
        expect(status).to_have_attribute("data-kijun-delivery", "delivered")
        expect(status).to_have_text(ui_text("js_sent", "en"))
    assert page.evaluate("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length") == 0
    store = open_store(str(database), create=False)
    [stored] = store.submissions(include_superseded=True)
    document = stored.document()
    assert document["agent"] == "A-051"
    assert document["quiz_id"] == "collected"
    assert document["answers"][0]["decision"] == "notice"
    page.reload()  # the outcome is remembered
    expect(page.locator("[data-kijun-status]")).to_have_attribute("data-kijun-delivery", "delivered")


def test_refused_answers_say_why_in_japanese_and_stay_in_the_browser(
    page: Page, collected_site: CollectedSite, tmp_path: Path
) -> None:
    page.expected_console_errors = True  # the browser logs the 422 answer
    repository_without_the_quiz = collected_site.root.parent / "plain-repo"
    if not repository_without_the_quiz.exists():
        copy_site(repository_without_the_quiz)
    assert "collected" not in load_library(repository_without_the_quiz).quizzes
    with collector(collected_site, tmp_path / "collector.sqlite", repository_without_the_quiz):
        open_quiz(page, collected_site.site.url("ja/quizzes/collected/"))
        submit(page, "A-052 山田")
        status = page.locator("[data-kijun-status]")
        expect(status).to_have_attribute("data-kijun-delivery", "refused")
        expect(status).to_contain_text(ui_text("js_refused_unknown_quiz", "ja"))
        expect(status).to_contain_text("ダウンロード")
    assert page.evaluate("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length") == 0
    expect(sections(page).first.locator('input[value="notice"][data-kijun-field="decision"]')).to_be_checked()
    page.reload()
    expect(page.locator("[data-kijun-status]")).to_have_attribute("data-kijun-delivery", "refused")


# ---- Read confirmations -----------------------------------------------------------------------------------

CONFIRMED_ARTICLE = "policies/welfare-crisis/"


def confirm_reading(page: Page, agent: str) -> None:
    form = page.locator("form[data-kijun-confirm]")
    expect(form).to_be_visible()
    form.locator("input").fill(agent)
    form.locator("button").click()


def stored_confirmations(database: Path) -> list:
    store = open_store(str(database), create=False)
    try:
        return store.confirmations()
    finally:
        store.close()


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_a_read_confirmation_waits_for_the_collector_and_is_stored_once(
    page: Page, collected_site: CollectedSite, tmp_path: Path, prefix: str
) -> None:
    language = prefix.rstrip("/") or "en"
    page.expected_console_errors = True  # refused connections while the collector is down
    page.goto(collected_site.site.url(prefix + CONFIRMED_ARTICLE))
    notice = page.locator("[data-kijun-confirm-notice]")
    expect(notice).to_be_visible()
    form = page.locator("form[data-kijun-confirm]")
    form.locator("button").click()  # no name yet: asked for, nothing queued
    expect(form.locator("[data-kijun-confirm-status]")).to_have_text(ui_text("confirm_name_first", language))
    confirm_reading(page, "A-061 佐藤")
    expect(form).to_have_attribute("data-kijun-delivery", "queued")
    expect(form.locator("[data-kijun-confirm-status]")).to_have_text(ui_text("confirm_queued", language))

    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        expect(form).to_have_attribute("data-kijun-delivery", "delivered")  # the queue drains by itself
        expect(form.locator("[data-kijun-confirm-status]")).to_have_text(ui_text("confirm_sent", language))
    [stored] = stored_confirmations(database)
    assert (stored.agent, stored.policy_id, stored.language) == ("A-061 佐藤", "POL-WEL", language)
    page.reload()
    expect(page.locator("form[data-kijun-confirm]")).to_be_hidden()
    expect(page.locator("[data-kijun-confirm-notice]")).to_be_hidden()


def test_confirmations_and_answers_queued_across_a_collector_restart_are_stored_once(
    page: Page, collected_site: CollectedSite, tmp_path: Path
) -> None:
    page.expected_console_errors = True
    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        page.goto(collected_site.site.url(CONFIRMED_ARTICLE))
        expect(page.locator("form[data-kijun-confirm]")).to_be_visible()
    # The collector is down (stopped mid-round): the agent confirms, then answers a quiz.
    confirm_reading(page, "A-062")
    expect(page.locator("form[data-kijun-confirm]")).to_have_attribute("data-kijun-delivery", "queued")
    open_quiz(page, collected_site.site.url("quizzes/collected/"))
    submit(page, "A-062")
    expect(page.locator("[data-kijun-status]")).to_have_attribute("data-kijun-delivery", "queued")
    assert page.evaluate("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length") == 2
    with collector(collected_site, database, collected_site.root):  # back, on the same database
        expect(page.locator("[data-kijun-status]")).to_have_attribute("data-kijun-delivery", "delivered")
        page.wait_for_function("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length === 0")
        page.goto(collected_site.site.url(CONFIRMED_ARTICLE))
        expect(page.locator("form[data-kijun-confirm]")).to_be_hidden()
    assert [(c.agent, c.policy_id) for c in stored_confirmations(database)] == [("A-062", "POL-WEL")]
    store = open_store(str(database), create=False)
    try:
        assert [s.agent for s in store.submissions(include_superseded=True)] == ["A-062"]
    finally:
        store.close()


# ---- What reading misses: search gaps and "was this clear?" -------------------------------------------------

NOTHING_FOUND = "xqzv返金"  # no page of either language matches it


def search_and_close(page: Page, query: str) -> None:
    """Type ``query`` into the search box as a person does, wait for the search to answer, and close it."""
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__meta")).not_to_have_text("")  # the search has answered
    box.press("Escape")
    expect(page.locator("[data-md-toggle=search]")).not_to_be_checked()


def reader_events(database: Path, kind: type) -> list:
    store = open_store(str(database), create=False)
    try:
        return store.events(kind)
    finally:
        store.close()


def wait_for_events(page: Page, database: Path, kind: type, count: int) -> list:
    """The outbox has drained (the page says so), then the collector holds ``count`` events of ``kind``."""
    page.wait_for_function("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length === 0")
    events = reader_events(database, kind)
    assert len(events) == count, events
    return events


def everything_stored(database: Path) -> str:
    """Every value in every table of the collector's database, as one text to search."""
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        return "\n".join(
            repr(row)
            for table in tables
            for row in connection.execute(f'select * from "{table}"')  # noqa: S608
        )


def test_the_page_redacts_queries_as_the_collector_does(page: Page, collected_site: CollectedSite) -> None:
    page.goto(collected_site.site.url("ja/policies/copyright/"))
    typed = [typed for typed, _ in REDACTION_CASES]
    leaving = page.evaluate("texts => texts.map(text => window.kijunRedact(text))", typed)
    assert leaving == [redact(text) for text in typed] == [leaves for _, leaves in REDACTION_CASES]


def test_a_query_nobody_finds_from_three_browsers_reaches_the_authors_and_no_identifier_does(
    browser: Browser, collected_site: CollectedSite, tmp_path: Path
) -> None:
    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        for number in range(3):
            context = browser.new_context()
            page = context.new_page()
            page.goto(collected_site.site.url("ja/"))
            search_and_close(page, NOTHING_FOUND if number else "ＸＱＺＶ 返金")
            if number == 0:  # one agent pastes case details into the box
                search_and_close(page, "taro.yamada@example.com 注文1234567")
            wait_for_events(page, database, SearchGap, number + 2)
            context.close()
    stored = everything_stored(database)
    assert "@" not in stored
    assert "example.com" not in stored
    assert "1234567" not in stored
    assert "[email] 注文[number]" in stored
    result = subprocess.run(
        [sys.executable, "-m", "kijun", "gaps", "--from-collector", str(database), "--format", "json",
         "--root", str(collected_site.root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [query] = json.loads(result.stdout)["queries"]  # the pasted details came from one browser: not shown
    assert (query["query"], query["browsers"], query["no_results"]) == (NOTHING_FOUND, 3, 3)
    assert len({event.browser for event in reader_events(database, SearchGap)}) == 3


def test_a_search_that_led_to_a_page_sends_nothing(
    page: Page, collected_site: CollectedSite, tmp_path: Path
) -> None:
    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        page.goto(collected_site.site.url(""))
        box = page.locator("[data-md-component=search-query]")
        box.click()
        box.press_sequentially("copyright")
        page.locator(".md-search-result__item a").first.click()
        expect(page).to_have_url(re.compile(r"/policies/"))
        search_and_close(page, NOTHING_FOUND)  # a later search that finds nothing: the only event sent
        [event] = wait_for_events(page, database, SearchGap, 1)
    assert (event.query, event.results, event.language) == (NOTHING_FOUND, 0, "en")


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_an_unclear_vote_names_the_section_and_its_comment_leaves_redacted(
    page: Page, collected_site: CollectedSite, tmp_path: Path, prefix: str
) -> None:
    language = prefix.rstrip("/") or "en"
    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        page.goto(collected_site.site.url(prefix + "policies/copyright/"))
        form = page.locator("form[data-kijun-feedback-form]")
        expect(form).to_be_visible()
        version = form.get_attribute("data-version")
        form.locator("[data-kijun-feedback-vote=unclear]").click()
        section = form.locator("select")
        expect(section).to_be_focused()
        anchor = section.locator("option").nth(1).get_attribute("value")
        section.select_option(anchor)
        form.locator("textarea").fill("受講生 hanako@example.com 注文 7654321 の件、例がほしい")
        form.locator("button[type=submit]").click()
        expect(form.locator("[data-kijun-feedback-status]")).to_have_text(
            ui_text("feedback_thanks", language)
        )
        [vote] = wait_for_events(page, database, Feedback, 1)
    assert (vote.page, vote.vote, vote.section, vote.language) == (
        "policies/copyright/",
        "unclear",
        anchor,
        language,
    )
    assert vote.comment == "受講生 [email] 注文 [number] の件、例がほしい"
    assert vote.version == version != ""
    page.reload()  # this browser has voted on this version: not asked again
    expect(page.locator("form[data-kijun-feedback-form]")).to_be_hidden()


def test_a_site_without_a_collector_shows_no_widget_and_sends_nothing(
    page: Page, site_server: SiteServer
) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.method != "GET" else None)
    page.goto(site_server.url("ja/policies/copyright/"))
    expect(page.locator("form[data-kijun-feedback-form]")).to_have_count(0)
    assert page.evaluate("JSON.parse(document.querySelector('#__config').textContent).kijun_gaps") is None
    search_and_close(page, NOTHING_FOUND)
    page.goto(site_server.url("ja/policies/"))  # leaving the page is the other moment a gap would be sent
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("localStorage.getItem('kijun.outbox')") in (None, "[]")
    assert sent == []


def test_a_vote_and_a_search_gap_queued_together_are_both_delivered(
    page: Page, collected_site: CollectedSite, tmp_path: Path
) -> None:
    """Queued items without a submission id once shared an empty id, and delivering one removed the other."""
    page.expected_console_errors = True  # refused connections while the collector is down
    page.goto(collected_site.site.url("policies/copyright/"))
    form = page.locator("form[data-kijun-feedback-form]")
    form.locator("[data-kijun-feedback-vote=clear]").click()
    expect(form.locator("[data-kijun-feedback-status]")).to_have_text(ui_text("feedback_queued", "en"))
    search_and_close(page, NOTHING_FOUND)
    page.wait_for_function("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length === 2")
    database = tmp_path / "collector.sqlite"
    with collector(collected_site, database, collected_site.root):
        wait_for_events(page, database, SearchGap, 1)
        [vote] = reader_events(database, Feedback)
    assert vote.vote == "clear"
