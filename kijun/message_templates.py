"""Decision-message templates: what a user receives must cite the rule the way the handbook states it.

A template in an article's Decision messages section (a fenced ``text`` block) must cite the article by its own
title and a section that exists and that users may be pointed to, and must not name an internal team. An agent
copies these verbatim, so a wrong title or a cited internal section reaches users as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kijun.languages import phrase_pattern, words_spaced
from kijun.policies import PINNED_H2, pinned_headings
from kijun.sourcefile import SourceError

DECISION_MESSAGES = "decision-messages"
# Sections that guide agents, not users: a message never sends a user there.
INTERNAL_SECTIONS = frozenset({"grey-areas", "escalation", "decision-messages", "change-log"})
# How a template cites a policy and a section, per language. Lines are joined first (with a space in English,
# with nothing in Japanese), so a citation may wrap. A language not listed here (a newly added one) has its
# templates checked for team names only, until its citation pattern is added.
CITATIONS: Mapping[str, re.Pattern[str]] = {
    # A title may hold commas ("Hate, extremism and …") and, in Japanese, its own 「」 quotes.
    "en": re.compile(r"\bour (?P<title>[A-Z][^()\n.]*?) policy(?:\s*\(section \"(?P<section>[^\"]+)\")?"),
    "ja": re.compile(r"「(?P<title>(?:[^「」]|「[^「」]*」)+)」ポリシー(?:（「(?P<section>[^」]+)」)?"),
}


def _joiner(language: str) -> str:
    return " " if words_spaced(language) else ""


_TEXT_FENCE = re.compile(r"^```text\b(?P<info>[^\n]*)$")
_TITLE = re.compile(r'title="(?P<title>[^"]*)"')


@dataclass(frozen=True)
class MessageTemplate:
    name: str  # the block's title="…"
    text: str
    line: int  # file line of the opening fence


def sections_of(body: str) -> dict[str, str]:
    """Level-2 heading text -> pinned id, outside fenced code."""
    return {text: section for section, text, _line in pinned_headings(body)}


def templates_in(body: str, first_line: int) -> list[MessageTemplate]:
    """The ``text`` blocks inside the Decision messages section."""
    templates: list[MessageTemplate] = []
    section, opened, lines = None, None, []
    for number, line in enumerate(body.splitlines(), start=first_line):
        if opened is None:
            if match := PINNED_H2.match(line):
                section = match["id"]
            elif section == DECISION_MESSAGES and (fence := _TEXT_FENCE.match(line.strip())):
                title = _TITLE.search(fence["info"])
                opened, lines = (title["title"] if title else "", number), []
        elif line.strip() == "```":
            templates.append(MessageTemplate(opened[0], "\n".join(lines), opened[1]))
            opened = None
        else:
            lines.append(line.strip())
    return templates


def template_errors(
    file: Path,
    language: str,
    article_title: str,
    sections: Mapping[str, str],
    templates: Iterable[MessageTemplate],
    team_phrases: Iterable[str],
) -> list[SourceError]:
    """Every rule a template breaks, each at the template's opening line."""
    errors = []
    phrases = [phrase for phrase in team_phrases if phrase]
    for template in templates:

        def error(message: str, template: MessageTemplate = template) -> SourceError:
            return SourceError(file, template.line, f"decision message {template.name!r}", message)

        joined = _joiner(language).join(template.text.splitlines())
        pattern = CITATIONS.get(language)
        citations = list(pattern.finditer(joined)) if pattern else []
        if pattern and not any(citation["section"] for citation in citations):
            errors.append(
                error("cites no policy section; cite the article's title and a section users can read")
            )
        for citation in citations:
            if citation["title"] != article_title:
                errors.append(error(f"cites {citation['title']!r}; the article's title is {article_title!r}"))
            section = citation["section"]
            if section is None:
                continue
            if section not in sections:
                errors.append(error(f"cites section {section!r}, which the article does not have"))
            elif sections[section] in INTERNAL_SECTIONS:
                errors.append(error(f"cites {section!r}, a section for agents, not users"))
        for phrase in phrases:
            if _mentions(joined, phrase, language):
                errors.append(error(f"names the internal team {phrase!r}; sign as the Trust & Safety team"))
    return errors


def _mentions(text: str, phrase: str, language: str) -> bool:
    return phrase_pattern(phrase, language).search(text) is not None
