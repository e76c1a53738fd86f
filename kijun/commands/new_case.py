"""``kijun new-case``: a case skeleton in every language with a fresh id."""

from __future__ import annotations

import argparse
import sys

from kijun.commands import add_root
from kijun.scaffold import ScaffoldError, new_case


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("new-case", help="add a case skeleton with a fresh id")
    parser.add_argument("policy", help="the policy article it tests (file name without .md)")
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Append a case skeleton with a fresh id to the policy's case file."""
    try:
        case_id, file = new_case(args.root, args.policy)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print(f"Added {case_id} to {file}")
    return 0
