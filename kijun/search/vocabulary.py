"""The words agents type, as data authors own: glossary aliases and article keywords, attached to index entries.

Agents search with their own words (ステマ, 暴言, "fake reviews"); pages use the policy's. Two sources bridge the
gap, and neither is ever shown on a page:

* ``aliases`` of a glossary term, per language: every index entry (page or section) whose text uses the term gets
  the aliases, once per use up to a cap, so the section that talks most about the concept ranks first (measured:
  one copy per page instead found 5 % fewer queries in the top 3);
* ``keywords`` in a page's front matter: situations and words for which this page is the answer, given to the
  page's own entry. On other-language sites the page's English title and the English glossary terms it uses are
  added too, so an English policy term typed on the Japanese site finds the Japanese article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kijun.glossary import Glossary
from kijun.languages import DEFAULT_LANGUAGE
from kijun.pages import Pages
from kijun.policies import AREAS
from kijun.ui_text import ui_text
from kijun.urls import source_url

MAX_REPEATS = 2  # an alias counts at most this often per entry: enough to rank by use, not to drown the text
TAG = re.compile(r"<[^>]+>")  # an HTML tag, in the escaped HTML of index entries


@dataclass(frozen=True)
class TermAliases:
    """Phrases of one glossary term as pages write them, and the words to index wherever they occur."""

    phrases: tuple[str, ...]
    aliases: tuple[str, ...]
    case_sensitive: bool = False


class TermFinder:
    """Counts the uses of every glossary term in a text.

    A plain substring test (fast, in C) rules most phrases out first; only phrases present are counted, with
    word boundaries for Latin script and as plain substrings for Japanese (no spaces to bound its words).
    """

    def __init__(self, terms: tuple[TermAliases, ...]) -> None:
        self.phrases: list[tuple[int, str, bool, re.Pattern[str] | None]] = []
        for index, term in enumerate(terms):
            for phrase in term.phrases:
                needle = phrase if term.case_sensitive else phrase.casefold()
                bounded = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)") if needle.isascii() else None
                self.phrases.append((index, needle, term.case_sensitive, bounded))

    def uses(self, text: str) -> dict[int, int]:
        """Term index -> number of uses in ``text``."""
        folded = text.casefold()
        counts: dict[int, int] = {}
        for term, needle, exact, bounded in self.phrases:
            haystack = text if exact else folded
            if needle not in haystack:
                continue
            found = len(bounded.findall(haystack)) if bounded else haystack.count(needle)
            if found:
                counts[term] = counts.get(term, 0) + found
        return counts


@dataclass(frozen=True)
class PageWords:
    """What a page's own index entry carries besides its text."""

    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""  # the page's description: the teaser when the page has no text before its sections


@dataclass(frozen=True)
class Vocabulary:
    """Search vocabulary of one language's site."""

    terms: tuple[TermAliases, ...]
    pages: dict[str, PageWords]  # page location ("policies/harassment/") -> its words

    @functools.cached_property
    def finder(self) -> TermFinder:
        return TermFinder(self.terms)

    def page(self, path: str) -> PageWords:
        """The words of the page at ``path`` (its location without a section anchor)."""
        return self.pages.get(path, PageWords())

    def aliases_for(self, title: str, text: str) -> list[str]:
        """Aliases for an index entry (page or section) with this title and HTML text: every term it uses brings
        its aliases, repeated by the number of uses up to :data:`MAX_REPEATS`."""
        uses = self.finder.uses(TAG.sub(" ", f"{title}\n{text}"))
        return [
            alias
            for term, found in sorted(uses.items())
            for alias in self.terms[term].aliases * min(found, MAX_REPEATS)
        ]


def term_aliases(glossary: Glossary, language: str) -> list[TermAliases]:
    """Aliases per glossary term for ``language``'s site; other languages also get the English term's words."""
    found = []
    for term in glossary.terms:
        text = term.text[language]
        aliases = list(text.aliases)
        if language != DEFAULT_LANGUAGE:
            english = term.text[DEFAULT_LANGUAGE]
            aliases += [english.term, *english.match]
        if aliases:
            found.append(TermAliases((text.term, *text.match), tuple(aliases), term.case_sensitive))
    return found


def page_words(pages: Pages, language: str) -> dict[str, PageWords]:
    """Keywords (front matter), source-language titles (other languages) and policy area tags, by page location."""
    found: dict[str, PageWords] = {}
    source = pages.languages[0]
    for page in pages.of(language):
        relative = page.path.as_posix()
        data = page.data
        keywords = [k for k in data.get("keywords") or [] if isinstance(k, str)]
        if isinstance(data.get("policy_id"), str):
            keywords.append(data["policy_id"])
        if language != source and (original := pages.get(source, page.path)) is not None:
            title = original.data.get("title")
            if isinstance(title, str):
                keywords.append(title)
        area = data.get("area")  # policy articles name their area; the label is the localized one
        tags = (ui_text(f"area_{area}", language),) if isinstance(area, str) and area in AREAS else ()
        summary = data.get("description") if isinstance(data.get("description"), str) else ""
        found[source_url(relative)] = PageWords(tuple(keywords), tags, summary)
    return found


def build_vocabulary(glossary: Glossary, pages: Pages, language: str) -> Vocabulary:
    """The search vocabulary of ``language``'s site."""
    return Vocabulary(tuple(term_aliases(glossary, language)), page_words(pages, language))
