"""Case scenarios: loading every file in ``quizzes/cases/`` into validated :class:`Case` objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from kijun.actions import Action
from kijun.languages import Localized, Registry, registry, texts_in
from kijun.safe_markdown import policy_links
from kijun.schema import load_folder
from kijun.sourcefile import SourceError, SourceValidationError, YamlDocument

Bilingual = dict[str, str]
# (policy name, language) -> the page a reader of that language is served: (its language, its anchors). A missing
# translation is served in the default language (the site's fallback); None when no language has the article.
AnchorLookup = Callable[[str, str], "tuple[str, set[str]] | None"]


@dataclass(frozen=True)
class Clause:
    id: str
    label: Bilingual
    anchor: Bilingual


# Every field of a Case is classified here, once (a test fails for a field that is not): what a trainee sees before
# answering (the quiz version hashes it, so answers to a changed question are told apart), what is translated (the
# translation fingerprint covers it, so a changed source text makes the translation stale), and the rest.
QUESTION_FIELDS = ("scenario", "options", "clauses")
TRANSLATED_FIELDS = ("scenario", "rationale", "clauses", "judgement")
# What trainees are shown after answering (the reference: a practice quiz's feedback, a revealed round, an article's
# worked example; an open calibration round withholds it). With QUESTION_FIELDS, every field trainees see: a test
# renders a case and fails for one of them the quiz page or the example does not show. Never a question field: the
# published quiz version would then change with the reference, and give it away.
REFERENCE_FIELDS = ("decision", "clause", "rationale", "judgement")
OTHER_FIELDS = (
    "id",  # part of the question's identity, hashed with it
    "policy",
    "anchor",
    "decision",
    "difficulty",
    "tags",
    "written",
    "policy_version",
    "clause",
    "translation_of",
    "file",
    "line",
    "rule",
    "facts",
    "draft",  # a draft case is in no quiz and no article
)


@dataclass(frozen=True)
class Case:
    id: str
    policy: str
    anchor: Bilingual
    scenario: Bilingual
    options: tuple[str, ...]
    decision: str
    rationale: Bilingual
    difficulty: str
    tags: tuple[str, ...]
    written: str
    policy_version: str
    clauses: tuple[Clause, ...] = ()
    clause: str | None = None
    translation_of: str | None = None  # fingerprint of the English text the Japanese translates
    file: Path | None = None
    line: int = 0
    rule: str | None = None  # the enforcement-matrix rule the case turns on
    facts: dict = dataclass_field(default_factory=dict)  # history and quantities the rule and the ladder need
    judgement: Bilingual | None = None  # why the key departs from the matrix, shown after the rationale
    draft: bool = False  # written by the scaffold: in no quiz and no article until the line is removed

    def question(self) -> list:
        """What a trainee sees before answering, for the quiz version: the id and each of :data:`QUESTION_FIELDS`."""
        return [self.id, *(_plain(getattr(self, name)) for name in QUESTION_FIELDS)]

    def translated_texts(self, language: str) -> list[str]:
        """The text a translator translates, in ``language``: each of :data:`TRANSLATED_FIELDS`."""
        return [_text_in(getattr(self, name), language) for name in TRANSLATED_FIELDS]


def _plain(value: object) -> object:
    """A field as JSON-ready data (clauses as id and label pairs)."""
    if isinstance(value, tuple) and value and isinstance(value[0], Clause):
        return [[clause.id, clause.label] for clause in value]
    return value


def _text_in(value: object, language: str) -> str:
    """A translated field's text in ``language`` (clauses: their labels, as one JSON list)."""
    if value is None:
        return ""  # an optional field left out adds nothing to the fingerprint
    if isinstance(value, tuple):
        return json.dumps([clause.label[language] for clause in value], ensure_ascii=False)
    return value[language]  # type: ignore[index]


def _bilingual(value: str | dict[str, str], codes: tuple[str, ...]) -> Bilingual:
    return Localized({lang: value for lang in codes} if isinstance(value, str) else value)


def _served_anchor(
    value: str | dict[str, str], policy: str, anchors: AnchorLookup, codes: tuple[str, ...]
) -> Bilingual:
    """Each language's anchor on the page its readers are actually served: where a translation is missing, the
    page is shown in the default language, so the default language's anchor applies."""
    anchor = _bilingual(value, codes)
    served = {language: anchors(policy, language) for language in codes}
    return Localized(
        {language: anchor[page[0]] if page else anchor[language] for language, page in served.items()}
    )


def load_cases(
    folder: Path, actions: dict[str, Action], anchors: AnchorLookup, languages: Registry | None = None
) -> dict[str, Case]:
    """Load and validate every ``*.yml`` under ``folder``; raise one error listing every problem."""
    documents, errors = load_folder(folder, "case.schema.json")
    codes = (languages or registry(folder.parent.parent)).codes  # quizzes/cases/ -> the repository
    cases: dict[str, Case] = {}
    for document in documents:
        file = document.file
        for index, item in enumerate(document.data["cases"]):
            path = ("cases", index)
            problems = _case_errors(document, path, item, actions, anchors, codes)
            if item["id"] in cases:
                other = cases[item["id"]]
                problems.append(
                    document.error(
                        (*path, "id"), f"duplicate case id {item['id']} (also {other.file}:{other.line})"
                    )
                )
            errors += problems
            if not problems:
                cases[item["id"]] = _to_case(item, file, document.line_of(path), anchors, codes)
    if errors:
        raise SourceValidationError(errors)
    return cases


def _case_errors(
    document: YamlDocument,
    path: tuple,
    item: dict,
    actions: dict[str, Action],
    anchors: AnchorLookup,
    codes: tuple[str, ...],
) -> list[SourceError]:
    errors = []
    for index, option in enumerate(item["options"]):
        if option not in actions:
            errors.append(
                document.error(
                    (*path, "options", index), f"unknown action {option!r}; use one of {', '.join(actions)}"
                )
            )
    if item["decision"] not in item["options"]:
        errors.append(document.error((*path, "decision"), f"{item['decision']!r} is not among the options"))
    clause_ids = [clause["id"] for clause in item.get("clauses", [])]
    if "clause" in item and item["clause"] not in clause_ids:
        errors.append(document.error((*path, "clause"), f"{item['clause']!r} is not among the clauses"))
    if len(set(clause_ids)) != len(clause_ids):
        errors.append(document.error((*path, "clauses"), "clause ids must be unique within a case"))
    policy = item["policy"]
    errors += _anchor_errors(
        document,
        (*path, "anchor"),
        policy,
        _served_anchor(item["anchor"], policy, anchors, codes),
        anchors,
        codes,
    )
    for index, clause in enumerate(item.get("clauses", [])):
        wanted = _served_anchor(clause["anchor"], policy, anchors, codes)
        errors += _anchor_errors(
            document, (*path, "clauses", index, "anchor"), policy, wanted, anchors, codes
        )
    for field in ("scenario", "rationale"):
        for language in codes:
            if language not in item[field]:
                continue  # not translated: the source language's text is shown
            text = item[field][language]
            if not text.strip():
                errors.append(document.error((*path, field, language), "empty text"))
            for target_policy, target_anchor in policy_links(text):
                errors += _anchor_errors(
                    document,
                    (*path, field, language),
                    target_policy,
                    target_anchor or "",
                    anchors,
                    codes,
                    language,
                )
    return errors


def _anchor_errors(
    document: YamlDocument,
    path: tuple,
    policy: str,
    anchor: str | dict[str, str],
    anchors: AnchorLookup,
    codes: tuple[str, ...],
    only_language: str | None = None,
) -> list[SourceError]:
    errors = []
    for language, wanted in _bilingual(anchor, codes).items():
        if only_language and language != only_language:
            continue
        page = anchors(policy, language)
        if page is None:
            errors.append(document.error(path, f"no policy article {policy!r} in docs/{language}/policies/"))
        elif wanted and wanted not in page[1]:
            errors.append(
                document.error(path, f"no heading #{wanted} in docs/{page[0]}/policies/{policy}.md")
            )
    return errors


def _to_case(item: dict, file: Path, line: int, anchors: AnchorLookup, codes: tuple[str, ...]) -> Case:
    policy = item["policy"]
    return Case(
        id=item["id"],
        policy=policy,
        anchor=_served_anchor(item["anchor"], policy, anchors, codes),
        scenario=texts_in(item["scenario"], codes),
        options=tuple(item["options"]),
        decision=item["decision"],
        rationale=texts_in(item["rationale"], codes),
        difficulty=item["difficulty"],
        tags=tuple(item["tags"]),
        written=item["written"],
        policy_version=item["policy_version"],
        clauses=tuple(
            Clause(c["id"], texts_in(c, codes), _served_anchor(c["anchor"], policy, anchors, codes))
            for c in item.get("clauses", [])
        ),
        clause=item.get("clause"),
        translation_of=item.get("translation_of"),
        file=file,
        line=line,
        rule=item.get("rule"),
        facts=dict(item.get("facts") or {}),
        judgement=texts_in(item["judgement"], codes) if "judgement" in item else None,
        draft=item.get("draft", False),
    )
