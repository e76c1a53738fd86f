"""The collector's reader routes: search gaps and "was this clear?" votes from pages; the authors' view (token).

Reader events are kept for the retention period only: each write first deletes what has grown older than that,
at most once an hour, so no scheduler is needed and a quiet collector keeps nothing longer than it should once
anyone writes again (and ``kijun collect`` purges when it starts).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import fastjsonschema
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kijun.collect.catalog import QuizCatalog
from kijun.collect.checks import Refused
from kijun.collect.guards import SECURITY_HEADERS, Guards, accepting
from kijun.collect.reader_checks import check_feedback, check_search_gap
from kijun.collect.reader_store import Feedback, SearchGap
from kijun.collect.store import Store
from kijun.contracts import FEEDBACK_ROUTE, SEARCH_GAP_ROUTE
from kijun.gaps import MIN_BROWSERS, gaps_summary
from kijun.schema import load_schema

SCHEMAS = Path(__file__).parent.parent / "schemas"
GAPS_ROUTE = "/gaps"
PURGE_EVERY_SECONDS = 3600


class Retention:
    """Deletes reader events older than ``days``, at most once per :data:`PURGE_EVERY_SECONDS`."""

    def __init__(self, store: Store, days: int) -> None:
        self.store, self.days = store, days
        self._lock = threading.Lock()
        self._last: float | None = None

    def purge_if_due(self) -> None:
        with self._lock:
            if self._last is not None and time.monotonic() - self._last < PURGE_EVERY_SECONDS:
                return
            self._last = time.monotonic()
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.days)
        self.store.purge(cutoff.isoformat(timespec="microseconds"))


def reader_routes(
    catalog: QuizCatalog,
    store: Store,
    guards: Guards,
    reader: Callable[[Request], Awaitable[None]],
    retention_days: int,
) -> list[Route]:
    """``POST`` search gaps and votes; ``GET /gaps`` for the authors; ``reader`` checks the lead's token."""
    gap_schema = fastjsonschema.compile(load_schema(SCHEMAS / "search-gap.schema.json"))
    vote_schema = fastjsonschema.compile(load_schema(SCHEMAS / "feedback.schema.json"))
    retention = Retention(store, retention_days)
    retention.purge_if_due()

    def stored(event: SearchGap | Feedback) -> dict[str, Any]:
        retention.purge_if_due()
        return {"status": "stored" if store.add_event(event) else "duplicate"}

    def gap(document: object, client: str) -> dict[str, Any]:
        return stored(check_search_gap(document, gap_schema, catalog.languages))

    def vote(document: object, client: str) -> dict[str, Any]:
        return stored(check_feedback(document, vote_schema, catalog.feedback_pages(), catalog.languages))

    def summary(min_browsers: int) -> dict[str, Any]:
        retention.purge_if_due()
        return gaps_summary(
            store.events(SearchGap),
            store.events(Feedback),
            catalog.feedback_titles(),
            catalog.languages[0],
            min_browsers,
        )

    async def gaps(request: Request) -> Response:
        await reader(request)
        given = request.query_params.get("min_browsers", str(MIN_BROWSERS))
        if not given.isdigit() or int(given) < 1:
            raise Refused(422, "invalid", "min_browsers must be a whole number of at least 1")
        return JSONResponse(await run_in_threadpool(summary, int(given)), headers=SECURITY_HEADERS)

    return [
        Route(SEARCH_GAP_ROUTE, accepting(guards, gap), methods=["POST"]),
        Route(FEEDBACK_ROUTE, accepting(guards, vote), methods=["POST"]),
        Route(GAPS_ROUTE, gaps, methods=["GET"]),
    ]
