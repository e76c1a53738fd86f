"""Policy articles: their front matter, their required sections, and the metadata block shown on the page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kijun.contracts import POLICY_AREAS
from kijun.languages import DEFAULT_LANGUAGE
from kijun.markdown_text import FENCE
from kijun.pages import Pages
from kijun.schema import load_schema
from kijun.sourcefile import SourceError, SourceValidationError, schema_errors

SOURCES = ("docs/*/policies/*.md", "glossary/*.yml", "glossary/*.json")
"""What :func:`check_policy_articles` reads (the glossary names the teams), relative to the repository."""

POLICY_FOLDER = "policies"
AREAS = POLICY_AREAS
SCHEMA = Path(__file__).parent / "schemas" / "policy-front-matter.schema.json"

# The article template: every policy article has these sections, in this order, with these pinned ids.
REQUIRED_SECTIONS: tuple[str, ...] = (
    "purpose",
    "scope",
    "definitions",
    "allowed-and-not-allowed",
    "grey-areas",
    "severe-violations",
    "enforcement-ladder",
    "decision-messages",
    "escalation",
    "related-laws",
    "change-log",
)

PINNED_H2 = re.compile(r"^##\s+(?P<text>.*?)\s*\{#(?P<id>[^}\s]+)\}\s*$")


@dataclass(frozen=True)
class PolicyMeta:
    """What the metadata block shows for one article."""

    policy_id: str
    area: str
    owner: str
    effective: dt.date
    last_reviewed: dt.date
    version: str
    title: str
    description: str
    review_interval_days: int
    draft: bool = False  # previewed only: left out of the published site, the index and every quiz
    confirm_by: dt.date | None = None  # agents must confirm they have read this version by this day


def is_policy_article(path: PurePosixPath) -> bool:
    """``policies/<name>.md`` (language-relative) is a policy article; the folder's index is not."""
    return path.parent == PurePosixPath(POLICY_FOLDER) and path.name != "index.md"


def served_articles(
    metas: Mapping[tuple[str, PurePosixPath], PolicyMeta], locale: str
) -> dict[str, tuple[str, str]]:
    """Policy id → title and URL (relative to any article) of the article a reader of ``locale`` is served: its own,
    or, while the translation is missing, the source-language one under its English title. Articles are siblings
    under ``policies/``, each served as a folder: ``../<name>/`` from any of them."""
    articles: dict[str, tuple[str, str]] = {}
    for (other_locale, path), meta in sorted(metas.items(), key=lambda item: item[0][0] == locale):
        if other_locale in (locale, DEFAULT_LANGUAGE):
            articles[meta.policy_id] = (meta.title, f"../{path.stem}/")
    return articles


def pinned_headings(body: str, first_line: int = 1) -> list[tuple[str, str, int]]:
    """Return ``(id, heading text, line)`` for each level-2 heading with a pinned id, skipping fenced code."""
    headings, in_fence = [], False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := PINNED_H2.match(line)):
            headings.append((match["id"], match["text"], number))
    return headings


def pinned_sections(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """Return ``(id, line)`` for each level-2 heading with a pinned id, skipping fenced code."""
    return [(section, line) for section, _text, line in pinned_headings(body, first_line)]


def section_errors(file: Path, sections: list[tuple[str, int]]) -> list[SourceError]:
    """Check the template's sections are all there and in order."""
    found = [section for section, _ in sections if section in REQUIRED_SECTIONS]
    errors = [
        SourceError(file, 1, "sections", f"missing section {{#{section}}}")
        for section in REQUIRED_SECTIONS
        if section not in found
    ]
    expected_order = [section for section in REQUIRED_SECTIONS if section in found]
    if not errors and found != expected_order:
        line = next(
            line for (section, line), want in zip(sections, expected_order, strict=False) if section != want
        )
        errors.append(
            SourceError(
                file, line, "sections", "sections out of order; expected " + ", ".join(REQUIRED_SECTIONS)
            )
        )
    return errors


def check_policy_articles(pages: Pages, teams: Iterable[str]) -> dict[tuple[str, PurePosixPath], PolicyMeta]:
    """Validate every policy article in every language; raise :class:`SourceValidationError` listing all problems."""
    teams = set(teams)
    errors: list[SourceError] = []
    metas: dict[tuple[str, PurePosixPath], PolicyMeta] = {}
    ids_seen: dict[str, Path] = {}
    codes = pages.languages
    for language in codes:
        for page in pages.under(language, POLICY_FOLDER):
            path, file = page.path, page.file
            if not is_policy_article(path):
                continue
            try:
                source = page.markdown
            except SourceValidationError as exc:
                errors += exc.errors
                continue
            document = source.front_matter
            errors += section_errors(file, pinned_sections(source.body, source.body_line))
            found = schema_errors(document, load_schema(SCHEMA))
            errors += found
            if found:
                continue
            data = document.data
            if data["owner"] not in teams:
                errors.append(
                    document.error(("owner",), f"unknown team {data['owner']!r}; use one of {sorted(teams)}")
                )
            meta = PolicyMeta(
                data["policy_id"],
                data["area"],
                data["owner"],
                dt.date.fromisoformat(data["effective"]),
                dt.date.fromisoformat(data["last_reviewed"]),
                data["version"],
                data["title"],
                data["description"],
                data["review_interval_days"],
                data.get("draft", False),
                dt.date.fromisoformat(data["confirm_by"]) if "confirm_by" in data else None,
            )
            if language == codes[0]:
                if meta.policy_id in ids_seen:
                    errors.append(
                        document.error(
                            ("policy_id",), f"{meta.policy_id} is also used by {ids_seen[meta.policy_id]}"
                        )
                    )
                ids_seen[meta.policy_id] = file
            else:
                english = metas.get((codes[0], path))
                for name in ("policy_id", "area", "owner", "review_interval_days", "confirm_by"):
                    if english and getattr(english, name) != getattr(meta, name):
                        errors.append(
                            document.error(
                                (name,), f"differs from the English page ({getattr(english, name)!r})"
                            )
                        )
            metas[(language, path)] = meta
    if errors:
        raise SourceValidationError(errors)
    return metas
