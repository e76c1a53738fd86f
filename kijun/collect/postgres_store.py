"""The shared-service store: PostgreSQL through psycopg 3 and its connection pool.

The same table and rules as SQLite (:mod:`kijun.collect.store`). Writers for one quiz and agent serialise on a
transaction-scoped advisory lock, so two deliveries of the same answers, or two submissions by the same agent, never
race on which is current; everyone else writes in parallel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg_pool import ConnectionPool

from kijun.collect.reader_store import create_reader_tables
from kijun.collect.store import Cursor, Store, create_confirmations, create_table

SCHEMA = (
    create_table("seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    + """CREATE INDEX IF NOT EXISTS collected_by_agent ON collected_submissions (quiz_id, agent_key, superseded_by);
CREATE OR REPLACE FUNCTION collected_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'collected submissions are append-only';
    END IF;
    IF OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
        OR (to_jsonb(NEW) - 'superseded_by') <> (to_jsonb(OLD) - 'superseded_by') THEN
        RAISE EXCEPTION 'collected submissions are append-only; a submission is marked superseded once';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER collected_append_only BEFORE UPDATE OR DELETE ON collected_submissions
FOR EACH ROW EXECUTE FUNCTION collected_append_only();
"""
    + create_confirmations("seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
    + """CREATE OR REPLACE FUNCTION confirmations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'read confirmations are append-only';
END $$;
CREATE OR REPLACE TRIGGER confirmations_append_only BEFORE UPDATE OR DELETE ON collected_confirmations
FOR EACH ROW EXECUTE FUNCTION confirmations_append_only();
"""
    + create_reader_tables("seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
)


class PostgresStore(Store):
    placeholder = "%s"

    def __init__(self, url: str, *, create: bool = True, max_connections: int = 8) -> None:
        psycopg.connect(url, connect_timeout=5).close()  # fails at once, with libpq's reason, if unreachable
        self.pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True, timeout=10)
        self.pool.wait(timeout=10)
        if not create:
            return
        with self.pool.connection() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(0)")  # two collectors starting at once
            connection.execute(SCHEMA)

    @contextmanager
    def _write(self, lock_key: str) -> Iterator[Cursor]:
        with self.pool.connection() as connection, connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (lock_key,))
            yield cursor

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        with self.pool.connection() as connection, connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cursor

    def close(self) -> None:
        self.pool.close()
