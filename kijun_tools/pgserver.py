"""A throw-away PostgreSQL server on loopback, for the tests and the load script (never for production).

It uses Debian's ``postgresql`` package (installing it with apt-get where this user may), runs ``initdb`` and
``pg_ctl`` in a new temporary folder on a free port, and removes everything on exit. PostgreSQL refuses to run as
root, so as root the server runs as the package's ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PACKAGE = "postgresql"


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL here and none can be installed: the reason, for a skip message."""


def _binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def ensure_installed() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``, installing Debian's package first if it is missing."""
    found = _binaries()
    if found:
        return found
    if shutil.which("apt-get") is None:
        raise PostgresUnavailableError("no PostgreSQL in /usr/lib/postgresql and no apt-get to install it")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if sudo and shutil.which("sudo") is None:
        raise PostgresUnavailableError(
            "no PostgreSQL in /usr/lib/postgresql; installing it needs root or sudo"
        )
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "-q", PACKAGE]
    for commands in ([install], [[*sudo, "apt-get", "update", "-q"], install]):  # the lists may be stale
        for command in commands:
            subprocess.run(command, env=env, capture_output=True, check=False, timeout=900)  # noqa: S603
        if _binaries():
            break
    found = _binaries()
    if found is None:
        raise PostgresUnavailableError(f"Debian's {PACKAGE} package could not be installed with apt-get")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a fresh server; yield its URL (``postgresql://kijun@127.0.0.1:PORT/postgres``); stop and remove it."""
    binaries = ensure_installed()
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="kijun-postgres-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "server.log"
    port = _free_port()
    try:
        subprocess.run(  # noqa: S603
            [
                *as_user,
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "kijun",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            capture_output=True,
            check=True,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''"
        started = subprocess.run(  # noqa: S603
            [
                *as_user,
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "start",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode != 0:
            text = log.read_text(errors="replace") if log.exists() else started.stderr
            raise PostgresUnavailableError(f"PostgreSQL did not start: {text[-2000:]}")
        yield f"postgresql://kijun@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(  # noqa: S603
                [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
