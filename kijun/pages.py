"""The pages model: every Markdown page of every language, found by one scan of ``docs/`` and read once.

Policies, consistency checks, translation status, search vocabulary and the report-page lookup all read pages;
each used to walk ``docs/`` and parse front matter on its own. They now share one :class:`Pages`, which the
Handbook keeps while the files are unchanged. Front matter is read lazily through the bounded loader
(:func:`kijun.frontmatter.parse_markdown`), so a hostile page fails with file and line wherever it is first read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from kijun.frontmatter import MarkdownSource, parse_markdown
from kijun.languages import registry_of_docs
from kijun.sourcefile import SourceError, SourceValidationError, read_text

SOURCES = ("docs/**/*.md",)
"""What the pages model reads, relative to the repository."""

TEXT_KEYS = ("title", "description")
"""Front-matter values a theme prints (tab title, header, navigation, meta description): plain text, never markup."""


@dataclass(frozen=True)
class PageSource:
    """One page of one language. Its text is read on first use; its front matter is parsed on first use."""

    language: str
    path: PurePosixPath  # relative to the language folder
    file: Path

    @cached_property
    def text(self) -> str:
        return read_text(self.file)

    @cached_property
    def markdown(self) -> MarkdownSource:
        """Front matter (bounded, line-numbered; :class:`~kijun.sourcefile.SourceValidationError` if bad) and body."""
        return parse_markdown(self.file, self.text)

    @property
    def data(self) -> dict:
        return self.markdown.front_matter.data

    @property
    def draft(self) -> bool:
        """Marked ``draft: true``: previewed with a banner, left out of every published build."""
        return self.data.get("draft") is True


@dataclass(frozen=True)
class MissingCounterpart:
    """A page that exists in ``source_language`` but not in ``language``."""

    path: PurePosixPath
    language: str
    source_language: str
    docs_dir: Path

    def describe(self) -> str:
        missing = self.docs_dir / self.language / self.path
        source = self.docs_dir / self.source_language / self.path
        return f"{missing} is missing: it is the {self.language} counterpart of {source}"


@dataclass(frozen=True)
class Pages:
    """Every page by language and path. Languages are the repository's (``mkdocs.yml``); a configured language
    without a ``docs/<code>/`` folder has no pages (static-i18n serves it the source pages)."""

    docs_dir: Path
    languages: tuple[str, ...]
    by_language: dict[str, dict[PurePosixPath, PageSource]] = field(default_factory=dict)

    def of(self, language: str) -> list[PageSource]:
        """The pages of ``language``, sorted by path."""
        if language not in self.languages:
            raise ValueError(f"unknown language {language!r}; expected one of {', '.join(self.languages)}")
        return list(self.by_language.get(language, {}).values())

    def paths(self, language: str) -> set[PurePosixPath]:
        return {page.path for page in self.of(language)}

    def get(self, language: str, path: PurePosixPath) -> PageSource | None:
        return self.by_language.get(language, {}).get(path)

    def drafts(self, language: str) -> set[PurePosixPath]:
        """The pages of ``language`` marked as drafts."""
        return {page.path for page in self.of(language) if page.draft}

    def under(self, language: str, folder: str) -> Iterator[PageSource]:
        """The pages of ``language`` directly inside ``folder`` (e.g. the policy articles)."""
        return (page for page in self.of(language) if page.path.parent == PurePosixPath(folder))

    def marked(self, key: str, language: str) -> dict[PurePosixPath, object]:
        """Pages whose front matter sets ``key`` (e.g. generated reports), with its value, sorted by path."""
        found = {}
        for page in self.of(language):
            head = page.text[:4000]
            if head.startswith("---") and f"{key}:" in head and key in page.data:  # cheap test before parsing
                found[page.path] = page.data[key]
        return found

    def errors(self) -> list[SourceError]:
        """Every page's front matter read through the bounded loader, and each of :data:`TEXT_KEYS` text: a build
        asks before MkDocs reads any page, so a hostile page fails here, with file and line, and nowhere else."""
        found: list[SourceError] = []
        for language in self.by_language:
            for page in self.of(language):
                try:
                    document = page.markdown.front_matter
                except SourceValidationError as exc:
                    found += exc.errors
                    continue
                found += [
                    document.error((key,), "must be text")
                    for key in TEXT_KEYS
                    if key in document.data and not isinstance(document.data[key], str)
                ]
        return found

    def missing_counterparts(self) -> list[MissingCounterpart]:
        """Every page that exists in one language but not in another, sorted by path. Only languages with a
        folder count: a language added to the configuration without pages yet is served in the source language
        and is not reported page by page."""
        present = [code for code in self.languages if code == self.languages[0] or code in self.by_language]
        missing = [
            MissingCounterpart(path, language, source_language, self.docs_dir)
            for source_language in present
            for language in present
            if language != source_language
            for path in self.paths(source_language) - self.paths(language)
        ]
        return sorted(missing, key=lambda m: (str(m.path), m.language))


def scan_pages(docs_dir: Path, languages: tuple[str, ...] | None = None) -> Pages:
    """Find every page of every language (the one walk of ``docs/``); nothing is read yet."""
    codes = languages or registry_of_docs(docs_dir).codes
    found: dict[str, dict[PurePosixPath, PageSource]] = {}
    for code in codes:
        root = docs_dir / code
        if not root.is_dir():
            continue
        paths = sorted(PurePosixPath(file.relative_to(root).as_posix()) for file in root.rglob("*.md"))
        found[code] = {path: PageSource(code, path, root / path) for path in paths}
    return Pages(docs_dir, tuple(codes), found)
