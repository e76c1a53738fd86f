"""Build small throw-away Kijun repositories for tests of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO_ROOT

from kijun.paths import SITE_SOURCES

POLICY_PAGE = """\
---
title: {title}
---

# {title}

## Grey areas {{#grey-areas}}

### {heading}

Text.
"""

CASE = """\
  - id: {id}
    policy: spam
    anchor: {{en: a-coupon-at-the-end, ja: 最後にクーポン}}
    written: 2026-11-01
    policy_version: "1.0"
    difficulty: medium
    tags: [coupons]
    scenario:
      en: An announcement ends with a coupon.
      ja: お知らせの最後にクーポンがあります。
    options: [no-action, notice, warning]
    decision: notice
    rationale:
      en: It is promotional.
      ja: 宣伝目的です。
"""

QUIZ = """\
id: {id}
mode: practice
pass_mark: 0.8
title: {{en: Practice, ja: 練習}}
intro: {{en: Try these., ja: 解いてみましょう。}}
select:
  cases: [SPM-001]
"""


def make_repo(root: Path, cases: dict[str, str] | None = None, quizzes: dict[str, str] | None = None) -> Path:
    """A repository with one policy page per language, the real schemas and actions, and the given files."""
    (root / "quizzes" / "cases").mkdir(parents=True)
    (root / "quizzes" / "definitions").mkdir()
    for schema in (REPO_ROOT / "quizzes").glob("*.json"):
        shutil.copy(schema, root / "quizzes")
    shutil.copy(REPO_ROOT / "quizzes" / "actions.yml", root / "quizzes")
    for language, title, heading in (
        ("en", "Spam", "A coupon at the end"),
        ("ja", "スパム", "最後にクーポン"),
    ):
        folder = root / "docs" / language / "policies"
        folder.mkdir(parents=True)
        (folder / "spam.md").write_text(POLICY_PAGE.format(title=title, heading=heading), encoding="utf-8")
    default_cases = {"spam.yml": "cases:\n" + CASE.format(id="SPM-001")}
    for name, text in (cases if cases is not None else default_cases).items():
        write(root / "quizzes" / "cases" / name, text)
    for name, text in (
        quizzes if quizzes is not None else {"practice.yml": QUIZ.format(id="practice")}
    ).items():
        write(root / "quizzes" / "definitions" / name, text)
    return root


def write(path: Path, text: str | bytes) -> None:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


SITE_PARTS = SITE_SOURCES


def copy_site(root: Path) -> Path:
    """A copy of the real site sources, to build with extra (bad or hostile) input added."""
    root.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / part)
    return root


def new_article_command(root: Path) -> list[str]:
    """`kijun new-article` for a live-sessions article in ``root``, without its titles."""
    return [
        "new-article",
        "live-sessions",
        "--root",
        str(root),
        "--id",
        "POL-LIV",
        "--area",
        "conduct-and-safety",
    ]
