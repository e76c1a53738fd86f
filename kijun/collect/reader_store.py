"""The collector's reader tables: searches that found nothing useful and "was this clear?" votes.

Unlike answers and confirmations, these are kept only for the retention period: they exist to show authors what
reading misses this month, and what agents type may still hold case details the redaction did not recognise. So
they have no append-only triggers, and :meth:`ReaderTables.purge` deletes what is older than the period.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from kijun.contracts import FEEDBACK_COLUMNS, SEARCH_GAP_COLUMNS

GAPS = "collected_search_gaps"
FEEDBACK = "collected_feedback"


def create_reader_tables(sequence_column: str) -> str:
    """Both reader tables, in either database's way of numbering rows."""
    from kijun.collect.store import create_table  # the one table builder; store imports this module

    return (
        create_table(sequence_column, GAPS, SEARCH_GAP_COLUMNS)
        + create_table(sequence_column, FEEDBACK, FEEDBACK_COLUMNS)
        + f"CREATE INDEX IF NOT EXISTS search_gaps_received ON {GAPS} (received_at);\n"
        + f"CREATE INDEX IF NOT EXISTS feedback_received ON {FEEDBACK} (received_at);\n"
    )


@dataclass(frozen=True)
class SearchGap:
    event_id: str
    received_at: str
    language: str
    query: str
    results: int
    browser: str


@dataclass(frozen=True)
class Feedback:
    feedback_id: str
    received_at: str
    page: str
    version: str | None
    language: str
    vote: str
    section: str | None
    comment: str | None
    browser: str


_TABLES: dict[type, tuple[str, tuple[tuple[str, str], ...]]] = {
    SearchGap: (GAPS, SEARCH_GAP_COLUMNS),
    Feedback: (FEEDBACK, FEEDBACK_COLUMNS),
}


class ReaderTables:
    """Adding, listing and purging reader events; mixed into the store, whose transactions it uses."""

    def _write(self, lock_key: str) -> AbstractContextManager[Any]: ...
    def _read(self) -> AbstractContextManager[Any]: ...
    def _sql(self, text: str) -> str: ...

    def add_event(self, event: SearchGap | Feedback) -> bool:
        """Store ``event`` unless its id is already there (a resend); True when it was stored now."""
        table, columns = _TABLES[type(event)]
        names = [name for name, _kind in columns]
        with self._write(f"{table}/{names[0]}") as cursor:
            exists = f"SELECT 1 FROM {table} WHERE {names[0]} = ?"  # noqa: S608 (names from the contract)
            cursor.execute(self._sql(exists), (getattr(event, names[0]),))
            if cursor.fetchone() is not None:
                return False
            placeholders = ", ".join("?" for _ in names)
            cursor.execute(
                self._sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"),  # noqa: S608
                [getattr(event, name) for name in names],
            )
            return True

    def events(self, kind: type[SearchGap] | type[Feedback]) -> list[Any]:
        """Every kept event of one kind, oldest first."""
        table, columns = _TABLES[kind]
        with self._read() as cursor:
            cursor.execute(f"SELECT {', '.join(n for n, _k in columns)} FROM {table} ORDER BY seq")  # noqa: S608
            return [kind(*row) for row in cursor.fetchall()]

    def purge(self, before: str) -> int:
        """Delete reader events received before ``before`` (an ISO time in UTC); how many went."""
        deleted = 0
        for table in (GAPS, FEEDBACK):
            with self._write(f"purge/{table}") as cursor:
                cursor.execute(self._sql(f"DELETE FROM {table} WHERE received_at < ?"), (before,))  # noqa: S608
                deleted += max(cursor.rowcount, 0)
        return deleted
