"""`kijun check`'s content rules beyond schemas: decision-message templates and terms to avoid.

Scope hand-offs are checked with the policy articles themselves (:mod:`kijun.scope`, run by
:func:`kijun.policies.check_policy_articles`), so the build refuses them too; these two rules need every page
and case, so they run in ``kijun check`` (and so in CI).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from kijun.frontmatter import read_front_matter
from kijun.glossary import Glossary
from kijun.languages import language_dir, registry
from kijun.message_templates import sections_of, template_errors, templates_in
from kijun.paths import DOCS_DIR, QUIZZES_DIR
from kijun.policies import is_policy_article
from kijun.sourcefile import SourceError, read_text
from kijun.teams import TEAMS_GROUP
from kijun.term_variants import variant_errors, variants


def team_phrases(glossary: Glossary, language: str) -> list[str]:
    """Every name of an internal team in ``language``: the glossary term and its aliases."""
    return [
        phrase
        for term in glossary.terms
        if term.group == TEAMS_GROUP
        for phrase in (term.text[language].term, *term.text[language].aliases)
    ]


def consistency_errors(root: Path, glossary: Glossary) -> list[SourceError]:
    errors: list[SourceError] = []
    case_files = sorted((root / QUIZZES_DIR / "cases").glob("*.yml"))
    for language in registry(root).codes:
        to_avoid = variants(glossary, language)
        pages = language_dir(root / DOCS_DIR, language)
        for file in sorted(pages.rglob("*.md")):
            source = read_front_matter(file)
            lines = list(enumerate(source.body.splitlines(), start=source.body_line))
            errors += variant_errors(file, lines, to_avoid)
            if is_policy_article(PurePosixPath(file.relative_to(pages).as_posix())):
                title = source.front_matter.data.get("title", "")
                templates = templates_in(source.body, source.body_line)
                errors += template_errors(
                    file,
                    language,
                    title,
                    sections_of(source.body),
                    templates,
                    team_phrases(glossary, language),
                )
        for file in case_files:
            errors += variant_errors(file, enumerate(read_text(file).splitlines(), start=1), to_avoid)
    return errors
