"""Shared fixtures: one strict build of the real site per test session."""

from __future__ import annotations

import ast
import functools
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from filelock import FileLock
from playwright.sync_api import Browser, Page, expect, sync_playwright

import kijun.background
from kijun.background import DISABLE_ENV, Pending, can_fork
from kijun.library import Library, load_library
from kijun_tools.browser import CHROMIUM_ARGS, chromium_path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"


@functools.cache
def starter_library() -> Library:
    """The starter repository's cases and quizzes, loaded once per session: several modules read them at import
    (to name their parameters), and each load took a tenth of a second of every run's collection."""
    return load_library(REPO_ROOT)


@dataclass(frozen=True)
class BuiltSite:
    """The output folder of ``mkdocs build --strict`` and everything the build printed."""

    root: Path
    log: str

    def page(self, url_path: str) -> Path:
        """Return the HTML file behind a site URL path such as ``ja/glossary/``."""
        path = self.root / url_path.strip("/")
        return path / "index.html" if not path.suffix else path

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def soup(self, url_path: str) -> BeautifulSoup:
        """The page behind ``url_path``, parsed once per test session (read-only: tests must not change it)."""
        return parsed(self.page(url_path))


@functools.cache
def core_imports() -> tuple[tuple[Path, str], ...]:
    """Every module name each ``kijun`` module imports, anywhere in it (inside functions too), with the module.

    A tuple, not a generator: a cached generator is empty for every caller after the first, and the tests that
    read it would pass on nothing."""
    found: list[tuple[Path, str]] = []
    for module in sorted((REPO_ROOT / "kijun").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found.append((module, node.module or ""))
            elif isinstance(node, ast.Import):
                found += [(module, alias.name) for alias in node.names]
    return tuple(found)


def parsed(file: Path) -> BeautifulSoup:
    """A built page parsed once per session while the file is unchanged: the same pages are inspected by many
    tests (read-only: a test that edits a page parses its own copy)."""
    stat = file.stat()
    return _parsed(file, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _parsed(file: Path, _mtime_ns: int, _size: int) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def build_site(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run a strict MkDocs build of ``config_file`` into ``site_dir``; never raises on failure."""
    # The default site_url, whatever the developer's shell says, so URLs in the output are predictable.
    env = {key: value for key, value in os.environ.items() if key != "KIJUN_SITE_URL"} | {
        "NO_MKDOCS_2_WARNING": "1"
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """One strict build of the starter site for the whole run. Where pytest-xdist runs the tests in several
    processes (``make test-fast``), they share it: the first to need it builds, the others wait for that build."""
    base = tmp_path_factory.getbasetemp()
    # A worker's folder sits in this run's folder (not another run's), which its fellow workers share.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    site_dir, outcome = shared / "site", shared / "site-build.json"
    with FileLock(shared / "site-build.lock"):
        if not outcome.exists():
            result = build_site(REPO_ROOT / "mkdocs.yml", site_dir)
            log = result.stdout + result.stderr
            outcome.write_text(json.dumps({"returncode": result.returncode, "log": log}), encoding="utf-8")
    build = json.loads(outcome.read_text(encoding="utf-8"))
    assert build["returncode"] == 0, f"mkdocs build --strict failed:\n{build['log']}"
    return BuiltSite(site_dir, build["log"])


RESULTS_PATH = "/api/results"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site; also a results endpoint at ``/api/results`` that can be told to fail."""

    server: ResultsServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path != RESULTS_PATH or self.server.fail_posts:
            self.send_error(503 if self.path == RESULTS_PATH else 404)
            return
        self.server.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class ResultsServer(ThreadingHTTPServer):
    fail_posts = False
    received: list


@dataclass
class SiteServer:
    """A built site served over HTTP on loopback."""

    base_url: str
    host: str
    server: ResultsServer

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"


@contextmanager
def serve(directory: Path) -> Iterator[SiteServer]:
    handler = functools.partial(SiteRequestHandler, directory=str(directory))
    server = ResultsServer(("127.0.0.1", 0), handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    try:
        yield SiteServer(f"http://{host}", host, server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite) -> Iterator[SiteServer]:
    with serve(built_site.root) as server:
        yield server


CHROMIUM = chromium_path()
# Browser tests wait on conditions; this bound only ends a wait on a page that is broken, so it is generous
# enough for a machine under load (Playwright's own default, 5 s, failed on a busy 2-core runner).
PATIENCE_MS = 60_000
expect.set_options(timeout=PATIENCE_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} not found: run `make test` (it installs Debian's chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


LOCAL_SCHEMES = ("blob:", "data:", "about:")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page (own storage) that records every request it makes.

    After the test, it fails if the page asked for anything other than the loopback test server (the site must
    work on networks that reach nothing else) or logged an error to the console.
    """
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    tab = context.new_page()
    tab.requested_urls = []  # type: ignore[attr-defined]
    tab.on("request", lambda request: tab.requested_urls.append(request.url))  # type: ignore[attr-defined]
    console_errors: list[str] = []
    tab.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )
    yield tab
    context.close()
    # A failed request (like a missing sitemap.xml) shows up here too; tests that provoke errors on purpose
    # (a failing results endpoint) clear the list themselves.
    unexpected = [text for text in console_errors if not getattr(tab, "expected_console_errors", None)]
    assert not unexpected, f"console errors: {unexpected}"
    outside = [
        url
        for url in tab.requested_urls  # type: ignore[attr-defined]
        if not url.startswith(LOCAL_SCHEMES) and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert not outside, f"requests outside the site: {outside}"


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[Pending]:
    """Work may go to a second process here, and every piece of work is recorded, so a test can check how much of
    it really went there. The test suite's own servers run idle threads (the browser tests' site), which would keep
    :func:`can_fork` from forking; they hold no lock a child could need, so they are not counted."""
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    monkeypatch.setattr(kijun.background.threading, "active_count", lambda: 1)
    if not can_fork():
        pytest.skip("no second process here (one CPU, or not Linux)")
    made: list[Pending] = []
    create = Pending.__init__

    def recorded(self: Pending, *args: object, **kwargs: object) -> None:
        create(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Pending, "__init__", recorded)
    return made
