"""What the collector accepts: a results document by the report's own reader, for a quiz that exists.

The reader (:func:`kijun.report.inputs.parse_document`) and the schema are the report's, so whatever is stored
here is exactly what ``kijun report`` can use. On top of them: a ``submission_id`` (to drop resends), a known quiz in
its own mode, and, for answers given on the quiz's current version, cases of that quiz and decisions and clauses
among the case's options. Answers given on another version cannot be checked against cases that changed: they are
kept and flagged, as the report expects.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kijun.answers import agent_key, answer_problem, given_on, parse_document
from kijun.library import Library

SUBMISSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")


class Refused(Exception):  # noqa: N818 (a refusal, not a program error)
    """A request the collector will not store: HTTP status, a stable code for the quiz, and a message for people."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


@dataclass(frozen=True)
class Checked:
    """A submission that passed every check, with what the store indexes it by."""

    submission_id: str
    digest: str  # of the document as parsed: a resend must carry the same answers
    quiz_id: str
    quiz_version: str
    current_version: str  # the quiz's version when it arrived; differs for answers to an old version
    language: str
    agent: str
    agent_key: str  # the report's notion of "the same agent": trimmed, case-folded
    exported_at: str
    exported_ts: str  # exported_at in UTC, comparable as text
    answer_count: int
    payload: str  # the document, as JSON text

    @property
    def outdated(self) -> bool:
        return self.quiz_version != self.current_version


def check_document(data: object, library: Library, validate: Callable[[object], object]) -> Checked:
    """``data`` (parsed JSON) as a storable submission, or :class:`Refused` saying why not."""
    try:
        submission = parse_document(data, Path("posted.json"), validate)
    except ValueError as exc:
        raise Refused(422, "invalid", str(exc)) from None
    document: dict = data  # type: ignore[assignment]  # the schema checked it is an object
    submission_id = document.get("submission_id")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
        raise Refused(
            422,
            "missing_submission_id",
            "submission_id is required: 1-100 letters, digits, '_', '.', ':' or '-'",
        )
    if len(document["answers"]) != len(submission.answers):
        raise Refused(422, "duplicate_case", "a case is answered more than once")
    if not submission.agent:
        raise Refused(422, "invalid", "agent is blank")
    if not submission.answers:
        raise Refused(422, "no_answers", "no answers: answer at least one case before sending")
    quiz = library.quizzes.get(submission.quiz_id)
    if quiz is None:
        raise Refused(422, "unknown_quiz", f"no quiz {submission.quiz_id!r} on this collector")
    if document["mode"] != quiz.mode:
        raise Refused(422, "wrong_mode", f"{quiz.id!r} is a {quiz.mode} quiz, not {document['mode']}")
    for case_id, answer in submission.answers.items():
        if given_on(answer.quiz_version, submission.quiz_version) != quiz.version:
            continue  # given on another version: kept, flagged, never checked against today's cases
        problem = answer_problem(case_id, answer.decision, answer.clause, quiz, library)
        if problem is not None:
            raise Refused(422, problem.code, problem.message)
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Checked(
        submission_id=submission_id,
        digest=hashlib.sha256(payload.encode()).hexdigest(),
        quiz_id=quiz.id,
        quiz_version=submission.quiz_version,
        current_version=quiz.version,
        language=submission.language,
        agent=submission.agent,
        agent_key=agent_key(submission.agent),
        exported_at=submission.exported_at,
        exported_ts=utc_text(submission.exported_at),
        answer_count=len(submission.answers),
        payload=payload,
    )


def utc_text(timestamp: str) -> str:
    """An ISO date-time as UTC text with microseconds, so times with different offsets compare as text."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        raise Refused(422, "invalid", f"exported_at {timestamp!r} is not a date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
