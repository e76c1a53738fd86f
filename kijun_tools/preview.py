"""The author's preview, measured from outside: `mkdocs serve` on a copy of a site, a saved edit, and the time until
the served page shows it. Used by the benchmark (save-to-reload time) and by the tests (every source is watched).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering (starting, or between builds)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback preview server)
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll ``condition`` until it holds; return the seconds it took. ``timeout`` only bounds a broken preview."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"preview: {what} not seen after {timeout:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - start


@contextmanager
def preview_server(root: Path, language: str | None = None, timeout: float = 300) -> Iterator[str]:
    """Run ``mkdocs serve --dirty`` for the site in ``root``, as ``make serve`` does (the one-language preview if
    ``language`` is given); yield its base URL."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KIJUN_PREVIEW_LANGUAGE", None)
    if language:  # what `make serve PREVIEW=<language>` sets
        env["KIJUN_PREVIEW_LANGUAGE"] = language
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the server)
    process = subprocess.Popen(  # noqa: S603 (the project's own MkDocs, on loopback)
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base) is not None, timeout, "the first build")
        yield base
    except TimeoutError as exc:  # say what the server said: a failed rebuild leaves the old page served
        log.seek(0)
        lines = log.read().decode("utf-8", errors="replace").splitlines()
        tail = [line for line in lines if '"GET ' not in line][-40:]  # not the polling requests
        raise TimeoutError(f"{exc}\nmkdocs serve said:\n" + "\n".join(tail)) from None
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def time_edit(
    file: Path, old: str, new: str, url: str, expect: str | None = None, timeout: float = 300
) -> float:
    """Replace ``old`` by ``new`` in ``file``; return the seconds until the page at ``url`` shows ``expect``
    (default: ``new``)."""
    text = file.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{old!r} not in {file}")
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    shown = expect or new
    return wait_for(lambda: shown in (fetch(url) or ""), timeout, f"{shown!r} on {url}")
