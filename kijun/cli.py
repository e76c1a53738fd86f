"""The ``kijun`` command line: one entry point for authors, leads and CI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kijun.glossary import load_glossary
from kijun.library import load_library
from kijun.pages import missing_counterparts
from kijun.paths import DOCS_DIR, GLOSSARY_FILE
from kijun.policies import check_policy_articles
from kijun.sourcefile import SourceValidationError
from kijun.teams import team_names


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
        glossary = load_glossary(root / GLOSSARY_FILE)
        articles = check_policy_articles(root / DOCS_DIR, team_names(glossary, "en"))
        library = load_library(root)
    except SourceValidationError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(glossary.terms)} glossary terms, {len(articles)} policy pages, "
        f"{len(library.cases)} cases, {len(library.quizzes)} quizzes."
    )
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
