"""Policy changes: every published article's change log, read once as data, newest first.

Each article keeps its change log as a table (version, date, change) in its last section. The policy-updates page
and the Atom feeds of every language are rendered from these entries, so a change is written once, in the
article, and reaches agents wherever they follow changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kijun.markdown_text import FENCE
from kijun.pages import Pages
from kijun.policies import PolicyMeta, is_policy_article
from kijun.sourcefile import SourceError
from kijun.ui_text import ui_text

CHANGE_LOG_ID = "change-log"
_SECTION = re.compile(r"^##\s+.*\{#(?P<id>[^}\s]+)\}\s*$")
_ROW = re.compile(r"^\|\s*(?P<version>[^|]+?)\s*\|\s*(?P<date>[^|]+?)\s*\|\s*(?P<change>.+?)\s*\|\s*$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class ChangeEntry:
    """One row of one article's change log, in one language."""

    article: str  # the article's file name without .md
    title: str
    version: str
    date: dt.date
    change: str  # the summary as written (Markdown)
    file: Path
    line: int


def _rows(body: str, first_line: int) -> list[tuple[int, str]]:
    """The table lines of the change-log section, with their file lines."""
    rows, inside, fenced = [], False, False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        if match := _SECTION.match(line):
            inside = match["id"] == CHANGE_LOG_ID
        elif inside and line.startswith("|") and not line.startswith("|---"):
            rows.append((number, line))
    return rows[1:]  # the header row


def article_changes(pages: Pages, language: str) -> tuple[list[ChangeEntry], list[SourceError]]:
    """Every change-log entry of the published articles of ``language``, newest first, and the rows that are not a
    version, an ISO date and a summary (named by file and line)."""
    entries: list[ChangeEntry] = []
    errors: list[SourceError] = []
    for page in pages.of(language):
        if not is_policy_article(page.path) or page.draft:
            continue
        source = page.markdown
        title = str(source.front_matter.data.get("title", page.path.stem))
        for number, line in _rows(source.body, source.body_line):
            match = _ROW.match(line)
            version, date = (match["version"], match["date"]) if match else ("", "")
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                day = None
            if match is None or day is None or not _VERSION.match(version):
                errors.append(
                    SourceError(page.file, number, "change log", "expected | version | YYYY-MM-DD | change |")
                )
                continue
            entries.append(
                ChangeEntry(page.path.stem, title, version, day, match["change"], page.file, number)
            )
    entries.sort(key=lambda entry: (entry.date, version_key(entry.version), entry.article), reverse=True)
    return entries, errors


def version_key(version: str) -> tuple[int, ...]:
    """``1.10`` after ``1.9``: versions compare by their numbers (a part that is not one, in an old text, as 0)."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def reading_json(metas: Mapping[tuple[str, PurePosixPath], PolicyMeta], language: str) -> str:
    """The page data behind "changed since you last read it" (kijun.js): each published article's current version
    in ``language``, and the mark's text. The browser keeps what the reader last opened."""
    versions = {
        path.stem: meta.version for (code, path), meta in metas.items() if code == language and not meta.draft
    }
    return json.dumps(
        {
            "versions": dict(sorted(versions.items())),
            "mark": ui_text("reading_mark", language),
        },
        ensure_ascii=False,
    )
