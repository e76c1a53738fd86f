"""Every case field trainees see is shown: a case with each such field set to a marker of its own is rendered the
way the build renders it, and each marker must be where a trainee reads it.

Adding a field trainees see touches the schema (``quizzes/case.schema.json``), :mod:`kijun.cases` (the field, its
loading and its classification) and a renderer (:mod:`kijun.quiz_render` or :mod:`kijun.case_text`). Leaving out
the classification fails ``test_layers``; leaving out the schema or the renderer fails this module.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kijun.actions import Action
from kijun.cases import QUESTION_FIELDS, REFERENCE_FIELDS, TRANSLATED_FIELDS, Case, Clause
from kijun.languages import Localized, registry
from kijun.library import Library
from kijun.quiz_render import render_case_example, render_quiz_body
from kijun.quizzes import CALIBRATION, PRACTICE, Quiz

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = registry(REPO).codes
SHOWN = (*QUESTION_FIELDS, *REFERENCE_FIELDS)


def texts(name: str) -> Localized:
    return Localized({language: f"marker-{name}-{language}" for language in LANGUAGES})


ACTIONS = {name: Action(name, texts(f"option-{name}"), 1) for name in ("first", "second", "third")}
CLAUSES = tuple(Clause(name, texts(f"clause-{name}"), texts("anchor")) for name in ("one", "two"))
# Fields that are not plain text, by the value set and the labels a trainee then reads. The chosen decision and
# clause are the second of each, so their labels are told apart from the first option's and clause's.
STRUCTURED = {
    "options": (tuple(ACTIONS), [action.label for action in ACTIONS.values()]),
    "decision": ("second", [ACTIONS["second"].label]),
    "clauses": (CLAUSES, [clause.label for clause in CLAUSES]),
    "clause": ("two", [CLAUSES[1].label]),
}


def marked_case() -> tuple[Case, dict[str, list[Localized]]]:
    """A case whose every shown field holds markers, and the markers each field shows."""
    values, shown = {}, {}
    types = {field.name: str(field.type) for field in fields(Case)}
    for name in SHOWN:
        if name in STRUCTURED:
            values[name], shown[name] = STRUCTURED[name]
        elif "Bilingual" in types[name]:
            values[name] = texts(name)
            shown[name] = [values[name]]
        else:
            pytest.fail(f"case field {name!r}: give this test a marker for its type, {types[name]}")
    base = Case(
        id="TST-001",
        policy="spam",
        anchor=texts("anchor"),
        scenario=texts("x"),
        options=(),
        decision="",
        rationale=texts("x"),
        difficulty="easy",
        tags=(),
        written="2026-01-01",
        policy_version="1.0",
    )
    return replace(base, **values), shown


def rendered(
    mode: str, revealed: bool = False
) -> tuple[dict[str, list[Localized]], dict[str, BeautifulSoup]]:
    case, shown = marked_case()
    quiz = Quiz("q", mode, texts("title"), texts("intro"), (case.id,), "v", revealed=revealed)
    library = Library(ACTIONS, {case.id: case}, {quiz.id: quiz})
    return shown, {
        language: BeautifulSoup(render_quiz_body(quiz, library, language), "html.parser")
        for language in LANGUAGES
    }


def missing(fields_: tuple[str, ...], shown: dict[str, list[Localized]], html: dict[str, str]) -> list[str]:
    return [
        f"{name} ({language})"
        for name in fields_
        for language in LANGUAGES
        if any(marker[language] not in html[language] for marker in shown[name])
    ]


def test_the_shown_fields_are_the_question_and_the_reference() -> None:
    """Every translated text is shown before or after answering, and the reference is never part of the question
    (the quiz version is published with an open round, so it must not change with the key)."""
    assert set(TRANSLATED_FIELDS) <= set(SHOWN)
    assert not set(QUESTION_FIELDS) & set(REFERENCE_FIELDS)


def test_the_schema_and_the_model_have_the_same_case_fields() -> None:
    """A field added to the schema only would be read and dropped; one added to the model only cannot be written."""
    schema = json.loads((REPO / "quizzes" / "case.schema.json").read_text(encoding="utf-8"))
    derived = {"file", "line"}  # where the case was read, not written by its author
    assert set(schema["$defs"]["case"]["properties"]) == {field.name for field in fields(Case)} - derived


def test_a_practice_quiz_shows_the_question_and_keeps_the_reference_for_after_the_answer() -> None:
    """The reference waits in the case's inert template until the trainee checks an answer."""
    shown, pages = rendered(PRACTICE)
    templates = {
        language: page.find("template", attrs={"data-kijun-reference": True})
        for language, page in pages.items()
    }
    for template in templates.values():
        template.extract()  # what is left is what a trainee sees before answering
    before = {language: str(page) for language, page in pages.items()}
    after = {language: str(template) for language, template in templates.items()}
    assert missing(QUESTION_FIELDS, shown, before) == []
    assert missing(REFERENCE_FIELDS, shown, after) == []


def test_an_open_round_shows_the_question_only_and_a_revealed_one_shows_the_reference() -> None:
    """Hiding the reference of an open round is intended (its key is not published before the round closes): the
    reference fields are checked absent there, and shown once the round is revealed."""
    shown, pages = rendered(CALIBRATION)
    html = {language: str(page) for language, page in pages.items()}
    assert missing(QUESTION_FIELDS, shown, html) == []
    question_markers = {
        marker[language] for name in QUESTION_FIELDS for marker in shown[name] for language in LANGUAGES
    }
    leaked = [
        f"{name} ({language})"
        for name in REFERENCE_FIELDS
        for marker in shown[name]
        for language in LANGUAGES
        if marker[language] not in question_markers  # the chosen option is an option too
        and marker[language] in html[language]
    ]
    assert leaked == []
    shown, pages = rendered(CALIBRATION, revealed=True)
    references = {language: str(page.find(class_="kijun-reference")) for language, page in pages.items()}
    assert missing(REFERENCE_FIELDS, shown, references) == []


def test_an_article_example_shows_the_scenario_and_the_reference() -> None:
    case, shown = marked_case()
    library = Library(ACTIONS, {case.id: case}, {})
    html = {
        language: render_case_example(case, library, language, "policies/spam/") for language in LANGUAGES
    }
    assert missing(("scenario", *REFERENCE_FIELDS), shown, html) == []
