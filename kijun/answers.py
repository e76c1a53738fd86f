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

from typing import TYPE_CHECKING, Any, NamedTuple

from kijun.contracts import EXPORT_FORMAT, EXPORT_FORMAT_VERSION

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
