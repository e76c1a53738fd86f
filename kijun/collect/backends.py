"""Opening the collector's store by its location: the one module that knows every kind of store.

Kept apart from :mod:`kijun.collect.store` (the interface the stores implement), so that no store module imports a
module that imports it back.
"""

from __future__ import annotations

from kijun.collect.sqlite_store import SQLiteStore
from kijun.collect.store import Store, is_postgres_url


def open_store(location: str, *, create: bool = True) -> Store:
    """The store at ``location``: a ``postgresql://`` URL, else a SQLite file (``create=False``: must exist)."""
    if is_postgres_url(location):
        # Imported only for a PostgreSQL URL: its driver and pool are not needed to use a SQLite file.
        from kijun.collect.postgres_store import PostgresStore

        return PostgresStore(location, create=create)
    return SQLiteStore(location, create=create)
