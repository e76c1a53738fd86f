"""The ``kijun`` command line: one entry point for authors, leads and CI."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from kijun.collect import command as collect_command
from kijun.consistency import consistency_errors, matrix_case_errors
from kijun.handbook import Handbook
from kijun.languages import LANGUAGES, registry_of_docs
from kijun.library import load_library
from kijun.matrix.model import load_matrix
from kijun.pages import missing_counterparts
from kijun.paths import DOCS_DIR, QUIZZES_DIR
from kijun.sourcefile import SourceValidationError


def _review_due(args: argparse.Namespace) -> int:
    """List policy articles overdue for review (or due soon) by owner; with --fail, exit 1 if any is overdue."""
    from kijun.review_due import render_review_due, review_statuses

    root: Path = args.root
    try:
        handbook = Handbook(root)
        teams, articles = handbook.teams(LANGUAGES[0]), handbook.policies
    except SourceValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    statuses = review_statuses(articles, LANGUAGES[0], args.today)
    print(render_review_due(statuses, teams, args.within))
    return 1 if args.fail and any(status.overdue for status in statuses) else 0


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
        handbook = Handbook(root)
        glossary, articles, library = handbook.glossary, handbook.policies, handbook.library
        problems: list = []
        try:
            matrix = handbook.matrix
        except SourceValidationError as exc:  # report the pages and cases against it too, in the same run
            problems += exc.errors
            matrix = load_matrix(root)
        problems += consistency_errors(root, glossary, matrix)
        problems += matrix_case_errors(list(library.cases.values()), matrix)
        if problems:
            raise SourceValidationError(problems)
    except SourceValidationError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(glossary.terms)} glossary terms, {len(articles)} policy pages, "
        f"{len(library.cases)} cases, {len(library.quizzes)} quizzes, {len(matrix.rules)} matrix rules."
    )
    judged = [case.id for case in library.cases.values() if case.judgement]
    share = len(judged) / len(library.cases) if library.cases else 0
    print(
        f"{len(judged)} of {len(library.cases)} case keys ({share:.0%}) rest on judgement: {', '.join(judged) or 'none'}."
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    """Turn a folder of exported answers into report pages, charts, CSVs and (optionally) a database."""
    from kijun.report.run import NothingUsableError, ReportDestinationError, RoundStillOpenError, run_report

    answers, results, database = None, args.results, Path(args.db) if args.db else None
    if results is None:  # no folder: --db is the collector's database to read the answers from
        from kijun.collect.source import CollectorUnreadableError, read_collected
        from kijun.collect.store import describe

        if database is None:
            print(
                "Give RESULTS (a folder of exported answers) or --db (the collector's database).",
                file=sys.stderr,
            )
            return 2
        try:
            answers = read_collected(args.db, args.root / QUIZZES_DIR / "results.schema.json", args.round)
        except CollectorUnreadableError as exc:
            print(f"Nothing to report: {exc}", file=sys.stderr)
            return 1
        results, database = describe(args.db), None
    try:
        run = run_report(results, args.root, args.out, args.round, database, answers)
    except SourceValidationError as exc:
        print(f"The repository's own sources are invalid:\n{exc}", file=sys.stderr)
        return 2
    except ReportDestinationError as exc:
        print(f"Not written: {exc}", file=sys.stderr)
        return 1
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
    from kijun_tools.demo import demo_rounds

    written = demo_rounds(load_library(args.root), args.out, agents=args.agents, seed=args.seed)
    print(f"Wrote {len(written)} result files to {args.out}/")
    return 0


def _translations(args: argparse.Namespace) -> int:
    """Show (or check, or update) whether each target language's pages, and the cases, match the current English."""
    from kijun.translation import (
        NEEDS_WORK,
        case_statuses,
        first_target,
        mark_case_synced,
        mark_page_synced,
        page_statuses,
    )

    root: Path = args.root
    docs = root / DOCS_DIR
    targets = registry_of_docs(docs).target_codes
    if args.language is not None and args.language not in targets:
        print(
            f"unknown target language {args.language!r}; expected one of {', '.join(targets)}",
            file=sys.stderr,
        )
        return 2
    languages = (args.language,) if args.language else targets
    library = load_library(root)
    synced = []
    sync_language = args.language or first_target(docs)
    paths = (
        [p.path for p in page_statuses(docs, sync_language, with_changes=False) if p.japanese]
        if args.sync_all
        else []
    )
    for raw in args.sync or []:
        paths.append(_page_path(docs, raw))
    for path in paths:
        synced.append(f"{sync_language}/{path}: {mark_page_synced(docs, path, sync_language)}")
    case_ids = list(library.cases) if args.sync_all_cases else (args.sync_case or [])
    for case_id in case_ids:
        if case_id not in library.cases:
            print(f"unknown case {case_id!r}", file=sys.stderr)
            return 2
        synced.append(f"{case_id}: {mark_case_synced(library.cases[case_id])}")
    if synced:
        print("Marked as translated from the current English:\n  " + "\n  ".join(synced))
        library = load_library(root)
    pages = {language: page_statuses(docs, language) for language in languages}
    cases = case_statuses(library.cases.values())
    width = max(len(str(p.path)) for statuses in pages.values() for p in statuses)
    for language, statuses in pages.items():
        label = f"{language:<4}" if len(pages) > 1 else ""
        for page in statuses:
            details = ""
            if page.state == "stale":
                details = f"English changed {page.english_changed}" + (
                    f": {page.changes.describe()}" if page.changes else ""
                )
            elif page.state == "missing":
                details = f"the {language} site shows the English page"
            print(f"{label}{page.state:<10} {page.path!s:<{width}}  {details}".rstrip())
    for case in cases:
        if case.state != "translated":
            print(f"{case.state:<10} case {case.case_id} ({case.file.name})")
    every = [*(p for statuses in pages.values() for p in statuses), *cases]
    counts = {
        state: sum(s.state == state for s in every)
        for state in ("translated", "stale", "untracked", "missing")
    }
    page_count = sum(len(statuses) for statuses in pages.values())
    print(
        ", ".join(f"{n} {state}" for state, n in counts.items())
        + f" ({page_count} pages in {', '.join(languages)}, {len(cases)} cases)"
    )
    if args.check and any(s.state in NEEDS_WORK for s in every):
        print("Translations need work: stale or missing (see above).", file=sys.stderr)
        return 1
    return 0


def _page_path(docs: Path, raw: str) -> PurePosixPath:
    """Accept ``policies/x.md``, ``docs/ja/policies/x.md`` or ``docs/en/...`` and return the language-relative path."""
    path = PurePosixPath(Path(raw).as_posix())
    parts = path.parts
    for index in range(len(parts) - 1):
        if parts[index] in LANGUAGES and (index == 0 or parts[index - 1] == docs.name):
            return PurePosixPath(*parts[index + 1 :])
    return path


def _new_article(args: argparse.Namespace) -> int:
    """Create an article in the source language and each language given a title, and add it to the nav."""
    from kijun.scaffold import ScaffoldError, new_article

    titles = {"en": args.title_en, "ja": args.title_ja} | dict(args.title or [])
    titles = {code: title for code, title in titles.items() if title}
    try:
        written = new_article(args.root, args.name, titles, args.area, args.owner, args.id)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print("Created:\n  " + "\n  ".join(map(str, written)))
    return 0


def _language_value(raw: str) -> tuple[str, str]:
    code, separator, value = raw.partition("=")
    if not separator or not code or not value:
        raise argparse.ArgumentTypeError(f"expected CODE=TEXT, e.g. ja=ライブ配信; got {raw!r}")
    return code, value


def _new_case(args: argparse.Namespace) -> int:
    """Append a bilingual case skeleton with a fresh id to the policy's case file."""
    from kijun.scaffold import ScaffoldError, new_case

    try:
        case_id, file = new_case(args.root, args.policy)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print(f"Added {case_id} to {file}")
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    """Measure build cost, scaling, page weight and report speed; write the results table."""
    from kijun_tools.bench import run_benchmark

    print(run_benchmark(args.root.resolve(), args.output, rounds=args.rounds))
    print(f"Written to {args.output}")
    return 0


def _lighthouse(args: argparse.Namespace) -> int:
    """Score the main page types with Lighthouse; exit 1 if any is under target."""
    from kijun_tools.audit import audit_site, render_table

    results = audit_site(args.root.resolve(), args.chromium)
    print(render_table(results))
    failing = [r for r in results if r.misses()]
    for result in failing:
        print(f"\n{result.path}: under target in {', '.join(result.misses())}")
        for audit in result.failing:
            print(f"  - {audit}")
    return 1 if failing else 0


def _search_eval(args: argparse.Namespace) -> int:
    """Score the site's search on the evaluation queries, in Chromium, and print the table and the misses."""
    from kijun_tools.search_eval import SiteError, evaluate, render

    try:
        outcomes = evaluate(args.root.resolve(), tuple(args.language or LANGUAGES), args.site)
    except SourceValidationError as exc:
        print(f"Invalid query file:\n{exc}", file=sys.stderr)
        return 2
    except SiteError as exc:
        print(f"Cannot search: {exc}", file=sys.stderr)
        return 2
    if args.split:
        outcomes = {
            language: [o for o in items if o.query.split in args.split]
            for language, items in outcomes.items()
        }
    print(render(outcomes, show_misses=not args.no_misses))
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

    review_due = commands.add_parser("review-due", help="policy articles overdue for review, by owner")
    review_due.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    review_due.add_argument("--within", type=int, default=30, help="also list articles due within N days")
    review_due.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the date to judge by (YYYY-MM-DD)",
    )
    review_due.add_argument("--fail", action="store_true", help="exit 1 if any article is overdue (for CI)")
    review_due.set_defaults(handler=_review_due)

    report = commands.add_parser(
        "report",
        help="calibration report from exported answers",
        description="Read every exported result file (JSON or CSV) in RESULTS and write bilingual report pages "
        "with charts and CSV tables into the docs tree, so they publish with the site.",
    )
    report.add_argument(
        "results",
        type=Path,
        nargs="?",
        help="folder of exported result files (searched recursively); without it, --db names the collector's "
        "database (`kijun collect`) to read the answers from",
    )
    report.add_argument(
        "--round", help="the round (quiz id) to report on (default: the latest closed round in RESULTS)"
    )
    report.add_argument(
        "--out",
        help="where to put the report: a folder under docs/<lang>/ (default: reports/<round>), the same in every "
        "language; or an absolute path outside docs/, which gets one folder per language, PATH/en/ and PATH/ja/. "
        "A folder that exists and is not an earlier report is never replaced",
        metavar="PATH",
    )
    report.add_argument(
        "--db",
        metavar="FILE|URL",
        help="with RESULTS: also write a SQLite database of every answer to this file; without RESULTS: read the "
        "answers from the collector's database (its SQLite file or postgresql:// URL)",
    )
    report.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    report.set_defaults(handler=_report)

    translations = commands.add_parser(
        "translations",
        help="translation status of every page and case; --check for CI; --sync after reviewing a translation",
    )
    translations.add_argument(
        "--check", action="store_true", help="exit 1 if any translation is stale or missing"
    )
    translations.add_argument(
        "--language",
        metavar="CODE",
        help="one target language (default: every target language; --sync and --sync-all: the first)",
    )
    translations.add_argument(
        "--sync", nargs="+", metavar="PAGE", help="mark these Japanese pages as up to date"
    )
    translations.add_argument(
        "--sync-all", action="store_true", help="mark every existing Japanese page up to date"
    )
    translations.add_argument(
        "--sync-case", nargs="+", metavar="CASE_ID", help="mark these cases' Japanese up to date"
    )
    translations.add_argument(
        "--sync-all-cases", action="store_true", help="mark every case's Japanese up to date"
    )
    translations.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    translations.set_defaults(handler=_translations)

    article = commands.add_parser(
        "new-article", help="create an article from the template in English and each language given a title"
    )
    article.add_argument("name", help="file name without .md, e.g. live-sessions")
    article.add_argument("--id", required=True, help="policy id, e.g. POL-LIV")
    article.add_argument(
        "--title",
        action="append",
        type=_language_value,
        metavar="CODE=TITLE",
        help="the title in one language, e.g. --title ko=라이브; repeat per language (English required)",
    )
    article.add_argument("--title-en", help="English title (same as --title en=...)")
    article.add_argument(
        "--title-ja", help="Japanese title (same as --title ja=...); without it, no page yet"
    )
    article.add_argument("--area", required=True, help="policy area, e.g. conduct-and-safety")
    article.add_argument(
        "--owner", default="trust-safety-policy", help="owning team id (default: trust-safety-policy)"
    )
    article.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    article.set_defaults(handler=_new_article)

    case = commands.add_parser("new-case", help="add a bilingual case skeleton with a fresh id")
    case.add_argument("policy", help="the policy article it tests (file name without .md)")
    case.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    case.set_defaults(handler=_new_case)

    bench = commands.add_parser(
        "benchmark", help="build cost, scaling, page weight and report speed, as a table"
    )
    bench.add_argument("--rounds", type=int, default=5, help="builds per setting and corpus (default: 5)")
    bench.add_argument(
        "--output", type=Path, default=Path("benchmarks/RESULTS.md"), help="where to write the table"
    )
    bench.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    bench.set_defaults(handler=_benchmark)

    lighthouse = commands.add_parser(
        "lighthouse", help="Lighthouse scores of the main page types (npm + chromium)"
    )
    lighthouse.add_argument(
        "--chromium", default="/usr/bin/chromium", help="browser binary (default: Debian's)"
    )
    lighthouse.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    lighthouse.set_defaults(handler=_lighthouse)

    search_eval = commands.add_parser(
        "search-eval",
        help="score the site's search on the evaluation queries in Chromium (hit@3, MRR, zero results, misses)",
    )
    search_eval.add_argument("--language", action="append", choices=LANGUAGES, help="only this language")
    search_eval.add_argument(
        "--split", action="append", choices=("tune", "holdout", "titles"), help="only this split (repeatable)"
    )
    search_eval.add_argument("--site", type=Path, help="an already built site (default: build one)")
    search_eval.add_argument("--no-misses", action="store_true", help="print the table only")
    search_eval.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    search_eval.set_defaults(handler=_search_eval)

    demo = commands.add_parser("demo-round", help="write synthetic calibration answers for demos and tests")
    demo.add_argument("out", type=Path, help="folder to write the result files into")
    demo.add_argument("--agents", type=int, default=12, help="number of agents (default: 12)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    demo.set_defaults(handler=_demo_round)
    collect_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
