"""Review dates: every policy article has an owner who re-reads it at a set interval.

A stale article is where contradictions creep in (a law changed, a neighbouring policy moved). Readers see a
notice on an overdue article, ``kijun review-due`` lists them by owner, and ``--fail`` lets CI refuse them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from kijun.policies import PolicyMeta


@dataclass(frozen=True)
class ReviewStatus:
    path: PurePosixPath
    meta: PolicyMeta
    due: dt.date
    overdue_days: int  # negative: days left

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def due_date(meta: PolicyMeta) -> dt.date:
    return meta.last_reviewed + dt.timedelta(days=meta.review_interval_days)


def review_statuses(
    metas: Mapping[tuple[str, PurePosixPath], PolicyMeta], language: str, today: dt.date
) -> list[ReviewStatus]:
    """One status per published article in ``language`` (a draft has no review date yet), by owner and then by due
    date."""
    statuses = [
        ReviewStatus(path, meta, due_date(meta), (today - due_date(meta)).days)
        for (lang, path), meta in metas.items()
        if lang == language and not meta.draft
    ]
    return sorted(statuses, key=lambda status: (status.meta.owner, status.due, status.meta.policy_id))


def render_review_due(statuses: list[ReviewStatus], team_names: Mapping[str, str], within_days: int) -> str:
    """Plain-text list for the terminal: overdue articles and those due within ``within_days``, by owner."""
    shown = [status for status in statuses if status.overdue_days > -within_days]
    if not shown:
        return f"No article is overdue or due within {within_days} days."
    lines = []
    for status in shown:
        when = (
            f"overdue by {status.overdue_days} days"
            if status.overdue
            else f"due in {-status.overdue_days} days"
        )
        lines.append(
            f"{team_names.get(status.meta.owner, status.meta.owner)}: {status.meta.policy_id} "
            f"{status.meta.title} (last reviewed {status.meta.last_reviewed}, due {status.due}, {when})"
        )
    return "\n".join(lines)
