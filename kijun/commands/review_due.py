"""``kijun review-due``: policy articles overdue for review, by owner."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kijun.commands import add_root
from kijun.handbook import Handbook
from kijun.review_due import render_review_due, review_statuses
from kijun.sourcefile import SourceValidationError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("review-due", help="policy articles overdue for review, by owner")
    parser.add_argument("--within", type=int, default=30, help="also list articles due within N days")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the date to judge by (YYYY-MM-DD)",
    )
    parser.add_argument("--fail", action="store_true", help="exit 1 if any article is overdue (for CI)")
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List policy articles overdue for review (or due soon) by owner; with --fail, exit 1 if any is overdue."""
    try:
        handbook = Handbook(args.root)
        source = handbook.languages.source.code
        teams, articles = handbook.teams(source), handbook.policies
    except SourceValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    statuses = review_statuses(articles, source, args.today)
    print(render_review_due(statuses, teams, args.within))
    return 1 if args.fail and any(status.overdue for status in statuses) else 0
