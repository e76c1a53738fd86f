"""``kijun check-pages``: every page exists in every language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kijun.pages import scan_pages


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check-pages", help="fail if a page exists in one language but not another")
    parser.add_argument(
        "--docs-dir", type=Path, default=Path("docs"), help="the MkDocs docs folder (default: docs)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Report pages that lack a counterpart in another language; exit 1 if any do."""
    missing = scan_pages(args.docs_dir).missing_counterparts()
    for item in missing:
        print(item.describe(), file=sys.stderr)
    if missing:
        print(f"{len(missing)} page(s) without a counterpart.", file=sys.stderr)
        return 1
    print("Every page has its counterpart in every language.")
    return 0
