"""The ``kijun`` command line: one entry point for authors, leads and CI.

Each command is a module of :mod:`kijun.commands`; commands other packages provide (the developer tooling's) are
found through the ``kijun.commands`` entry point group.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from importlib.metadata import entry_points

from kijun.commands import CORE, ENTRY_POINTS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kijun", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in CORE:
        importlib.import_module(module).register(commands)
    for entry in entry_points(group=ENTRY_POINTS):
        entry.load()(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
