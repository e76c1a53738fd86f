"""The bilingual glossary: one YAML file feeds the glossary pages and the hover definitions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kijun.languages import Localized, Registry, registry, texts_in
from kijun.schema import load_schema
from kijun.sourcefile import SourceValidationError, load_yaml, schema_errors

SOURCES = ("glossary/*.yml", "glossary/*.json")
"""The files :func:`load_glossary` reads, relative to the repository: the Handbook's cache compares exactly these."""

SCHEMA_FILE = "terms.schema.json"


@dataclass(frozen=True)
class TermText:
    """A term as written in one language."""

    term: str
    definition: str
    match: tuple[str, ...] = ()
    tooltip: bool = True
    aliases: tuple[str, ...] = ()  # search only: words agents type for the term, never shown
    avoid: tuple[str, ...] = ()  # variants the handbook does not use (kijun.term_variants)

    @property
    def phrases(self) -> tuple[str, ...]:
        """Every spelling to recognise in page text."""
        return (self.term, *self.match) if self.tooltip else self.match


@dataclass(frozen=True)
class Term:
    id: str
    group: str
    text: dict[str, TermText]  # Localized: a language without the term reads the source language's
    case_sensitive: bool = False


@dataclass(frozen=True)
class Glossary:
    groups: dict[str, dict[str, str]]  # group id -> language -> heading
    terms: tuple[Term, ...]
    languages: tuple[str, ...] = ()  # the repository's languages, source first

    def tooltips(self, language: str) -> dict[str, str]:
        """Map each phrase to the definition shown on hover, for pages in ``language``."""
        return {
            phrase: term.text[language].definition
            for term in self.terms
            for phrase in term.text[language].phrases
        }

    def exact_case_phrases(self, language: str) -> list[str]:
        """Phrases that match only as written (names), for pages in ``language``."""
        return [
            phrase for term in self.terms if term.case_sensitive for phrase in term.text[language].phrases
        ]

    def term(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)


def load_glossary(file: Path, languages: Registry | None = None) -> Glossary:
    """Load and validate ``file`` (schema, unique ids, known groups, no phrase used twice), in ``languages``
    (default: the registry of the repository holding ``glossary/``)."""
    document = load_yaml(file)
    errors = schema_errors(document, load_schema(file.parent / SCHEMA_FILE))
    if errors:
        raise SourceValidationError(errors)
    data = document.data
    codes = (languages or registry(file.parent.parent)).codes  # glossary/terms.yml -> the repository
    group_ids = [group["id"] for group in data["groups"]]
    seen_ids: set[str] = set()
    seen_phrases: dict[tuple[str, str], str] = {}
    for index, item in enumerate(data["terms"]):
        if item["id"] in seen_ids:
            errors.append(document.error(("terms", index, "id"), f"duplicate term id {item['id']!r}"))
        seen_ids.add(item["id"])
        if item["group"] not in group_ids:
            errors.append(document.error(("terms", index, "group"), f"unknown group {item['group']!r}"))
        for language in (code for code in codes if code in item):
            for phrase in (item[language]["term"], *item[language].get("match", [])):
                key = (language, phrase.casefold())
                if key in seen_phrases:
                    errors.append(
                        document.error(
                            ("terms", index, language),
                            f"{phrase!r} is already a spelling of term {seen_phrases[key]!r}",
                        )
                    )
                seen_phrases[key] = item["id"]
    if errors:
        raise SourceValidationError(errors)
    terms = tuple(
        Term(
            id=item["id"],
            group=item["group"],
            text=Localized(
                {
                    language: TermText(
                        item[language]["term"],
                        item[language]["definition"],
                        tuple(item[language].get("match", [])),
                        item[language].get("tooltip", True),
                        tuple(item[language].get("aliases", [])),
                        tuple(item[language].get("avoid", [])),
                    )
                    for language in codes
                    if language in item
                }
            ),
            case_sensitive=item.get("case_sensitive", False),
        )
        for item in data["terms"]
    )
    groups = {group["id"]: texts_in(group, codes) for group in data["groups"]}
    return Glossary(groups, terms, codes)
