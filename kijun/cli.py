"""The ``kijun`` command line: one entry point for authors, leads and CI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kijun.glossary import load_glossary
from kijun.library import load_library
from kijun.pages import missing_counterparts
from kijun.paths import DOCS_DIR, GLOSSARY_FILE
from kijun.policies import check_policy_articles
from kijun.sourcefile import SourceValidationError
from kijun.teams import team_names


def _check_pages(args: argparse.Namespace) -> int:
    """Report pages that lack their other-language counterpart; exit 1 if any do."""
    missing = missing_counterparts(args.docs_dir)
    for item in missing:
        print(item.describe(args.docs_dir), file=sys.stderr)
    if missing:
        print(f"{len(missing)} page(s) without a counterpart.", file=sys.stderr)
        return 1
    print("Every page has its English and Japanese counterpart.")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Validate the glossary, policy articles, cases and quizzes; print every problem with file and line."""
    root: Path = args.root
    try:
        glossary = load_glossary(root / GLOSSARY_FILE)
        articles = check_policy_articles(root / DOCS_DIR, team_names(glossary, "en"))
        library = load_library(root)
    except SourceValidationError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(glossary.terms)} glossary terms, {len(articles)} policy pages, "
        f"{len(library.cases)} cases, {len(library.quizzes)} quizzes."
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    """Turn a folder of exported answers into report pages, charts, CSVs and (optionally) a database."""
    from kijun.report.run import NothingUsableError, RoundStillOpenError, run_report

    try:
        run = run_report(args.results, args.root, args.out, args.round, args.db)
    except SourceValidationError as exc:
        print(f"The repository's own sources are invalid:\n{exc}", file=sys.stderr)
        return 2
    except NothingUsableError as exc:
        print(f"Nothing to report: {exc}", file=sys.stderr)
        return 1
    except RoundStillOpenError as exc:
        print(f"Not reported: {exc}", file=sys.stderr)
        return 1
    for problem in run.problems:
        print(f"warning: {problem}", file=sys.stderr)
    report = run.report
    answers = sum(a.answered for a in report.agents)
    correct = sum(a.correct for a in report.agents)
    print(
        f"{report.quiz.id}: {len(report.agents)} agents, {len(report.cases)} cases, {answers} answers "
        f"({report.missing_answers} missing); accuracy {correct / answers:.1%}, "
        f"agreement {report.overall.percent:.1%}, alpha {report.overall.alpha:.3f}"
        + (f", kappa {report.overall.kappa:.3f}" if report.overall.kappa is not None else "")
    )
    print(f"Wrote {len(run.written)} files, e.g. {run.written[0].parent}/")
    return 0


def _demo_round(args: argparse.Namespace) -> int:
    """Write synthetic answers to every calibration round, as agents would export them."""
    from kijun.report.demo import demo_rounds

    written = demo_rounds(load_library(args.root), args.out, agents=args.agents, seed=args.seed)
    print(f"Wrote {len(written)} result files to {args.out}/")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kijun", description=__doc__)
    parser.add_argument(
        "--docs-dir", type=Path, default=Path("docs"), help="the MkDocs docs folder (default: docs)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_pages = commands.add_parser(
        "check-pages", help="fail if a page exists in one language but not the other"
    )
    check_pages.set_defaults(handler=_check_pages)
    check = commands.add_parser("check", help="validate glossary, policy articles, cases and quizzes")
    check.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    check.set_defaults(handler=_check)

    report = commands.add_parser(
        "report",
        help="calibration report from exported answers",
        description="Read every exported result file (JSON or CSV) in RESULTS and write bilingual report pages "
        "with charts and CSV tables into the docs tree, so they publish with the site.",
    )
    report.add_argument("results", type=Path, help="folder of exported result files (searched recursively)")
    report.add_argument(
        "--round", help="the round (quiz id) to report on (default: the latest closed round in RESULTS)"
    )
    report.add_argument(
        "--out", help="where under docs/<lang>/ to put the report (default: reports/<round>)", metavar="PATH"
    )
    report.add_argument("--db", type=Path, help="also write a SQLite database of every answer to this file")
    report.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    report.set_defaults(handler=_report)

    demo = commands.add_parser("demo-round", help="write synthetic calibration answers for demos and tests")
    demo.add_argument("out", type=Path, help="folder to write the result files into")
    demo.add_argument("--agents", type=int, default=12, help="number of agents (default: 12)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    demo.set_defaults(handler=_demo_round)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
