"""Terms to avoid: a glossary term may list variants the handbook does not use (``avoid`` per language).

Two words for one thing read as two things: an agent who meets ストライク in one page and 違反記録 in another
may think they are different records. The check reports each variant where it appears, with the term to use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kijun.glossary import Glossary
from kijun.languages import phrase_pattern
from kijun.sourcefile import SourceError


@dataclass(frozen=True)
class Variant:
    text: str
    term: str  # the glossary term to use instead
    term_id: str
    pattern: re.Pattern[str]


def variants(glossary: Glossary, language: str) -> list[Variant]:
    """The ``avoid`` entries of ``language``, each with its matcher (whole words in English)."""
    found = []
    for term in glossary.terms:
        text = term.text[language]
        for variant in text.avoid:
            found.append(Variant(variant, text.term, term.id, phrase_pattern(variant, language)))
    return found


def variant_errors(
    file: Path, lines: Iterable[tuple[int, str]], found: Iterable[Variant]
) -> list[SourceError]:
    """One error per variant per line in which it appears."""
    found = list(found)
    errors = []
    for number, line in lines:
        for variant in found:
            if variant.pattern.search(line):
                errors.append(
                    SourceError(
                        file,
                        number,
                        "text",
                        f"{variant.text!r} is a variant to avoid: use {variant.term!r} (glossary: {variant.term_id})",
                    )
                )
    return errors
