"""Cases held to the matrix: a case's key must be what its rule and the site-wide ladder give for its facts (unless
it states a judgement), its rule must be its own article's, and every seam between two articles needs a case the
matrix decides."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kijun.matrix.ladder import History, decide
from kijun.matrix.model import Matrix
from kijun.sourcefile import SourceError

# A case's quantity this large is written in its scenario as digits, in every language; smaller ones are often
# counted from a list.
STATED_FROM = 10


@dataclass(frozen=True)
class CaseFacts:
    """What a case states for the ladder: its rule, the account's history and the quantities the rule needs."""

    case_id: str
    policy: str
    rule: str | None
    decision: str
    history: History
    quantities: Mapping[str, int]
    judgement: bool
    scenario: Mapping[str, str]
    file: Path
    line: int


def case_errors(cases: Iterable[CaseFacts], matrix: Matrix) -> list[SourceError]:
    errors: list[SourceError] = []
    rules = matrix.rules
    for case in cases:

        def error(field: str, message: str, case: CaseFacts = case) -> SourceError:
            return SourceError(case.file, case.line, f"{case.case_id}.{field}", message)

        if case.rule is None:
            errors.append(error("rule", "cite the matrix rule the case turns on"))
            continue
        rule = rules.get(case.rule)
        if rule is None:
            errors.append(error("rule", f"no matrix rule {case.rule}"))
            continue
        if rule.policy != case.policy:
            errors.append(
                error(
                    "rule",
                    f"{rule.id} decides {rule.topic!r}, a topic of {rule.policy}: the case belongs to that article",
                )
            )
            continue
        missing = False
        for threshold in rule.thresholds:
            value = case.quantities.get(threshold.quantity)
            if value is None:
                errors.append(error(f"facts.{threshold.quantity}", f"{rule.id} depends on it: state it"))
                missing = True
            elif not threshold.admits(value):
                errors.append(
                    error(
                        f"facts.{threshold.quantity}",
                        f"{value} is outside {rule.id}'s threshold: cite another rule",
                    )
                )
                missing = True
        for quantity, value in case.quantities.items():
            if quantity == "window_days" or value < STATED_FROM:
                continue
            for language, text in case.scenario.items():
                if not re.search(rf"(?<![\d,]){value:,}(?![\d,])|(?<![\d,]){value}(?![\d,])", text):
                    errors.append(
                        error(f"facts.{quantity}", f"{value} does not appear in the {language} scenario")
                    )
        if missing:
            continue
        decision = decide(rule, case.history, matrix.ladder)
        if decision.action != case.decision and not case.judgement:
            errors.append(
                error(
                    "decision",
                    f"{case.decision!r}, but {rule.id} and the ladder give {decision.action!r} "
                    f"({', '.join(decision.reasons)}): change the key, the rule or the facts, or state a judgement",
                )
            )
    return errors


def seam_errors(matrix: Matrix, cases: Iterable[CaseFacts]) -> list[SourceError]:
    """Every hand-off seam needs a case on it whose key the matrix decides (no judgement)."""
    rules = matrix.rules
    decided = {rules[c.rule].topic for c in cases if c.rule in rules and not c.judgement}
    return [
        policy.document.error(
            ("hands_off", index), f"no case decided by the matrix sits on seam {hand_off.topic!r}"
        )
        for policy in matrix.policies.values()
        for index, hand_off in enumerate(policy.hands_off)
        if hand_off.topic not in decided
    ]
