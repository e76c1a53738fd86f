"""Formats shared by Python, the JSON Schemas, the templates and the browser: defined here once.

The quiz runtime gets what it needs from the page data (``contract`` in the quiz data, written by
:func:`kijun.quiz_render.quiz_data`), so the browser's exports and the report's reader cannot drift apart. What a
file outside Python must spell out itself (a JSON Schema, a Jinja template, the search worker) is held to the value
here by ``tests/test_contracts.py``.
"""

from __future__ import annotations

import hashlib
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


# Front-matter keys of the pages Kijun generates, which the build and the templates read back.
QUIZ_PAGE_KEY = "kijun_quiz"  # a quiz page: overrides/main.html loads the quiz runtime on it
REPORT_PAGE_KEY = "kijun_report"  # a calibration report page: the round it reports
# Front-matter keys of a policy article the build reads (schema: kijun/schemas/policy-front-matter.schema.json).
POLICY_FRONT_MATTER_KEYS = (
    "draft",
    "title",
    "description",
    "policy_id",
    "area",
    "owner",
    "effective",
    "last_reviewed",
    "version",
    "review_interval_days",
    "confirm_by",
    "keywords",
    "translation_of",
)

# Quiz versions and translation fingerprints: the first hex digits of a SHA-256.
HASH_LENGTH = 12
HASH_PATTERN = f"^[0-9a-f]{{{HASH_LENGTH}}}$"

# The policy areas, in the order the index and the report show them.
POLICY_AREAS = ("reviews-and-promotion", "course-content", "conduct-and-safety", "accounts-and-payments")

# Word separators for languages searched by character bigrams: whitespace and ASCII and Japanese punctuation. The
# index (kijun.search) and the search worker (kijun-search-worker.js, SEPARATORS) must split text the same way.
SEARCH_SEPARATOR = r"[\s\-,.:;!?'\"()\[\]{}/|\\、。，．・「」『』（）［］【】〈〉《》！？：；…〜～]+"

# The data-kijun-* attributes the quiz page's HTML carries for the quiz runtime to find.
QUIZ_DOM_HOOKS = (
    "data-kijun-action",
    "data-kijun-agent",
    "data-kijun-feedback",
    "data-kijun-field",
    "data-kijun-progress",
    "data-kijun-reference",
    "data-kijun-score",
    "data-kijun-status",
    "data-kijun-version-mark",
    "data-kijun-version-notice",
)

# A read confirmation, as the article page sends it to the collector (kijun/schemas/confirmation.schema.json).
CONFIRMATION_FORMAT = "kijun-confirmation"
CONFIRMATION_ROUTE = "/confirmations"  # under the collector's address (extra.collector in mkdocs.yml)
RESULTS_ROUTE = "/results"
# The data-kijun-* attributes of an article's confirmation form, which kijun.js finds.
CONFIRM_DOM_HOOKS = ("data-kijun-confirm", "data-kijun-confirm-notice", "data-kijun-confirm-status")

# The collector's confirmations: one row per agent and article version, only ever added.
CONFIRMATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("confirmation_id", "unique text"),
    ("digest", "text"),
    ("received_at", "text"),
    ("client", "text"),
    ("policy_id", "text"),
    ("version", "text"),
    ("language", "text"),
    ("agent", "text"),
    ("agent_key", "text"),
    ("confirmed_at", "text"),
)
CONFIRMATION_UNIQUE = ("policy_id", "version", "agent_key")  # an agent confirms a version once

# What readers tell the collector (opt-in: extra.search_gaps and a collector in mkdocs.yml): searches that ended
# without a page opened, and "was this clear?" votes. Formats (kijun/schemas/*.schema.json) and routes.
SEARCH_GAP_FORMAT = "kijun-search-gap"
SEARCH_GAP_ROUTE = "/search-gaps"
FEEDBACK_FORMAT = "kijun-feedback"
FEEDBACK_ROUTE = "/feedback"
FEEDBACK_VOTES = ("clear", "unclear")
# The browser's local storage, where it is read by more than the site script (the notices' early script,
# kijun/reading_notices.py): the version of each article last opened, per language; a confirmation's outcome.
READ_STORAGE_KEY = "kijun.read."
CONFIRMED_STORAGE_KEY = "kijun.confirmed."
FEEDBACK_DOM_HOOKS = (
    "data-kijun-feedback-form",
    "data-kijun-feedback-vote",
    "data-kijun-feedback-more",
    "data-kijun-feedback-status",
)
QUERY_MAX_LENGTH = 100  # characters of a redacted query kept
COMMENT_MAX_LENGTH = 500
# Redaction of what a reader types, applied in the browser before anything leaves the page (and again by the
# collector): after NFKC normalisation (full-width digits and letters become ASCII), invisible format characters
# dropped and every kind of space made a plain one (so \s means the same on both sides), each pattern, in order, is
# replaced by its mask. Written in the syntax JavaScript and Python share (no \b, \w or \d, whose meaning
# differs between them); "i" makes a pattern ignore case. The browser gets them from the page data.
REDACTIONS: tuple[tuple[str, str, str], ...] = (
    (r"[^\s@]+ ?@ ?[^\s@]+", "", "[email]"),
    (r"(?:https?://|www\.) ?[^\s]+", "i", "[url]"),
    (
        r"(?:^|(?<=[^A-Za-z]))(?:[Nn]ame|NAME|[Uu]ser(?:name)?|USER|ID|[Ii]d|[Tt]el|TEL|[Pp]hone|[Ee]-?mail)"
        r"\s*[:=]\s*[^\s]+(?:\s+[A-Z][A-Za-z'-]*){0,2}",
        "",
        "[name]",
    ),
    (r"(?:氏名|名前|ユーザー?名|アカウント名?|ID)\s*(?:[:=：]|は)\s*[^\s]{1,20}", "i", "[name]"),
    (
        r"(?:^|(?<=[^A-Za-z]))(?:Mr|MR|Mrs|MRS|Ms|MS|Miss|Dr|DR)\.?\s+[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*)?",
        "",
        "[name]",
    ),
    (r"[\u4e00-\u9fff\u30a0-\u30ffー]{1,6}(?:さん|様|さま|氏|くん|ちゃん)", "", "[name]"),
    (r"@[A-Za-z0-9_.]{2,}", "", "[handle]"),
    (r"[0-9]{3,}", "", "[number]"),
)
# The collector's reader tables: events kept only for the retention period, then deleted.
SEARCH_GAP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "unique text"),
    ("received_at", "text"),
    ("language", "text"),
    ("query", "text"),
    ("results", "integer"),
    ("browser", "text"),
)
FEEDBACK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("feedback_id", "unique text"),
    ("received_at", "text"),
    ("page", "text"),
    ("version", "text?"),
    ("language", "text"),
    ("vote", "text"),
    ("section", "text?"),
    ("comment", "text?"),
    ("browser", "text"),
)

# The collector's table, for SQLite and PostgreSQL alike: (column, kind); ``?`` marks a column that may be empty.
COLLECTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("submission_id", "unique text"),
    ("digest", "text"),
    ("received_at", "text"),
    ("client", "text"),
    ("quiz_id", "text"),
    ("quiz_version", "text"),
    ("current_version", "text"),
    ("language", "text"),
    ("agent", "text"),
    ("agent_key", "text"),
    ("exported_at", "text"),
    ("exported_ts", "text"),
    ("answer_count", "integer"),
    ("payload", "text"),
    ("superseded_by", "text?"),
)


def short_hash(text: str) -> str:
    """The version or fingerprint of ``text``: :data:`HASH_LENGTH` hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def browser_contract() -> dict[str, Any]:
    """The part of the contract the quiz runtime needs, as JSON-ready data."""
    return {
        "format": EXPORT_FORMAT,
        "formatVersion": EXPORT_FORMAT_VERSION,
        "confidenceLevels": list(CONFIDENCE_LEVELS),
        "cbmPoints": {level: list(points) for level, points in CBM_POINTS.items()},
        "csvColumns": list(CSV_COLUMNS),
        "formulaStarts": FORMULA_STARTS,
        "versionPattern": HASH_PATTERN,
    }
