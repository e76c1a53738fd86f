"""The site-wide ladder as one function: a rule and a history in, one decision out.

Everything the ladder guide says about choosing a step is here, once: the same policy first, one step above its
highest active strike; two or more active strikes elsewhere raise the step by one but never to suspension or
termination; students move past course unpublishing; a top-tier instructor above step 2, and termination, are
another team's decision; a severe violation skips the ladder. When one case breaks two policies,
:func:`record_under` says which one the single strike goes under. The guide's tables and every case key are
checked against this function, so the prose cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kijun.matrix.model import ESCALATE, OUTCOME, SEVERE, Rule, SiteLadder

ESCALATE_ACTION = "escalate"
INSTRUCTOR = "instructor"
STUDENT = "student"


@dataclass(frozen=True)
class History:
    """What the ladder needs to know about the account and the case."""

    strikes: Mapping[str, tuple[int, ...]] = field(
        default_factory=dict
    )  # policy → steps of its active strikes
    actor: str = INSTRUCTOR
    top_tier: bool = False

    def highest(self, policy: str) -> int:
        return max(self.strikes.get(policy, ()), default=0)

    def elsewhere(self, policy: str) -> int:
        """Active strikes under policies other than ``policy``."""
        return sum(len(steps) for name, steps in self.strikes.items() if name != policy)


@dataclass(frozen=True)
class Decision:
    action: str  # an action id of quizzes/actions.yml
    step: int | None  # the ladder step the decision records, if any
    reasons: tuple[str, ...]  # why, in the order the ladder applied: keys a page can explain


def decide(rule: Rule, history: History, ladder: SiteLadder) -> Decision:
    """The one decision for a first or repeated violation of ``rule`` by an account with ``history``."""
    if rule.kind == SEVERE:
        return Decision(rule.action or "suspend", None, ("severe",))
    if rule.kind == ESCALATE:
        return Decision(ESCALATE_ACTION, None, ("another-team",))
    if rule.kind == OUTCOME:
        return Decision(rule.action or "no-action", None, ("outcome",))
    reasons = ["rule-step"]
    step = rule.step or 1
    if history.highest(rule.policy) >= step:
        step = history.highest(rule.policy) + 1
        reasons.append("same-policy-repeat")
    step = _applicable(step, history.actor, ladder)
    if history.elsewhere(rule.policy) >= ladder.cross_policy_strikes:
        raised = _applicable(step + 1, history.actor, ladder)
        if raised < 5:  # never to suspension or termination on strikes elsewhere alone
            step = raised
            reasons.append("cross-policy")
    step = min(step, 6)
    if history.top_tier and history.actor == INSTRUCTOR and step > 2:
        return Decision(ESCALATE_ACTION, step, (*reasons, "top-tier"))
    action = ladder.step(step).action
    if action is None:
        return Decision(ESCALATE_ACTION, step, (*reasons, "termination"))
    return Decision(action, step, tuple(reasons))


def _applicable(step: int, actor: str, ladder: SiteLadder) -> int:
    """``step``, or the next one that applies to ``actor`` (students move past course unpublishing)."""
    while step <= 6 and actor == STUDENT and not ladder.step(step).students:
        step += 1
    return min(step, 6)


def record_under(candidates: Iterable[tuple[str, str, int]], ladder: SiteLadder) -> str:
    """One case, one strike: of ``(policy, area, step)`` candidates, the policy the strike is recorded under.

    The higher step wins; on equal steps, the policy whose area comes first in ``area_precedence`` (a person's
    safety before money, money before content, content before promotion); then the policy's name, so the answer
    never depends on the order an agent thought of them."""
    order = {area: index for index, area in enumerate(ladder.area_precedence)}
    ranked = sorted(candidates, key=lambda c: (-c[2], order.get(c[1], len(order)), c[0]))
    if not ranked:
        raise ValueError("no candidate policy")
    return ranked[0][0]
