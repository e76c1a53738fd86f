"""Formats shared by Python, the JSON Schemas and the browser: defined here once.

The quiz runtime gets every one of these from the page data (``contract`` in the quiz data, written by
:func:`kijun.quiz_render.quiz_data`), so the browser's exports and the report's reader cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from kijun.csv_safety import FORMULA_STARTS

EXPORT_FORMAT = "kijun-results"  # the `format` of an exported result file (quizzes/results.schema.json)
EXPORT_FORMAT_VERSION = 1
QUIZ_MODES = ("practice", "calibration")
CONFIDENCE_LEVELS = ("low", "medium", "high")
# Certainty-based marking: points when right and when wrong, per confidence level (Gardner-Medwin's scheme).
CBM_POINTS: dict[str, tuple[int, int]] = {"low": (1, 0), "medium": (2, -2), "high": (3, -6)}
# The columns of a CSV export, one row per answer, in this order.
CSV_COLUMNS = (
    "quiz_id",
    "quiz_version",
    "language",
    "agent",
    "case_id",
    "decision",
    "clause",
    "confidence",
    "reason",
    "time_ms",
    "answered_at",
)


def browser_contract() -> dict[str, Any]:
    """The part of the contract the quiz runtime needs, as JSON-ready data."""
    return {
        "format": EXPORT_FORMAT,
        "formatVersion": EXPORT_FORMAT_VERSION,
        "confidenceLevels": list(CONFIDENCE_LEVELS),
        "cbmPoints": {level: list(points) for level, points in CBM_POINTS.items()},
        "csvColumns": list(CSV_COLUMNS),
        "formulaStarts": FORMULA_STARTS,
    }
