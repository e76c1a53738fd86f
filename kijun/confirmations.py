"""Read confirmations: which article versions agents must confirm by when, and who has and who is overdue.

An article asks for confirmation with ``confirm_by`` in its front matter: every agent must confirm having read its
current version by that day. The collector stores each confirmation once; this module turns the stored ones and a
roster of agents into the lead's view, the same whether it is asked over HTTP (``GET /confirmations``) or by
``kijun confirmations`` from the database. The view is plain JSON-ready data, and the table and the CSV are drawn
from that data, so every way of asking gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from kijun.answers import agent_key
from kijun.collect.store import StoredConfirmation
from kijun.csv_safety import excel_csv
from kijun.policies import PolicyMeta
from kijun.terminal_text import printable

CONFIRMED, OVERDUE, PENDING = "confirmed", "overdue", "pending"
CSV_COLUMNS = ("policy_id", "article", "version", "confirm_by", "agent", "status", "confirmed_at", "language")


@dataclass(frozen=True)
class Required:
    """An article version agents must confirm, and by when."""

    policy_id: str
    article: str  # the file name without .md
    title: str
    version: str
    confirm_by: dt.date


def required_confirmations(
    metas: Mapping[tuple[str, PurePosixPath], PolicyMeta], language: str
) -> list[Required]:
    """The published articles whose current version must be confirmed, titled in ``language``, soonest first."""
    required = [
        Required(meta.policy_id, path.stem, meta.title, meta.version, meta.confirm_by)
        for (code, path), meta in metas.items()
        if code == language and meta.confirm_by is not None and not meta.draft
    ]
    return sorted(required, key=lambda item: (item.confirm_by, item.policy_id))


def confirmation_status(
    required: Iterable[Required],
    confirmations: Iterable[StoredConfirmation],
    roster: Iterable[str],
    today: dt.date,
) -> dict[str, Any]:
    """Per required version: every agent of ``roster`` (and anyone else who confirmed) as confirmed, overdue (the
    day has passed) or pending, with the counts. Agents are the same when their names are (trimmed, case ignored),
    as for quiz answers; a confirmation of an earlier version does not count for the current one."""
    names = {agent_key(name): name.strip() for name in roster if name.strip()}
    stored: dict[tuple[str, str], dict[str, StoredConfirmation]] = {}
    for confirmation in confirmations:
        stored.setdefault((confirmation.policy_id, confirmation.version), {}).setdefault(
            confirmation.agent_key, confirmation
        )
    versions = []
    for item in required:
        confirmed = stored.get((item.policy_id, item.version), {})
        late = today > item.confirm_by
        agents = []
        for key in sorted(set(names) | set(confirmed)):
            done = confirmed.get(key)
            agents.append(
                {
                    "agent": done.agent if done else names[key],
                    "status": CONFIRMED if done else OVERDUE if late else PENDING,
                    "confirmed_at": done.confirmed_at if done else None,
                    "language": done.language if done else None,
                }
            )
        counts = {
            status: sum(a["status"] == status for a in agents) for status in (CONFIRMED, OVERDUE, PENDING)
        }
        versions.append(
            {
                "policy_id": item.policy_id,
                "article": item.article,
                "title": item.title,
                "version": item.version,
                "confirm_by": item.confirm_by.isoformat(),
                **counts,
                "agents": agents,
            }
        )
    return {"as_of": today.isoformat(), "versions": versions}


def status_rows(status: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per article version and agent, in :data:`CSV_COLUMNS`."""
    return [
        {**{key: version[key] for key in CSV_COLUMNS[:4]}, **agent}
        for version in status["versions"]
        for agent in version["agents"]
    ]


def status_csv(status: Mapping[str, Any]) -> str:
    """The rows as an Excel-safe CSV (text cells that could start a formula get an apostrophe)."""
    return excel_csv(CSV_COLUMNS, [[row[column] for column in CSV_COLUMNS] for row in status_rows(status)])


def status_table(status: Mapping[str, Any]) -> str:
    """The lead's summary for a terminal: each version with its counts, then who is overdue."""
    lines = [f"Read confirmations as of {status['as_of']}"]
    if not status["versions"]:
        lines.append("No article asks for confirmation (set confirm_by in an article's front matter).")
    for version in status["versions"]:
        lines.append(
            f"{version['policy_id']} {version['article']} v{version['version']} (by {version['confirm_by']}):"
            f" {version[CONFIRMED]} confirmed, {version[OVERDUE]} overdue, {version[PENDING]} pending"
        )
        waiting = [agent["agent"] for agent in version["agents"] if agent["status"] != CONFIRMED]
        if waiting:
            label = OVERDUE if version[OVERDUE] else PENDING
            lines.append(f"  {label}: " + ", ".join(printable(name) for name in waiting))
    return "\n".join(lines) + "\n"
