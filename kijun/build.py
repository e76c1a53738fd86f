"""One site build's view of the Handbook: the rendered parts a build needs and the rules about its pages.

The Handbook is the model (sources, validated); this is the render side a generator's adapters ask: the quiz
bodies (rendered in a second process while the policy pages render), the marker registry (what each
``<!-- kijun:NAME -->`` expands to, for a given page), and the rule that no report may be published for an open
round. The MkDocs hooks only translate between MkDocs' objects and these calls.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kijun.background import Pending
from kijun.changes import ChangeEntry
from kijun.changes_render import updates_list
from kijun.contracts import REPORT_PAGE_KEY
from kijun.glossary_render import render_glossary
from kijun.handbook import Handbook, handbook_for
from kijun.library import SOURCES as LIBRARY_SOURCES
from kijun.markers import Expander, MarkerError
from kijun.matrix import render as matrix_render
from kijun.matrix.changes import Wording
from kijun.matrix.checks import HAND_OFFS_MARKER
from kijun.matrix.model import SOURCES as MATRIX_SOURCES
from kijun.matrix.model import PolicyMatrix
from kijun.policies import SOURCES as POLICY_SOURCES
from kijun.policies import is_policy_article
from kijun.policy_render import render_policy_index
from kijun.quiz_render import embeddable_case, render_case_example, render_quiz_bodies
from kijun.sourcefile import SourceError, SourceValidationError
from kijun.translation import case_statuses
from kijun.translation_render import render_status_tables
from kijun.ui_text import ui_text
from kijun.urls import policy_url
from kijun.versions import SOURCES as VERSION_SOURCES
from kijun.versions_render import ChangesPage, DiffContext, changes_page, changes_source


@dataclass(frozen=True)
class PageContext:
    """What a marker needs to know about the page it is expanded on."""

    url: str  # the page's URL, directory style, in its language's tree
    path: PurePosixPath  # the page's source path, relative to its language folder
    locale: str  # the language of the page's tree
    language: str  # the language being built


def diff_context(handbook: Handbook, language: str) -> DiffContext:
    """What the diff pages in ``language`` are worded with: the published matrix, action labels, team names and
    the served articles' titles (one place, for the build and its tests)."""
    titles = {name: title for name, (title, _url) in handbook.served_article_names(language).items()}
    actions = handbook.library.actions
    wording = Wording(
        handbook.published_matrix.ladder,
        lambda action: actions[action].label[language],
        handbook.teams(language),
        titles,
        language,
    )
    return DiffContext(handbook.root, handbook.published_matrix, wording)


@dataclass
class SiteBuild:
    handbook: Handbook

    def quiz_bodies(self, language: str) -> Pending[dict[str, str]]:
        """The body of every quiz page in ``language``, by quiz id. Asked for when the build learns its pages, it is
        rendered in a second process while this one renders the policy pages (:mod:`kijun.background`); the quiz
        pages, which come later, take it from there."""
        library = self.handbook.library
        return self.handbook.cache.get(
            f"quiz-bodies-{language}",
            lambda: self.handbook.files(LIBRARY_SOURCES),
            lambda: Pending(lambda: render_quiz_bodies(library, language)),
        )

    def changes_pages(self, language: str) -> dict[str, ChangesPage]:
        """The Markdown source of every diff page in ``language`` (what changed in each version of an article), by
        its in-memory source path; none for an article without an earlier version in git history. The first
        language to ask renders its own here and starts the other languages' in a second process
        (:mod:`kijun.background`): they are asked for only when that language's build begins."""
        handbook = self.handbook
        pending = handbook.cache.get(
            "changes-pages",
            lambda: handbook.files((*VERSION_SOURCES, *POLICY_SOURCES, *MATRIX_SOURCES, *LIBRARY_SOURCES)),
            lambda: self._start_changes_pages(language),
        )
        return pending[language].result()

    def _start_changes_pages(self, first: str) -> dict[str, Pending[dict[str, ChangesPage]]]:
        handbook = self.handbook
        for language in handbook.languages.codes:  # loaded here, so a second process starts with them
            handbook.changes(language)
        handbook.histories, handbook.library, handbook.published_matrix  # noqa: B018
        others = [code for code in handbook.languages.codes if code != first]
        pending = {
            code: Pending(functools.partial(self._changes_pages, code), fork=None if others else False)
            for code in others
        }
        pending[first] = Pending(functools.partial(self._changes_pages, first), fork=False)
        return pending

    def _changes_pages(self, language: str) -> dict[str, ChangesPage]:
        handbook = self.handbook
        context = diff_context(handbook, language)
        titles = context.wording.titles
        entries: dict[str, dict[str, ChangeEntry]] = {}
        for entry in handbook.changes(language):
            entries.setdefault(entry.article, {})[entry.version] = entry
        return {
            changes_source(article): changes_page(
                history, titles.get(article, article), entries.get(article, {}), context
            )
            for (code, article), history in sorted(handbook.histories.items())
            if code == language
        }

    def report_page_errors(self) -> list[str]:
        """Report pages (written by ``kijun report``) of rounds still open: publishing one would publish the key."""
        library, problems = self.handbook.library, []
        for language in self.handbook.languages.codes:
            for path, round_id in self.handbook.pages.marked(REPORT_PAGE_KEY, language).items():
                quiz = library.quizzes.get(round_id)
                refusal = quiz.open_round_refusal("A report") if quiz is not None else None
                if refusal:
                    problems.append(
                        f"{self.handbook.docs / language / path}: {refusal} Or remove the report page."
                    )
        return problems

    def report_pages(self) -> dict[PurePosixPath, object]:
        """The source language's report pages and the round each reports."""
        return self.handbook.pages.marked(REPORT_PAGE_KEY, self.handbook.languages.source.code)

    def fill_numbers(self, markdown: str, file: Path, first_line: int) -> str:
        """``markdown`` with every ``{{KEY}}`` replaced by the matrix's number; an unknown key names file and line."""
        numbers = self.handbook.matrix.numbers()
        lines, errors = [], []
        for number, line in enumerate(markdown.split("\n"), start=first_line):
            filled, unknown = matrix_render.fill_numbers(line, numbers)
            errors += [
                SourceError(file, number, f"{{{{{key}}}}}", "not a number of the matrix") for key in unknown
            ]
            lines.append(filled)
        if errors:
            raise SourceValidationError(errors)
        return "\n".join(lines)

    def expanders(self, page: PageContext) -> dict[str, Expander]:
        """The marker registry: what each marker expands to on ``page``."""
        return _Markers(self.handbook, page).registry()


@dataclass
class _Markers:
    handbook: Handbook
    page: PageContext

    def registry(self) -> dict[str, Expander]:
        return {
            "glossary": lambda _args: render_glossary(self.handbook.glossary, self.page.language),
            "policy-index": lambda _args: render_policy_index(
                self.handbook.policies, self.handbook.teams(self.page.language), self.page.language
            ),
            "case": self.case,
            "translation-status": self.translation_status,
            "rules": lambda _args: matrix_render.rules_table(
                self.article(), self.handbook.matrix.ladder, self.action_label, self.teams, self.page.language
            ),
            "ladder": lambda _args: matrix_render.ladder_table(
                self.article(), self.handbook.matrix.ladder, self.page.language
            ),
            "severe": lambda _args: matrix_render.severe_list(self.article(), self.page.language),
            HAND_OFFS_MARKER: lambda _args: matrix_render.hand_offs(
                self.article(),
                self.articles(),
                ui_text("scope_not_covered", self.page.language),
                self.page.language,
            ),
            "site-ladder": lambda _args: matrix_render.site_ladder_tables(
                self.handbook.matrix.ladder, self.action_label, self.page.language
            ),
            "boundaries": self.boundaries,
            "updates": lambda _args: updates_list(
                self.handbook.changes(self.page.language), self.page.language, self.handbook.diffed_versions
            ),
        }

    @property
    def teams(self) -> dict[str, str]:
        return self.handbook.teams(self.page.language)

    def action_label(self, action: str) -> str:
        return self.handbook.library.actions[action].label[self.page.language]

    def article(self) -> PolicyMatrix:
        matrix, path = self.handbook.matrix, self.page.path
        if not is_policy_article(path) or path.stem not in matrix.policies:
            raise MarkerError("only a policy article with a matrix (matrix/policies/<name>.yml) can use it")
        return matrix.policies[path.stem]

    def articles(self) -> dict[str, tuple[str, str]]:
        served = self.handbook.served_article_names(self.page.locale)
        return {
            name: (title, policy_url(self.page.url, self.page.language, name))
            for name, (title, _url) in served.items()
        }

    def case(self, args: list[str]) -> str:
        if len(args) != 1:
            raise MarkerError("expects one case id: <!-- kijun:case REV-001 -->")
        library = self.handbook.library
        return render_case_example(
            embeddable_case(library, args[0]), library, self.page.language, self.page.url
        )

    def translation_status(self, _args: list[str]) -> str:
        # On a target language's page, that language's status; on the source page, the first target's.
        languages = self.handbook.languages
        target = (
            self.page.language if self.page.language in languages.target_codes else languages.target_codes[0]
        )
        library, drafts = self.handbook.library, self.handbook.draft_files()
        cases = case_statuses(case for case in library.cases.values() if case.id not in library.drafts)
        return render_status_tables(
            [
                status
                for status in self.handbook.page_statuses(target)
                if str(status.source.resolve()) not in drafts
            ],
            cases,
            self.handbook.source_pages_changed(),
            self.page.language,
        )

    def boundaries(self, _args: list[str]) -> str:
        language = self.page.language
        table = matrix_render.boundaries_table(
            self.handbook.published_matrix, self.articles(), self.action_label, self.teams, language
        )
        label = matrix_render.matrix_text("csv_download", language)
        return table + f'<p><a href="{matrix_render.MATRIX_FILE}" download>{html.escape(label)}</a></p>\n\n'


@dataclass
class SiteBuilds:
    """One :class:`SiteBuild` per repository, over the process's Handbooks."""

    builds: dict[int, SiteBuild] = field(default_factory=dict)

    def __call__(self, root: Path) -> SiteBuild:
        handbook = handbook_for(root)
        return self.builds.setdefault(id(handbook), SiteBuild(handbook))


site_for: Callable[[Path], SiteBuild] = SiteBuilds()


def draft_banner(language: str) -> str:
    """The notice on a draft's preview: it is not published, and how to publish it."""
    return (
        '<div class="admonition warning kijun-draft" role="note">'
        f'<p class="admonition-title">{html.escape(ui_text("draft_title", language))}</p>'
        f"<p>{html.escape(ui_text('draft_body', language))}</p></div>"
    )
