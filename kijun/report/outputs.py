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
    header = (
        "agent",
        "language",
        "answered",
        "missing",
        "correct",
        "accuracy",
        "over_enforcement",
        "under_enforcement",
        "other_action",
        "wrong_clause",
        "clause_answers",
        "certainty_score",
        "alpha_without_agent",
    )
    rows = [
        (
            a.agent,
            a.language,
            a.answered,
            a.missing,
            a.correct,
            round(a.accuracy, 4) if a.answered else None,
            a.over,
            a.under,
            a.other_action,
            a.wrong_clause,
            a.clause_answers,
            a.cbm,
            round(a.alpha_without, 4),
        )
        for a in report.agents
    ]
    return _csv(header, rows)


def cases_csv(report: RoundReport, decisions: Sequence[str]) -> bytes:
    header = (
        "case_id",
        "policy",
        "area",
        "reference",
        "answers",
        "agreement",
        "accuracy",
        "most_chosen",
        "most_chosen_share",
        "confident_wrong",
        *(f"n_{d}" for d in decisions),
    )
    rows = [
        (
            c.case_id,
            c.policy,
            c.area,
            c.reference,
            c.answered,
            round(c.agreement, 4),
            round(c.accuracy, 4),
            c.modal,
            round(c.modal_share, 4),
            c.confident_wrong,
            *(c.distribution.get(d, 0) for d in decisions),
        )
        for c in report.cases
    ]
    return _csv(header, rows)


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
                "INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    quiz.id,
                    quiz.version,
                    quiz.mode,
                    quiz.title["en"],
                    quiz.title["ja"],
                    report.started or None,
                    report.finished or None,
                ),
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
