"""``kijun gaps``: what agents searched for without finding a page, and the pages they found unclear.

From the collector over HTTP with the lead's token, or from its database, as a table, an Excel-safe CSV or JSON;
``--pages`` also writes the report page in every language (``docs/<lang>/reports/reading-gaps.md``), so it
publishes with the site as a calibration report does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from kijun.collect.reader_routes import GAPS_ROUTE
from kijun.commands import add_root
from kijun.commands.collector_source import (
    UnreadableError,
    add_collector_option,
    add_output_options,
    is_address,
    read_database,
    read_over_http,
    write_formatted,
    write_output,
)
from kijun.csv_safety import excel_csv
from kijun.gaps import MIN_BROWSERS, feedback_pages, gaps_summary
from kijun.gaps_render import GAPS_PAGE_ID, gaps_page
from kijun.handbook import Handbook
from kijun.sourcefile import SourceValidationError
from kijun.terminal_text import printable

CSV_COLUMNS = ("kind", "language", "query_or_page", "browsers", "searches", "no_results", "unclear", "clear")
CSV_COLUMNS += ("sections", "weeks", "next_step")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "gaps",
        help="searches that found nothing useful and pages agents found unclear, from the collector",
        description="Unanswered searches grouped by normalised form (shown once --min-browsers distinct browsers "
        "typed them, with counts per week) and pages ranked by 'unclear' votes, each with its next step.",
    )
    add_collector_option(parser)
    parser.add_argument("--min-browsers", type=int, default=MIN_BROWSERS, help="threshold for a query")
    add_output_options(parser)
    parser.add_argument(
        "--pages", action="store_true", help="also write the report page in every language under docs/"
    )
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.min_browsers < 1:
        print("--min-browsers must be at least 1", file=sys.stderr)
        return 2
    try:
        handbook = Handbook(args.root)
        codes = handbook.languages.codes
        titles = {
            (code, page): title
            for code in codes
            for page, title in feedback_pages(handbook.pages, code).items()
        }
        if is_address(args.from_collector):
            summary = read_over_http(
                args.from_collector, GAPS_ROUTE, {"min_browsers": str(args.min_browsers)}
            )
        else:
            searches, votes = read_database(args.from_collector, _events)
            summary = gaps_summary(searches, votes, titles, codes[0], args.min_browsers)
        if args.pages:
            _write_pages(handbook, summary, titles)
    except (UnreadableError, SourceValidationError) as exc:
        print(exc, file=sys.stderr)
        return 2
    write_formatted(summary, args, gaps_table, gaps_csv)
    return 0


def _events(store: Any) -> tuple[list, list]:
    from kijun.collect.reader_store import Feedback, SearchGap

    return store.events(SearchGap), store.events(Feedback)


def _write_pages(handbook: Handbook, summary: dict[str, Any], titles: dict) -> None:
    """The report page in every language; a page at that place that is not this report is never replaced."""
    targets = {
        code: handbook.docs / code / "reports" / f"{GAPS_PAGE_ID}.md" for code in handbook.languages.codes
    }
    for target in targets.values():
        if target.exists() and GAPS_PAGE_ID not in target.read_text(encoding="utf-8"):
            raise UnreadableError(f"{target}: exists and is not a reading-gaps report; not replaced")
    for code, target in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_output(gaps_page(summary, titles, code, dt.date.today()), target)


def rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    found = [
        {"kind": "query", "query_or_page": item["query"], "unclear": None, "clear": None, "sections": None}
        | {key: item[key] for key in ("language", "browsers", "searches", "no_results", "next_step")}
        | {"weeks": " ".join(f"{week}:{count}" for week, count in item["weeks"].items())}
        for item in summary["queries"]
    ]
    found += [
        {"kind": "page", "query_or_page": item["page"], "language": None, "browsers": None, "searches": None}
        | {"no_results": None, "weeks": None, "unclear": item["unclear"], "clear": item["clear"]}
        | {
            "sections": " ".join(f"#{s}:{n}" for s, n in item["sections"].items()),
            "next_step": item["next_step"],
        }
        for item in summary["pages"]
    ]
    return found


def gaps_csv(summary: dict[str, Any]) -> str:
    return excel_csv(CSV_COLUMNS, [[row[column] for column in CSV_COLUMNS] for row in rows(summary)])


def gaps_table(summary: dict[str, Any]) -> str:
    lines = [f"Searches that found nothing useful (typed in {summary['min_browsers']}+ browsers):"]
    lines += [
        f"  {printable(item['query'])} [{item['language']}]: {item['browsers']} browsers, {item['searches']} "
        f"searches, {item['no_results']} with no result; {item['next_step']}"
        for item in summary["queries"]
    ] or ["  none"]
    lines.append("Pages found unclear:")
    lines += [
        f"  {item['page']}: {item['unclear']} unclear, {item['clear']} clear"
        + (f"; sections {', '.join(item['sections'])}" if item["sections"] else "")
        + f"; {item['next_step']}"
        for item in summary["pages"]
    ] or ["  none"]
    return "\n".join(lines) + "\n"
