"""The quiz runtime in real Chromium: keyboard use, saving across reloads, export, queued submission."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT, SiteServer, build_site, serve, starter_library
from playwright.sync_api import Locator, Page, expect
from repo_factory import copy_site
from test_quiz_site import HOSTILE_CASE, HOSTILE_QUIZ

from kijun.contracts import CSV_COLUMNS
from kijun.report.inputs import read_results
from kijun.report.run import clean_submissions
from kijun.ui_text import ui_text

pytestmark = pytest.mark.browser

LIBRARY = starter_library()
RESULTS_SCHEMA = json.loads((REPO_ROOT / "quizzes" / "results.schema.json").read_text(encoding="utf-8"))
PRACTICE = next(q for q in LIBRARY.quizzes.values() if q.mode == "practice")
OPEN_ROUND = next((q for q in LIBRARY.quizzes.values() if q.hides_key), None)
ENDPOINT_QUIZ = """\
id: with-endpoint
mode: practice
pass_mark: 0.5
title: {en: Endpoint, ja: 送信テスト}
intro: {en: Sends results., ja: 結果を送信します。}
select: {cases: [REV-001, REV-002]}
results_endpoint: /api/results
"""


def sections(page: Page) -> Locator:
    return page.locator(".kijun-case[data-case-id]")


def open_quiz(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".kijun-quiz")).to_have_attribute("data-kijun-ready", "true")


def choose(section: Locator, field: str, value: str) -> None:
    """Select a radio with the keyboard: focus it, press Space."""
    section.locator(f'input[data-kijun-field="{field}"][value="{value}"]').focus()
    section.page.keyboard.press("Space")


def answer(section: Locator, decision: str, confidence: str = "high") -> None:
    choose(section, "decision", decision)
    choose(section, "confidence", confidence)


def test_practice_quiz_in_japanese_by_keyboard_survives_a_reload(page: Page, site_server: SiteServer) -> None:
    url = site_server.url(f"ja/quizzes/{PRACTICE.id}/")
    open_quiz(page, url)
    first = sections(page).first
    first_id = first.get_attribute("data-case-id")

    # Case 1 with Tab and arrow keys only: decision group, (clause group), confidence group, reason, check.
    first.locator('input[data-kijun-field="decision"]').first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    if LIBRARY.cases[first_id].clauses:
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("文言が特典とレビューを結びつけているため。")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    feedback = first.locator("[data-kijun-feedback]")
    expect(feedback).to_have_attribute(
        "data-kijun-result", "correct" if _chosen(first) == LIBRARY.cases[first_id].decision else "incorrect"
    )
    expect(feedback).to_be_focused()
    expect(feedback).to_contain_text("基準判定")
    expect(feedback.locator("a.kijun-policy-link")).to_have_attribute(
        "href", f"../../policies/{LIBRARY.cases[first_id].policy}/#{LIBRARY.cases[first_id].anchor['ja']}"
    )

    # Case 2 answered but not yet checked, then reload: nothing is lost, order is kept.
    second = sections(page).nth(1)
    second_id = second.get_attribute("data-case-id")
    answer(second, LIBRARY.cases[second_id].decision, "medium")
    second.locator("textarea").fill("途中まで書いた理由")
    order = sections(page).evaluate_all("els => els.map(e => e.dataset.caseId)")
    page.reload()
    expect(page.locator(".kijun-quiz")).to_have_attribute("data-kijun-ready", "true")
    assert sections(page).evaluate_all("els => els.map(e => e.dataset.caseId)") == order
    first, second = sections(page).nth(0), sections(page).nth(1)
    expect(first.locator("[data-kijun-feedback]")).to_have_attribute(
        "data-kijun-result", "correct" if _chosen(first) == LIBRARY.cases[first_id].decision else "incorrect"
    )
    expect(first.locator("textarea")).to_have_value("文言が特典とレビューを結びつけているため。")
    expect(
        second.locator(f'input[data-kijun-field="decision"][value="{LIBRARY.cases[second_id].decision}"]')
    ).to_be_checked()
    expect(second.locator('input[data-kijun-field="confidence"][value="medium"]')).to_be_checked()
    expect(second.locator("textarea")).to_have_value("途中まで書いた理由")

    # Finish with the keyboard: every remaining case right, then the score.
    for index in range(1, sections(page).count()):
        section = sections(page).nth(index)
        case_id = section.get_attribute("data-case-id")
        if index > 1:
            answer(section, LIBRARY.cases[case_id].decision)
        section.locator('[data-kijun-action="check"]').focus()
        page.keyboard.press("Enter")
        expect(section.locator("[data-kijun-feedback]")).to_have_attribute("data-kijun-result", "correct")
    score = page.locator("[data-kijun-score]")
    expect(score).to_contain_text("得点")
    expect(score).to_contain_text("確信度を加味した得点")


def test_answers_given_before_the_quiz_changed_are_kept_marked_and_exported_with_their_version(
    page: Page, site_server: SiteServer
) -> None:
    open_quiz(page, site_server.url(f"ja/quizzes/{PRACTICE.id}/"))
    notice = page.locator("[data-kijun-version-notice]")
    first, second = sections(page).nth(0), sections(page).nth(1)
    first_id, second_id = first.get_attribute("data-case-id"), second.get_attribute("data-case-id")
    answer(first, LIBRARY.cases[first_id].decision)
    first.locator('[data-kijun-action="check"]').click()
    expect(first.locator("[data-kijun-feedback]")).to_have_attribute("data-kijun-result", "correct")
    answer(second, LIBRARY.cases[second_id].decision, "low")
    expect(notice).to_be_hidden()  # nothing changed yet
    expect(page.locator("[data-kijun-version-mark]:visible")).to_have_count(0)

    # The quiz is updated after both answers were saved: they were given on a version the page no longer has.
    old = "0123456789ab"
    assert old != PRACTICE.version
    page.evaluate(
        """([key, caseIds, old]) => {
            const state = JSON.parse(localStorage.getItem(key));
            caseIds.forEach((id) => { state.answers[id].version = old; });
            localStorage.setItem(key, JSON.stringify(state));
        }""",
        [f"kijun.quiz.{PRACTICE.id}", [first_id, second_id], old],
    )
    page.reload()
    expect(page.locator(".kijun-quiz")).to_have_attribute("data-kijun-ready", "true")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_have_text(ui_text("js_version_changed", "ja"))
    first, second = sections(page).nth(0), sections(page).nth(1)
    for section, case_id in ((first, first_id), (second, second_id)):
        mark = section.locator("[data-kijun-version-mark]")
        expect(mark).to_be_visible()
        expect(mark).to_have_text(ui_text("quiz_older_version_answer", "ja"))
        decision = section.locator(".kijun-field--decision")
        expect(decision).to_have_attribute("aria-describedby", mark.get_attribute("id"))
        expect(
            section.locator(f'input[data-kijun-field="decision"][value="{LIBRARY.cases[case_id].decision}"]')
        ).to_be_checked()
    expect(first.locator("[data-kijun-feedback]")).to_have_attribute("data-kijun-result", "correct")

    # Changing an answer records it on the current version; the checked one stays as it was given.
    choose(second, "confidence", "medium")
    expect(second.locator("[data-kijun-version-mark]")).to_be_hidden()
    expect(first.locator("[data-kijun-version-mark]")).to_be_visible()
    expect(notice).to_be_visible()

    page.locator("[data-kijun-agent]").fill("A-031")
    with page.expect_download() as download_info:
        page.locator('[data-kijun-action="export-json"]').click()
    exported = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    jsonschema.validate(exported, RESULTS_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert exported["quiz_version"] == PRACTICE.version
    versions = {a["case_id"]: (a["decision"], a["quiz_version"]) for a in exported["answers"]}
    assert versions == {
        first_id: (LIBRARY.cases[first_id].decision, old),
        second_id: (LIBRARY.cases[second_id].decision, PRACTICE.version),
    }
    with page.expect_download() as download_info:
        page.locator('[data-kijun-action="export-csv"]').click()
    rows = csv.DictReader(io.StringIO(Path(download_info.value.path()).read_bytes().decode("utf-8-sig")))
    csv_versions = {row["case_id"]: row["quiz_version"] for row in rows}
    assert csv_versions == {first_id: old, second_id: PRACTICE.version}


def _chosen(section: Locator) -> str:
    return section.locator('input[data-kijun-field="decision"]:checked').get_attribute("value")


def test_calibration_round_gives_no_feedback_and_exports_valid_files(
    page: Page, site_server: SiteServer, tmp_path: Path
) -> None:
    assert OPEN_ROUND is not None
    responses: list[bytes] = []
    page.on("response", lambda response: responses.append(response.body()) if response.ok else None)
    open_quiz(page, site_server.url(f"quizzes/{OPEN_ROUND.id}/"))
    assert page.locator('[data-kijun-action="check"]').count() == 0
    for index in range(sections(page).count()):
        section = sections(page).nth(index)
        answer(
            section,
            section.locator('input[data-kijun-field="decision"]').nth(1).get_attribute("value"),
            "low",
        )
        expect(section.locator("[data-kijun-feedback]")).to_be_empty()
    # The reference decisions and rationales appear nowhere the browser received.
    secrets = [LIBRARY.cases[c].rationale["en"][:40] for c in OPEN_ROUND.case_ids]
    received = b"".join(responses).decode("utf-8", errors="replace") + page.content()
    assert not [s for s in secrets if s in received]
    assert "key" not in page.evaluate("JSON.stringify(window.kijunQuiz.data.cases)")

    page.locator("[data-kijun-agent]").fill("A-017 山田")
    with page.expect_download() as download_info:
        page.locator('[data-kijun-action="export-json"]').click()
    exported = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    jsonschema.validate(exported, RESULTS_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert exported["agent"] == "A-017 山田"
    assert [a["case_id"] for a in exported["answers"]] == list(OPEN_ROUND.case_ids)
    with page.expect_download() as download_info:
        page.locator('[data-kijun-action="export-csv"]').click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert len(lines) == 1 + len(OPEN_ROUND.case_ids)
    assert "A-017 山田" in lines[1]

    # Both exports, as the browser wrote them, read back by the report: the same answers, one agent.
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "export.json").write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    (folder / "export.csv").write_bytes(raw)
    inputs = read_results(folder, REPO_ROOT / "quizzes" / "results.schema.json")
    assert inputs.problems == []
    by_file = {s.source.suffix: s for s in inputs.submissions}
    assert set(by_file) == {".json", ".csv"}
    assert by_file[".json"].answers == by_file[".csv"].answers
    assert by_file[".csv"].agent == "A-017 山田"
    problems: list = []
    assert len(clean_submissions(inputs.submissions, LIBRARY, problems)) == 1


@pytest.fixture(scope="module")
def extras_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = copy_site(tmp_path_factory.mktemp("extras-repo"))
    (root / "quizzes" / "cases" / "hostile.yml").write_text(HOSTILE_CASE, encoding="utf-8")
    (root / "quizzes" / "definitions" / "hostile.yml").write_text(HOSTILE_QUIZ, encoding="utf-8")
    (root / "quizzes" / "definitions" / "with-endpoint.yml").write_text(ENDPOINT_QUIZ, encoding="utf-8")
    result = build_site(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as server:
        yield server


def test_failed_submission_stays_queued_and_is_sent_when_the_endpoint_recovers(
    page: Page, extras_server: SiteServer
) -> None:
    extras_server.server.fail_posts = True
    page.expected_console_errors = True  # the failing endpoint's 503s are logged by the browser, on purpose
    open_quiz(page, extras_server.url("quizzes/with-endpoint/"))
    answer(sections(page).first, "notice")
    page.locator("[data-kijun-agent]").fill("A-042")
    page.locator('[data-kijun-action="submit"]').click()
    status = page.locator("[data-kijun-status]")
    page.wait_for_function("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length === 1")
    expect(status).to_contain_text("kept in this browser")
    assert extras_server.server.received == []

    page.reload()  # still queued after a reload, answers intact
    expect(sections(page).first.locator('input[value="notice"][data-kijun-field="decision"]')).to_be_checked()
    assert page.evaluate("JSON.parse(localStorage.getItem('kijun.outbox')).length") == 1

    extras_server.server.fail_posts = False
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("JSON.parse(localStorage.getItem('kijun.outbox') || '[]').length === 0")
    [received] = extras_server.server.received
    jsonschema.validate(received, RESULTS_SCHEMA)
    assert received["agent"] == "A-042"
    assert received["answers"][0]["decision"] == "notice"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_hostile_case_text_does_not_run(page: Page, extras_server: SiteServer, language: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    prefix = "" if language == "en" else "ja/"
    open_quiz(page, extras_server.url(f"{prefix}quizzes/hostile/"))
    section = sections(page).first
    section.hover()
    answer(section, "notice")
    section.locator('[data-kijun-action="check"]').click()
    expect(section.locator("[data-kijun-feedback]")).to_have_attribute("data-kijun-result", "correct")
    section.locator(".kijun-rationale").hover()
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.body.style.display") != "none"
    assert not errors
