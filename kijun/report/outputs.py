"""Tables for analysts: CSV files that Excel opens correctly, and a SQLite database of every answer."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from kijun.answers import Submission
from kijun.background import Pending
from kijun.csv_safety import excel_csv
from kijun.library import Library
from kijun.quizzes import Quiz
from kijun.report.analysis import answer_span, classify_error
from kijun.report.columns import AGENT_COLUMNS, case_columns, csv_table
from kijun.report.results import RoundReport

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
# A round with this many answers has its database written in a second process: below it, forking costs more.
LARGE_ROUND_ANSWERS = 5000
# How a row goes into each table of schema.sql, in the order they are filled (a row may refer to earlier tables).
INSERTS = {
    "cases": "INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
    "agents": "INSERT INTO agents VALUES (?)",
    "rounds": "INSERT INTO rounds VALUES (?, ?, ?, ?, ?)",
    "round_titles": "INSERT INTO round_titles VALUES (?, ?, ?)",
    "answers": "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Text cells are neutralised (:mod:`kijun.csv_safety`), so an agent name such as ``=HYPERLINK(...)`` is never a
    live formula; numbers stay numbers."""
    return excel_csv(header, rows).encode("utf-8")


def agents_csv(report: RoundReport) -> bytes:
    return _csv(*csv_table(AGENT_COLUMNS, report.agents))


def cases_csv(report: RoundReport, decisions: Sequence[str]) -> bytes:
    return _csv(*csv_table(case_columns(decisions), report.cases))


class StagedDatabase:
    """The SQLite database of every answer, written beside its destination while the rest of the report is
    prepared (in a second process for a large round, :mod:`kijun.background`), and moved into place only once the
    report pages are written: a failure anywhere leaves the previous database untouched.

    The rows are made here, before the fork, and the child only stores them: that splits a large round's work
    about evenly between the child and the analysis this process does meanwhile."""

    def __init__(
        self,
        path: Path,
        rounds: Sequence[tuple[Quiz, Sequence[Submission]]],
        library: Library,
        areas: dict[str, str],
    ) -> None:
        self.path = path
        self.staging = path.with_name(path.name + ".tmp")
        tables = database_rows(rounds, library, areas)
        self._job = Pending(
            partial(_write_database, self.staging, tables),
            fork=None if len(tables["answers"]) >= LARGE_ROUND_ANSWERS else False,
        )

    def wait(self) -> None:
        """Until the staged database is complete; raises what writing it raised."""
        self._job.result()

    def move_into_place(self) -> Path:
        self.wait()
        self.staging.replace(self.path)
        return self.path

    def discard(self) -> None:
        """Stop writing it and remove what was written."""
        self._job.cancel()
        self.staging.unlink(missing_ok=True)


def database_rows(
    rounds: Sequence[tuple[Quiz, Sequence[Submission]]], library: Library, areas: dict[str, str]
) -> dict[str, list[tuple[object, ...]]]:
    """The rows of each table of ``schema.sql``, keyed as :data:`INSERTS`, in the order the tables are filled."""
    used_cases = {case_id for quiz, _ in rounds for case_id in quiz.case_ids}
    tables: dict[str, list[tuple[object, ...]]] = {
        "cases": [
            (c.id, c.policy, areas[c.policy], c.decision, c.clause, c.difficulty)
            for c in library.cases.values()
            if c.id in used_cases
        ],
        "agents": [(a,) for a in sorted({s.agent for _, submissions in rounds for s in submissions})],
        "rounds": [],
        "round_titles": [],
        "answers": [],
    }
    for quiz, submissions in rounds:
        started, finished = answer_span(submissions)
        tables["rounds"].append((quiz.id, quiz.version, quiz.mode, started or None, finished or None))
        tables["round_titles"] += [(quiz.id, language, title) for language, title in quiz.title.items()]
        tables["answers"] += _answer_rows(quiz, submissions, library)
    return tables


def _write_database(staging: Path, tables: dict[str, list[tuple[object, ...]]]) -> None:
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.unlink(missing_ok=True)
    connection = sqlite3.connect(staging)
    try:
        # No rollback journal: a staging file that fails half-way is thrown away whole (StagedDatabase.discard),
        # and a journal would be one more file to leave behind when the writer is stopped.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.executescript(SCHEMA_SQL.read_text(encoding="utf-8"))
        for table, rows in tables.items():
            connection.executemany(INSERTS[table], rows)
        connection.commit()
    finally:
        connection.close()


def _answer_rows(quiz: Quiz, submissions: Sequence[Submission], library: Library) -> list[tuple[object, ...]]:
    def severity(action: str) -> int | None:
        return library.actions[action].severity

    rows = []
    for submission in submissions:
        source = submission.source.name
        for case_id, answer in submission.answers.items():
            error = classify_error(answer.decision, library.cases[case_id].decision, severity)
            rows.append(
                (
                    quiz.id,
                    submission.agent,
                    case_id,
                    submission.language,
                    answer.decision,
                    answer.clause,
                    answer.confidence,
                    answer.reason,
                    answer.time_ms,
                    answer.answered_at,
                    int(error is None),
                    error,
                    source,
                )
            )
    return rows
