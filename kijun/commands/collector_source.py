"""How the lead's commands read the collector: over HTTP with the token, or straight from its database.

Shared by ``kijun confirmations`` and ``kijun gaps``: the same option, the same token variable, the same errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kijun.collect.command import TOKEN_VARIABLE

_HTTP_TIMEOUT = 30
T = TypeVar("T")


class UnreadableError(Exception):
    """The collector or its database cannot be read; the message says which and why."""


def add_collector_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from-collector",
        metavar="URL|FILE",
        required=True,
        help=f"the collector's address (http(s)://…, read with the token in ${TOKEN_VARIABLE}), or its "
        "database: a SQLite file or a postgresql:// URL",
    )


def is_address(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_over_http(base: str, route: str, params: dict[str, str]) -> dict[str, Any]:
    """``GET base+route?params`` with the lead's token; the collector's JSON answer."""
    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise UnreadableError(f"set {TOKEN_VARIABLE} to the collector's read token")
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    request = urllib.request.Request(  # noqa: S310 (the caller checked the scheme: http or https)
        base.rstrip("/") + route + query, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=_HTTP_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise UnreadableError(f"{base}: the collector answered {exc.code} ({_reason(exc)})") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UnreadableError(f"{base}: cannot read the collector ({exc})") from None


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read().decode("utf-8"))["message"])
    except (ValueError, KeyError, TypeError, OSError):
        return error.reason


def read_database(location: str, read: Callable[[Any], T]) -> T:
    """``read(store)`` on the collector's database at ``location`` (which must exist)."""
    import psycopg

    from kijun.collect.backends import open_store
    from kijun.collect.store import describe

    try:
        store = open_store(location, create=False)
        try:
            return read(store)
        finally:
            store.close()
    except (OSError, sqlite3.Error, psycopg.Error) as exc:
        raise UnreadableError(f"cannot read the collector database {describe(location)}: {exc}") from None


FORMATS = ("table", "csv", "json")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")


def write_formatted(
    data: Any, args: argparse.Namespace, table: Callable[[Any], str], csv_text: Callable[[Any], str]
) -> None:
    """``data`` in the format the lead chose (a terminal table, an Excel-safe CSV, or JSON), where they chose."""
    writers = {
        "table": table,
        "csv": csv_text,
        "json": lambda d: json.dumps(d, ensure_ascii=False, indent=2) + "\n",
    }
    write_output(writers[args.format](data), args.output)


def write_output(text: str, output: Any) -> None:
    """``text`` to the file ``output`` (whole or not at all), or to standard output."""
    import sys

    if output is None:
        sys.stdout.write(text)
        return
    temporary = output.with_name(output.name + ".part")
    temporary.write_text(text, encoding="utf-8", newline="")
    temporary.replace(output)
