"""Show a glossary definition when the reader hovers a glossary term.

The first occurrence of each term on a page becomes ``<abbr title="definition">``, which Material renders as
a tooltip. Unlike Python-Markdown's ``abbr`` extension this also finds Japanese terms, which have no word
boundaries around them ("警告を送る"). Headings, links, code and the glossary itself are left alone.
"""

from __future__ import annotations

import functools
import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from kijun.markdown_text import tooltip_text

SKIP_TAGS = frozenset({"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"})
SKIP_CLASSES = frozenset({"kijun-glossary", "admonition-title", "kijun-no-tooltips"})


def _phrase(phrase: str, exact_case: bool) -> str:
    escaped = re.escape(phrase)
    # Case-insensitive, but only for this phrase: names elsewhere in the pattern keep their case.
    return escaped if exact_case or not phrase[:1].isalpha() else f"(?i:{escaped})"


@functools.lru_cache(maxsize=8)  # one per language: every page of a build asks for the same pattern
def phrases_pattern(phrases: tuple[str, ...], exact_case: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for every phrase, longest first. Latin phrases must stand as whole words, so they share one
    word-boundary test; CJK text has no spaces to rely on. (A boundary test per phrase made the regex engine run
    every one of them at every position of every page: 15 times slower on English pages.)"""
    ordered = sorted(phrases, key=len, reverse=True)
    latin = [phrase for phrase in ordered if phrase.isascii()]
    other = [_phrase(phrase, phrase in exact_case) for phrase in ordered if not phrase.isascii()]
    # Non-Latin phrases first: at any position they match, no Latin phrase could be longer (it can only be their
    # prefix), so the order keeps "longest phrase wins".
    groups = [f"(?:{'|'.join(other)})"] if other else []
    groups += [rf"(?<![\w-]){_by_first_letter(latin, exact_case)}(?![\w-])"] if latin else []
    return re.compile("|".join(groups)) if groups else None


def _by_first_letter(ordered: list[str], exact_case: frozenset[str]) -> str:
    """Latin phrases grouped by their first letter, each group behind a one-letter look-ahead: at a word that
    starts with no phrase's letter the engine tries one test per group, not every phrase (English pages are
    matched twice as fast). Within a group the phrases keep their longest-first order, and a phrase can only match
    where its group's letter stands, so the longest phrase still wins. (Japanese phrases are left as one
    alternation, which the engine already scans fast by their first characters.)"""
    groups: dict[str, list[str]] = {}
    for phrase in ordered:
        groups.setdefault(phrase[:1].lower(), []).append(_phrase(phrase, phrase in exact_case))
    return (
        "(?:"
        + "|".join(f"(?=(?i:{re.escape(first)}))(?:{'|'.join(group)})" for first, group in groups.items())
        + ")"
    )


class GlossaryTooltipTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, terms: dict[str, str], exact_case: list[str]) -> None:
        super().__init__(md)
        self.definitions = {phrase.casefold(): definition for phrase, definition in terms.items()}
        self.pattern = phrases_pattern(tuple(terms), frozenset(exact_case))

    def run(self, root: Element) -> None:
        if self.pattern is not None:
            self._walk(root, used=set())

    def _walk(self, element: Element, used: set[str]) -> None:
        if element.tag in SKIP_TAGS or SKIP_CLASSES & set(element.get("class", "").split()):
            return
        index = 0
        if element.text:
            element.text, created = self._mark(element.text, used)
            for offset, abbr in enumerate(created):
                element.insert(offset, abbr)
            index = len(created)
        while index < len(element):
            child = element[index]
            self._walk(child, used)
            if child.tail:
                child.tail, created_after = self._mark(child.tail, used)
                for offset, abbr in enumerate(created_after, start=1):
                    element.insert(index + offset, abbr)
                index += len(created_after)
            index += 1

    def _mark(self, text: str, used: set[str]) -> tuple[str, list[Element]]:
        """Split ``text`` around first occurrences of unused terms; return the leading text and new elements."""
        created: list[Element] = []
        head, position = "", 0
        for match in self.pattern.finditer(text):
            definition = self.definitions[match.group().casefold()]
            if definition in used:
                continue
            used.add(definition)
            abbr = Element("abbr", {"title": tooltip_text(definition)})
            abbr.text = match.group()
            before = text[position : match.start()]
            if created:
                created[-1].tail = before
            else:
                head = before
            created.append(abbr)
            position = match.end()
        if not created:
            return text, []
        created[-1].tail = text[position:]
        return head, created


class GlossaryTooltipExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "terms": [{}, "phrase -> definition, for the language of the page"],
            "exact_case": [[], "phrases (names) matched only as written; others ignore case"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API name)
        # Priority 7: after inline parsing (20) and after Japanese line joins (8), so wrapped terms are found.
        md.treeprocessors.register(
            GlossaryTooltipTreeprocessor(md, self.getConfig("terms"), self.getConfig("exact_case")),
            "kijun_glossary_tooltips",
            7,
        )


def makeExtension(**kwargs: object) -> GlossaryTooltipExtension:  # noqa: N802 (Python-Markdown API name)
    return GlossaryTooltipExtension(**kwargs)
