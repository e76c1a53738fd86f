"""One rulebook for answers: the collector refuses exactly what the report leaves out, for the same reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO_ROOT

from kijun.answers import (
    INVALID_CLAUSE,
    INVALID_DECISION,
    UNKNOWN_CASE,
    agent_key,
    answer_problem,
    parse_document,
    results_document,
    results_validator,
)
from kijun.collect.checks import Refused, check_document
from kijun.handbook import Handbook
from kijun.report.run import clean_submissions

LIBRARY = Handbook(REPO_ROOT).library
QUIZ = LIBRARY.quizzes["calibration-2026-q3"]
VALIDATE = results_validator(REPO_ROOT / "quizzes" / "results.schema.json")


def answer(case_id: str, decision: str, clause: str | None = None) -> dict:
    return {
        "case_id": case_id,
        "decision": decision,
        "clause": clause,
        "confidence": "medium",
        "reason": "",
        "time_ms": 1000,
        "answered_at": "2026-12-01T10:00:00Z",
    }


def test_the_same_agent_is_the_same_name_trimmed_without_case() -> None:
    assert agent_key("  Sato Yumi ") == agent_key("sato yumi") == "sato yumi"
    assert agent_key("Sato Yumi") != agent_key("Sato Yuki")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda case: answer("ZZZ-999", case.decision), UNKNOWN_CASE),
        (lambda case: answer(case.id, "not-an-action"), INVALID_DECISION),
        (lambda case: answer(case.id, case.decision, "no-such-clause"), INVALID_CLAUSE),
    ],
)
def test_the_collector_refuses_what_the_report_leaves_out(change, code: str) -> None:
    first, second = (LIBRARY.cases[case_id] for case_id in QUIZ.case_ids[:2])
    bad = change(first)
    document = results_document(
        QUIZ,
        "A-001",
        "en",
        "2026-12-01T10:05:00Z",
        [answer(second.id, second.decision), bad],
        submission_id="s-1",
    )
    assert answer_problem(bad["case_id"], bad["decision"], bad["clause"], QUIZ, LIBRARY).code == code
    with pytest.raises(Refused) as refused:
        check_document(document, LIBRARY, VALIDATE)
    assert refused.value.code == code
    problems: list = []
    [kept] = clean_submissions([parse_document(document, Path("a.json"), VALIDATE)], LIBRARY, problems)
    assert set(kept.answers) == {second.id}
    assert len(problems) == 1
    assert bad["case_id"] in problems[0].message
