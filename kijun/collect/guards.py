"""The checks every request passes before it reaches the data: rate, origin, token and size.

Each raises :class:`~kijun.collect.checks.Refused`, which the app turns into a JSON error. None of them trusts what
a request says about who sent it: the agent name is a label, the client is the connection's address (or the
proxy's ``X-Forwarded-For`` when uvicorn is told to trust that proxy).
"""

from __future__ import annotations

import json
import math
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from limits import RateLimitItem
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kijun.collect.checks import Refused

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
"""On every answer: never sniffed as another type, never cached (answers and progress are the lead's)."""


class Guards:
    """Holds the per-client rate limiter and the settings the checks need; one per app."""

    def __init__(self, origins: tuple[str, ...], token: str, max_bytes: int, rate: RateLimitItem) -> None:
        self.origins, self.token, self.max_bytes, self.rate = frozenset(origins), token, max_bytes, rate
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def client(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def check_rate(self, request: Request) -> None:
        """A flood from one client is refused (429) without touching the database; others carry on."""
        client = self.client(request)
        if not self.limiter.hit(self.rate, client):
            reset = self.limiter.get_window_stats(self.rate, client).reset_time
            wait = max(1, math.ceil(reset - time.time()))
            raise Refused(
                429, "rate_limited", f"too many requests from this address; retry in {wait} s", wait
            )

    def check_origin(self, request: Request) -> None:
        """A browser page from another site is refused (403). Requests without ``Origin`` are not from a page."""
        origin = request.headers.get("origin")
        if origin is not None and origin not in self.origins:
            raise Refused(403, "forbidden_origin", f"origin {origin} may not send results to this collector")

    def check_token(self, request: Request) -> None:
        """Reading answers (listing, progress, export) needs the lead's bearer token."""
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), self.token.encode()
        ):
            raise Refused(401, "unauthorized", "send the collector's token: Authorization: Bearer <token>")

    async def json_body(self, request: Request) -> object:
        """The request's JSON document, read no further than the size limit (413 past it)."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise Refused(415, "unsupported_media_type", "send the results as application/json")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            raise Refused(413, "too_large", f"the results are over the {self.max_bytes}-byte limit")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_bytes:
                raise Refused(413, "too_large", f"the results are over the {self.max_bytes}-byte limit")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise Refused(400, "invalid_json", f"the body is not JSON in UTF-8 ({exc})") from None


def accepting(
    guards: Guards, store_checked: Callable[[object, str], dict[str, Any]]
) -> Callable[[Request], Awaitable[Response]]:
    """A POST endpoint for pages: the guards, then ``store_checked(document, client)`` off the event loop; 201 for
    stored, 200 for a resend (``"status": "duplicate"``)."""

    async def endpoint(request: Request) -> Response:
        guards.check_rate(request)
        guards.check_origin(request)
        document = await guards.json_body(request)
        result = await run_in_threadpool(store_checked, document, guards.client(request))
        return JSONResponse(result, 200 if result["status"] == "duplicate" else 201, headers=SECURITY_HEADERS)

    return endpoint
