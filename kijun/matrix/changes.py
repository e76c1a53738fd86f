"""What changed in an article's enforcement matrix between two versions, rule by rule, in the reader's language.

A text diff of the YAML would show ids and keys; an agent needs the decision: which rule now starts at another
step, which rule is new or gone, which threshold moved, which topic the article now decides or hands off. Rules
are named by their label in the page's language, and outcomes are worded as the rules table words them
(:func:`kijun.matrix.render.outcome_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kijun.matrix.model import PolicyMatrix, Rule, SiteLadder, Threshold
from kijun.matrix.render import ActionLabel, outcome_text, rule_label
from kijun.matrix.text import matrix_text
from kijun.ui_text import ui_text


class _Named(dict[str, str]):
    """Names by id; an id no longer known (a team or action an old version named) is shown as the id."""

    def __missing__(self, key: str) -> str:
        return key


@dataclass(frozen=True)
class Wording:
    """What the sentences need from the site: the ladder, action labels, team names, article titles (by name)."""

    ladder: SiteLadder
    action_label: ActionLabel
    teams: Mapping[str, str]
    titles: Mapping[str, str]
    language: str

    def outcome(self, rule: Rule) -> str:
        def label(action: str) -> str:
            try:
                return self.action_label(action)
            except KeyError:
                return action

        return outcome_text(rule, self.ladder, label, _Named(self.teams), self.language)

    def text(self, key: str, **values: object) -> str:
        return ui_text(key, self.language).format(**values)


def rule_changes(old: PolicyMatrix | None, new: PolicyMatrix | None, wording: Wording) -> list[str]:
    """Sentences for every rule-level change from ``old`` to ``new``, in ``wording``'s language: outcomes, rules
    added and removed, thresholds, topics covered and handed off. Empty when nothing a reader acts on changed."""
    if new is None:
        return []
    if old is None:
        return [wording.text("diff_matrix_first", n=len(new.rules))]
    found: list[str] = []
    before = {rule.id: rule for rule in old.rules}
    for rule in new.rules:
        previous = before.pop(rule.id, None)
        found += _rule_change(previous, rule, wording)
    found += [
        wording.text("diff_rule_removed", rule=_name(rule, wording), outcome=wording.outcome(rule))
        for rule in before.values()
    ]
    found += _topics(old, new, wording)
    return found


def _name(rule: Rule, wording: Wording) -> str:
    return wording.text("diff_rule_name", label=rule_label(rule, wording.language), id=rule.id)


def _rule_change(old: Rule | None, new: Rule, wording: Wording) -> list[str]:
    name = _name(new, wording)
    if old is None:
        return [wording.text("diff_rule_added", rule=name, outcome=wording.outcome(new))]
    found = []
    if old.outcome_key() != new.outcome_key():
        found.append(
            wording.text("diff_rule_outcome", rule=name, old=wording.outcome(old), new=wording.outcome(new))
        )
    if _bounds(old) != _bounds(new):
        found.append(
            wording.text(
                "diff_rule_threshold", rule=name, old=_thresholds(old, wording), new=_thresholds(new, wording)
            )
        )
    return found


def _bounds(rule: Rule) -> set[Threshold]:
    return set(rule.thresholds)


def _thresholds(rule: Rule, wording: Wording) -> str:
    """The rule's thresholds as the matrix CSV words them (``students ≥ 10``), or "none"."""
    parts = []
    for threshold in rule.thresholds:
        if threshold.at_least is not None:
            parts.append(
                matrix_text("at_least", wording.language, quantity=threshold.quantity, n=threshold.at_least)
            )
        if threshold.at_most is not None:
            parts.append(
                matrix_text("at_most", wording.language, quantity=threshold.quantity, n=threshold.at_most)
            )
    return matrix_text("list_separator", wording.language).join(parts) or matrix_text(
        "none", wording.language
    )


def _topics(old: PolicyMatrix, new: PolicyMatrix, wording: Wording) -> list[str]:
    found = [wording.text("diff_topic_added", topic=topic) for topic in new.covers if topic not in old.covers]
    found += [
        wording.text("diff_topic_removed", topic=topic) for topic in old.covers if topic not in new.covers
    ]
    before, after = _hand_offs(old, wording.language), _hand_offs(new, wording.language)
    for key, label in after.items():
        if key not in before:
            found.append(
                wording.text("diff_hand_off_added", label=label, article=wording.titles.get(key[1], key[1]))
            )
    for key, label in before.items():
        if key not in after:
            found.append(
                wording.text("diff_hand_off_removed", label=label, article=wording.titles.get(key[1], key[1]))
            )
    return found


def _hand_offs(matrix: PolicyMatrix, language: str) -> dict[tuple[str, str], str]:
    """Topic and article handed to → the hand-off's label, in the file's order."""
    return {(item.topic, item.policy): item.label[language] for item in matrix.hands_off}
