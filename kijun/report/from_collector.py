"""The collector's database as an answer source for ``kijun report``, read by the report's own reader.

Each agent's current submission (superseded ones are not answers any more) becomes a
:class:`~kijun.report.inputs.Submission` named like its file in the round's export, so the report, its problems
list included, reads the same from the database as from the exported files.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from kijun.collect.backends import open_store
from kijun.collect.export import export_name
from kijun.collect.store import describe
from kijun.report.inputs import Inputs, read_documents


class CollectorUnreadableError(Exception):
    """The database is missing, unreachable or not a collector's."""


def read_collected(location: str, schema_file: Path, round_id: str | None = None) -> Inputs:
    """Current submissions (of ``round_id``, else of every quiz) in the database at ``location``: a SQLite file
    or a PostgreSQL URL."""
    try:
        store = open_store(location, create=False)
        try:
            stored = store.submissions(round_id)
        finally:
            store.close()
    except (OSError, sqlite3.Error, psycopg.Error) as exc:
        raise CollectorUnreadableError(
            f"cannot read the collector database {describe(location)}: {exc}"
        ) from None
    return read_documents(((Path(export_name(s)), s.document()) for s in stored), schema_file)
