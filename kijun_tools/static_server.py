"""A static file server for checks on loopback that compresses text the way any production host does."""

from __future__ import annotations

import functools
import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class CompressingHandler(SimpleHTTPRequestHandler):
    """Serve files, gzip-compressed when the client accepts it, with a long cache life for assets."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix.lower() not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        immutable = "/assets/" in self.path
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL (``http://127.0.0.1:PORT/``)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CompressingHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
