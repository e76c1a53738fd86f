"""Where quizzes and calibration reports sit in the navigation.

The Training section holds the quiz index, two groups (practice quizzes; calibration rounds) and the calibration
reports. With the theme's ``navigation.prune`` a group is written out in full only on its own pages; everywhere
else it is one link. Reports stay outside the groups: each is an ``index.md``, and with ``navigation.indexes`` a
group would take the first of them as its own index page.

Every quiz used to be listed on every page: an agent reading a policy had a growing list of rounds in the sidebar,
and each page of a large site paid to render it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from kijun.library import Library
from kijun.quizzes import PRACTICE
from kijun.ui_text import ui_text

QUIZ_FOLDER = "quizzes"
QUIZ_INDEX = f"{QUIZ_FOLDER}/index.md"

NavEntry = str | dict[str, list[str]]


def quiz_source_path(quiz_id: str) -> str:
    """The generated quiz page's path in the docs tree (the same in every language)."""
    return f"{QUIZ_FOLDER}/{quiz_id}.md"


def training_nav(library: Library, reports: Iterable[PurePosixPath], language: str) -> list[NavEntry]:
    """The Training section's entries in ``language``: the index, each group that has pages, the reports."""
    practice = [quiz_source_path(q) for q in sorted(library.quizzes) if library.quizzes[q].mode == PRACTICE]
    rounds = [quiz_source_path(q) for q in sorted(library.quizzes) if library.quizzes[q].mode != PRACTICE]
    groups = (("nav_practice_quizzes", practice), ("nav_calibration_rounds", rounds))
    entries: list[NavEntry] = [QUIZ_INDEX]
    entries += [{ui_text(key, language): pages} for key, pages in groups if pages]
    return entries + [str(path) for path in reports]
