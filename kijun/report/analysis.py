"""The statistics of a calibration round, computed once into plain data for every output to share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from kijun.agreement import (
    ALPHA_BANDS,
    KAPPA_BANDS,
    MISSING,
    band,
    category_counts,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    leave_one_out_alpha,
    pairwise_agreement,
    unit_agreement,
)
from kijun.answers import Answer, Submission
from kijun.contracts import CBM_POINTS, CONFIDENCE_LEVELS
from kijun.library import Library
from kijun.quizzes import Quiz
from kijun.report.results import (
    AgentResult,
    Agreement,
    CaseResult,
    ConfidenceRow,
    RoundReport,
    RuleResult,
    accuracy_of,
)

# Certainty-based marking (Moodle): points when right / when wrong.
ERROR_OVER = "over"
ERROR_UNDER = "under"
ERROR_OTHER_ACTION = "other-action"


def classify_error(chosen: str, reference: str, severity: Callable[[str], int | None]) -> str | None:
    """None when right; else over- or under-enforcement, or another action of the same (or no) severity."""
    if chosen == reference:
        return None
    chosen_level, reference_level = severity(chosen), severity(reference)
    if chosen_level is None or reference_level is None or chosen_level == reference_level:
        return ERROR_OTHER_ACTION
    return ERROR_OVER if chosen_level > reference_level else ERROR_UNDER


def agreement_of(ratings: np.ndarray, categories: int) -> Agreement:
    """All agreement figures for a ratings matrix (agents × cases, ``MISSING`` for no answer)."""
    answered_any = (ratings != MISSING).any(axis=1)
    ratings = ratings[answered_any]
    counts = category_counts(ratings, categories)
    # Fleiss' κ needs every rater on every unit: use the agents who answered every case.
    complete = ratings[(ratings != MISSING).all(axis=1)]
    kappa = (
        fleiss_kappa(category_counts(complete, categories))
        if complete.shape[0] >= 2 and complete.size
        else None
    )
    alpha = krippendorff_alpha_nominal(ratings, categories) if ratings.size else float("nan")
    return Agreement(
        cases=int(((ratings != MISSING).sum(axis=0) > 0).sum()),
        agents=int(ratings.shape[0]),
        percent=pairwise_agreement(counts),
        alpha=alpha,
        alpha_band=band(alpha, ALPHA_BANDS),
        kappa=kappa,
        kappa_band=band(kappa, KAPPA_BANDS) if kappa is not None else None,
        kappa_agents=int(complete.shape[0]),
    )


def analyse_round(
    quiz: Quiz, submissions: Sequence[Submission], library: Library, areas: dict[str, str]
) -> RoundReport:
    """Compute the report of one round from its (already cleaned, one-per-agent) submissions.

    ``areas`` maps each policy to its area. Agents are sorted by name and cases keep the quiz's order, so the
    same input always gives the same report.
    """
    decisions = [a for a in library.actions]
    index = {decision: i for i, decision in enumerate(decisions)}
    case_ids = list(quiz.case_ids)
    subs = sorted(submissions, key=lambda s: s.agent.casefold())
    ratings = _ratings(subs, case_ids, index)

    def severity(action: str) -> int | None:
        return library.actions[action].severity

    overall = agreement_of(ratings, len(decisions))
    loo = leave_one_out_alpha(ratings, len(decisions)) if len(subs) > 2 else np.full(len(subs), np.nan)
    agents = [
        _agent_result(submission, case_ids, library, severity, float(loo[row]))
        for row, submission in enumerate(subs)
    ]
    counts = category_counts(ratings, len(decisions))
    per_case_agreement = unit_agreement(counts)
    cases = [
        _case_result(
            case_id, counts[column], float(per_case_agreement[column]), subs, library, decisions, areas
        )
        for column, case_id in enumerate(case_ids)
    ]
    policy_area = [areas[library.cases[case_id].policy] for case_id in case_ids]
    by_area = {
        area: agreement_of(ratings[:, [i for i, a in enumerate(policy_area) if a == area]], len(decisions))
        for area in dict.fromkeys(policy_area)
    }
    languages = sorted({s.language for s in subs})
    by_language = {
        language: agreement_of(ratings[[s.language == language for s in subs]], len(decisions))
        for language in languages
    }
    confusion = {reference: dict.fromkeys(decisions, 0) for reference in decisions}
    confidence = Counter()
    confidence_right = Counter()
    in_round = set(case_ids)
    for submission in subs:
        for case_id, answer in submission.answers.items():
            if case_id not in in_round:
                continue
            reference = library.cases[case_id].decision
            confusion[reference][answer.decision] = confusion[reference].get(answer.decision, 0) + 1
            if answer.confidence in CBM_POINTS:
                confidence[answer.confidence] += 1
                confidence_right[answer.confidence] += answer.decision == reference
    started, finished = answer_span(subs)
    report = RoundReport(
        quiz=quiz,
        agents=agents,
        cases=cases,
        overall=overall,
        by_area=by_area,
        by_language=by_language,
        confusion={r: row for r, row in confusion.items() if any(row.values())},
        confidence=[
            ConfidenceRow(level, confidence[level], confidence_right[level]) for level in CONFIDENCE_LEVELS
        ],
        decisions=decisions,
        missing_answers=int((ratings == MISSING).sum()),
        started=started,
        finished=finished,
    )
    report.queue = disagreement_queue(cases)
    report.by_rule = rule_results(cases, ratings, len(decisions))
    return report


def rule_results(cases: Sequence[CaseResult], ratings: np.ndarray, categories: int) -> list[RuleResult]:
    """Agreement and accuracy per matrix rule, the rules agents split on most first."""
    columns: dict[str, list[int]] = {}
    for column, case in enumerate(cases):
        if case.rule:
            columns.setdefault(case.rule, []).append(column)
    results = []
    for rule, indexes in columns.items():
        chosen = [cases[i] for i in indexes]
        results.append(
            RuleResult(
                rule,
                chosen[0].policy,
                tuple(c.case_id for c in chosen),
                agreement_of(ratings[:, indexes], categories),
                accuracy_of(chosen),
            )
        )
    return sorted(results, key=lambda r: (r.agreement.percent, r.accuracy, r.rule))


def answer_span(submissions: Sequence[Submission]) -> tuple[str, str]:
    """When a round's first and last answers were given (ISO 8601), or empty strings when no answer says."""
    times = [a.answered_at for s in submissions for a in s.answers.values() if a.answered_at]
    return (min(times), max(times)) if times else ("", "")


def _ratings(submissions: Sequence[Submission], case_ids: list[str], index: dict[str, int]) -> np.ndarray:
    """Agents × cases: the index of each decision, ``MISSING`` where an agent gave none (or one not known).
    Built as lists and converted once: setting 100,000 array cells one by one costs several times more."""
    rows = [
        [
            index.get(answers[case_id].decision, MISSING) if case_id in answers else MISSING
            for case_id in case_ids
        ]
        for answers in (submission.answers for submission in submissions)
    ]
    return np.array(rows, dtype=np.int64).reshape(len(submissions), len(case_ids))


def disagreement_queue(cases: Sequence[CaseResult]) -> list[CaseResult]:
    """Cases that most need a policy clarification: least agreement first, then most confident wrong answers."""
    candidates = [c for c in cases if c.answered >= 2 and (c.agreement < 1.0 or c.accuracy < 1.0)]
    return sorted(candidates, key=lambda c: (c.agreement, -c.confident_wrong, c.accuracy, c.case_id))


def _agent_result(
    submission: Submission,
    case_ids: list[str],
    library: Library,
    severity: Callable[[str], int | None],
    alpha_without: float,
) -> AgentResult:
    answers: list[tuple[str, Answer]] = [
        (case_id, submission.answers[case_id]) for case_id in case_ids if case_id in submission.answers
    ]
    errors = Counter()
    correct = cbm = wrong_clause = clause_answers = 0
    for case_id, answer in answers:
        case = library.cases[case_id]
        error = classify_error(answer.decision, case.decision, severity)
        errors[error] += 1
        correct += error is None
        right, wrong = CBM_POINTS.get(answer.confidence or "", (0, 0))
        cbm += right if error is None else wrong
        if case.clause is not None:
            clause_answers += 1
            wrong_clause += answer.clause != case.clause
    return AgentResult(
        agent=submission.agent,
        language=submission.language,
        answered=len(answers),
        missing=len(case_ids) - len(answers),
        correct=correct,
        over=errors[ERROR_OVER],
        under=errors[ERROR_UNDER],
        other_action=errors[ERROR_OTHER_ACTION],
        wrong_clause=wrong_clause,
        clause_answers=clause_answers,
        cbm=cbm,
        alpha_without=alpha_without,
    )


def _case_result(
    case_id: str,
    counts: np.ndarray,
    agreement: float,
    submissions: Sequence[Submission],
    library: Library,
    decisions: list[str],
    areas: dict[str, str],
) -> CaseResult:
    case = library.cases[case_id]
    distribution = {decisions[i]: int(n) for i, n in enumerate(counts) if n}
    answered = int(counts.sum())
    modal, modal_count = max(
        distribution.items(), key=lambda item: (item[1], -decisions.index(item[0])), default=("", 0)
    )
    answers = [(s.agent, s.answers[case_id]) for s in submissions if case_id in s.answers]
    confident_wrong = sum(1 for _, a in answers if a.confidence == "high" and a.decision != case.decision)
    reasons = [(agent, a.decision, reason) for agent, a in answers if (reason := a.reason.strip())]
    return CaseResult(
        case_id=case_id,
        policy=case.policy,
        area=areas[case.policy],
        reference=case.decision,
        distribution=distribution,
        answered=answered,
        agreement=agreement,
        accuracy=distribution.get(case.decision, 0) / answered if answered else float("nan"),
        modal=modal,
        modal_share=modal_count / answered if answered else 0.0,
        confident_wrong=confident_wrong,
        reasons=reasons,
        rule=case.rule or "",
    )
