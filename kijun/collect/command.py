"""``kijun collect``: the command line of the collector (registered by :mod:`kijun.cli`)."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
from pathlib import Path

from kijun.collect.config import (
    DEFAULT_DATABASE,
    DEFAULT_MAX_BYTES,
    DEFAULT_ORIGINS,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RETENTION_DAYS,
    Settings,
    SettingsError,
)

TOKEN_VARIABLE = "KIJUN_COLLECT_TOKEN"  # noqa: S105 (the name of the variable, not a token)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "collect",
        help="receive the quizzes' POSTed answers into SQLite or PostgreSQL (the lead reads them with a token)",
        description="Receive quiz results POSTed by the site (results_endpoint: http://HOST:PORT/results), store "
        "each submission once, and serve the lead a round's progress and export. Run it on the internal network, "
        "next to the site behind the company's SSO or VPN.",
    )
    parser.add_argument(
        "--db",
        default=DEFAULT_DATABASE,
        metavar="FILE|URL",
        help=f"SQLite file (default: {DEFAULT_DATABASE}) or postgresql://user@host/dbname",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8800, help="port (default: 8800; 0 picks a free one)")
    parser.add_argument(
        "--origin",
        action="append",
        metavar="URL",
        help="the site's origin allowed to send results, repeatable "
        f"(default: {' and '.join(DEFAULT_ORIGINS)}, as `make serve` serves it)",
    )
    parser.add_argument(
        "--token",
        help=f"the lead's read token (default: ${TOKEN_VARIABLE}; if unset, a new one is printed at start). "
        "Prefer the variable: a command line is visible to other users of the machine",
    )
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="request size limit")
    parser.add_argument(
        "--rate-limit", default=DEFAULT_RATE_LIMIT, help=f"per client address (default: {DEFAULT_RATE_LIMIT})"
    )
    parser.add_argument(
        "--retention-days",
        type=int,
        default=DEFAULT_RETENTION_DAYS,
        help="delete search gaps and 'was this clear?' votes older than this "
        f"(default: {DEFAULT_RETENTION_DAYS}; quiz answers and read confirmations are kept)",
    )
    parser.add_argument(
        "--trust-proxy",
        metavar="IPS",
        help="take the client address from X-Forwarded-For set by these proxy addresses (comma-separated)",
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kijun.collect.app import create_app
    from kijun.collect.backends import open_store
    from kijun.collect.server import bind, serve
    from kijun.collect.store import describe
    from kijun.sourcefile import SourceValidationError

    token = args.token or os.environ.get(TOKEN_VARIABLE) or ""
    generated = not token
    token = token or secrets.token_urlsafe(24)
    try:
        settings = Settings(
            token=token,
            database=args.db,
            root=args.root,
            origins=tuple(args.origin or DEFAULT_ORIGINS),
            max_bytes=args.max_bytes,
            rate_limit=args.rate_limit,
            retention_days=args.retention_days,
        )
        store = open_store(settings.database)
    except SettingsError as exc:
        print(f"Not started: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a database that cannot be opened: say which and why, no traceback
        print(f"Not started: cannot open the database {args.db}: {exc}", file=sys.stderr)
        return 2
    try:
        app = create_app(settings, store)
        sock = bind(args.host, args.port)
    except SourceValidationError as exc:
        store.close()
        print(f"Not started: the repository's quizzes are invalid:\n{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        store.close()
        print(f"Not started: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"Collecting answers on http://{shown}:{port}/results into {describe(settings.database)}", flush=True
    )
    print(f"Quiz pages allowed to send: {', '.join(settings.origins)}", flush=True)
    if generated:
        print(f"Read token for this run (set {TOKEN_VARIABLE} to keep one): {token}", flush=True)
    logging.basicConfig(level=logging.INFO)
    try:
        serve(app, sock, args.trust_proxy)
    finally:
        store.close()
    return 0
