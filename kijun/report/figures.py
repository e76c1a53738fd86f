"""The report's charts for one round in one language: which charts, from which results, with which labels
(the SVG drawing itself is :mod:`kijun.report.charts`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kijun.report import charts

if TYPE_CHECKING:
    from kijun.report.render import ReportWriter

CHART_FILES = {
    "spread": "decision-spread.svg",
    "agents": "agent-accuracy.svg",
    "confidence": "confidence.svg",
    "trend": "trend.svg",
}


def round_charts(writer: ReportWriter) -> dict[str, str]:
    """The round's charts in the writer's language: decision spread, accuracy by agent, confidence, trend."""
    report = writer.report
    decisions = [
        (d, writer.action(d)) for d in report.decisions if any(c.distribution.get(d) for c in report.cases)
    ]
    spread = charts.stacked_bars(
        writer.t("chart_spread"),
        writer.t("chart_spread_desc"),
        [(c.case_id, c.distribution, c.reference) for c in report.cases],
        decisions,
        writer.t("reference"),
    )
    agents = sorted(
        report.agents, key=lambda a: (-(a.accuracy if not math.isnan(a.accuracy) else -1), a.agent)
    )
    mean = report.accuracy if report.answered else 0.0
    accuracy = charts.horizontal_bars(
        writer.t("chart_accuracy"),
        writer.t("chart_accuracy_desc"),
        [(a.agent, a.accuracy) for a in agents],
        marker=(writer.t("mean"), mean),
    )
    confidence = charts.horizontal_bars(
        writer.t("chart_confidence"),
        writer.t("chart_confidence_desc"),
        [
            (writer.t(f"confidence_{r.level}"), r.correct / r.answers if r.answers else float("nan"))
            for r in report.confidence
        ],
    )
    files = {
        CHART_FILES["spread"]: spread,
        CHART_FILES["agents"]: accuracy,
        CHART_FILES["confidence"]: confidence,
    }
    rounds = list(dict.fromkeys(p.round_id for p in writer.trends))
    if len(rounds) > 1:
        areas = list(dict.fromkeys(p.area for p in writer.trends))
        lookup = {(p.round_id, p.area): p.accuracy for p in writer.trends}
        series = [
            (
                writer.t("overall") if area == "overall" else writer.area(area),
                [lookup.get((r, area), float("nan")) for r in rounds],
            )
            for area in areas
        ]
        files[CHART_FILES["trend"]] = charts.line_chart(
            writer.t("chart_trend"), writer.t("chart_trend_desc"), rounds, series, writer.t("accuracy")
        )
    return files
