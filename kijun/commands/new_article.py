"""``kijun new-article``: an article in the source language and each language given a title, with its matrix."""

from __future__ import annotations

import argparse
import sys

from kijun.commands import add_root
from kijun.scaffold import ScaffoldError, new_article


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new-article",
        help="create an article from the template in the source language and each language titled",
    )
    parser.add_argument("name", help="file name without .md, e.g. live-sessions")
    parser.add_argument("--id", required=True, help="policy id, e.g. POL-LIV")
    parser.add_argument(
        "--title",
        action="append",
        type=language_value,
        metavar="CODE=TITLE",
        help="the title in one language, e.g. --title ja=ライブ配信; repeat per language (the source language's "
        "is required)",
    )
    parser.add_argument("--area", required=True, help="policy area, e.g. conduct-and-safety")
    parser.add_argument(
        "--owner", default="trust-safety-policy", help="owning team id (default: trust-safety-policy)"
    )
    add_root(parser).set_defaults(handler=run)


def language_value(raw: str) -> tuple[str, str]:
    code, separator, value = raw.partition("=")
    if not separator or not code or not value:
        raise argparse.ArgumentTypeError(f"expected CODE=TEXT, e.g. ja=ライブ配信; got {raw!r}")
    return code, value


def run(args: argparse.Namespace) -> int:
    """Create the article pages and the matrix file, and add the article to the nav."""
    titles = {code: title for code, title in (args.title or []) if title}
    try:
        written = new_article(args.root, args.name, titles, args.area, args.owner, args.id)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print("Created:\n  " + "\n  ".join(map(str, written)))
    return 0
