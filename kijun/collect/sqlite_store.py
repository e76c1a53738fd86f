"""The default store: one SQLite file in WAL mode, zero set-up.

Durability over speed: ``synchronous=FULL`` makes every answered POST survive a crash of the process or the machine.
Writers in this process share one connection under a lock, so concurrent requests queue in order instead of meeting
SQLite's busy handler and its sleeps (which would show in the slowest responses); readers each open their own.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from kijun.collect.reader_store import create_reader_tables
from kijun.collect.store import COLUMNS, Cursor, Store, create_confirmations, create_table

SCHEMA = (
    create_table("seq INTEGER PRIMARY KEY AUTOINCREMENT")
    + """CREATE INDEX IF NOT EXISTS collected_by_agent ON collected_submissions (quiz_id, agent_key, superseded_by);
CREATE TRIGGER IF NOT EXISTS collected_no_delete BEFORE DELETE ON collected_submissions
BEGIN SELECT RAISE(ABORT, 'collected submissions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS collected_no_rewrite BEFORE UPDATE OF {rewritable} ON collected_submissions
BEGIN SELECT RAISE(ABORT, 'collected submissions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS collected_superseded_once BEFORE UPDATE OF superseded_by ON collected_submissions
WHEN OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
BEGIN SELECT RAISE(ABORT, 'a submission is marked superseded once'); END;
""".replace("{rewritable}", ", ".join(("seq", *(c for c in COLUMNS if c != "superseded_by"))))
    + create_confirmations("seq INTEGER PRIMARY KEY AUTOINCREMENT")
    + """CREATE TRIGGER IF NOT EXISTS confirmations_no_delete BEFORE DELETE ON collected_confirmations
BEGIN SELECT RAISE(ABORT, 'read confirmations are append-only'); END;
CREATE TRIGGER IF NOT EXISTS confirmations_no_update BEFORE UPDATE ON collected_confirmations
BEGIN SELECT RAISE(ABORT, 'read confirmations are append-only'); END;
"""
    + create_reader_tables("seq INTEGER PRIMARY KEY AUTOINCREMENT")
)


class MissingDatabaseError(FileNotFoundError):
    """Reading a collector database that is not there (a typo must not create an empty one)."""


class SQLiteStore(Store):
    def __init__(self, location: str, *, create: bool = True) -> None:
        self.path = Path(location.removeprefix("sqlite:///"))
        self._lock = threading.Lock()
        if not create and not self.path.is_file():
            raise MissingDatabaseError(f"no collector database at {self.path}")
        self._writer: sqlite3.Connection | None = None
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as connection:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    @contextmanager
    def _write(self, lock_key: str) -> Iterator[Cursor]:
        with self._lock:
            # One connection for every write, kept open: closing the last connection to a WAL database
            # checkpoints it, which cost three times the write itself when each request had its own.
            if self._writer is None:
                self._writer = self._connect()
            connection = self._writer
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection.cursor()
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        with closing(self._connect()) as connection:
            connection.execute("BEGIN")
            try:
                yield connection.cursor()
            finally:
                connection.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
