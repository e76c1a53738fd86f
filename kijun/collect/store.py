"""One storage interface for SQLite and PostgreSQL: an append-only table of submissions.

Rows are only ever added. The one change a row may see is being marked superseded, once, when the same agent sends
the same quiz again; triggers in both databases refuse any other update and every delete. Which submission is the
agent's current one follows the rulebook's (:mod:`kijun.answers`): the later export
wins, and among equal export times the later arrival. So a late resend of an older export never hides a newer one.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from kijun.collect.checks import Checked, Refused, now_text
from kijun.collect.confirmation_checks import CheckedConfirmation
from kijun.collect.reader_store import ReaderTables
from kijun.contracts import COLLECTED_COLUMNS, CONFIRMATION_COLUMNS, CONFIRMATION_UNIQUE

TABLE = "collected_submissions"
CONFIRMATIONS = "collected_confirmations"
COLUMNS = tuple(name for name, _kind in COLLECTED_COLUMNS)
CONFIRMATION_NAMES = tuple(name for name, _kind in CONFIRMATION_COLUMNS)
_SQL_TYPES = {"text": "TEXT NOT NULL", "unique text": "TEXT NOT NULL UNIQUE", "integer": "INTEGER NOT NULL"}


def insert(table: str, names: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"  # noqa: S608 (names from the contract, values bound)


INSERT = insert(TABLE, COLUMNS)


def create_table(
    sequence_column: str,
    table: str = TABLE,
    columns: tuple[tuple[str, str], ...] = COLLECTED_COLUMNS,
    unique: tuple[str, ...] = (),
) -> str:
    """A table definition both databases create from the contract's columns, with each database's way of numbering
    rows."""
    lines = [sequence_column] + [
        f"{name} {'TEXT' if kind == 'text?' else _SQL_TYPES[kind]}" for name, kind in columns
    ]
    if unique:
        lines.append(f"UNIQUE ({', '.join(unique)})")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(lines) + "\n);\n"


def create_confirmations(sequence_column: str) -> str:
    return create_table(sequence_column, CONFIRMATIONS, CONFIRMATION_COLUMNS, CONFIRMATION_UNIQUE)


@dataclass(frozen=True)
class Outcome:
    """What happened to one POST: stored (maybe as an already superseded one) or recognised as a resend."""

    submission_id: str
    duplicate: bool
    superseded: bool
    outdated: bool


@dataclass(frozen=True)
class Stored:
    """A submission as kept: its arrival number, when and from where, and the document itself."""

    seq: int
    submission_id: str
    received_at: str
    quiz_id: str
    quiz_version: str
    agent: str
    answer_count: int
    superseded_by: str | None
    payload: str

    def document(self) -> dict[str, Any]:
        return json.loads(self.payload)


@dataclass(frozen=True)
class ConfirmOutcome:
    """What happened to one confirmation: stored, or already there (a resend, or the agent confirmed before)."""

    confirmation_id: str  # the stored one: a second confirmation of the same version answers with the first
    duplicate: bool
    confirmed_at: str


@dataclass(frozen=True)
class StoredConfirmation:
    policy_id: str
    version: str
    language: str
    agent: str
    agent_key: str
    confirmed_at: str
    received_at: str


@dataclass(frozen=True)
class AgentProgress:
    """The lead's view of one agent in one round."""

    agent: str
    submissions: int
    answers: int  # in the current submission
    quiz_version: str  # of the current submission
    last_seen: str


class Cursor(Protocol):
    def execute(self, sql: str, params: tuple | list = ...) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Store(ReaderTables, ABC):
    """The collector's database. Subclasses give transactions and the dialect; the rules live here once."""

    placeholder = "?"

    @abstractmethod
    def _write(self, lock_key: str) -> AbstractContextManager[Cursor]:
        """A transaction in which no other writer for ``lock_key`` (quiz and agent) runs; commits on success."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A consistent read-only snapshot."""

    @abstractmethod
    def close(self) -> None: ...

    def _sql(self, text: str) -> str:
        return text.replace("?", self.placeholder)

    def record(self, checked: Checked, client: str) -> Outcome:
        """Store ``checked`` once: a resend of a stored ``submission_id`` is recognised, not stored again."""
        with self._write(f"{checked.quiz_id}/{checked.agent_key}") as cursor:
            cursor.execute(
                self._sql("SELECT digest, superseded_by FROM collected_submissions WHERE submission_id = ?"),
                (checked.submission_id,),
            )
            existing = cursor.fetchone()
            if existing is not None:
                if existing[0] != checked.digest:
                    raise Refused(
                        409,
                        "conflict",
                        f"submission {checked.submission_id} was already received with other answers",
                    )
                return Outcome(checked.submission_id, True, existing[1] is not None, checked.outdated)
            cursor.execute(
                self._sql(
                    "SELECT submission_id, exported_ts FROM collected_submissions "
                    "WHERE quiz_id = ? AND agent_key = ? AND superseded_by IS NULL"
                ),
                (checked.quiz_id, checked.agent_key),
            )
            current = cursor.fetchone()
            newer = current is None or checked.exported_ts >= current[1]
            superseded_by = None if newer else current[0]
            values = [getattr(checked, c) for c in COLUMNS[:2]] + [now_text(), client[:200]]
            values += [getattr(checked, c) for c in COLUMNS[4:-1]] + [superseded_by]
            cursor.execute(self._sql(INSERT), values)
            if current is not None and newer:
                cursor.execute(
                    self._sql("UPDATE collected_submissions SET superseded_by = ? WHERE submission_id = ?"),
                    (checked.submission_id, current[0]),
                )
            return Outcome(checked.submission_id, False, superseded_by is not None, checked.outdated)

    def confirm(self, checked: CheckedConfirmation, client: str) -> ConfirmOutcome:
        """Store that an agent read an article version, once: a resend, or the same agent confirming the same version
        again (another browser, a cleared storage), finds the first confirmation and stores nothing."""
        with self._write(f"confirm/{checked.policy_id}/{checked.agent_key}") as cursor:
            cursor.execute(
                self._sql(
                    "SELECT confirmation_id, digest, confirmed_at FROM collected_confirmations "
                    "WHERE confirmation_id = ? OR (policy_id = ? AND version = ? AND agent_key = ?)"
                ),
                (checked.confirmation_id, checked.policy_id, checked.version, checked.agent_key),
            )
            rows = cursor.fetchall()
            same_id = [row for row in rows if row[0] == checked.confirmation_id]
            if same_id and same_id[0][1] != checked.digest:
                raise Refused(
                    409,
                    "conflict",
                    f"confirmation {checked.confirmation_id} was already received with other data",
                )
            if rows:
                first = same_id[0] if same_id else rows[0]
                return ConfirmOutcome(first[0], True, first[2])
            values = [getattr(checked, name) for name in CONFIRMATION_NAMES[:2]] + [now_text(), client[:200]]
            values += [getattr(checked, name) for name in CONFIRMATION_NAMES[4:]]
            cursor.execute(self._sql(insert(CONFIRMATIONS, CONFIRMATION_NAMES)), values)
            return ConfirmOutcome(checked.confirmation_id, False, checked.confirmed_at)

    def confirmations(self) -> list[StoredConfirmation]:
        """Every stored confirmation, in arrival order."""
        with self._read() as cursor:
            cursor.execute(
                "SELECT policy_id, version, language, agent, agent_key, confirmed_at, received_at "
                "FROM collected_confirmations ORDER BY seq"
            )
            return [StoredConfirmation(*row) for row in cursor.fetchall()]

    def agents(self) -> dict[str, str]:
        """Everyone the collector has heard from (answers or confirmations): agent key → the name last used."""
        with self._read() as cursor:
            cursor.execute(
                "SELECT agent_key, agent, received_at FROM collected_submissions UNION ALL "
                "SELECT agent_key, agent, received_at FROM collected_confirmations ORDER BY 3"
            )
            return {key: name for key, name, _received in cursor.fetchall()}

    def submissions(self, quiz_id: str | None = None, include_superseded: bool = False) -> list[Stored]:
        """Stored submissions in arrival order: a round's or every round's, the current ones unless asked."""
        with self._read() as cursor:
            cursor.execute(
                self._sql(
                    "SELECT seq, submission_id, received_at, quiz_id, quiz_version, agent, answer_count, "
                    "superseded_by, payload FROM collected_submissions "
                    "WHERE (CAST(? AS TEXT) IS NULL OR quiz_id = ?) AND (? = 1 OR superseded_by IS NULL) "
                    "ORDER BY seq"
                ),
                (quiz_id, quiz_id, int(include_superseded)),
            )
            return [Stored(*row) for row in cursor.fetchall()]

    def progress(self, quiz_id: str) -> list[AgentProgress]:
        """Per agent of a round: submissions received, answers and version of the current one, last seen."""
        with self._read() as cursor:
            cursor.execute(
                self._sql(
                    "SELECT c.agent, counts.n, c.answer_count, c.quiz_version, counts.last_seen "
                    "FROM collected_submissions c JOIN ("
                    "  SELECT agent_key, COUNT(*) AS n, MAX(received_at) AS last_seen FROM collected_submissions"
                    "  WHERE quiz_id = ? GROUP BY agent_key"
                    ") counts ON counts.agent_key = c.agent_key "
                    "WHERE c.quiz_id = ? AND c.superseded_by IS NULL ORDER BY c.agent_key"
                ),
                (quiz_id, quiz_id),
            )
            return [AgentProgress(*row) for row in cursor.fetchall()]

    def rounds(self) -> dict[str, int]:
        """Every quiz with answers, and how many agents answered it."""
        with self._read() as cursor:
            cursor.execute(
                "SELECT quiz_id, COUNT(*) FROM collected_submissions WHERE superseded_by IS NULL "
                "GROUP BY quiz_id ORDER BY quiz_id"
            )
            return {quiz_id: count for quiz_id, count in cursor.fetchall()}

    def count(self) -> int:
        """Every stored submission, superseded ones included."""
        with self._read() as cursor:
            cursor.execute("SELECT COUNT(*) FROM collected_submissions")
            return int(cursor.fetchone()[0])


def describe(location: str) -> str:
    """A database location fit to print: a URL without its password."""
    if "://" in location and "@" in location:
        scheme, rest = location.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return location


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))
