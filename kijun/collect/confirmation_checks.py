"""What the collector accepts as a read confirmation: the schema's shape, an article it knows, a real agent name.

A version the collector does not know yet is stored all the same: the site may be published before the collector
reads the new sources, and a confirmation refused for that would be lost. Which version counts is decided when the
lead asks (:mod:`kijun.confirmations`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass

import fastjsonschema

from kijun.answers import agent_key
from kijun.collect.checks import Refused, utc_text


@dataclass(frozen=True)
class CheckedConfirmation:
    """A confirmation that passed every check, in the columns the store keeps (:data:`CONFIRMATION_COLUMNS`)."""

    confirmation_id: str
    digest: str  # of the document: a resend must carry the same data
    policy_id: str
    version: str
    language: str
    agent: str
    agent_key: str
    confirmed_at: str  # in UTC


def check_confirmation(
    document: object,
    validate: Callable[[object], object],
    policy_ids: Collection[str],
    languages: Collection[str],
) -> CheckedConfirmation:
    """``document`` (parsed JSON) as a storable confirmation, or :class:`Refused` saying why not."""
    try:
        validate(document)
    except fastjsonschema.JsonSchemaException as exc:
        raise Refused(422, "invalid", f"not a read confirmation: {exc.message}") from None
    data: dict = document  # type: ignore[assignment]  # the schema checked it is an object
    agent = data["agent"].strip()
    if not agent:
        raise Refused(422, "invalid", "agent is blank")
    if data["policy_id"] not in policy_ids:
        raise Refused(422, "unknown_policy", f"no published article {data['policy_id']!r} on this collector")
    if data["language"] not in languages:
        raise Refused(422, "invalid", f"language {data['language']!r} is not one of the site's")
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return CheckedConfirmation(
        confirmation_id=data["confirmation_id"],
        digest=hashlib.sha256(payload.encode()).hexdigest(),
        policy_id=data["policy_id"],
        version=data["version"],
        language=data["language"],
        agent=agent,
        agent_key=agent_key(agent),
        confirmed_at=utc_text(data["confirmed_at"]),
    )
