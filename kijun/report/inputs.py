"""Reading exported results (JSON and CSV) into submissions, reporting every file or answer that is unusable."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kijun.answers import Answer, Submission, agent_key, answer_from_row, parse_document, results_validator
from kijun.background import InHalves, fork_if_large
from kijun.contracts import CSV_COLUMNS
from kijun.csv_safety import restore


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
    return ResultsReading(folder, schema_file).result()


class ResultsReading:
    """Reading a results folder. A large one is read half in a second process (:mod:`kijun.background`), started
    at once, so that the caller can load what else it needs meanwhile; :meth:`result` reads the other half here.
    Reading is most of a large report's time. Problems keep the files' order either way."""

    def __init__(self, folder: Path, schema_file: Path) -> None:
        self.folder = folder
        self._files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".json", ".csv"})
        read = partial(
            _read_file, validate=results_validator(schema_file)
        )  # compiled before a fork, for both processes
        self._halves = InHalves(read, self._files, fork=fork_if_large(self._files))

    def result(self) -> Inputs:
        inputs = Inputs()
        if not self._files:
            inputs.problems.append(InputProblem(self.folder, "no .json or .csv result files found"))
        for submissions, problems in self._halves.result():
            inputs.submissions += submissions
            inputs.problems += problems
        return inputs

    def cancel(self) -> None:
        """Stop reading, for a caller that fails before it needs the answers."""
        self._halves.cancel()


def _read_file(
    file: Path, validate: Callable[[object], object]
) -> tuple[list[Submission], list[InputProblem]]:
    """The submissions in one results file, or the problem that makes it unusable."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [InputProblem(file, f"not UTF-8 text ({exc.reason} at byte {exc.start}); skipped")]
    except OSError as exc:
        return [], [InputProblem(file, f"cannot be read ({exc.strerror}); skipped")]
    reader = _read_json if file.suffix.lower() == ".json" else _read_csv
    try:
        submissions = reader(text, file, validate)
    except ValueError as exc:
        return [], [InputProblem(file, f"{exc}; skipped")]
    problems: list[InputProblem] = []
    for submission in submissions:
        _drop_other_versions(submission, problems)
    return submissions, problems


def _drop_other_versions(submission: Submission, problems: list[InputProblem]) -> None:
    """Answers given on an earlier version of the quiz than the one exported (the quiz changed while the trainee
    was on it) get the rule for a submission of another version: excluded, and reported."""
    other: dict[str, list[str]] = {}
    for case_id, answer in submission.answers.items():
        if answer.quiz_version and answer.quiz_version != submission.quiz_version:
            other.setdefault(answer.quiz_version, []).append(case_id)
    for version, case_ids in sorted(other.items()):
        problems.append(
            InputProblem(
                submission.source,
                f"answers from {submission.agent!r} to {', '.join(sorted(case_ids))} were given on version "
                f"{version} of {submission.quiz_id!r}, which changed to version {submission.quiz_version} "
                "before the export; excluded",
            )
        )
        for case_id in case_ids:
            del submission.answers[case_id]


def _read_json(text: str, file: Path, validate: Callable[[object], object]) -> list[Submission]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return [parse_document(data, file, validate)]


def read_documents(documents: Iterable[tuple[Path, object]], schema_file: Path) -> Inputs:
    """Results already parsed from JSON (e.g. from the collector's database, each with the file name its export
    gets), read by the same rules as files: invalid ones become problems, other-version answers are dropped."""
    inputs = Inputs()
    validate = results_validator(schema_file)
    for source, data in documents:
        try:
            submission = parse_document(data, source, validate)
        except ValueError as exc:
            inputs.problems.append(InputProblem(source, f"{exc}; skipped"))
            continue
        _drop_other_versions(submission, inputs.problems)
        inputs.submissions.append(submission)
    return inputs


def _read_csv(text: str, file: Path, validate: Callable[[object], object]) -> list[Submission]:
    """A CSV export. Every cell is restored (:mod:`kijun.csv_safety`): the export put an apostrophe before any
    value that could start a spreadsheet formula, agent names included, and the values are read as typed. (JSON
    exports carry the values as typed, so they are read as they are.)"""
    rows = [
        {column: restore(value) if isinstance(value, str) else value for column, value in row.items()}
        for row in csv.DictReader(io.StringIO(text, newline=""))
    ]
    if not rows:
        raise ValueError("CSV has no answer rows")
    missing = [column for column in CSV_COLUMNS if column not in rows[0]]
    if missing:
        raise ValueError(f"not a Kijun results CSV (missing columns: {', '.join(missing)})")
    # Each row carries the version its answer was given on, so one export may mix versions: group without it.
    groups: dict[tuple[str, str, str], dict[str, Answer]] = {}
    for number, row in enumerate(rows, start=2):
        key = (row["quiz_id"], row["language"], row["agent"].strip())
        if not all(key) or not row["quiz_version"] or not row["case_id"] or not row["decision"]:
            raise ValueError(f"row {number} lacks quiz, version, language, agent, case or decision")
        try:
            groups.setdefault(key, {})[row["case_id"]] = answer_from_row(row)
        except ValueError:
            raise ValueError(f"row {number}: time_ms is not a whole number") from None
    return [
        Submission(quiz_id, _latest_version(answers), language, agent, answers, file)
        for (quiz_id, language, agent), answers in groups.items()
    ]


def _latest_version(answers: dict[str, Answer]) -> str:
    """The version of the last answer given (the last row among equals): the CSV's stand-in for the version of
    the page it was exported from."""
    latest = max(reversed(answers.values()), key=lambda answer: answer.answered_at or "")
    return latest.quiz_version or ""


def latest_per_agent(submissions: Iterable[Submission], problems: list[InputProblem]) -> list[Submission]:
    """Keep one submission per agent and quiz, the latest; report the ones replaced."""
    chosen: dict[tuple[str, str], Submission] = {}
    for submission in sorted(submissions, key=lambda s: (s.latest, str(s.source))):
        key = (submission.quiz_id, agent_key(submission.agent))
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
