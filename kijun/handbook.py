"""The Handbook: everything a build, a command or the report loads from the sources, loaded once.

Sources → one validated Handbook → pages, exports, report. Before it, the glossary was loaded eight times and the
policy articles validated four times in one two-language build, each caller assembling its own view. Every part
here is loaded on first use and kept while its source files are unchanged (:class:`SourceCache`), so the second
language of a build, and a preview rebuild after an edit elsewhere, reuse it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kijun import gitinfo
from kijun.changes import ChangeEntry, article_changes, reading_json
from kijun.filestamp import SourceCache, matching
from kijun.gitinfo import SOURCES as GIT_INDEX
from kijun.glossary import SOURCES as GLOSSARY_SOURCES
from kijun.glossary import Glossary, load_glossary
from kijun.languages import CONFIG_FILE, DEFAULT_LANGUAGE, Registry, registry
from kijun.library import SOURCES as LIBRARY_SOURCES
from kijun.library import Library, load_library
from kijun.matrix.checks import matrix_errors
from kijun.matrix.model import SOURCES as MATRIX_SOURCES
from kijun.matrix.model import Matrix, load_matrix
from kijun.pages import SOURCES as PAGE_SOURCES
from kijun.pages import Pages, scan_pages
from kijun.paths import DOCS_DIR, GLOSSARY_FILE
from kijun.policies import SOURCES as POLICY_SOURCES
from kijun.policies import PolicyMeta, check_policy_articles, served_articles
from kijun.sourcefile import SourceValidationError
from kijun.teams import team_names
from kijun.translation import PageStatus, first_target, page_statuses
from kijun.versions import SOURCES as VERSION_SOURCES
from kijun.versions import Histories, load_histories


@dataclass
class Handbook:
    """The validated sources of one repository. Parts load lazily; a source error surfaces where it is asked for,
    as :class:`~kijun.sourcefile.SourceValidationError` naming file, line and field."""

    root: Path
    cache: SourceCache = field(default_factory=SourceCache)

    def refresh(self) -> None:
        """Look at the sources again on next use: call it where a new build or check begins."""
        self.cache.refresh()

    @property
    def docs(self) -> Path:
        return self.root / DOCS_DIR

    @property
    def languages(self) -> Registry:
        """The repository's languages (``mkdocs.yml``), read once and passed to whatever needs them."""
        return self.cache.get("languages", lambda: [self.root / CONFIG_FILE], lambda: registry(self.root))

    @property
    def pages(self) -> Pages:
        """Every page of every language: the one scan of ``docs/`` that policies, checks, translation status and
        search share."""
        return self.cache.get(
            "pages", self._files(PAGE_SOURCES), lambda: scan_pages(self.docs, self.languages.codes)
        )

    def files(self, patterns: tuple[str, ...]) -> list[Path]:
        """The files a loader declares it reads (its ``SOURCES``): what its cached part is compared with."""
        return matching(self.root, patterns)

    def _files(self, patterns: tuple[str, ...]) -> Callable[[], list[Path]]:
        return lambda: self.files(patterns)

    @property
    def glossary(self) -> Glossary:
        return self.cache.get(
            "glossary",
            self._files(GLOSSARY_SOURCES),
            lambda: load_glossary(self.root / GLOSSARY_FILE, self.languages),
        )

    def teams(self, language: str) -> dict[str, str]:
        """Team id → the team's name in ``language``."""
        return team_names(self.glossary, language)

    @property
    def policies(self) -> dict[tuple[str, PurePosixPath], PolicyMeta]:
        """Every policy article in every language, validated (scope hand-offs included)."""
        return self.cache.get(
            "policies",
            self._files(POLICY_SOURCES),
            lambda: check_policy_articles(self.pages, self.teams(DEFAULT_LANGUAGE)),
        )

    def served_articles(self, locale: str) -> dict[str, tuple[str, str]]:
        """Policy id → title and relative URL of the article a reader of ``locale`` is served (every article's page
        asks, for its hand-offs: worked out once per language, not once per page)."""
        metas = self.policies
        return self.cache.get(
            f"served-articles-{locale}", self._files(POLICY_SOURCES), lambda: served_articles(metas, locale)
        )

    @property
    def matrix(self) -> Matrix:
        """The enforcement matrix, checked against the articles (every article has one, topics decided once)."""
        return self.cache.get("matrix", self._files((*MATRIX_SOURCES, *POLICY_SOURCES)), self._load_matrix)

    @property
    def matrix_as_written(self) -> Matrix:
        """The matrix as its files state it, before it is held to the articles: ``kijun check`` still checks pages
        and cases against it when the cross-article rules fail, and the case scaffold picks a rule from it."""
        return self.cache.get(
            "matrix-as-written", self._files(MATRIX_SOURCES), lambda: load_matrix(self.root)
        )

    @property
    def published_matrix(self) -> Matrix:
        """The matrix the published site shows: without the rules of draft articles."""
        return self.matrix.without(self.draft_articles())

    def _load_matrix(self) -> Matrix:
        matrix = self.matrix_as_written
        articles = {
            path.stem: meta.policy_id
            for (language, path), meta in self.policies.items()
            if language == DEFAULT_LANGUAGE
        }
        if errors := matrix_errors(matrix, articles, self.teams(DEFAULT_LANGUAGE)):
            raise SourceValidationError(errors)
        return matrix

    def served_article_names(self, locale: str) -> dict[str, tuple[str, str]]:
        """Article name → title and URL relative to any article, as a reader of ``locale`` is served it."""
        policies = self.policies
        by_id = self.served_articles(locale)
        return {
            path.stem: by_id[meta.policy_id]
            for (language, path), meta in policies.items()
            if language == DEFAULT_LANGUAGE
        }

    def draft_files(self) -> frozenset[str]:
        """The absolute paths of every page marked as a draft, in any language (what a build leaves out); every
        page and nav entry of a build asks, so it is worked out once while the pages are unchanged."""
        return self.cache.get("draft-files", self._files(PAGE_SOURCES), self._draft_files)

    def _draft_files(self) -> frozenset[str]:
        pages = self.pages
        return frozenset(
            str(page.file.resolve())
            for language in pages.by_language
            for page in pages.of(language)
            if page.draft
        )

    def draft_articles(self) -> frozenset[str]:
        """The names of the policy articles marked as drafts in the source language."""
        return self.cache.get("draft-articles", self._files(POLICY_SOURCES), self._draft_articles)

    def _draft_articles(self) -> frozenset[str]:
        source = self.languages.source.code
        return frozenset(
            path.stem for (language, path), meta in self.policies.items() if language == source and meta.draft
        )

    def reading_data(self, language: str) -> str:
        """What the browser needs to mark articles changed since a reader last opened them (JSON): the current
        version of every published article in ``language`` and the words it shows."""
        return self.cache.get(
            f"reading-{language}", self._files(POLICY_SOURCES), lambda: reading_json(self.policies, language)
        )

    def changes(self, language: str) -> list[ChangeEntry]:
        """Every published article's change-log entries in ``language``, newest first (a malformed row is a
        :class:`~kijun.sourcefile.SourceValidationError` naming file and line)."""
        return self.cache.get(
            f"changes-{language}", self._files(PAGE_SOURCES), lambda: self._changes(language)
        )

    def _changes(self, language: str) -> list[ChangeEntry]:
        entries, errors = article_changes(self.pages, language)
        if errors:
            raise SourceValidationError(errors)
        return entries

    @property
    def histories(self) -> Histories:
        """Every published article's versions from git history, by language and article (only articles with an
        earlier version to compare with; none outside a git checkout). Drafts have none."""
        return self.cache.get("histories", self._files(VERSION_SOURCES), self._histories)

    def _histories(self) -> Histories:
        drafts = self.draft_articles()
        return {
            key: history
            for key, history in load_histories(self.root, self.pages).items()
            if key[1] not in drafts
        }

    def diffed_versions(self, language: str, article: str) -> frozenset[str]:
        """The versions of ``article`` in ``language`` that have a comparison with an earlier one (what links to
        its diff page)."""
        history = self.histories.get((language, article))
        return history.diffed if history is not None else frozenset()

    @property
    def library(self) -> Library:
        return self.cache.get(
            "library",
            self._files(LIBRARY_SOURCES),
            lambda: load_library(self.root, self.languages, self.draft_articles()),
        )

    def _statuses_by_path(self, language: str) -> dict[PurePosixPath, PageStatus]:
        return self.cache.get(
            f"page-statuses-{language}",
            self._files((*PAGE_SOURCES, *GIT_INDEX)),
            lambda: {status.path: status for status in page_statuses(self.pages, language)},
        )

    def page_statuses(self, language: str) -> list[PageStatus]:
        """Translation status of every source-language page in ``language`` (with change summaries)."""
        return list(self._statuses_by_path(language).values())

    def source_pages_changed(self) -> dict[Path, dt.date]:
        """The day each source-language page last changed (git, or the file's time when edited): the status page
        of every language and the banner of every stale page show it, and asking git for each cost three git
        commands."""
        return self.cache.get(
            "source-pages-changed",
            self._files((*PAGE_SOURCES, *GIT_INDEX)),
            lambda: gitinfo.last_changed_many(
                [status.source for status in self.page_statuses(first_target(self.docs))]
            ),
        )

    def page_status(self, language: str, path: PurePosixPath) -> PageStatus | None:
        """One page's status in ``language``, looked up by its path: every page of a build asks for its own."""
        return self._statuses_by_path(language).get(path)


@dataclass
class Handbooks:
    """One :class:`Handbook` per repository folder: a process (a build, ``mkdocs serve``, the collector) keeps one
    of these and asks it at every event; hooks themselves hold nothing."""

    loaded: dict[Path, Handbook] = field(default_factory=dict)
    by_given_path: dict[Path, Handbook] = field(
        default_factory=dict
    )  # hooks ask by the same path on every page

    def __call__(self, root: Path) -> Handbook:
        handbook = self.by_given_path.get(root)
        if handbook is None:
            resolved = root.resolve()
            handbook = self.loaded.setdefault(resolved, Handbook(resolved))
            self.by_given_path[root] = handbook
        return handbook


handbook_for = Handbooks()
