"""Running the collector with uvicorn on a socket bound here, so port 0 works and the real port is known."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host:port`` (0: a free port); reusable right after a crash."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say so, and without it every response
    # waited ~40 ms for the client's delayed ACK (Nagle's algorithm).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def config(app: ASGIApp, forwarded_allow_ips: str | None = None, log_level: str = "info") -> uvicorn.Config:
    """Uvicorn's settings: proxy headers only from the proxies named (else the client address is the peer's)."""
    return uvicorn.Config(
        app,
        log_level=log_level,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_graceful_shutdown=10,
        server_header=False,
    )


def serve(app: ASGIApp, sock: socket.socket, forwarded_allow_ips: str | None = None) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn finishes requests in flight, then returns)."""
    uvicorn.Server(config(app, forwarded_allow_ips)).run(sockets=[sock])


@contextmanager
def running(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """The app served in a background thread on loopback; yields its base URL, stops it on exit."""
    sock = bind(host, port)
    server = uvicorn.Server(config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        started = threading.Event()
        while not server.started and thread.is_alive():
            started.wait(0.01)
        if not server.started:
            raise RuntimeError("the collector did not start")
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
