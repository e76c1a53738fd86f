"""What makes the matrix, the pages or the cases give two answers to one set of facts: each an error with file
and line.

- :func:`matrix_errors`: a topic covered twice or by no rule, a hand-off to an article that does not decide the
  topic, two rules on one topic that overlap and decide differently, unknown teams, a rule whose step the
  policy's ladder lacks.
- :func:`page_errors`: a hand-written ladder table or severe list, a number typed where the matrix holds it, a
  ``{{KEY}}`` the matrix does not know.

Cases are held to the matrix in :mod:`kijun.matrix.case_checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kijun.markdown_text import FENCE
from kijun.markers import MARKER
from kijun.matrix.model import SEVERE, STEP, Matrix, PolicyMatrix, Rule
from kijun.matrix.render import INLINE_CODE, NUMBER, PLACEHOLDER, fill_numbers
from kijun.policies import PINNED_H2
from kijun.sourcefile import SourceError

POLICY_STEPS = (1, 2, 3, 4, 5)  # the steps an agent applies; termination (6) is another team's decision
RULES_MARKER = "rules"
LADDER_MARKER = "ladder"
SEVERE_MARKER = "severe"
HAND_OFFS_MARKER = "hand-offs"
# What follows a number for a phrase to be about it (see typed_numbers).
ANY_UNIT = ""
DAYS = r"(?:\s*-?\s*(?:or\s+more\s+|or\s+fewer\s+)?(?:calendar\s+)?days?\b|\s*日)"
STRIKES = r"(?:\s*(?:or\s+more\s+)?(?:active\s+)?strikes?\b|\s*件?の?違反記録)"
# Sections whose numbers are facts about the world or history, not our decisions.
FREE_SECTIONS = frozenset({"related-laws", "change-log"})

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S")
_TABLE_ROW = re.compile(r"^\s*\|")
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty": 20,
    "thirty": 30,
}
_NUM = r"(?P<n>\d[\d,]*|" + "|".join(_WORDS) + r")"
# A number said as a limit: "10 or more", "at least 3", "within 90 days", "10件以上", "90日以内".
_THRESHOLD_PHRASES = (
    re.compile(r"\b" + _NUM + r"\s*(?:\+|or\s+(?:more|fewer|less|over)\b)", re.IGNORECASE),
    re.compile(
        r"\b(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|up\s+to|within|over|under)\s+"
        + _NUM
        + r"\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<!段階)(?<![\d,])(?P<n>\d[\d,]*)\s*(?:件|人|名|回|日|日間|か月|週間|本|個|つ|アカウント|講座|コース|レビュー)?\s*"
        r"(?:以上|以下|以内|未満|を超え)"
    ),
)


def _number(text: str) -> int:
    return _WORDS.get(text.lower()) or int(text.replace(",", ""))


# -- the matrix itself ---------------------------------------------------------------------------------------


def matrix_errors(matrix: Matrix, articles: Mapping[str, str], teams: Iterable[str]) -> list[SourceError]:
    """``articles``: article name → its policy id (``POL-REF``), for the source language."""
    teams = set(teams)
    errors: list[SourceError] = []
    owners: dict[str, PolicyMatrix] = {}
    rule_ids: dict[str, Rule] = {}
    for name, policy in matrix.policies.items():
        document = policy.document
        if name not in articles:
            errors.append(document.error(("policy",), f"no policy article docs/*/policies/{name}.md"))
        for index, topic in enumerate(policy.covers):
            if topic in owners:
                errors.append(
                    document.error(
                        ("covers", index),
                        f"topic {topic!r} is also covered by {owners[topic].policy}: one topic, one article",
                    )
                )
            owners.setdefault(topic, policy)
        steps = [row.step for row in policy.ladder]
        if steps != list(POLICY_STEPS):
            errors.append(
                document.error(
                    ("ladder",), "list what steps 1 to 5 of the site-wide ladder do here, in order"
                )
            )
        prefix = articles.get(name, "POL-???")[4:]
        for index, rule in enumerate(policy.rules):
            path = ("rules", index)
            if rule.id in rule_ids:
                errors.append(
                    document.error((*path, "id"), f"{rule.id} is also a rule of {rule_ids[rule.id].policy}")
                )
            rule_ids.setdefault(rule.id, rule)
            if not rule.id.startswith(prefix + "-"):
                errors.append(document.error((*path, "id"), f"starts with the policy's code: {prefix}-…"))
            if rule.topic not in policy.covers:
                errors.append(
                    document.error(
                        (*path, "topic"), f"{rule.topic!r} is not among the topics this article covers"
                    )
                )
            for team in filter(None, (rule.team,)):
                if team not in teams:
                    errors.append(document.error(path, f"unknown team {team!r}; use one of {sorted(teams)}"))
            if rule.kind == STEP and rule.step not in steps:
                errors.append(
                    document.error((*path, "step"), f"step {rule.step} is not in this policy's ladder")
                )
            errors += _placeholder_errors(policy, index, rule)
        for index, topic in enumerate(policy.covers):
            if not any(rule.topic == topic for rule in policy.rules):
                errors.append(document.error(("covers", index), f"no rule decides {topic!r}"))
        errors += _conflicts(policy)
    for policy in matrix.policies.values():
        for index, hand_off in enumerate(policy.hands_off):
            owner = owners.get(hand_off.topic)
            path = ("hands_off", index)
            if hand_off.topic in policy.covers:
                errors.append(
                    policy.document.error(path, f"hands off {hand_off.topic!r}, which it also covers")
                )
            elif owner is None:
                errors.append(policy.document.error(path, f"no article covers {hand_off.topic!r}"))
            elif owner.policy != hand_off.policy:
                errors.append(
                    policy.document.error(
                        path, f"{hand_off.topic!r} is covered by {owner.policy}, not {hand_off.policy}"
                    )
                )
    errors += [
        SourceError(Path(f"docs/en/policies/{name}.md"), 1, "matrix", f"no matrix/policies/{name}.yml")
        for name in articles
        if name not in matrix.policies
    ]
    return errors


def _placeholder_errors(policy: PolicyMatrix, index: int, rule: Rule) -> list[SourceError]:
    errors = []
    for language, label in rule.label.items():
        for match in PLACEHOLDER.finditer(label):
            quantity, threshold = match["quantity"], rule.threshold(match["quantity"])
            bound = {"min": "at_least", "max": "at_most"}.get(match["bound"] or "")
            if threshold is None or (bound and getattr(threshold, bound) is None):
                errors.append(
                    policy.document.error(
                        ("rules", index, "label", language),
                        f"{{{quantity}}} is not one of the rule's thresholds",
                    )
                )
    return errors


def _overlap(first: Rule, second: Rule) -> bool:
    """Could one set of facts meet both rules' thresholds? (A quantity only one rule bounds is free in the other.)"""
    for threshold in first.thresholds:
        other = second.threshold(threshold.quantity)
        if other is not None and not threshold.overlaps(other):
            return False
    return True


def _conflicts(policy: PolicyMatrix) -> list[SourceError]:
    errors = []
    for index, rule in enumerate(policy.rules):
        for earlier in policy.rules[:index]:
            if (
                earlier.topic == rule.topic
                and earlier.outcome_key() != rule.outcome_key()
                and _overlap(earlier, rule)
            ):
                errors.append(
                    policy.document.error(
                        ("rules", index),
                        f"{rule.id} and {earlier.id} decide topic {rule.topic!r} differently for the same facts: "
                        "set them apart with thresholds, or split the topic",
                    )
                )
    return errors


# -- pages -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    lines: list[tuple[int, str]]  # (line number, text), fenced code included


def sections_of(body: str, first_line: int) -> list[Section]:
    """The page's level-2 sections (text before the first is section ``""``)."""
    sections = [Section("", [])]
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := PINNED_H2.match(line)):
            sections.append(Section(match["id"], []))
            continue
        sections[-1].lines.append((number, line))
    return sections


def typed_numbers(matrix: Matrix, policy: str | None) -> dict[int, str]:
    """The numbers a page must not type, each with the unit that makes a phrase about it: the page's own policy's
    thresholds in any phrase, the ladder's day counts with "days" (日), its strike counts with "strikes" (違反記録).
    A coincidence (a law's "within 7 days" on a page whose rules say nothing about 7) is not flagged."""
    found: dict[int, str] = {}
    for key, value in matrix.numbers(policy).items():
        if key.startswith("ladder."):
            found.setdefault(value, DAYS if key.endswith("days") else STRIKES)
        elif policy is not None and not key.endswith((".min", ".max")):
            found[value] = ANY_UNIT
    return found


def page_errors(
    file: Path,
    body: str,
    first_line: int,
    numbers: Mapping[str, int],
    typed: Mapping[int, str],
    policy: PolicyMatrix | None,
) -> list[SourceError]:
    """Errors in one page: ``numbers`` are every number a ``{{KEY}}`` may show, ``typed`` the numbers the page
    must not type (:func:`typed_numbers`), ``policy`` the article's matrix (None for a page that is not one)."""
    errors: list[SourceError] = []
    for section in sections_of(body, first_line):
        markers = {m["name"] for _, line in section.lines if (m := MARKER.match(line))}
        for number, line in section.lines:
            _filled, unknown = fill_numbers(line, numbers)
            errors += [
                SourceError(file, number, f"{{{{{key}}}}}", "not a number of the matrix") for key in unknown
            ]
            if policy is not None and section.id == "enforcement-ladder" and _TABLE_ROW.match(line):
                errors.append(
                    SourceError(
                        file,
                        number,
                        "enforcement-ladder",
                        "hand-written ladder table: use <!-- kijun:ladder -->",
                    )
                )
            if policy is not None and section.id == "severe-violations" and _LIST_ITEM.match(line):
                errors.append(
                    SourceError(
                        file,
                        number,
                        "severe-violations",
                        "hand-written severe list: use <!-- kijun:severe -->",
                    )
                )
        if section.id not in FREE_SECTIONS:
            errors += _typed_numbers(file, section, typed)
        if policy is None:
            continue
        needed = {
            "enforcement-ladder": (RULES_MARKER, LADDER_MARKER),
            "severe-violations": (SEVERE_MARKER,) if any(r.kind == SEVERE for r in policy.rules) else (),
            "scope": (HAND_OFFS_MARKER,) if policy.hands_off else (),
        }.get(section.id, ())
        for name in needed:
            if name not in markers:
                line = section.lines[0][0] - 1 if section.lines else first_line
                errors.append(SourceError(file, line, section.id, f"the section needs <!-- kijun:{name} -->"))
    return errors


def _typed_numbers(file: Path, section: Section, typed: Mapping[int, str]) -> list[SourceError]:
    """Threshold phrases whose number the matrix holds, found across line breaks (a phrase may wrap)."""
    if not section.lines:
        return []
    first = section.lines[0][0]
    text = INLINE_CODE.sub("", NUMBER.sub("", "\n".join(line for _, line in section.lines)))
    errors = []
    for pattern in _THRESHOLD_PHRASES:
        for match in pattern.finditer(text):
            unit = typed.get(_number(match["n"]))
            if unit is None or not re.match(unit, text[match.end("n") : match.end("n") + 24]):
                continue
            phrase = " ".join(match.group().split())
            errors.append(
                SourceError(
                    file,
                    first + text.count("\n", 0, match.start("n")),
                    "threshold",
                    f"{phrase!r} types a number the matrix holds: use {{{{RULE-ID.quantity}}}} or {{{{ladder.…}}}}",
                )
            )
    return errors
