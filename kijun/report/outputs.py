"""Tables for analysts: CSV files that Excel opens correctly, and a SQLite database of every answer."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from kijun.csv_safety import cell
from kijun.library import Library
from kijun.report.analysis import RoundReport, classify_error
from kijun.report.columns import AGENT_COLUMNS, case_columns, csv_table
from kijun.report.inputs import Submission

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: Excel shows Japanese text correctly. Text cells are
    neutralised (:mod:`kijun.csv_safety`), so an agent name such as ``=HYPERLINK(...)`` is never a live formula;
    numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def agents_csv(report: RoundReport) -> bytes:
    return _csv(*csv_table(AGENT_COLUMNS, report.agents))


def cases_csv(report: RoundReport, decisions: Sequence[str]) -> bytes:
    return _csv(*csv_table(case_columns(decisions), report.cases))


def write_database(
    path: Path,
    rounds: Sequence[tuple[RoundReport, Sequence[Submission]]],
    library: Library,
    areas: dict[str, str],
) -> None:
    """Create the database at ``path`` (replacing it only once it is complete)."""
    staging = path.with_name(path.name + ".tmp")
    staging.unlink(missing_ok=True)
    connection = sqlite3.connect(staging)
    try:
        connection.executescript(SCHEMA_SQL.read_text(encoding="utf-8"))
        used_cases = {case_id for report, _ in rounds for case_id in report.quiz.case_ids}
        connection.executemany(
            "INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.policy, areas[c.policy], c.decision, c.clause, c.difficulty)
                for c in library.cases.values()
                if c.id in used_cases
            ],
        )
        agents = sorted({s.agent for _, submissions in rounds for s in submissions})
        connection.executemany("INSERT INTO agents VALUES (?)", [(a,) for a in agents])
        for report, submissions in rounds:
            quiz = report.quiz
            connection.execute(
                "INSERT INTO rounds VALUES (?, ?, ?, ?, ?)",
                (quiz.id, quiz.version, quiz.mode, report.started or None, report.finished or None),
            )
            connection.executemany(
                "INSERT INTO round_titles VALUES (?, ?, ?)",
                [(quiz.id, language, title) for language, title in quiz.title.items()],
            )
            rows = []
            for submission in submissions:
                for case_id, answer in submission.answers.items():
                    case = library.cases[case_id]
                    error = classify_error(
                        answer.decision, case.decision, lambda a: library.actions[a].severity
                    )
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
                            submission.source.name,
                        )
                    )
            connection.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        connection.commit()
    finally:
        connection.close()
    staging.replace(path)
