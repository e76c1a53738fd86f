"""How Kijun's checks start Debian's chromium: one place for the binary and the flags an offline machine needs."""

from __future__ import annotations

import os
from pathlib import Path


def chromium_path() -> Path:
    """The browser binary: ``KIJUN_CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("KIJUN_CHROMIUM", "/usr/bin/chromium"))


# Flags for a sandboxed, offline machine: no background traffic to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
