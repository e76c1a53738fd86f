"""``kijun confirmations``: who has confirmed reading each article version that asks for it, and who is overdue.

Read from the collector over HTTP with the lead's token (what a lead without database access has), or straight
from its database (SQLite file or PostgreSQL URL), as ``kijun report --from-collector`` does. Both give the same
view (:mod:`kijun.confirmations`), printed as a table, an Excel-safe CSV or JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from kijun.collect.command import TOKEN_VARIABLE
from kijun.commands import add_root
from kijun.confirmations import confirmation_status, required_confirmations, status_csv, status_table
from kijun.contracts import CONFIRMATION_ROUTE
from kijun.handbook import Handbook
from kijun.sourcefile import SourceValidationError

FORMATS = ("table", "csv", "json")
_HTTP_TIMEOUT = 30


class UnreadableError(Exception):
    """The collector or its database cannot be read; the message says which and why."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "confirmations",
        help="who confirmed reading each article version that asks for it, and who is overdue",
        description="Per article version with confirm_by: every agent as confirmed, overdue or pending. Agents are "
        "everyone the collector has heard from (answers or confirmations), or the names in --agents.",
    )
    parser.add_argument(
        "--from-collector",
        metavar="URL|FILE",
        required=True,
        help="the collector's address (http(s)://…, read with the token in $" + TOKEN_VARIABLE + "), or its "
        "database: a SQLite file or a postgresql:// URL",
    )
    parser.add_argument("--agents", type=Path, metavar="FILE", help="the roster: one agent name per line")
    parser.add_argument(
        "--language", help="the language of the article titles (default: the source language)"
    )
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="judge overdue as of this day (YYYY-MM-DD)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print (or write) the confirmation status in the chosen format; 2 when a source cannot be read."""
    try:
        roster = _roster(args.agents) if args.agents else None
        location = args.from_collector
        if location.startswith(("http://", "https://")):
            status = _over_http(location, args.language, roster, args.today)
        else:
            status = _from_database(location, args.root, args.language, roster, args.today)
    except (UnreadableError, SourceValidationError) as exc:
        print(exc, file=sys.stderr)
        return 2
    text = {
        "table": status_table,
        "csv": status_csv,
        "json": lambda s: json.dumps(s, ensure_ascii=False, indent=2) + "\n",
    }[args.format](status)
    if args.output:
        temporary = args.output.with_name(args.output.name + ".part")
        temporary.write_text(text, encoding="utf-8", newline="")
        temporary.replace(args.output)  # never a half-written file
    else:
        sys.stdout.write(text)
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
    import psycopg

    from kijun.collect.backends import open_store
    from kijun.collect.store import describe

    handbook = Handbook(root)
    language = language or handbook.languages.source.code
    if language not in handbook.languages.codes:
        raise UnreadableError(f"--language {language}: not one of {', '.join(handbook.languages.codes)}")
    required = required_confirmations(handbook.policies, language)
    try:
        store = open_store(location, create=False)
        try:
            stored, known = store.confirmations(), store.agents()
        finally:
            store.close()
    except (OSError, sqlite3.Error, psycopg.Error) as exc:
        raise UnreadableError(f"cannot read the collector database {describe(location)}: {exc}") from None
    names = roster if roster is not None else list(known.values())
    return confirmation_status(required, stored, names, today or dt.date.today())


def _over_http(
    base: str, language: str | None, roster: list[str] | None, today: dt.date | None
) -> dict[str, Any]:
    """The collector's own view (its sources, its clock); a roster or another day is applied to its answer."""
    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise UnreadableError(f"set {TOKEN_VARIABLE} to the collector's read token")
    query = f"?{urllib.parse.urlencode({'language': language})}" if language else ""
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked: http or https)
        base.rstrip("/") + CONFIRMATION_ROUTE + query, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=_HTTP_TIMEOUT) as response:  # noqa: S310
            status = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise UnreadableError(f"{base}: the collector answered {exc.code} ({_reason(exc)})") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UnreadableError(f"{base}: cannot read the collector ({exc})") from None
    if roster is None and today is None:
        return status
    return _rejudged(status, roster, today)


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode("utf-8"))["message"])
    except (ValueError, KeyError, TypeError, OSError):
        return error.reason


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
