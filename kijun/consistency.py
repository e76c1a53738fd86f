"""`kijun check`'s content rules beyond schemas: decision-message templates, terms to avoid, and the pages and
cases held to the enforcement matrix.

The matrix itself (one topic, one article; hand-offs that resolve; rules that do not overlap) is checked when the
Handbook loads it, so the build refuses it too; these rules need every page and case, so they run in
``kijun check`` (and so in CI).
"""

from __future__ import annotations

from pathlib import Path

from kijun.cases import Case
from kijun.glossary import Glossary
from kijun.matrix.case_checks import CaseFacts, case_errors, seam_errors
from kijun.matrix.checks import page_errors, typed_numbers
from kijun.matrix.ladder import History
from kijun.matrix.model import Matrix
from kijun.message_templates import sections_of, template_errors, templates_in
from kijun.pages import Pages
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


def case_facts(case: Case) -> CaseFacts:
    """What the matrix check needs of a case."""
    facts = case.facts
    quantities = {key: value for key, value in facts.items() if key not in ("actor", "top_tier", "strikes")}
    history = History(
        {policy: tuple(steps) for policy, steps in (facts.get("strikes") or {}).items()},
        facts.get("actor", "instructor"),
        bool(facts.get("top_tier", False)),
    )
    return CaseFacts(
        case.id,
        case.policy,
        case.rule,
        case.decision,
        history,
        quantities,
        bool(case.judgement),
        dict(case.scenario),
        case.file or Path(),
        case.line,
    )


def matrix_case_errors(cases: list[Case], matrix: Matrix) -> list[SourceError]:
    """Every case held to its rule and the ladder; every seam with a case on it."""
    facts = [case_facts(case) for case in cases]
    return case_errors(facts, matrix) + seam_errors(matrix, facts)


def consistency_errors(
    pages: Pages, case_files: list[Path], glossary: Glossary, matrix: Matrix
) -> list[SourceError]:
    """Every page and case file held to the glossary's terms and the matrix's numbers, in every language."""
    errors: list[SourceError] = []
    every_number = matrix.numbers()
    for language in pages.languages:
        to_avoid = variants(glossary, language)
        for page in pages.of(language):
            source, file, path = page.markdown, page.file, page.path
            lines = list(enumerate(source.body.splitlines(), start=source.body_line))
            errors += variant_errors(file, lines, to_avoid)
            policy = matrix.policies.get(path.stem) if is_policy_article(path) else None
            typed = typed_numbers(matrix, path.stem if policy else None)
            errors += page_errors(file, source.body, source.body_line, every_number, typed, policy)
            if is_policy_article(path):
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
