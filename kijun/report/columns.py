"""The report's per-agent and per-case tables, declared once: each column says what the CSV holds and what the page
shows. A new statistic is one field in :mod:`kijun.report.analysis` and one :class:`Column` here; the CSV and the
page both follow.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from kijun.markdown_text import escape_inline
from kijun.report.results import AgentResult, CaseResult

Row = TypeVar("Row")


class Labels(Protocol):
    """What a page cell may need from the page's language (the report writer)."""

    def action(self, action_id: str) -> str: ...
    def policy_title(self, policy: str) -> str: ...


def percent(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"


def number(value: float | None, digits: int = 3) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def rounded(value: float) -> float | None:
    """A share for the CSV: four decimals, empty when undefined."""
    return None if math.isnan(value) else round(value, 4)


@dataclass(frozen=True)
class Column(Generic[Row]):
    csv: str | None  # the CSV header; None: on the page only
    label: str | None  # the page header's text key (kijun.report.text); None: in the CSV only
    value: Callable[[Row], object]  # the CSV cell: ids and plain numbers
    cell: Callable[[Row, Labels], str] | None = None  # the page cell (Markdown); default: the value as text

    def page_cell(self, row: Row, labels: Labels) -> str:
        return self.cell(row, labels) if self.cell else str(self.value(row))


AGENT_COLUMNS: tuple[Column[AgentResult], ...] = (
    Column("agent", "agent", lambda a: a.agent, lambda a, _: escape_inline(a.agent)),
    Column("language", "language", lambda a: a.language),
    Column("answered", "answered", lambda a: a.answered),
    Column("missing", "missing", lambda a: a.missing),
    Column("correct", None, lambda a: a.correct),
    Column("accuracy", "accuracy", lambda a: rounded(a.accuracy), lambda a, _: percent(a.accuracy)),
    Column("over_enforcement", "over", lambda a: a.over),
    Column("under_enforcement", "under", lambda a: a.under),
    Column("other_action", "other_action", lambda a: a.other_action),
    Column(
        "wrong_clause",
        "wrong_clause",
        lambda a: a.wrong_clause,
        lambda a, _: f"{a.wrong_clause}/{a.clause_answers}" if a.clause_answers else "–",
    ),
    Column("clause_answers", None, lambda a: a.clause_answers),
    Column("certainty_score", "cbm", lambda a: a.cbm),
    Column(
        "alpha_without_agent",
        "alpha_without",
        lambda a: round(a.alpha_without, 4),
        lambda a, _: number(a.alpha_without),
    ),
)


def case_columns(decisions: Sequence[str]) -> tuple[Column[CaseResult], ...]:
    """The per-case table; the CSV also counts every decision offered in the round."""
    return (
        Column("case_id", "case", lambda c: c.case_id),
        Column(
            "policy",
            "policy",
            lambda c: c.policy,
            lambda c, labels: escape_inline(labels.policy_title(c.policy)),
        ),
        Column("area", None, lambda c: c.area),
        Column("rule", None, lambda c: c.rule),
        Column(
            "reference",
            "reference",
            lambda c: c.reference,
            lambda c, labels: escape_inline(labels.action(c.reference)),
        ),
        Column("answers", "answers", lambda c: c.answered),
        Column(
            "agreement",
            "percent_agreement",
            lambda c: round(c.agreement, 4),
            lambda c, _: percent(c.agreement),
        ),
        Column("accuracy", "accuracy", lambda c: round(c.accuracy, 4), lambda c, _: percent(c.accuracy)),
        Column(
            "most_chosen",
            "most_chosen",
            lambda c: c.modal,
            lambda c, labels: (
                f"{escape_inline(labels.action(c.modal))} ({percent(c.modal_share)})" if c.modal else "–"
            ),
        ),
        Column("most_chosen_share", None, lambda c: round(c.modal_share, 4)),
        Column("confident_wrong", None, lambda c: c.confident_wrong),
        *(Column(f"n_{d}", None, lambda c, d=d: c.distribution.get(d, 0)) for d in decisions),
    )


def csv_table(columns: Sequence[Column[Row]], rows: Sequence[Row]) -> tuple[list[str], list[list[object]]]:
    shown = [column for column in columns if column.csv]
    return [column.csv for column in shown], [[column.value(row) for column in shown] for row in rows]


def page_table(
    columns: Sequence[Column[Row]], rows: Sequence[Row], labels: Labels, header: Callable[[str], str]
) -> tuple[list[str], list[list[str]]]:
    shown = [column for column in columns if column.label]
    return (
        [header(column.label) for column in shown],
        [[column.page_cell(row, labels) for column in shown] for row in rows],
    )
