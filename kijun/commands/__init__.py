"""The ``kijun`` commands, one module per command: each ``register(commands)`` adds its parser and its handler.

The core's commands are listed in :data:`CORE`. Developer commands (benchmark, Lighthouse, search evaluation, demo
answers) live with the developer tooling and are found through the ``kijun.commands`` entry point group, so the core
never imports ``kijun_tools``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CORE = (
    "kijun.commands.check",
    "kijun.commands.check_pages",
    "kijun.commands.review_due",
    "kijun.commands.report",
    "kijun.commands.confirmations",
    "kijun.commands.gaps",
    "kijun.commands.translations",
    "kijun.commands.new_article",
    "kijun.commands.new_case",
    "kijun.collect.command",
)
ENTRY_POINTS = "kijun.commands"  # the group a package registers more commands under


def add_root(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The ``--root`` option every command that reads a repository takes."""
    parser.add_argument("--root", type=Path, default=Path(), help="the repository folder (default: .)")
    return parser
