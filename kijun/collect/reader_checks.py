"""What the collector accepts from readers: a search gap or a "was this clear?" vote, in the schema's shape, for a
language and a page the site has, with the query and the comment redacted again (whatever the page did)."""

from __future__ import annotations

from collections.abc import Callable, Collection

import fastjsonschema

from kijun.collect.checks import Refused, now_text
from kijun.collect.reader_store import Feedback, SearchGap
from kijun.contracts import COMMENT_MAX_LENGTH
from kijun.redaction import redact


def _valid(document: object, validate: Callable[[object], object], what: str) -> dict:
    try:
        validate(document)
    except fastjsonschema.JsonSchemaException as exc:
        raise Refused(422, "invalid", f"not {what}: {exc.message}") from None
    return document  # type: ignore[return-value]  # the schema checked it is an object


def _language(data: dict, languages: Collection[str]) -> str:
    if data["language"] not in languages:
        raise Refused(422, "invalid", f"language {data['language']!r} is not one of the site's")
    return data["language"]


def check_search_gap(
    document: object, validate: Callable[[object], object], languages: Collection[str]
) -> SearchGap:
    data = _valid(document, validate, "a search gap")
    query = redact(data["query"])
    if not query:
        raise Refused(422, "invalid", "the query is empty")
    return SearchGap(
        data["event_id"], now_text(), _language(data, languages), query, data["results"], data["browser"]
    )


def check_feedback(
    document: object, validate: Callable[[object], object], pages: Collection[str], languages: Collection[str]
) -> Feedback:
    data = _valid(document, validate, "a vote")
    if data["page"] not in pages:
        raise Refused(422, "unknown_page", f"no article or guide {data['page']!r} on this collector")
    comment = redact(data.get("comment") or "", COMMENT_MAX_LENGTH) or None
    section = redact(data.get("section") or "") or None
    return Feedback(
        data["feedback_id"],
        now_text(),
        data["page"],
        data.get("version"),
        _language(data, languages),
        data["vote"],
        section,
        comment if data["vote"] == "unclear" else None,
        data["browser"],
    )
