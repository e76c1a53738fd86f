"""The developer commands of ``kijun`` (benchmark, Lighthouse, search evaluation, demo answers), registered through
the ``kijun.commands`` entry point (pyproject.toml): the core's command line finds them without importing this
package itself."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kijun.commands import add_root


def register(commands: argparse._SubParsersAction) -> None:
    bench = commands.add_parser(
        "benchmark", help="build cost, scaling, page weight and report speed, as a table"
    )
    bench.add_argument("--rounds", type=int, default=5, help="builds per setting and corpus (default: 5)")
    bench.add_argument(
        "--output", type=Path, default=Path("benchmarks/RESULTS.md"), help="where to write the table"
    )
    add_root(bench).set_defaults(handler=benchmark)

    lighthouse_parser = commands.add_parser(
        "lighthouse", help="Lighthouse scores of the main page types (npm + chromium)"
    )
    lighthouse_parser.add_argument(
        "--chromium", default="/usr/bin/chromium", help="browser binary (default: Debian's)"
    )
    lighthouse_parser.add_argument(
        "--page", action="append", metavar="PATH", help="only this page, e.g. ja/quizzes/ (repeatable)"
    )
    lighthouse_parser.add_argument(
        "--default-throttling",
        action="store_true",
        help="Lighthouse's default 4x CPU slowdown instead of one calibrated to the host",
    )
    lighthouse_parser.add_argument(
        "--record", type=Path, metavar="FILE", help="also write the table into FILE (benchmarks/RESULTS.md)"
    )
    add_root(lighthouse_parser).set_defaults(handler=lighthouse)

    evaluation = commands.add_parser(
        "search-eval",
        help="score the site's search on the evaluation queries in Chromium (hit@3, MRR, zero results, misses)",
    )
    evaluation.add_argument(
        "--language", action="append", metavar="CODE", help="only this language (repeatable)"
    )
    evaluation.add_argument(
        "--split", action="append", choices=("tune", "holdout", "titles"), help="only this split (repeatable)"
    )
    evaluation.add_argument("--site", type=Path, help="an already built site (default: build one)")
    evaluation.add_argument("--no-misses", action="store_true", help="print the table only")
    add_root(evaluation).set_defaults(handler=search_eval)

    demo = commands.add_parser("demo-round", help="write synthetic calibration answers for demos and tests")
    demo.add_argument("out", type=Path, help="folder to write the result files into")
    demo.add_argument("--agents", type=int, default=12, help="number of agents (default: 12)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    add_root(demo).set_defaults(handler=demo_round)


def benchmark(args: argparse.Namespace) -> int:
    """Measure build cost, scaling, page weight and report speed; write the results table."""
    from kijun_tools.bench import run_benchmark

    print(run_benchmark(args.root.resolve(), args.output, rounds=args.rounds))
    print(f"Written to {args.output}")
    return 0


def lighthouse(args: argparse.Namespace) -> int:
    """Score the main page types with Lighthouse; exit 1 if any is under target."""
    from kijun_tools.audit import PAGES, audit_site, record_section, render_table

    pages = tuple(args.page) if args.page else PAGES
    results = audit_site(args.root.resolve(), args.chromium, pages, calibrate=not args.default_throttling)
    print(render_table(results))
    if args.record:
        record_section(
            args.record, render_table(results), not args.default_throttling, dt.date.today().isoformat()
        )
    failing = [r for r in results if r.misses()]
    for result in failing:
        print(f"\n{result.path}: under target in {', '.join(result.misses())}")
        for audit in result.failing:
            print(f"  - {audit}")
    return 1 if failing else 0


def search_eval(args: argparse.Namespace) -> int:
    """Score the site's search on the evaluation queries, in Chromium, and print the table and the misses."""
    from kijun.handbook import Handbook
    from kijun.sourcefile import SourceValidationError
    from kijun_tools.search_eval import SiteError, evaluate, render

    codes = Handbook(args.root).languages.codes
    unknown = sorted(set(args.language or ()) - set(codes))
    if unknown:
        print(f"unknown language {', '.join(unknown)}; use one of {', '.join(codes)}", file=sys.stderr)
        return 2
    try:
        outcomes = evaluate(args.root.resolve(), tuple(args.language or codes), args.site)
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


def demo_round(args: argparse.Namespace) -> int:
    """Write synthetic answers to every calibration round, as agents would export them."""
    from kijun.handbook import Handbook
    from kijun_tools.demo import demo_rounds

    written = demo_rounds(Handbook(args.root).library, args.out, agents=args.agents, seed=args.seed)
    print(f"Wrote {len(written)} result files to {args.out}/")
    return 0
