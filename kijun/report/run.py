"""`kijun report`: read a results folder, analyse every round in it, and write the report files."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kijun.answers import INVALID_CLAUSE, INVALID_DECISION, UNKNOWN_CASE, Submission, answer_problem, given_on
from kijun.contracts import REPORT_PAGE_KEY
from kijun.handbook import Handbook
from kijun.languages import language_dir, registry
from kijun.library import Library
from kijun.paths import DOCS_DIR, QUIZZES_DIR
from kijun.quizzes import Quiz
from kijun.report.analysis import analyse_round
from kijun.report.inputs import InputProblem, Inputs, ResultsReading, latest_per_agent
from kijun.report.outputs import StagedDatabase, agents_csv, cases_csv
from kijun.report.render import CSV_FILES, ReportWriter
from kijun.report.results import RoundReport, trend_points


class NothingUsableError(Exception):
    """No answer in the results folder can be used for the requested round."""


class RoundStillOpenError(Exception):
    """The round's key is not published yet, so neither may its report be."""


class ReportDestinationError(NothingUsableError, ValueError):
    """``--out`` names a place the report must not go (it would replace a language's whole folder, land in docs/
    outside the language folders, or replace a folder that is not a report). Refused before anything is written.

    A :class:`NothingUsableError`, so callers that handle that (the command line) refuse cleanly, exit status 1.
    """


@dataclass
class ReportRun:
    """What a report run produced."""

    report: RoundReport
    rounds: list[RoundReport]
    problems: list[InputProblem]
    written: list[Path] = field(default_factory=list)


class Progress:
    """A one-line progress bar on stderr, shown only when a step outlasts a moment and stderr is a terminal."""

    def __init__(self, total: int, label: str, delay: float = 0.5) -> None:
        self.total, self.label, self.start, self.delay = max(total, 1), label, time.monotonic(), delay
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def update(self, done: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        filled = int(30 * done / self.total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


_IGNORED = {
    UNKNOWN_CASE: "answers to cases not in {quiz!r} ignored: {cases}",
    INVALID_DECISION: "decisions that are not options of the case ignored: {cases}",
    INVALID_CLAUSE: "clauses that are not clauses of the case ignored: {cases}",
}


def clean_submissions(
    submissions: list[Submission], library: Library, problems: list[InputProblem]
) -> list[Submission]:
    """Drop what cannot be scored (:func:`kijun.answers.answer_problem`: unknown quiz, case, decision or clause),
    reporting each, then keep one per agent. Answers given on another version of the quiz are left for the version
    rule, as the collector leaves them."""
    usable = []
    for submission in submissions:
        quiz = library.quizzes.get(submission.quiz_id)
        if quiz is None:
            problems.append(InputProblem(submission.source, f"unknown quiz {submission.quiz_id!r}; skipped"))
            continue
        ignored: dict[str, list[str]] = {}
        for case_id, answer in submission.answers.items():
            if given_on(answer.quiz_version, submission.quiz_version) != quiz.version:
                continue
            problem = answer_problem(case_id, answer.decision, answer.clause, quiz, library)
            if problem is not None:
                ignored.setdefault(problem.code, []).append(case_id)
        for code, case_ids in ignored.items():
            message = _IGNORED[code].format(quiz=quiz.id, cases=", ".join(sorted(case_ids)))
            problems.append(InputProblem(submission.source, message))
        dropped = {case_id for case_ids in ignored.values() for case_id in case_ids}
        submission.answers = {k: v for k, v in submission.answers.items() if k not in dropped}
        if submission.answers:
            usable.append(submission)
        else:
            problems.append(
                InputProblem(submission.source, f"no usable answers from {submission.agent!r}; skipped")
            )
    return latest_per_agent(usable, problems)


def run_report(
    results: Path | str,
    root: Path,
    out_path: str | None = None,
    round_id: str | None = None,
    database: Path | None = None,
    answers: Inputs | None = None,
) -> ReportRun:
    """Analyse ``results`` against the cases and quizzes under ``root`` and write the report.

    The report covers ``round_id`` (default: the latest closed round in ``results``); other rounds found feed the
    trends. Pages go to ``docs/<lang>/<out_path>/index.md`` (default ``reports/<round>``) with their charts and CSVs,
    or, for an ``out_path`` outside the docs tree, to ``<out_path>/<lang>/index.md`` (see :func:`report_folders`);
    the SQLite database goes to ``database`` if given. Everything is prepared in memory and in a staging folder
    first, so a failure leaves the previous report untouched. ``answers`` already read elsewhere (the collector's
    database, :mod:`kijun.report.from_collector`) replace reading ``results``, which then only names them in messages.
    """
    handbook = Handbook(root)
    reading = (
        ResultsReading(Path(results), root / QUIZZES_DIR / "results.schema.json") if answers is None else None
    )
    try:
        library = handbook.library  # loaded while a second process reads half of a large results folder
    except BaseException:
        if reading is not None:
            reading.cancel()
        raise
    inputs = reading.result() if reading is not None else answers
    problems = inputs.problems
    by_round = _by_round(clean_submissions(inputs.submissions, library, problems))
    current = _select_round(by_round, library, round_id, results, root)
    folders = report_folders(root, out_path, current.id)
    by_round[current.id] = _current_version_only(by_round.get(current.id, []), current, problems)
    if not by_round[current.id]:
        raise NothingUsableError(f"no usable answers for {current.id!r} in {results}")
    source = handbook.languages.source.code
    areas = {
        path.stem: meta.area for (language, path), meta in handbook.policies.items() if language == source
    }
    rounds = [(library.quizzes[r], by_round[r]) for r in sorted(by_round) if by_round[r]]
    staged_database = StagedDatabase(database, rounds, library, areas) if database is not None else None
    try:
        reports = _analyse(by_round, library, areas)
        staged = _stage(reports, current.id, problems, handbook, folders)
        if staged_database is not None:
            staged_database.wait()
    except BaseException:
        if staged_database is not None:
            staged_database.discard()
        raise
    written = _write_folders(staged)
    if staged_database is not None:
        written.append(staged_database.move_into_place())
    return ReportRun(reports[current.id], list(reports.values()), problems, written)


def _by_round(submissions: list[Submission]) -> dict[str, list[Submission]]:
    by_round: dict[str, list[Submission]] = {}
    for submission in submissions:
        by_round.setdefault(submission.quiz_id, []).append(submission)
    return by_round


def _select_round(
    by_round: dict[str, list[Submission]],
    library: Library,
    round_id: str | None,
    results: Path | str,
    root: Path,
) -> Quiz:
    """The round to report: the one asked for, else the closed round answered last. Open rounds are refused."""
    closed = [r for r in by_round if not library.quizzes[r].hides_key]
    if round_id is None and closed:
        round_id = max(closed, key=lambda r: max(s.latest for s in by_round[r]))
    if round_id is None:
        open_rounds = ", ".join(sorted(set(by_round) - set(closed)))
        hint = (
            f" (only open rounds: {open_rounds}; set `revealed: true` when a round closes)"
            if open_rounds
            else ""
        )
        raise NothingUsableError(f"no usable answers for a closed round in {results}{hint}")
    if round_id not in library.quizzes:
        raise NothingUsableError(f"{round_id!r} is not a quiz in {root / QUIZZES_DIR}")
    current = library.quizzes[round_id]
    if refusal := current.open_round_refusal("A report"):
        raise RoundStillOpenError(refusal)
    return current


def _current_version_only(
    submissions: list[Submission], quiz: Quiz, problems: list[InputProblem]
) -> list[Submission]:
    """Answers given to the quiz as it is now; answers to an earlier version are excluded, each with a problem."""
    matching = []
    for submission in submissions:
        if submission.quiz_version == quiz.version:
            matching.append(submission)
        else:
            problems.append(
                InputProblem(
                    submission.source,
                    f"answers to version {submission.quiz_version} of {quiz.id!r}, but the cases now give version "
                    f"{quiz.version}; excluded (report from the commit the round used to include them)",
                )
            )
    return matching


def _analyse(
    by_round: dict[str, list[Submission]], library: Library, areas: dict[str, str]
) -> dict[str, RoundReport]:
    """Every round with answers (the others feed the trends), with progress on the terminal for large ones."""
    progress = Progress(len(by_round), "analysing rounds")
    reports = {}
    for done, (rid, subs) in enumerate(sorted(by_round.items()), start=1):
        if subs:
            reports[rid] = analyse_round(library.quizzes[rid], subs, library, areas)
        progress.update(done)
    progress.close()
    return reports


def _stage(
    reports: dict[str, RoundReport],
    round_id: str,
    problems: list[InputProblem],
    handbook: Handbook,
    folders: dict[str, tuple[Path, str]],
) -> dict[Path, bytes]:
    """Every file of the report, in memory: a page and charts per language, the CSVs once for all of them."""
    report, library = reports[round_id], handbook.library
    trends = trend_points(list(reports.values()))
    tables = {
        CSV_FILES["agents"]: agents_csv(report),
        CSV_FILES["cases"]: cases_csv(report, report.decisions),
    }
    staged: dict[Path, bytes] = {}
    for language, (folder, site_folder) in folders.items():
        policies = {path.stem: meta for (lang, path), meta in handbook.policies.items() if lang == language}
        writer = ReportWriter(report, trends, problems, library, policies, language, site_folder)
        staged[folder / "index.md"] = writer.page().encode("utf-8")
        for name, svg in writer.charts().items():
            staged[folder / name] = svg.encode("utf-8")
        staged |= {folder / name: table for name, table in tables.items()}  # the same files in every language
    return staged


def report_folders(root: Path, out_path: str | None, round_id: str) -> dict[str, tuple[Path, str]]:
    """Where each language's report goes: ``{language: (folder, its folder relative to docs/<lang>/)}``.

    * No ``out_path``: ``docs/<lang>/reports/<round>/``.
    * A relative ``out_path`` is a folder under ``docs/<lang>/``, the same one in every language:
      ``docs/<lang>/<out_path>/``.
    * An absolute ``out_path`` inside a language folder (``/repo/docs/en/reports/x``) means that folder in every
      language (``docs/<lang>/reports/x/``), as if given relative to ``docs/<lang>/``.
    * Any other ``out_path`` (absolute, or relative but climbing out of the docs tree with ``..``) is outside the
      site: each language gets its own sub-folder, ``<out_path>/en/`` and ``<out_path>/ja/``, so neither language
      overwrites the other. Those pages link to the policies as if published at ``reports/<round>/``.

    Refused with :class:`ReportDestinationError`: a path that is a whole language folder, the docs folder, or a
    folder in docs/ outside the language folders (the site would not publish it per language), and a destination
    that exists but is not a Kijun report (``--out policies`` must not replace the policy articles).
    """
    docs = root / DOCS_DIR
    given = out_path or f"reports/{round_id}"
    codes = registry(root).codes
    bases = {language: language_dir(docs, language) for language in codes}
    relative = _under_language_folder(given, bases)
    if relative == PurePosixPath("."):
        raise ReportDestinationError(
            f"--out {given!r} is a whole language folder (docs/<lang>/), which the report would replace; "
            "give a folder under it, e.g. reports/latest"
        )
    if relative is not None:
        folders = {language: (base / relative, str(relative)) for language, base in bases.items()}
    else:
        # Climbing out of docs/<lang>/ with .. leads to the same place from every language folder (siblings).
        location = (bases[codes[0]] / given).resolve()
        if location.is_relative_to(docs.resolve()):
            raise ReportDestinationError(
                f"--out {given!r} is in {docs}/ but outside its language folders, where the site does not publish "
                "it: give a folder under docs/<lang>/ (e.g. reports/latest) or a path outside docs/"
            )
        folders = {language: (location / language, f"reports/{round_id}") for language in codes}
    for folder, _ in folders.values():
        if folder.exists() and not _replaceable(folder):
            raise ReportDestinationError(
                f"--out {given!r}: {folder} exists and is not a Kijun report, so it is not replaced; "
                "choose a new or empty folder, or the folder of an earlier report"
            )
    return folders


def _under_language_folder(given: str, bases: dict[str, Path]) -> PurePosixPath | None:
    """``given`` as a folder relative to ``docs/<lang>/``, or None if it lies outside every language folder."""
    path = Path(given)
    if not path.is_absolute():
        normal = PurePosixPath(Path(os.path.normpath(path)).as_posix())
        if normal.parts[:1] != ("..",):
            return normal
    location = (next(iter(bases.values())) / path).resolve()  # an absolute path stays as it is
    for base in bases.values():
        if location.is_relative_to(base.resolve()):
            return PurePosixPath(location.relative_to(base.resolve()).as_posix())
    return None


def _replaceable(folder: Path) -> bool:
    """An empty folder, or one holding an earlier report (its index.md has the report page's front-matter key)."""
    if not folder.is_dir():
        return False
    if not any(folder.iterdir()):
        return True
    index = folder / "index.md"
    try:
        head = index.read_text(encoding="utf-8")[:4000]
    except (OSError, UnicodeDecodeError):
        return False
    return head.startswith("---") and re.search(rf"^{REPORT_PAGE_KEY}:", head, re.MULTILINE) is not None


def _write_folders(files: dict[Path, bytes]) -> list[Path]:
    """Write each destination folder's files into a staging folder, then swap it in whole."""
    folders: dict[Path, dict[str, bytes]] = {}
    for path, content in files.items():
        folders.setdefault(path.parent, {})[path.name] = content
    staged_pairs = []
    for folder, contents in folders.items():
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        for name, content in contents.items():
            (staging / name).write_bytes(content)
        staged_pairs.append((staging, folder))
    for staging, folder in staged_pairs:
        if folder.exists():
            backup = folder.with_name(f".{folder.name}-old")
            shutil.rmtree(backup, ignore_errors=True)
            folder.rename(backup)
            staging.rename(folder)
            shutil.rmtree(backup)
        else:
            staging.rename(folder)
    return sorted(files)
