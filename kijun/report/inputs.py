"""Reading exported results (JSON and CSV) into submissions, reporting every file or answer that is unusable."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import fastjsonschema

from kijun.schema import load_schema

CSV_COLUMNS = (
    "quiz_id",
    "quiz_version",
    "language",
    "agent",
    "case_id",
    "decision",
    "clause",
    "confidence",
    "reason",
    "time_ms",
    "answered_at",
)
_FORMULA_GUARD = ("'=", "'+", "'-", "'@")


@dataclass(frozen=True)
class Answer:
    case_id: str
    decision: str
    clause: str | None
    confidence: str | None
    reason: str
    time_ms: int | None
    answered_at: str | None


@dataclass
class Submission:
    """One agent's answers to one quiz, from one file."""

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


@dataclass
class InputProblem:
    """Something in the results folder that could not be used as given, and what was done about it."""

    file: Path
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass
class Inputs:
    submissions: list[Submission] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def read_results(folder: Path, schema_file: Path) -> Inputs:
    """Read every ``*.json`` and ``*.csv`` under ``folder``; unreadable files become problems, not crashes."""
    inputs = Inputs()
    validate = _compiled(schema_file)
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".json", ".csv"})
    if not files:
        inputs.problems.append(InputProblem(folder, "no .json or .csv result files found"))
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            inputs.problems.append(
                InputProblem(file, f"not UTF-8 text ({exc.reason} at byte {exc.start}); skipped")
            )
            continue
        except OSError as exc:
            inputs.problems.append(InputProblem(file, f"cannot be read ({exc.strerror}); skipped"))
            continue
        reader = _read_json if file.suffix.lower() == ".json" else _read_csv
        try:
            inputs.submissions += reader(text, file, validate)
        except ValueError as exc:
            inputs.problems.append(InputProblem(file, f"{exc}; skipped"))
    return inputs


@cache
def _compiled(schema_file: Path) -> Callable[[object], object]:
    """The results schema compiled to Python (fastjsonschema): a 200-agent round validates in a fraction of a
    second, where interpreting the schema per answer took seconds."""
    return fastjsonschema.compile(load_schema(schema_file))


def _read_json(text: str, file: Path, validate: Callable[[object], object]) -> list[Submission]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        validate(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise ValueError(f"not a Kijun results file ({exc.message})") from None
    answers = {a["case_id"]: _answer(a) for a in data["answers"]}
    return [
        Submission(
            data["quiz_id"],
            data["quiz_version"],
            data["language"],
            data["agent"].strip(),
            answers,
            file,
            data["exported_at"],
        )
    ]


def _answer(row: dict) -> Answer:
    reason = row.get("reason") or ""
    if reason.startswith(_FORMULA_GUARD):
        reason = reason[1:]  # the export's guard against spreadsheet formulas
    time_ms = row.get("time_ms")
    return Answer(
        case_id=row["case_id"],
        decision=row["decision"],
        clause=row.get("clause") or None,
        confidence=row.get("confidence") or None,
        reason=reason,
        time_ms=int(time_ms) if time_ms not in (None, "") else None,
        answered_at=row.get("answered_at") or None,
    )


def _read_csv(text: str, file: Path, validate: Callable[[object], object]) -> list[Submission]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ValueError("CSV has no answer rows")
    missing = [column for column in CSV_COLUMNS if column not in rows[0]]
    if missing:
        raise ValueError(f"not a Kijun results CSV (missing columns: {', '.join(missing)})")
    groups: dict[tuple[str, str, str, str], dict[str, Answer]] = {}
    for number, row in enumerate(rows, start=2):
        key = (row["quiz_id"], row["quiz_version"], row["language"], row["agent"].strip())
        if not all(key) or not row["case_id"] or not row["decision"]:
            raise ValueError(f"row {number} lacks quiz, version, language, agent, case or decision")
        try:
            groups.setdefault(key, {})[row["case_id"]] = _answer(row)
        except ValueError:
            raise ValueError(f"row {number}: time_ms is not a whole number") from None
    return [Submission(q, v, lang, agent, answers, file) for (q, v, lang, agent), answers in groups.items()]


def latest_per_agent(submissions: Iterable[Submission], problems: list[InputProblem]) -> list[Submission]:
    """Keep one submission per agent and quiz, the latest; report the ones replaced."""
    chosen: dict[tuple[str, str], Submission] = {}
    for submission in sorted(submissions, key=lambda s: (s.latest, str(s.source))):
        key = (submission.quiz_id, submission.agent.casefold())
        if key in chosen:
            older = chosen[key]
            problems.append(
                InputProblem(
                    older.source,
                    f"agent {older.agent!r} submitted {submission.quiz_id!r} again in {submission.source.name}; "
                    "the later submission is used",
                )
            )
        chosen[key] = submission
    return list(chosen.values())
