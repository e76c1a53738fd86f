"""``kijun confirmations``: who has confirmed reading each article version that asks for it, and who is overdue.

Read from the collector over HTTP with the lead's token (what a lead without database access has), or straight
from its database (SQLite file or PostgreSQL URL), as ``kijun report --from-collector`` does. Both give the same
view (:mod:`kijun.confirmations`), printed as a table, an Excel-safe CSV or JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from kijun.commands import add_root
from kijun.commands.collector_source import (
    UnreadableError,
    add_collector_option,
    add_output_options,
    is_address,
    read_database,
    read_over_http,
    write_formatted,
)
from kijun.confirmations import confirmation_status, required_confirmations, status_csv, status_table
from kijun.contracts import CONFIRMATION_ROUTE
from kijun.handbook import Handbook
from kijun.sourcefile import SourceValidationError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "confirmations",
        help="who confirmed reading each article version that asks for it, and who is overdue",
        description="Per article version with confirm_by: every agent as confirmed, overdue or pending. Agents are "
        "everyone the collector has heard from (answers or confirmations), or the names in --agents.",
    )
    add_collector_option(parser)
    parser.add_argument("--agents", type=Path, metavar="FILE", help="the roster: one agent name per line")
    parser.add_argument(
        "--language", help="the language of the article titles (default: the source language)"
    )
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="judge overdue as of this day (YYYY-MM-DD)"
    )
    add_output_options(parser)
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print (or write) the confirmation status in the chosen format; 2 when a source cannot be read."""
    try:
        roster = _roster(args.agents) if args.agents else None
        location = args.from_collector
        if is_address(location):
            status = _over_http(location, args.language, roster, args.today)
        else:
            status = _from_database(location, args.root, args.language, roster, args.today)
    except (UnreadableError, SourceValidationError) as exc:
        print(exc, file=sys.stderr)
        return 2
    write_formatted(status, args, status_table, status_csv)
    return 0


def _roster(file: Path) -> list[str]:
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableError(f"{file}: cannot read the roster ({exc})") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _from_database(
    location: str, root: Path, language: str | None, roster: list[str] | None, today: dt.date | None
) -> dict[str, Any]:
    handbook = Handbook(root)
    language = language or handbook.languages.source.code
    if language not in handbook.languages.codes:
        raise UnreadableError(f"--language {language}: not one of {', '.join(handbook.languages.codes)}")
    required = required_confirmations(handbook.policies, language)
    stored, known = read_database(location, lambda store: (store.confirmations(), store.agents()))
    names = roster if roster is not None else list(known.values())
    return confirmation_status(required, stored, names, today or dt.date.today())


def _over_http(
    base: str, language: str | None, roster: list[str] | None, today: dt.date | None
) -> dict[str, Any]:
    """The collector's own view (its sources, its clock); a roster or another day is applied to its answer."""
    status = read_over_http(base, CONFIRMATION_ROUTE, {"language": language} if language else {})
    if roster is None and today is None:
        return status
    return _rejudged(status, roster, today)


def _rejudged(status: dict[str, Any], roster: list[str] | None, today: dt.date | None) -> dict[str, Any]:
    """The collector's view recomputed for another roster or day, from the confirmations it lists."""
    from kijun.answers import agent_key
    from kijun.collect.store import StoredConfirmation
    from kijun.confirmations import CONFIRMED, Required

    required, stored, everyone = [], [], []
    for version in status["versions"]:
        required.append(
            Required(
                version["policy_id"],
                version["article"],
                version["title"],
                version["version"],
                dt.date.fromisoformat(version["confirm_by"]),
            )
        )
        for agent in version["agents"]:
            everyone.append(agent["agent"])
            if agent["status"] == CONFIRMED:
                stored.append(
                    StoredConfirmation(
                        version["policy_id"],
                        version["version"],
                        agent["language"],
                        agent["agent"],
                        agent_key(agent["agent"]),
                        agent["confirmed_at"],
                        received_at="",
                    )
                )
    names = roster if roster is not None else everyone
    return confirmation_status(required, stored, names, today or dt.date.fromisoformat(status["as_of"]))
