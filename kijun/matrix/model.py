"""The enforcement matrix as one validated model: the site-wide ladder and each policy's rules.

A rule states one decision: the topic it decides (one its article covers), what a first violation gets (a ladder
step, a severe violation's protective action, an escalation to a team, or an outcome without a strike) and the
numbers that set it apart from its neighbours (``thresholds``). Labels are per language; numbers are not, so the
English and the Japanese page cannot disagree about them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kijun.languages import Localized
from kijun.paths import MATRIX_DIR
from kijun.schema import load_folder, load_schema, schemas_in
from kijun.sourcefile import (
    SourceError,
    SourceValidationError,
    YamlDocument,
    conforms,
    load_yaml,
    parse_yaml,
    schema_errors,
)

LADDER_FILE = MATRIX_DIR / "ladder.yml"
POLICIES_DIR = MATRIX_DIR / "policies"
SOURCES = ("matrix/*.yml", "matrix/*.json", "matrix/policies/*.yml")
"""The files the matrix is loaded from, relative to the repository: the Handbook's cache compares exactly these."""

SEVERE = "severe"
ESCALATE = "escalate"
STEP = "step"
OUTCOME = "outcome"


@dataclass(frozen=True)
class Step:
    step: int
    action: str | None  # the case action a decision at this step records; None: another team decides
    active_days: int | None  # None: a permanent record
    students: bool = True  # False: students move past this step


@dataclass(frozen=True)
class SiteLadder:
    """The ladder every policy shares (``matrix/ladder.yml``)."""

    steps: tuple[Step, ...]
    cross_policy_strikes: int
    pattern_review_strikes: int
    appeal_days: int
    appeal_answer_days: int
    takedown_decision_days: int
    takedown_escalation_days: int
    answer_deadline_days: int
    area_precedence: tuple[str, ...]
    file: Path

    def step(self, number: int) -> Step:
        return next(step for step in self.steps if step.step == number)

    def numbers(self) -> dict[str, int]:
        """The ladder's numbers that pages may show (``{{ladder.appeal_days}}``, ``{{ladder.step2.days}}``)."""
        found = {
            "cross_policy_strikes": self.cross_policy_strikes,
            "pattern_review_strikes": self.pattern_review_strikes,
            "appeal_days": self.appeal_days,
            "appeal_answer_days": self.appeal_answer_days,
            "takedown_decision_days": self.takedown_decision_days,
            "takedown_escalation_days": self.takedown_escalation_days,
            "answer_deadline_days": self.answer_deadline_days,
        }
        for step in self.steps:
            if step.active_days is not None:
                found[f"step{step.step}.days"] = step.active_days
        return found


@dataclass(frozen=True)
class Threshold:
    """A quantity the rule depends on: the rule applies when the case's value lies within the bounds."""

    quantity: str
    at_least: int | None = None
    at_most: int | None = None

    def admits(self, value: int) -> bool:
        return (self.at_least is None or value >= self.at_least) and (
            self.at_most is None or value <= self.at_most
        )

    def overlaps(self, other: Threshold) -> bool:
        low = max(self.at_least or 0, other.at_least or 0)
        highs = [bound for bound in (self.at_most, other.at_most) if bound is not None]
        return not highs or low <= min(highs)

    @property
    def shown(self) -> int:
        """The number a page shows for the threshold: its lower bound, or its upper bound where it has none."""
        return self.at_least if self.at_least is not None else self.at_most  # type: ignore[return-value]


@dataclass(frozen=True)
class Rule:
    id: str
    policy: str  # the article (file name without .md) whose matrix holds the rule
    topic: str
    kind: str  # STEP, SEVERE, ESCALATE or OUTCOME
    step: int | None  # STEP: first-violation step
    action: str | None  # SEVERE: protective action; OUTCOME: no-action or remove-content
    team: str | None  # ESCALATE: the team that decides; SEVERE: the team escalated to
    thresholds: tuple[Threshold, ...]
    label: Localized[str]
    file: Path
    line: int

    def threshold(self, quantity: str) -> Threshold | None:
        return next((t for t in self.thresholds if t.quantity == quantity), None)

    def outcome_key(self) -> tuple:
        """What the rule decides, for comparing two rules on one topic."""
        return (self.kind, self.step, self.action, self.team)


@dataclass(frozen=True)
class HandOff:
    topic: str
    policy: str  # the article that covers the topic
    label: Localized[str]


@dataclass(frozen=True)
class LadderRow:
    step: int
    action: Localized[str]


@dataclass(frozen=True)
class PolicyMatrix:
    policy: str
    covers: tuple[str, ...]
    hands_off: tuple[HandOff, ...]
    ladder: tuple[LadderRow, ...]
    severe_procedure: Localized[str] | None
    rules: tuple[Rule, ...]
    document: YamlDocument


@dataclass(frozen=True)
class Matrix:
    """The whole matrix: the site-wide ladder and every policy's rules."""

    ladder: SiteLadder
    policies: dict[str, PolicyMatrix]

    @property
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for matrix in self.policies.values() for rule in matrix.rules}

    def without(self, articles: frozenset[str]) -> Matrix:
        """The matrix less the policies of ``articles`` (drafts: what the published site shows)."""
        return replace(self, policies={name: p for name, p in self.policies.items() if name not in articles})

    def owner_of(self, topic: str) -> str | None:
        """The article that decides ``topic``."""
        return next((name for name, matrix in self.policies.items() if topic in matrix.covers), None)

    def numbers(self, policy: str | None = None) -> dict[str, int]:
        """Every number a page may show by reference: the ladder's, and each rule's thresholds
        (``RULE-ID.quantity``, ``RULE-ID.quantity.min``/``.max``) of ``policy`` (every policy if None)."""
        found = {f"ladder.{key}": value for key, value in self.ladder.numbers().items()}
        for name, matrix in self.policies.items():
            if policy is not None and name != policy:
                continue
            for rule in matrix.rules:
                for threshold in rule.thresholds:
                    found[f"{rule.id}.{threshold.quantity}"] = threshold.shown
                    if threshold.at_least is not None:
                        found[f"{rule.id}.{threshold.quantity}.min"] = threshold.at_least
                    if threshold.at_most is not None:
                        found[f"{rule.id}.{threshold.quantity}.max"] = threshold.at_most
        return found


def _text(value: Mapping[str, str] | None) -> Localized[str] | None:
    return None if value is None else Localized(dict(value))


def load_ladder(root: Path) -> SiteLadder:
    file = root / LADDER_FILE
    document = load_yaml(file, repository=root)
    if errors := schema_errors(document, load_schema(root / MATRIX_DIR / "ladder.schema.json")):
        raise SourceValidationError(errors)
    data = document.data
    steps = tuple(
        Step(item["step"], item.get("action"), item["active_days"], item.get("students", True))
        for item in data["steps"]
    )
    if [step.step for step in steps] != [1, 2, 3, 4, 5, 6]:
        raise SourceValidationError([document.error(("steps",), "list steps 1 to 6, in order")])
    return SiteLadder(
        steps,
        data["cross_policy_strikes"],
        data["pattern_review_strikes"],
        data["appeal_days"],
        data["appeal_answer_days"],
        data["takedown_decision_days"],
        data["takedown_escalation_days"],
        data["answer_deadline_days"],
        tuple(data["area_precedence"]),
        file,
    )


def _rule(document: YamlDocument, index: int, item: dict, policy: str) -> Rule:
    kind = next(key for key in (STEP, SEVERE, ESCALATE, OUTCOME) if key in item)
    return Rule(
        id=item["id"],
        policy=policy,
        topic=item["topic"],
        kind=kind,
        step=item.get("step"),
        action=item.get("severe") or item.get("outcome"),
        team=item.get("escalate") or item.get("team"),
        thresholds=tuple(
            Threshold(quantity, bounds.get("at_least"), bounds.get("at_most"))
            for quantity, bounds in (item.get("thresholds") or {}).items()
        ),
        label=Localized(dict(item["label"])),
        file=document.file,
        line=document.line_of(("rules", index)),
    )


def _policy_matrix(document: YamlDocument) -> PolicyMatrix:
    data = document.data
    policy = data["policy"]
    return PolicyMatrix(
        policy=policy,
        covers=tuple(data["covers"]),
        hands_off=tuple(
            HandOff(item["topic"], item["policy"], Localized(dict(item["label"])))
            for item in data.get("hands_off", ())
        ),
        ladder=tuple(LadderRow(item["step"], Localized(dict(item["action"]))) for item in data["ladder"]),
        severe_procedure=_text(data.get("severe_procedure")),
        rules=tuple(_rule(document, index, item, policy) for index, item in enumerate(data["rules"])),
        document=document,
    )


def load_matrix(root: Path) -> Matrix:
    """Load ``matrix/`` under ``root``; raise one :class:`SourceValidationError` listing every problem of shape
    (the rules across policies, pages and cases are :mod:`kijun.matrix.checks`)."""
    errors: list[SourceError] = []
    try:
        ladder = load_ladder(root)
    except SourceValidationError as exc:
        errors += exc.errors
    documents, found = load_folder(root / POLICIES_DIR, "policy.schema.json")
    errors += found
    policies: dict[str, PolicyMatrix] = {}
    for document in documents:
        matrix = _policy_matrix(document)
        if matrix.policy != document.file.stem:
            errors.append(document.error(("policy",), f"must be the file's name, {document.file.stem!r}"))
        policies[matrix.policy] = matrix
    if errors:
        raise SourceValidationError(errors)
    return Matrix(ladder, dict(sorted(policies.items())))


def parse_policy_matrix(root: Path, file: Path, text: str) -> PolicyMatrix | None:
    """One policy's matrix from ``text`` (``file`` as it was in an earlier commit), read with the bounded loader;
    ``None`` when it no longer parses or no longer fits the schema: an old version is shown if it can be, never an
    error."""
    try:
        document = parse_yaml(file, text)
    except SourceValidationError:
        return None
    folder = root / MATRIX_DIR
    if not conforms(document, load_schema(folder / "policy.schema.json"), schemas_in(folder)):
        return None
    return _policy_matrix(document)
