"""The results of a calibration round as plain data: what the analysis computes once and every output (pages,
charts, CSV files, the report database, the trend table) reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kijun.quizzes import Quiz

# An agent whose removal raises α by at least this much stands apart from the others.
OUTLIER_ALPHA_GAIN = 0.03
# "Most agents agree with each other": the most common answer's share of a case's answers.
CONSENSUS_SHARE = 0.6


@dataclass(frozen=True)
class Agreement:
    """Agreement among agents on a set of cases: the chance-corrected figures beside the raw one."""

    cases: int
    agents: int
    percent: float  # pairwise agreement, 0..1
    alpha: float
    alpha_band: str | None
    kappa: float | None  # over the agents who answered every case; None when fewer than two did
    kappa_band: str | None
    kappa_agents: int  # agents who answered every case (the raters κ used)


@dataclass(frozen=True)
class AgentResult:
    agent: str
    language: str
    answered: int
    missing: int
    correct: int
    over: int
    under: int
    other_action: int
    wrong_clause: int
    clause_answers: int
    cbm: int
    alpha_without: float

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else float("nan")


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    policy: str
    area: str
    reference: str
    distribution: dict[str, int]
    answered: int
    agreement: float
    accuracy: float
    modal: str
    modal_share: float
    confident_wrong: int
    reasons: list[tuple[str, str, str]]  # (agent, decision, reason)
    rule: str = ""  # the enforcement-matrix rule the case turns on


@dataclass(frozen=True)
class RuleResult:
    """Agreement on the cases that turn on one matrix rule: where agents split, the rule needs clarifying."""

    rule: str
    policy: str
    case_ids: tuple[str, ...]
    agreement: Agreement
    accuracy: float


@dataclass(frozen=True)
class ConfidenceRow:
    level: str
    answers: int
    correct: int


@dataclass
class RoundReport:
    """Everything the report pages, charts, CSVs and database need about one round."""

    quiz: Quiz
    agents: list[AgentResult]
    cases: list[CaseResult]
    overall: Agreement
    by_area: dict[str, Agreement]
    by_language: dict[str, Agreement]
    confusion: dict[str, dict[str, int]]  # reference -> chosen -> count
    confidence: list[ConfidenceRow]
    decisions: list[str]  # action ids in ladder order, as used in the tables
    missing_answers: int
    started: str = ""
    finished: str = ""
    queue: list[CaseResult] = field(default_factory=list)
    by_rule: list[RuleResult] = field(default_factory=list)  # least agreement first

    @property
    def answered(self) -> int:
        """Answers given in the round, over every case."""
        return sum(case.answered for case in self.cases)

    @property
    def accuracy(self) -> float:
        """The share of all answers that match the reference decision: the round's one accuracy figure."""
        return accuracy_of(self.cases)

    @property
    def outliers(self) -> list[AgentResult]:
        return [a for a in self.agents if a.alpha_without - self.overall.alpha >= OUTLIER_ALPHA_GAIN]

    @property
    def too_easy(self) -> list[CaseResult]:
        return [c for c in self.cases if c.answered >= 2 and c.accuracy == 1.0]

    @property
    def reference_in_doubt(self) -> list[CaseResult]:
        return [
            c
            for c in self.cases
            if c.answered >= 2 and c.modal != c.reference and c.modal_share >= CONSENSUS_SHARE
        ]


def accuracy_of(cases: Sequence[CaseResult]) -> float:
    """The share of the answers to ``cases`` that match each case's reference decision (NaN with no answer)."""
    answered = sum(case.answered for case in cases)
    correct = sum(case.distribution.get(case.reference, 0) for case in cases)
    return correct / answered if answered else float("nan")


@dataclass(frozen=True)
class TrendPoint:
    """One round's figures for one area (or ``overall``), for the trends table."""

    round_id: str
    date: str
    area: str
    agents: int
    accuracy: float
    alpha: float


def trend_points(reports: Sequence[RoundReport]) -> list[TrendPoint]:
    """Accuracy and α per area and overall for each round, rounds in date order."""
    points = []
    for report in sorted(reports, key=lambda r: (r.finished, r.quiz.id)):
        date = report.finished[:10]
        by_area_cases: dict[str, list[CaseResult]] = {}
        for case in report.cases:
            by_area_cases.setdefault(case.area, []).append(case)
        groups = {"overall": (report.cases, report.overall)} | {
            area: (cases, report.by_area[area]) for area, cases in by_area_cases.items()
        }
        for area, (cases, agreement) in groups.items():
            points.append(
                TrendPoint(report.quiz.id, date, area, agreement.agents, accuracy_of(cases), agreement.alpha)
            )
    return points
