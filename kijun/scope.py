"""Scope hand-offs between policy articles: each topic is decided by exactly one article.

An article's front matter lists the topics it decides (``scope.covers``) and the topics a reader might expect
there that another article decides (``scope.hands_off``). The check turns "two pages give different answers to
the same facts" into an error an author sees: a topic claimed twice, a hand-off to an article that does not
cover the topic, or translations that disagree about what the article covers.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kijun.sourcefile import SourceError, YamlDocument
from kijun.ui_text import ui_text


@dataclass(frozen=True)
class HandOff:
    topic: str
    policy: str  # policy_id of the article that covers the topic
    label: str  # the topic in a few words, in the page's language


@dataclass(frozen=True)
class Scope:
    covers: tuple[str, ...]
    hands_off: tuple[HandOff, ...] = ()

    @classmethod
    def from_front_matter(cls, data: Mapping) -> Scope:
        scope = data.get("scope") or {}
        return cls(
            tuple(scope.get("covers", ())),
            tuple(
                HandOff(item["topic"], item["policy"], item["label"]) for item in scope.get("hands_off", ())
            ),
        )


@dataclass(frozen=True)
class ScopeDeclaration:
    """One article's scope in one language, with the document it came from (for error lines)."""

    policy_id: str
    language: str
    scope: Scope
    document: YamlDocument


def scope_errors(declarations: Sequence[ScopeDeclaration], source_language: str) -> list[SourceError]:
    """Every way the declared scopes fail "one topic, one article", each at the line that declares it."""
    errors: list[SourceError] = []
    owners: dict[str, ScopeDeclaration] = {}
    source = {d.policy_id: d for d in declarations if d.language == source_language}
    for declaration in source.values():
        for index, topic in enumerate(declaration.scope.covers):
            if topic in owners:
                other = owners[topic]
                errors.append(
                    declaration.document.error(
                        ("scope", "covers", index),
                        f"topic {topic!r} is also covered by {other.policy_id} ({other.document.file.name}): "
                        "one topic, one article",
                    )
                )
            else:
                owners[topic] = declaration
    for declaration in declarations:
        errors += _hand_off_errors(declaration, owners)
        original = source.get(declaration.policy_id)
        if original is not None and declaration is not original:
            errors += _translation_errors(declaration, original)
    return errors


def _hand_off_errors(
    declaration: ScopeDeclaration, owners: Mapping[str, ScopeDeclaration]
) -> list[SourceError]:
    errors = []
    for index, hand_off in enumerate(declaration.scope.hands_off):
        owner = owners.get(hand_off.topic)
        path = ("scope", "hands_off", index)
        if hand_off.topic in declaration.scope.covers:
            message = f"hands off {hand_off.topic!r}, which it also covers"
        elif owner is None:
            message = f"no article covers {hand_off.topic!r}: add it to one article's scope.covers"
        elif owner.policy_id != hand_off.policy:
            message = f"{hand_off.topic!r} is covered by {owner.policy_id}, not {hand_off.policy}"
        else:
            continue
        errors.append(declaration.document.error(path, message))
    return errors


def _translation_errors(declaration: ScopeDeclaration, original: ScopeDeclaration) -> list[SourceError]:
    errors = []
    if sorted(declaration.scope.covers) != sorted(original.scope.covers):
        errors.append(
            declaration.document.error(
                ("scope", "covers"),
                f"differs from the {original.language} page ({original.document.file.name})",
            )
        )
    ours = sorted((h.topic, h.policy) for h in declaration.scope.hands_off)
    theirs = sorted((h.topic, h.policy) for h in original.scope.hands_off)
    if ours != theirs:
        errors.append(
            declaration.document.error(
                ("scope", "hands_off"),
                f"hands off other topics than the {original.language} page ({original.document.file.name})",
            )
        )
    return errors


def render_hand_offs(scope: Scope, articles: Mapping[str, tuple[str, str]], language: str) -> str:
    """HTML for the "Not covered here" list under an article's Scope section.

    ``articles`` maps a policy id to its title and its URL relative to this page; every value is escaped.
    """
    if not scope.hands_off:
        return ""
    items = []
    for hand_off in scope.hands_off:
        title, url = articles[hand_off.policy]
        items.append(
            f"<li>{html.escape(hand_off.label)} → "
            f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a></li>'
        )
    heading = html.escape(ui_text("scope_not_covered", language))
    return f'<div class="kijun-hand-offs"><p><strong>{heading}</strong></p><ul>{"".join(items)}</ul></div>'
