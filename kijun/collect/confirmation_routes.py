"""The collector's read-confirmation routes: an article page sends one; the lead reads who has and who is overdue.

Kept beside the results routes of :mod:`kijun.collect.app`, with the same guards and the same refusals.
"""

from __future__ import annotations

import datetime as dt
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
from kijun.collect.confirmation_checks import check_confirmation
from kijun.collect.guards import SECURITY_HEADERS, Guards, accepting
from kijun.collect.store import Store
from kijun.confirmations import confirmation_status, required_confirmations
from kijun.contracts import CONFIRMATION_ROUTE
from kijun.schema import load_schema

SCHEMA = Path(__file__).parent.parent / "schemas" / "confirmation.schema.json"


def confirmation_routes(
    catalog: QuizCatalog, store: Store, guards: Guards, reader: Callable[[Request], Awaitable[None]]
) -> list[Route]:
    """``POST`` and ``GET`` on the confirmations route; ``reader`` is the app's check for the lead's requests."""
    validate = fastjsonschema.compile(load_schema(SCHEMA))

    def confirm_checked(document: object, client: str) -> dict[str, Any]:
        policy_ids = {meta.policy_id for meta in catalog.policies().values() if not meta.draft}
        checked = check_confirmation(document, validate, policy_ids, catalog.languages)
        outcome = store.confirm(checked, client)
        return {
            "status": "duplicate" if outcome.duplicate else "stored",
            "confirmation_id": outcome.confirmation_id,
            "confirmed_at": outcome.confirmed_at,
        }

    def status_now(language: str) -> dict[str, Any]:
        required = required_confirmations(catalog.policies(), language)
        return confirmation_status(required, store.confirmations(), store.agents().values(), dt.date.today())

    async def status(request: Request) -> Response:
        await reader(request)
        language = request.query_params.get("language", catalog.languages[0])
        if language not in catalog.languages:
            raise Refused(422, "invalid", f"language {language!r} is not one of the site's")
        return JSONResponse(await run_in_threadpool(status_now, language), headers=SECURITY_HEADERS)

    return [
        Route(CONFIRMATION_ROUTE, accepting(guards, confirm_checked), methods=["POST"]),
        Route(CONFIRMATION_ROUTE, status, methods=["GET"]),
    ]
