"""Quiz definitions (``quizzes/definitions/*.yml``): which cases, in which mode, with which settings."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kijun.cases import Bilingual, Case
from kijun.contracts import QUIZ_MODES, short_hash
from kijun.languages import localized
from kijun.schema import load_folder
from kijun.sourcefile import SourceError, SourceValidationError, YamlDocument

PRACTICE, CALIBRATION = QUIZ_MODES


@dataclass(frozen=True)
class Quiz:
    id: str
    mode: str
    title: Bilingual
    intro: Bilingual
    case_ids: tuple[str, ...]
    version: str
    revealed: bool = False
    pass_mark: float | None = None
    shuffle_cases: bool = False
    shuffle_options: bool = False
    results_endpoint: str | None = None
    file: Path | None = None

    @property
    def hides_key(self) -> bool:
        """True for a calibration round whose reference decisions must not be published yet."""
        return self.mode == CALIBRATION and not self.revealed

    def open_round_refusal(self, what: str) -> str | None:
        """Why ``what`` (a report page, a report run) may not use this quiz yet, or None: the one wording of the
        open-round rule, for the build and for ``kijun report``."""
        if not self.hides_key:
            return None
        where = f" in {self.file}" if self.file else ""
        return (
            f"{what} on {self.id!r}, a calibration round that is still open, would publish its reference decisions "
            f"and rationales. When the round closes, set `revealed: true`{where}, then run the report."
        )

    @property
    def shows_feedback(self) -> bool:
        return self.mode == PRACTICE


def load_quizzes(
    folder: Path, cases: dict[str, Case], withheld: dict[str, str] | None = None
) -> dict[str, Quiz]:
    """Load and validate every quiz definition; raise one error listing every problem.

    Open calibration rounds are resolved first. Their cases are then off limits to every quiz that shows
    answers: a filter skips them, and an explicit list that names one is an error. ``withheld`` cases (drafts) are
    not in ``cases``; a list that names one is told why.
    """
    documents, errors = load_folder(folder, "quiz.schema.json")

    def is_open_round(document: YamlDocument) -> bool:
        return document.data["mode"] == CALIBRATION and not document.data.get("revealed", False)

    hidden: dict[str, str] = {}  # case id -> open round id
    quizzes: dict[str, Quiz] = {}
    for document in sorted(documents, key=lambda d: not is_open_round(d)):
        data = document.data
        problems = _mode_errors(document)
        if is_open_round(document):
            case_ids, selection_errors = _select(document, cases)
        else:
            available = {case_id: case for case_id, case in cases.items() if case_id not in hidden}
            case_ids, selection_errors = _select(document, available)
            selection_errors = [_explain_hidden(error, hidden) for error in selection_errors]
        problems += [_explain_withheld(error, withheld or {}) for error in selection_errors]
        if data["id"] in quizzes:
            problems.append(
                document.error(("id",), f"duplicate quiz id {data['id']!r} (also {quizzes[data['id']].file})")
            )
        errors += problems
        if not problems:
            quizzes[data["id"]] = _to_quiz(data, case_ids, cases, document.file)
            if is_open_round(document):
                hidden |= dict.fromkeys(case_ids, data["id"])
    if errors:
        raise SourceValidationError(errors)
    return dict(sorted(quizzes.items()))


def _explain_withheld(error: SourceError, withheld: dict[str, str]) -> SourceError:
    """Turn "unknown case X" into the reason X is withheld (a draft)."""
    for case_id, reason in withheld.items():
        if error.message == f"unknown case {case_id!r}":
            return SourceError(error.file, error.line, error.field, reason)
    return error


def _explain_hidden(error: SourceError, hidden: dict[str, str]) -> SourceError:
    """Turn "unknown case X" into the real reason when X belongs to an open calibration round."""
    for case_id, round_id in hidden.items():
        if error.message == f"unknown case {case_id!r}":
            message = f"case {case_id} is in the open calibration round {round_id!r}; a quiz that shows answers would publish its key"
            return SourceError(error.file, error.line, error.field, message)
    return error


def _mode_errors(document: YamlDocument) -> list[SourceError]:
    data, errors = document.data, []
    if data["mode"] == PRACTICE and "revealed" in data:
        errors.append(document.error(("revealed",), "only calibration quizzes are revealed"))
    if data["mode"] == CALIBRATION and "pass_mark" in data:
        errors.append(
            document.error(("pass_mark",), "calibration rounds measure agreement; they have no pass mark")
        )
    if data["mode"] == PRACTICE and "pass_mark" not in data:
        errors.append(document.error(("pass_mark",), "missing (required for practice quizzes)"))
    return errors


def _select(document: YamlDocument, cases: dict[str, Case]) -> tuple[tuple[str, ...], list[SourceError]]:
    """Resolve the quiz's ``select`` block to case ids (a stable, quiz-specific choice for filters)."""
    spec, errors = document.data["select"], []
    if "cases" in spec:
        for index, case_id in enumerate(spec["cases"]):
            if case_id not in cases:
                errors.append(document.error(("select", "cases", index), f"unknown case {case_id!r}"))
        return tuple(spec["cases"]), errors
    known_policies = {case.policy for case in cases.values()}
    for index, policy in enumerate(spec.get("policies", [])):
        if policy not in known_policies:
            errors.append(document.error(("select", "policies", index), f"no cases for policy {policy!r}"))
    matching = [
        case.id
        for case in cases.values()
        if ("policies" not in spec or case.policy in spec["policies"])
        and ("tags" not in spec or set(spec["tags"]) & set(case.tags))
    ]
    if len(matching) < spec["count"]:
        errors.append(
            document.error(
                ("select", "count"), f"asks for {spec['count']} cases but only {len(matching)} match"
            )
        )
    quiz_id = document.data["id"]
    chosen = sorted(matching, key=lambda case_id: hashlib.sha256(f"{quiz_id}/{case_id}".encode()).hexdigest())
    return tuple(sorted(chosen[: spec["count"]])), errors


def quiz_version(data: dict, case_ids: tuple[str, ...], cases: dict[str, Case]) -> str:
    """A short hash of what trainees see, so results from a changed quiz are told apart.

    It covers questions and options but never the reference decisions or rationales: a hash of the key
    would let anyone recover a calibration round's answers by trying every option.
    """
    visible = {
        "id": data["id"],
        "mode": data["mode"],
        "cases": [cases[case_id].question() for case_id in case_ids],
    }
    return short_hash(json.dumps(visible, sort_keys=True, ensure_ascii=False))


def _to_quiz(data: dict, case_ids: tuple[str, ...], cases: dict[str, Case], file: Path) -> Quiz:
    shuffle = data.get("shuffle", {})
    return Quiz(
        id=data["id"],
        mode=data["mode"],
        title=localized(data["title"]),
        intro=localized(data["intro"]),
        case_ids=case_ids,
        version=quiz_version(data, case_ids, cases),
        revealed=data.get("revealed", False),
        pass_mark=data.get("pass_mark"),
        shuffle_cases=shuffle.get("cases", False),
        shuffle_options=shuffle.get("options", False),
        results_endpoint=data.get("results_endpoint"),
        file=file,
    )
