"""Everything a build needs from ``quizzes/``: actions, cases and quizzes, loaded and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kijun.actions import Action, load_actions
from kijun.anchors import page_anchors
from kijun.cases import Case, load_cases
from kijun.languages import Registry, registry
from kijun.paths import DOCS_DIR, QUIZZES_DIR
from kijun.policies import POLICY_FOLDER
from kijun.quizzes import Quiz, load_quizzes

SOURCES = ("quizzes/*.yml", "quizzes/*.json", "quizzes/*/*.yml", "docs/*/policies/*.md")
"""What :func:`load_library` reads (cases are checked against the articles' headings), relative to the repository."""


@dataclass(frozen=True)
class Library:
    actions: dict[str, Action]
    cases: dict[str, Case]
    quizzes: dict[str, Quiz]
    drafts: dict[str, str] = field(
        default_factory=dict
    )  # case id -> why it is withheld from quizzes and articles

    def hidden_case_ids(self) -> set[str]:
        """Cases used by a calibration round that is still open: their key must not be published."""
        return {case_id for quiz in self.quizzes.values() if quiz.hides_key for case_id in quiz.case_ids}


def load_library(
    root: Path, languages: Registry | None = None, draft_articles: frozenset[str] = frozenset()
) -> Library:
    """Load ``quizzes/`` under ``root`` and check every policy link against ``docs/``, in ``languages`` (default:
    the repository's registry). Draft cases, and the cases of ``draft_articles``, are in no quiz."""
    languages = languages or registry(root)
    quizzes_dir = root / QUIZZES_DIR
    docs_dir = root / DOCS_DIR

    @cache
    def anchors(policy: str, language: str) -> tuple[str, set[str]] | None:
        """The article a reader of ``language`` is served: its own, or the default language's while the
        translation is missing (the site falls back to it), with its anchors."""
        for served in dict.fromkeys((language, languages.source.code)):
            article = docs_dir / served / POLICY_FOLDER / f"{policy}.md"
            if article.is_file():
                return served, page_anchors(article)
        return None

    actions = load_actions(quizzes_dir / "actions.yml", languages)
    cases = load_cases(quizzes_dir / "cases", actions, anchors, languages)
    drafts = withheld_drafts(cases, draft_articles)
    published = {case_id: case for case_id, case in cases.items() if case_id not in drafts}
    quizzes = load_quizzes(quizzes_dir / "definitions", published, drafts)
    return Library(actions, cases, quizzes, drafts)


def withheld_drafts(cases: dict[str, Case], draft_articles: frozenset[str]) -> dict[str, str]:
    """Case id → why no quiz or article may show it: the case is a draft, or its article is."""
    reasons = {}
    for case_id, case in cases.items():
        if case.draft:
            reasons[case_id] = (
                f"case {case_id} is a draft (remove `draft: true` in {case.file} to publish it)"
            )
        elif case.policy in draft_articles:
            reasons[case_id] = (
                f"case {case_id} belongs to the draft article {case.policy!r}, which is not published"
            )
    return reasons
