"""The words agents type, as data authors own: glossary aliases and article keywords, attached to index entries.

Agents search with their own words (ステマ, 暴言, "fake reviews"); pages use the policy's. Two sources bridge the
gap, and neither is ever shown on a page:

* ``aliases`` of a glossary term, per language: every index entry (page or section) whose text uses the term gets
  the aliases, once per use up to a cap, so the page that talks most about the concept ranks first;
* ``keywords`` in a page's front matter: situations and words for which this page is the answer, given to the
  page's own entry. On other-language sites the page's English title and the English glossary terms it uses are
  added too, so an English policy term typed on the Japanese site finds the Japanese article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kijun.frontmatter import split_front_matter
from kijun.glossary import Glossary
from kijun.languages import DEFAULT_LANGUAGE, language_dir
from kijun.policies import AREAS
from kijun.ui_text import ui_text
from kijun.urls import source_url

MAX_REPEATS = 4  # an alias counts at most this often per entry: enough to rank by use, not to drown the text
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TermAliases:
    """Phrases of one glossary term as pages write them, and the words to index wherever they occur."""

    phrases: tuple[str, ...]
    aliases: tuple[str, ...]
    case_sensitive: bool = False

    def pattern(self) -> re.Pattern[str]:
        """Matches any phrase; whole words for Latin script, anywhere for Japanese (no spaces to bound them)."""
        parts = [
            rf"(?<![\w]){re.escape(p)}(?![\w])" if p.isascii() else re.escape(p)
            for p in sorted(self.phrases, key=len, reverse=True)
        ]
        return re.compile("|".join(parts), 0 if self.case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class PageWords:
    """What a page's own index entry carries besides its text."""

    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = (
        ""  # the page's description: the result's teaser when the page has no text before its sections
    )


@dataclass(frozen=True)
class Vocabulary:
    """Search vocabulary of one language's site."""

    terms: tuple[TermAliases, ...]
    pages: dict[str, PageWords]  # page location ("policies/harassment/") -> its words

    def summary(self, location: str) -> str:
        page = self.pages.get(location)
        return page.summary if page else ""

    def words_for(self, location: str, title: str, text: str) -> tuple[list[str], list[str]]:
        """Keywords and tags for the index entry at ``location`` with this title and (HTML) text."""
        plain = _TAG.sub(" ", f"{title}\n{text}")
        keywords: list[str] = []
        for term in self.terms:
            uses = len(term.pattern().findall(plain))
            keywords += list(term.aliases) * min(uses, MAX_REPEATS)
        page = self.pages.get(location) if "#" not in location else None
        if page is None:
            return keywords, []
        return [*page.keywords, *keywords], list(page.tags)


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


def page_words(docs_dir: Path, language: str) -> dict[str, PageWords]:
    """Keywords (front matter), English titles (other languages) and policy area tags, by page location."""
    pages: dict[str, PageWords] = {}
    root = language_dir(docs_dir, language)
    english_root = language_dir(docs_dir, DEFAULT_LANGUAGE)
    for file in sorted(root.rglob("*.md")):
        relative = file.relative_to(root).as_posix()
        data, _ = split_front_matter(file.read_text(encoding="utf-8"))
        keywords = [k for k in data.get("keywords") or [] if isinstance(k, str)]
        if isinstance(data.get("policy_id"), str):
            keywords.append(data["policy_id"])
        if language != DEFAULT_LANGUAGE and (english := english_root / relative).is_file():
            english_data, _ = split_front_matter(english.read_text(encoding="utf-8"))
            keywords += [str(english_data.get("title", ""))] if english_data.get("title") else []
        area = data.get("area")  # policy articles name their area; the label is the localized one
        tags = (ui_text(f"area_{area}", language),) if isinstance(area, str) and area in AREAS else ()
        summary = data.get("description") if isinstance(data.get("description"), str) else ""
        pages[source_url(relative)] = PageWords(tuple(keywords), tags, summary)
    return pages


def build_vocabulary(glossary: Glossary, docs_dir: Path, language: str) -> Vocabulary:
    """The search vocabulary of ``language``'s site."""
    return Vocabulary(tuple(term_aliases(glossary, language)), page_words(docs_dir, language))
