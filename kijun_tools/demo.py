"""Deterministic synthetic calibration rounds, for demos, tests and the benchmark.

Agents differ in skill (how often they reach the reference decision) and bias (whether their mistakes lean
harsher or more lenient); some skip cases, some answer in Japanese and some in English, confidence follows
correctness loosely, and a few are confidently wrong. The same seed always gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from kijun.answers import results_document
from kijun.contracts import CONFIDENCE_LEVELS, CSV_COLUMNS
from kijun.csv_safety import cell
from kijun.library import Library
from kijun.quizzes import Quiz

FAMILY_NAMES_JA = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
)
NAMES_EN = ("Kim", "Garcia", "Okafor", "Nguyen", "Smith", "Rossi", "Silva", "Novak")
REASONS = {
    "ja": {
        "right": (
            "ポリシーの判断要素どおりです。",
            "初回で是正可能なため。",
            "文言が条件と結びついている。",
            "影響が大きく重大な違反に当たる。",
        ),
        "over": ("念のため重めにしました。", "同様の苦情が多いため厳しく判断。", "悪質だと感じた。"),
        "under": ("初回なので軽めに。", "意図的ではなさそう。", "影響が小さいと判断。"),
        "other": ("専門チームの判断が必要そう。", "どの措置が適切か迷った。"),
    },
    "en": {
        "right": (
            "Matches the grey-area factors.",
            "First breach and easy to fix.",
            "The wording ties reward to review.",
        ),
        "over": ("Felt deliberate, so went harsher.", "Many complaints about this one."),
        "under": ("First time, so kept it light.", "Looks accidental to me."),
        "other": ("Needs a specialist team.", "Unsure which step applies."),
    },
}


@dataclass(frozen=True)
class DemoAgent:
    agent: str
    language: str
    skill: float  # chance of the reference decision
    bias: int  # -1 lenient, 0 neutral, +1 harsh: the direction of mistakes
    skip: float  # chance of leaving a case unanswered


def demo_agents(count: int, rng: random.Random) -> list[DemoAgent]:
    agents = []
    for number in range(1, count + 1):
        japanese = number % 3 != 0
        name = (
            FAMILY_NAMES_JA[number % len(FAMILY_NAMES_JA)] if japanese else NAMES_EN[number % len(NAMES_EN)]
        )
        outlier = number == count  # one agent who stands apart: low skill, strong harsh bias
        agents.append(
            DemoAgent(
                agent=f"A-{number:03d} {name}",
                language="ja" if japanese else "en",
                skill=0.35 if outlier else rng.uniform(0.55, 0.92),
                bias=1 if outlier else rng.choice((-1, 0, 0, 1)),
                skip=0.15 if number % 5 == 0 else 0.02,
            )
        )
    return agents


def _wrong_answer(
    case_options: list[str], reference: str, bias: int, library: Library, rng: random.Random
) -> str:
    ladder = [o for o in case_options if library.actions[o].severity is not None]
    reference_severity = library.actions[reference].severity
    if bias and reference_severity is not None and rng.random() < 0.75:
        leaning = [
            o
            for o in ladder
            if o != reference and (library.actions[o].severity - reference_severity) * bias > 0
        ]
        if leaning:
            return min(leaning, key=lambda o: abs(library.actions[o].severity - reference_severity))
    return rng.choice([o for o in case_options if o != reference])


def simulate_round(
    quiz: Quiz,
    library: Library,
    agents: list[DemoAgent],
    day: dt.date,
    seed: int,
    skill_shift: float = 0.0,
) -> list[dict]:
    """One results document (the export format) per agent."""
    rng = random.Random(seed)
    documents = []
    for order, agent in enumerate(agents):
        clock = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC) + dt.timedelta(minutes=7 * order)
        answers = []
        for case_id in quiz.case_ids:
            if rng.random() < agent.skip:
                continue
            case = library.cases[case_id]
            right = rng.random() < min(0.98, agent.skill + skill_shift)
            decision = (
                case.decision
                if right
                else _wrong_answer(list(case.options), case.decision, agent.bias, library, rng)
            )
            confidence = rng.choices(CONFIDENCE_LEVELS, weights=(1, 4, 5) if right else (3, 4, 2))[0]
            clause = None
            if case.clauses:
                clause = (
                    case.clause if right and rng.random() < 0.85 else rng.choice([c.id for c in case.clauses])
                )
            if right:
                kind = "right"
            else:
                chosen, reference = (
                    library.actions[decision].severity,
                    library.actions[case.decision].severity,
                )
                kind = (
                    "other"
                    if chosen is None or reference is None
                    else ("over" if chosen > reference else "under")
                )
            reason = rng.choice(REASONS[agent.language][kind]) if rng.random() < 0.6 else ""
            seconds = int(rng.uniform(40, 240))
            clock += dt.timedelta(seconds=seconds)
            answers.append(
                {
                    "case_id": case_id,
                    "decision": decision,
                    "clause": clause,
                    "confidence": confidence,
                    "reason": reason,
                    "time_ms": seconds * 1000,
                    "answered_at": clock.isoformat().replace("+00:00", "Z"),
                }
            )
        exported_at = (clock + dt.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
        documents.append(results_document(quiz, agent.agent, agent.language, exported_at, answers))
    return documents


def write_documents(documents: list[dict], folder: Path, csv_every: int = 4) -> list[Path]:
    """Write each document as JSON, and every ``csv_every``-th one as the CSV export instead."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, document in enumerate(documents, start=1):
        stem = f"{document['quiz_id']}-{document['agent'].split()[0]}"
        if csv_every and number % csv_every == 0:
            path = folder / f"{stem}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
                writer.writeheader()
                for answer in document["answers"]:
                    row = {key: document[key] for key in CSV_COLUMNS[:4]} | answer
                    writer.writerow({key: cell(value) for key, value in row.items()})  # as the browser does
        else:
            path = folder / f"{stem}.json"
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written


def demo_rounds(library: Library, folder: Path, agents: int = 12, seed: int = 2026) -> list[Path]:
    """Answers to every calibration round in the library, older rounds with less skill (before clarification)."""
    rng = random.Random(seed)
    people = demo_agents(agents, rng)
    rounds = sorted((q for q in library.quizzes.values() if q.mode == "calibration"), key=lambda q: q.id)
    written = []
    for number, quiz in enumerate(rounds):
        day = dt.date(2026, 8, 20) + dt.timedelta(days=91 * number)
        shift = 0.05 * number - 0.05 * (len(rounds) - 1)
        documents = simulate_round(quiz, library, people, day, seed + number, skill_shift=shift)
        written += write_documents(documents, folder)
    return written
