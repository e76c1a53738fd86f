"""The collector's HTTP interface (Starlette): POST results; read a round's progress and export with the token.

| Route | Who | Answers |
|---|---|---|
| ``POST /results`` | the quiz page (allowed origins) | 201 stored, 200 a resend already stored, or a refusal |
| ``POST /confirmations`` | an article page (allowed origins) | 201 stored, 200 already confirmed, or a refusal |
| ``GET /rounds`` | the lead (token) | every quiz with answers and its number of agents |
| ``GET /rounds/{id}/progress`` | the lead (token) | per agent: submissions, answers, version, last seen |
| ``GET /rounds/{id}/export`` | the lead (token) | a zip of result files for ``kijun report`` |
| ``GET /confirmations`` | the lead (token) | per article version to confirm: who confirmed, who is overdue |
| ``GET /health`` | anyone | ``{"status": "ok"}`` |

Everything, errors included, is JSON (or the zip): submitted text is never rendered as HTML. A refusal is
``{"error": code, "message": text}`` with its status; nothing is stored for it. A database that fails answers 503,
which the quiz's retry queue treats as "try again later".
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

import psycopg
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kijun.answers import results_validator
from kijun.collect.catalog import QuizCatalog
from kijun.collect.checks import Refused, check_document
from kijun.collect.config import Settings
from kijun.collect.confirmation_routes import confirmation_routes
from kijun.collect.export import export_zip
from kijun.collect.guards import SECURITY_HEADERS, Guards, accepting
from kijun.collect.reader_routes import reader_routes
from kijun.collect.store import Store
from kijun.contracts import RESULTS_ROUTE
from kijun.paths import QUIZZES_DIR

log = logging.getLogger(__name__)


def refusal(status: int, code: str, message: str, retry_after: int | None = None) -> JSONResponse:
    headers = dict(SECURITY_HEADERS)
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return JSONResponse({"error": code, "message": message}, status, headers=headers)


# Errors become JSON refusals; nothing half-stored is reported as stored.


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)  # noqa: S101 (registered for Refused only)
    return refusal(exc.status, exc.code, exc.message, exc.retry_after)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return refusal(exc.status_code, code, str(exc.detail))


async def unavailable(request: Request, exc: Exception) -> Response:
    log.exception("database error", exc_info=exc)
    return refusal(503, "unavailable", "the collector cannot store answers right now; they stay queued", 5)


async def crashed(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return refusal(500, "internal_error", "the collector failed; nothing was stored")


EXCEPTION_HANDLERS = {
    Refused: refused,
    HTTPException: http_error,
    sqlite3.Error: unavailable,
    psycopg.Error: unavailable,
    Exception: crashed,
}


def cors(settings: Settings) -> Middleware:
    """Browsers on the site's origins may post answers and read with a token; nothing else crosses origins."""
    return Middleware(
        CORSMiddleware,
        allow_origins=list(settings.origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Authorization"],
        max_age=600,
    )


def progress_body(
    round_id: str, current: str | None, cases: int | None, rows: Sequence[Any]
) -> dict[str, Any]:
    """Who has submitted to a round, and whether each agent answered the current version of its quiz."""
    agents = [
        {
            "agent": row.agent,
            "submissions": row.submissions,
            "answers": row.answers,
            "quiz_version": row.quiz_version,
            "outdated": row.quiz_version != current,
            "last_seen": row.last_seen,
        }
        for row in rows
    ]
    return {
        "round": round_id,
        "quiz_version": current,
        "cases": cases,
        "agents": agents,
        "submitted": len(agents),
        "submissions": sum(a["submissions"] for a in agents),
    }


def create_app(settings: Settings, store: Store) -> Starlette:
    """The ASGI app for ``settings``, writing to ``store`` (which the caller opens and closes)."""
    catalog = QuizCatalog(settings.root, settings.quiz_check_seconds)
    validate = results_validator(settings.root.resolve() / QUIZZES_DIR / "results.schema.json")
    guards = Guards(settings.origins, settings.token, settings.max_bytes, settings.rate())

    def store_checked(document: object, client: str) -> dict[str, Any]:
        checked = check_document(document, catalog.library(), validate)
        outcome = store.record(checked, client)
        return {
            "status": "duplicate" if outcome.duplicate else "stored",
            "submission_id": outcome.submission_id,
            "outdated": outcome.outdated,
            "superseded": outcome.superseded,
        }

    async def reader(request: Request) -> None:
        guards.check_rate(request)
        guards.check_origin(request)
        guards.check_token(request)

    async def list_rounds(request: Request) -> Response:
        await reader(request)
        rounds = await run_in_threadpool(store.rounds)
        return JSONResponse(
            {"rounds": [{"id": r, "agents": n} for r, n in rounds.items()]}, headers=SECURITY_HEADERS
        )

    async def progress(request: Request) -> Response:
        await reader(request)
        round_id = request.path_params["round_id"]
        quiz = catalog.library().quizzes.get(round_id)
        rows = await run_in_threadpool(store.progress, round_id)
        if quiz is None and not rows:
            raise Refused(404, "unknown_quiz", f"no quiz {round_id!r} and no answers to it")
        body = progress_body(
            round_id, quiz.version if quiz else None, len(quiz.case_ids) if quiz else None, rows
        )
        return JSONResponse(body, headers=SECURITY_HEADERS)

    async def export(request: Request) -> Response:
        await reader(request)
        round_id = request.path_params["round_id"]
        include = request.query_params.get("superseded") in ("1", "true", "yes")
        stored = await run_in_threadpool(store.submissions, round_id, include)
        if not stored:
            raise Refused(404, "no_answers", f"no answers to {round_id!r} yet")
        archive = await run_in_threadpool(export_zip, stored)
        headers = SECURITY_HEADERS | {"Content-Disposition": f'attachment; filename="{round_id}.zip"'}
        return Response(archive, media_type="application/zip", headers=headers)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=SECURITY_HEADERS)

    return Starlette(
        routes=[
            Route(RESULTS_ROUTE, accepting(guards, store_checked), methods=["POST"]),
            *confirmation_routes(catalog, store, guards, reader),
            *reader_routes(catalog, store, guards, reader, settings.retention_days),
            Route("/rounds", list_rounds, methods=["GET"]),
            Route("/rounds/{round_id}/progress", progress, methods=["GET"]),
            Route("/rounds/{round_id}/export", export, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=[cors(settings)],
        exception_handlers=EXCEPTION_HANDLERS,
    )
