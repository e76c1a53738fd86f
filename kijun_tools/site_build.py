"""One way for Kijun's tools to build a site: MkDocs in strict mode, in a subprocess, as CI builds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def strict_build(config: Path, site: Path, env: dict[str, str] | None = None) -> float:
    """Build the site of ``config`` into ``site`` strictly (a failure raises ``CalledProcessError``), with extra
    environment variables ``env``; return the seconds it took."""
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 (the project's own MkDocs)
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start
