"""Template text left behind: a scaffold writes drafts full of instructions ("Why the rule exists: whose trust it
protects…"); once the draft mark is removed, none of those lines may remain. ``kijun check`` names each one.

A template line counts when it is prose the author must replace: in the article templates every prose line of 20
characters or more without a ``{placeholder}``; in the case and matrix templates the lines that say they are drafts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kijun.cases import Case
from kijun.markdown_text import FENCE
from kijun.matrix.model import Matrix
from kijun.pages import Pages
from kijun.sourcefile import SourceError, read_text

TEMPLATES = Path(__file__).parent / "templates"
MIN_LENGTH = 20
_DRAFT_WORDS = re.compile(r"draft|下書き", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:-\s+)?(?:[a-z_]+:\s+)?")  # a list dash and a YAML key
_NOT_PROSE = re.compile(r"^(?:#|<!--|\||---|```|:)")


def normalized(line: str) -> str:
    """A line as compared: without a list dash, a YAML key, quotes and surrounding space."""
    return _PREFIX.sub("", line).strip().strip("\"'").strip()


@dataclass(frozen=True)
class TemplatePhrases:
    article: frozenset[str]
    case: frozenset[str]
    matrix: frozenset[str]


def _phrases(lines: Iterable[str], only_drafts: bool) -> frozenset[str]:
    found = set()
    for line in lines:
        text = normalized(line)
        if len(text) < MIN_LENGTH or "{" in text or "}" in text or _NOT_PROSE.match(line.strip()):
            continue
        if only_drafts and not _DRAFT_WORDS.search(text):
            continue
        found.add(text)
    return frozenset(found)


def _outside_fences(lines: list[str]) -> list[str]:
    """The lines outside fenced blocks: decision messages are boilerplate real articles keep (greetings, appeals)."""
    kept, fenced = [], False
    for line in lines:
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return kept


def template_phrases(folder: Path = TEMPLATES) -> TemplatePhrases:
    articles = [
        line
        for file in sorted(folder.glob("article.*.md"))
        for line in _outside_fences(file.read_text("utf-8").splitlines())
    ]
    return TemplatePhrases(
        _phrases(articles, only_drafts=False),
        _phrases((folder / "case.yml").read_text("utf-8").splitlines(), only_drafts=True),
        _phrases((folder / "matrix.yml").read_text("utf-8").splitlines(), only_drafts=True),
    )


def template_lines(
    file: Path, lines: Iterable[tuple[int, str]], phrases: frozenset[str]
) -> list[SourceError]:
    """An error for every line of ``file`` that is still template text (``lines``: line number and text)."""
    return [
        SourceError(file, number, "", f"template text left in a published source: {normalized(line)[:60]!r}")
        for number, line in lines
        if normalized(line) in phrases
    ]


def case_lines(text: str, starts: dict[int, bool]) -> list[tuple[int, str]]:
    """The lines of a case file that belong to a published case (``starts``: each case's first line → whether it
    is a draft)."""
    kept, draft = [], True
    for number, line in enumerate(text.splitlines(), start=1):
        draft = starts.get(number, draft)
        if not draft:
            kept.append((number, line))
    return kept


def template_errors(
    pages: Pages, cases: Iterable[Case], matrix: Matrix, draft_articles: frozenset[str]
) -> list[SourceError]:
    """Template text in every published page, case and matrix file (drafts may keep theirs)."""
    phrases = template_phrases()
    errors: list[SourceError] = []
    for language in pages.by_language:
        for page in pages.of(language):
            if not page.draft:
                numbered = list(enumerate(page.text.splitlines(), start=1))
                errors += template_lines(page.file, numbered, phrases.article)
    by_file: dict[Path, dict[int, bool]] = {}
    for case in cases:
        if case.file is not None:
            by_file.setdefault(case.file, {})[case.line] = case.draft or case.policy in draft_articles
    for file, starts in sorted(by_file.items()):
        errors += template_lines(file, case_lines(read_text(file), starts), phrases.case)
    for name, policy in matrix.policies.items():
        if name not in draft_articles:
            file = policy.document.file
            errors += template_lines(file, enumerate(read_text(file).splitlines(), start=1), phrases.matrix)
    return errors
