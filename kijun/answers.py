"""One rulebook for a trainee's answers, shared by the report and the collector.

- **The same agent**: names are compared trimmed and without case (:func:`agent_key`); the later export wins.
- **The quiz-version rule**: an answer counts against the quiz as it is now only if it was given on the current
  version (:func:`given_on`); answers to another version are kept and flagged, never checked against today's cases.
- **What can be scored** (:func:`answer_problem`): the case is in the quiz, the decision is one of its options,
  the clause (if any) one of its clauses. The collector refuses a document with such an answer; the report skips
  the answer and says so.
- **The document** (:func:`results_document`): what the browser exports and POSTs, built in one place for the
  demo answers, the load script and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import fastjsonschema

from kijun.contracts import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from kijun.schema import load_schema

if TYPE_CHECKING:
    from kijun.library import Library
    from kijun.quizzes import Quiz

UNKNOWN_CASE = "unknown_case"
INVALID_DECISION = "invalid_decision"
INVALID_CLAUSE = "invalid_clause"


class Problem(NamedTuple):
    code: str  # UNKNOWN_CASE, INVALID_DECISION or INVALID_CLAUSE (the collector's refusal code)
    message: str


def agent_key(name: str) -> str:
    """Who an agent is, for "the same agent's later submission replaces the earlier": trimmed, case ignored."""
    return name.strip().casefold()


def given_on(answer_version: str | None, submission_version: str) -> str:
    """The quiz version an answer was given on: its own, or, where it records none, the export's."""
    return answer_version or submission_version


def answer_problem(
    case_id: str, decision: str, clause: str | None, quiz: Quiz, library: Library
) -> Problem | None:
    """Why an answer to the quiz's current version cannot be scored, or None if it can."""
    if case_id not in quiz.case_ids:
        return Problem(UNKNOWN_CASE, f"case {case_id} is not in {quiz.id!r}")
    case = library.cases[case_id]
    if decision not in case.options:
        return Problem(INVALID_DECISION, f"{decision!r} is not an option of case {case_id}")
    if clause is not None and clause not in {c.id for c in case.clauses}:
        return Problem(INVALID_CLAUSE, f"{clause!r} is not a clause of case {case_id}")
    return None


def results_document(
    quiz: Quiz, agent: str, language: str, exported_at: str, answers: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A results document as the quiz page exports it (``quizzes/results.schema.json``); ``extra`` adds fields such
    as the collector's ``submission_id``."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "quiz_id": quiz.id,
        "quiz_version": quiz.version,
        "mode": quiz.mode,
        "language": language,
        "agent": agent,
        "exported_at": exported_at,
        **extra,
        "answers": answers,
    }


class Answer(NamedTuple):
    """One answer as exported. A named tuple: a large round has 100,000 of them, and tuples are made, and sent
    between processes, several times faster than dataclass instances."""

    case_id: str
    decision: str
    clause: str | None
    confidence: str | None
    reason: str
    time_ms: int | None
    answered_at: str | None
    quiz_version: str | None = None  # the version it was given on, when the file says (else the submission's)


@dataclass
class Submission:
    """One agent's answers to one quiz, from one file.

    ``quiz_version`` is the version of the quiz page the answers were exported from (for a CSV, the version of
    the latest answer). Answers given on another version are dropped on reading, with a problem for each version.
    """

    quiz_id: str
    quiz_version: str
    language: str
    agent: str
    answers: dict[str, Answer]
    source: Path
    exported_at: str = ""

    @property
    def latest(self) -> str:
        """When this submission was made: its export time, else its last answer."""
        times = [a.answered_at for a in self.answers.values() if a.answered_at]
        return self.exported_at or max(times, default="")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled with its answers as plain tuples, which pickle about three times faster than named ones: half
        of a large folder comes back from a second process this way (:class:`ResultsReading`)."""
        rows = [tuple(answer) for answer in self.answers.values()]
        return _unpickle_submission, (
            self.quiz_id,
            self.quiz_version,
            self.language,
            self.agent,
            list(self.answers),
            rows,
            self.source,
            self.exported_at,
        )


def _unpickle_submission(
    quiz_id: str,
    quiz_version: str,
    language: str,
    agent: str,
    case_ids: list[str],
    rows: list[tuple],
    source: Path,
    exported_at: str,
) -> Submission:
    answers = dict(zip(case_ids, map(Answer._make, rows), strict=True))
    return Submission(quiz_id, quiz_version, language, agent, answers, source, exported_at)


def results_validator(schema_file: Path) -> Callable[[object], object]:
    """The compiled results schema: every reader of results (files, the collector) validates with it."""
    return _compiled(schema_file)


@cache
def _compiled(schema_file: Path) -> Callable[[object], object]:
    """The results schema compiled to Python (fastjsonschema): a 200-agent round validates in a fraction of a
    second, where interpreting the schema per answer took seconds."""
    return fastjsonschema.compile(load_schema(schema_file))


def parse_document(data: object, file: Path, validate: Callable[[object], object]) -> Submission:
    """One results document (the JSON export's content) as a submission; ``ValueError`` if it is not one."""
    try:
        validate(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise ValueError(f"not a Kijun results file ({exc.message})") from None
    answers = {a["case_id"]: answer_from_row(a) for a in data["answers"]}
    return Submission(
        data["quiz_id"],
        data["quiz_version"],
        data["language"],
        data["agent"].strip(),
        answers,
        file,
        data["exported_at"],
    )


def answer_from_row(row: dict) -> Answer:
    """One answer of a JSON document or a CSV row (already restored), as the report and the collector read it."""
    time_ms = row.get("time_ms")
    return Answer(
        case_id=row["case_id"],
        decision=row["decision"],
        clause=row.get("clause") or None,
        confidence=row.get("confidence") or None,
        reason=row.get("reason") or "",
        time_ms=int(time_ms) if time_ms not in (None, "") else None,
        answered_at=row.get("answered_at") or None,
        quiz_version=row.get("quiz_version") or None,
    )
