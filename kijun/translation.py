"""Translation status: is each Japanese page (and each case's Japanese text) a translation of the current English?

A Japanese page records, in its front matter, a fingerprint of the English text it translates:
``translation_of: 3f9a1c2b7d4e``. The fingerprint covers what a translator translates (title, description,
body), not bookkeeping such as ``last_reviewed``. When the English changes, the fingerprints differ and the
page is stale; git history, where available, finds the English version that was translated, so the report can
say what changed since.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kijun import gitinfo
from kijun.cases import Case
from kijun.contracts import short_hash
from kijun.frontmatter import split_front_matter
from kijun.languages import DEFAULT_LANGUAGE, language_dir, registry_of_docs
from kijun.pages import Pages, PageSource

SOURCE_KEY = "translation_of"
TRANSLATED, STALE, UNTRACKED, MISSING = "translated", "stale", "untracked", "missing"
STATES = (TRANSLATED, STALE, UNTRACKED, MISSING)
NEEDS_WORK = (STALE, MISSING)
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*(\{[^}]*\})?\s*$")


def fingerprint_text(*parts: str) -> str:
    """A short, stable hash of translatable text (line endings and trailing spaces do not count)."""
    normalised = "\n".join(" ".join(line.split()) for part in parts for line in part.strip().splitlines())
    return short_hash(normalised)


def page_fingerprint(text: str) -> str:
    """Fingerprint of a page's translatable parts: title, description and body."""
    front, body = split_front_matter(text)
    return fingerprint_text(str(front.get("title", "")), str(front.get("description", "")), body)


def case_fingerprint(case: Case) -> str:
    """Fingerprint of a case's source-language text (:data:`kijun.cases.TRANSLATED_FIELDS`)."""
    return fingerprint_text(*case.translated_texts(DEFAULT_LANGUAGE))


@dataclass(frozen=True)
class ChangeSummary:
    """What changed in the English since the translated version (None fields when history is unavailable)."""

    added: int
    removed: int
    sections: tuple[str, ...]

    def describe(self) -> str:
        where = f" in: {', '.join(self.sections)}" if self.sections else ""
        return f"+{self.added} −{self.removed} lines{where}"


@dataclass(frozen=True)
class PageStatus:
    path: PurePosixPath  # relative to the language folders
    state: str
    source: Path  # the source-language page
    target: Path | None  # its translation, None while missing
    recorded: str | None = None
    current: str = ""
    changes: ChangeSummary | None = None

    @property
    def source_changed(self) -> dt.date:
        """When the source page last changed (asks git, so only call it where the date is shown)."""
        return gitinfo.last_changed(self.source)


@dataclass(frozen=True)
class CaseStatus:
    case_id: str
    state: str
    file: Path
    recorded: str | None
    current: str


def _page_status(page: PageSource, translation: PageSource | None, with_changes: bool) -> PageStatus:
    path, source = page.path, page.file
    current = page_fingerprint(page.text)
    if translation is None:
        return PageStatus(path, MISSING, source, None, current=current)
    target = translation.file
    recorded = translation.data.get(SOURCE_KEY)
    if recorded is None:
        return PageStatus(path, UNTRACKED, source, target, current=current)
    if str(recorded) == current:
        return PageStatus(path, TRANSLATED, source, target, str(recorded), current)
    changes = change_summary(source, str(recorded)) if with_changes else None
    return PageStatus(path, STALE, source, target, str(recorded), current, changes)


def first_target(docs_dir: Path) -> str:
    """The target language a command reports on when none is named (the first one configured)."""
    targets = registry_of_docs(docs_dir).target_codes
    return targets[0] if targets else DEFAULT_LANGUAGE


def page_statuses(pages: Pages, target: str | None = None, with_changes: bool = True) -> list[PageStatus]:
    """The status of every source page's translation into ``target`` (default: the first target language)."""
    target = target or first_target(pages.docs_dir)
    source = pages.languages[0]
    return [_page_status(page, pages.get(target, page.path), with_changes) for page in pages.of(source)]


def case_statuses(cases: Iterable[Case]) -> list[CaseStatus]:
    statuses = []
    for case in cases:
        current = case_fingerprint(case)
        recorded = case.translation_of
        state = UNTRACKED if recorded is None else (TRANSLATED if recorded == current else STALE)
        statuses.append(CaseStatus(case.id, state, case.file or Path(), recorded, current))
    return sorted(statuses, key=lambda s: s.case_id)


def change_summary(source: Path, recorded: str) -> ChangeSummary | None:
    """Find the English version that was translated (by fingerprint, in git history) and summarise the change."""
    for commit in gitinfo.history(source):
        old = gitinfo.text_at(commit, source)
        if old is not None and page_fingerprint(old) == recorded:
            return compare(old, source.read_text(encoding="utf-8"))
    return None


def compare(old: str, new: str) -> ChangeSummary:
    """Lines added and removed, and the headings of the sections whose text changed."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    added = removed = 0
    for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    old_sections, new_sections = _sections(old), _sections(new)
    changed = [title for title, text in new_sections.items() if old_sections.get(title) != text]
    changed += [title for title in old_sections if title not in new_sections]
    return ChangeSummary(added, removed, tuple(changed))


def _sections(text: str) -> dict[str, str]:
    """Section heading text -> the section's lines, for level-2 and level-3 headings."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in split_front_matter(text)[1].splitlines():
        match = _HEADING.match(line)
        if match:
            current = match[2]
            sections[current] = []
        else:
            sections[current].append(line.rstrip())
    return {title: "\n".join(lines).strip() for title, lines in sections.items() if title or any(lines)}


# ---- marking a translation as re-synced ---------------------------------------------------------------


def mark_page_synced(docs_dir: Path, path: PurePosixPath, target: str | None = None) -> str:
    """Record the current English fingerprint in the ``target`` page's front matter; returns it."""
    target = target or first_target(docs_dir)
    source = language_dir(docs_dir, DEFAULT_LANGUAGE) / path
    translation = language_dir(docs_dir, target) / path
    current = page_fingerprint(source.read_text(encoding="utf-8"))
    text = translation.read_text(encoding="utf-8")
    translation.write_text(set_front_matter_value(text, SOURCE_KEY, json.dumps(current)), encoding="utf-8")
    return current


def set_front_matter_value(text: str, key: str, value: str) -> str:
    """Set ``key: value`` in a page's front matter, keeping every other line as written."""
    line = f"{key}: {value}"
    if not text.startswith("---"):
        return f"---\n{line}\n---\n\n{text}"
    end = text.index("\n---", 3)
    head, rest = text[:end], text[end:]
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    head = pattern.sub(line, head) if pattern.search(head) else f"{head}\n{line}"
    return head + rest


def mark_case_synced(case: Case) -> str:
    """Record the current English fingerprint in the case's YAML (``translation_of``); returns it."""
    if case.file is None:
        raise ValueError(f"case {case.id} was not loaded from a file")
    current = case_fingerprint(case)
    lines = case.file.read_text(encoding="utf-8").split("\n")
    start = next(
        i for i, line in enumerate(lines) if re.match(rf"^\s*- id:\s*{re.escape(case.id)}\s*$", line)
    )
    indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if re.match(r"^\s*- id:", lines[i]) or (lines[i] and not lines[i].startswith(indent))
        ),
        len(lines),
    )
    entry = f"{indent}{SOURCE_KEY}: {json.dumps(current)}"
    for i in range(start + 1, end):
        if lines[i].startswith(f"{indent}{SOURCE_KEY}:"):
            lines[i] = entry
            break
    else:
        lines.insert(start + 1, entry)
    case.file.write_text("\n".join(lines), encoding="utf-8")
    return current
