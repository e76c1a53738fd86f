"""Pairing of page sources across languages: which page lacks its counterpart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kijun.frontmatter import read_front_matter
from kijun.languages import DEFAULT_LANGUAGE, language_dir, registry_of_docs

SOURCES = ("docs/**/*.md", ".git/index")
"""What the pages' translation status reads: every page, and git's index for their change dates."""


@dataclass(frozen=True)
class MissingCounterpart:
    """A page that exists in ``source_language`` but not in ``language``."""

    path: PurePosixPath
    language: str
    source_language: str

    def describe(self, docs_dir: Path) -> str:
        missing = language_dir(docs_dir, self.language) / self.path
        source = language_dir(docs_dir, self.source_language) / self.path
        return f"{missing} is missing: it is the {self.language} counterpart of {source}"


def source_pages(docs_dir: Path, language: str) -> set[PurePosixPath]:
    """Return the Markdown pages of one language, as paths relative to its language folder."""
    root = language_dir(docs_dir, language)
    return {PurePosixPath(p.relative_to(root).as_posix()) for p in root.rglob("*.md")}


def missing_counterparts(
    docs_dir: Path, languages: tuple[str, ...] | None = None
) -> list[MissingCounterpart]:
    """List every page that exists in one language but not in another, sorted by path.

    By default the repository's languages whose ``docs/<code>/`` folder exists: a language added to the
    configuration without pages yet is served in English and is not reported page by page."""
    if languages is None:
        codes = registry_of_docs(docs_dir).codes
        languages = tuple(code for code in codes if code == codes[0] or (docs_dir / code).is_dir())
    pages = {language: source_pages(docs_dir, language) for language in languages}
    missing = [
        MissingCounterpart(path, language, source_language)
        for source_language in languages
        for language in languages
        if language != source_language
        for path in pages[source_language] - pages[language]
    ]
    return sorted(missing, key=lambda m: (str(m.path), m.language))


def pages_marked(docs_dir: Path, key: str, language: str = DEFAULT_LANGUAGE) -> dict[PurePosixPath, object]:
    """Pages whose front matter sets ``key`` (e.g. generated reports), with its value, sorted by path."""
    root = language_dir(docs_dir, language)
    found = {}
    for file in sorted(root.rglob("*.md")):
        head = file.read_text(encoding="utf-8")[:4000]
        if head.startswith("---") and f"{key}:" in head:  # cheap test before parsing YAML
            data = read_front_matter(file).front_matter.data
            if key in data:
                found[PurePosixPath(file.relative_to(root).as_posix())] = data[key]
    return found
