"""``kijun report``: a calibration round's answers, from exported files or the collector, as report pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kijun.commands import add_root
from kijun.paths import QUIZZES_DIR
from kijun.sourcefile import SourceValidationError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report",
        help="calibration report from exported answers or the collector's database",
        description="Read every exported result file (JSON or CSV) in RESULTS, or the answers the collector "
        "stored (--from-collector), and write report pages with charts and CSV tables into the docs tree in "
        "every language, so they publish with the site.",
    )
    parser.add_argument(
        "results", type=Path, nargs="?", help="folder of exported result files (searched recursively)"
    )
    parser.add_argument(
        "--from-collector",
        metavar="FILE|URL",
        help="read the answers from the collector's database instead (its SQLite file or postgresql:// URL)",
    )
    parser.add_argument(
        "--round", help="the round (quiz id) to report on (default: the latest closed round in the answers)"
    )
    parser.add_argument(
        "--out",
        help="where to put the report: a folder under docs/<lang>/ (default: reports/<round>), the same in every "
        "language; or an absolute path outside docs/, which gets one folder per language (PATH/<lang>/). "
        "A folder that exists and is not an earlier report is never replaced",
        metavar="PATH",
    )
    parser.add_argument(
        "--db", type=Path, metavar="FILE", help="also write a SQLite database of every answer to this file"
    )
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Turn a round's answers into report pages, charts, CSVs and (optionally) a database."""
    from kijun.report.run import NothingUsableError, ReportDestinationError, RoundStillOpenError, run_report

    if (args.results is None) == (args.from_collector is None):
        print(
            "Give RESULTS (a folder of exported answers) or --from-collector (its database).", file=sys.stderr
        )
        return 2
    answers, source = None, args.results
    if args.from_collector is not None:
        from kijun.collect.store import describe
        from kijun.report.from_collector import CollectorUnreadableError, read_collected

        schema = args.root / QUIZZES_DIR / "results.schema.json"
        try:
            answers = read_collected(args.from_collector, schema, args.round)
        except CollectorUnreadableError as exc:
            print(f"Nothing to report: {exc}", file=sys.stderr)
            return 1
        source = describe(args.from_collector)
    refusals = {
        ReportDestinationError: "Not written",
        NothingUsableError: "Nothing to report",
        RoundStillOpenError: "Not reported",
    }
    try:
        run = run_report(source, args.root, args.out, args.round, args.db, answers)
    except SourceValidationError as exc:
        print(f"The repository's own sources are invalid:\n{exc}", file=sys.stderr)
        return 2
    except tuple(refusals) as exc:
        print(f"{refusals[type(exc)]}: {exc}", file=sys.stderr)
        return 1
    for problem in run.problems:
        print(f"warning: {problem}", file=sys.stderr)
    report = run.report
    overall = report.overall
    print(
        f"{report.quiz.id}: {len(report.agents)} agents, {len(report.cases)} cases, {report.answered} answers "
        f"({report.missing_answers} missing); accuracy {report.accuracy:.1%}, "
        f"agreement {overall.percent:.1%}, alpha {overall.alpha:.3f}"
        + (f", kappa {overall.kappa:.3f}" if overall.kappa is not None else "")
    )
    print(f"Wrote {len(run.written)} files, e.g. {run.written[0].parent}/")
    return 0
