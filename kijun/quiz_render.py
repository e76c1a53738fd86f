"""HTML and Markdown for quiz pages, the quiz index and case examples embedded in articles.

All author text goes through :func:`kijun.safe_markdown.render_safe_markdown` or :func:`html.escape`.
For a calibration round that is still open, nothing here emits a reference decision, clause or rationale.
"""

from __future__ import annotations

import html
import json
from typing import Any

from kijun.case_text import rationale_markdown
from kijun.cases import Case
from kijun.contracts import CONFIDENCE_LEVELS, QUIZ_PAGE_KEY, browser_contract
from kijun.library import Library
from kijun.markdown_text import escape_inline, front_matter_text
from kijun.markers import MarkerError
from kijun.quiz_nav import QUIZ_FOLDER
from kijun.quizzes import CALIBRATION, Quiz
from kijun.safe_markdown import render_safe_markdown
from kijun.ui_text import UI_TEXT, ui_text
from kijun.urls import policy_url, site_path


def _text(key: str, language: str, **values: object) -> str:
    return html.escape(ui_text(key, language).format(**values))


def _author_html(text: str, language: str, page_url: str) -> str:
    return render_safe_markdown(text, lambda policy, anchor: policy_url(page_url, language, policy, anchor))


def quiz_page_url(language: str, quiz_id: str) -> str:
    return site_path(language, f"{QUIZ_FOLDER}/{quiz_id}/")


def quiz_kind(quiz: Quiz) -> str:
    if quiz.mode != CALIBRATION:
        return "quiz_kind_practice"
    return "quiz_kind_revealed" if quiz.revealed else "quiz_kind_calibration"


def render_quiz_markdown(quiz: Quiz, language: str) -> str:
    """The generated source of a quiz page: front matter, title and intro. The body is added after rendering."""
    title = quiz.title[language]
    intro = _author_html(quiz.intro[language], language, quiz_page_url(language, quiz.id))
    description = " ".join(quiz.intro[language].split())[:155]
    return (
        "---\n"
        f"title: {front_matter_text(title)}\n"
        f"description: {front_matter_text(description)}\n"
        f"{QUIZ_PAGE_KEY}: {json.dumps(quiz.id)}\n"
        "---\n\n"
        f"# {escape_inline(title)}\n\n"
        f'<div class="kijun-quiz-intro">\n{intro}\n</div>\n'
    )


def render_quiz_index(library: Library, language: str) -> str:
    """The generated quiz index page in ``language``."""
    title = ui_text("quiz_index_title", language)
    header = " | ".join(
        ui_text(k, language) for k in ("quiz_index_quiz", "quiz_index_mode", "quiz_index_cases")
    )
    rows = [
        f"| [{escape_inline(quiz.title[language])}]({quiz.id}.md) | {escape_inline(ui_text(quiz_kind(quiz), language))} "
        f"| {len(quiz.case_ids)} |"
        for quiz in sorted(library.quizzes.values(), key=lambda q: (q.mode, q.id))
    ]
    return (
        f"---\ntitle: {front_matter_text(title)}\n"
        f"description: {front_matter_text(ui_text('quiz_index_description', language))}\n---\n\n"
        f"# {escape_inline(title)}\n\n| {header} |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )


def _key(case: Case, library: Library, language: str, page_url: str) -> dict[str, Any]:
    clause = next((c for c in case.clauses if c.id == case.clause), None)
    return {
        "decision": case.decision,
        "decisionLabel": library.actions[case.decision].label[language],
        "clause": case.clause,
        "clauseLabel": clause.label[language] if clause else None,
        "rationaleHtml": _author_html(rationale_markdown(case, language), language, page_url),
        "policyUrl": policy_url(page_url, language, case.policy, case.anchor[language]),
    }


def _reference_block(key: dict[str, Any], language: str) -> str:
    clause = (
        f"<p><strong>{_text('quiz_reference_clause', language)}:</strong> {html.escape(key['clauseLabel'])}</p>"
        if key["clauseLabel"]
        else ""
    )
    return (
        f"<p><strong>{_text('quiz_reference', language)}:</strong> {html.escape(key['decisionLabel'])}</p>{clause}"
        f'<div class="kijun-rationale"><p><strong>{_text("quiz_rationale", language)}:</strong></p>'
        f"{key['rationaleHtml']}</div>"
        f'<p><a class="kijun-policy-link" href="{html.escape(key["policyUrl"])}">{_text("quiz_policy_link", language)}</a></p>'
    )


def _radio_group(case_id: str, field: str, legend: str, choices: list[tuple[str, str]]) -> str:
    """One answer field as a fieldset of radio buttons; the runtime finds them by ``data-kijun-field``."""
    labels = "".join(
        f'<label class="kijun-choice"><input type="radio" name="{html.escape(case_id)}-{field}" '
        f'value="{html.escape(value)}" data-kijun-field="{field}"> <span>{html.escape(label)}</span></label>'
        for value, label in choices
    )
    return (
        f'<fieldset class="kijun-field kijun-field--{field}"><legend>{html.escape(legend)}</legend>'
        f'<div class="kijun-choices">{labels}</div></fieldset>'
    )


def _case_form(case: Case, quiz: Quiz, library: Library, language: str) -> str:
    """The answer fields of one case, rendered here rather than in the browser: building twenty forms in script
    blocked the main thread on the slowest page of the site, and the HTML is the same for every trainee (the
    runtime only reorders options when the quiz shuffles them)."""
    options = [
        (action, library.actions[action].label[language])
        for action in library.actions
        if action in case.options
    ]
    clauses = [(clause.id, clause.label[language]) for clause in case.clauses]
    levels = [(level, ui_text(f"quiz_confidence_{level}", language)) for level in CONFIDENCE_LEVELS]
    parts = [_radio_group(case.id, "decision", ui_text("quiz_decision", language), options)]
    if clauses:
        parts.append(_radio_group(case.id, "clause", ui_text("quiz_clause", language), clauses))
    parts.append(_radio_group(case.id, "confidence", ui_text("quiz_confidence", language), levels))
    parts.append(
        f'<label class="kijun-field kijun-field--reason"><span>{_text("quiz_reason", language)}</span>'
        f'<textarea name="{html.escape(case.id)}-reason" rows="2" maxlength="500" data-kijun-field="reason">'
        "</textarea></label>"
    )
    if quiz.shows_feedback:
        parts.append(
            f'<button type="button" class="md-button kijun-check" data-kijun-action="check">'
            f"{_text('quiz_check', language)}</button>"
        )
    return "".join(parts)


def _case_section(case: Case, number: int, total: int, quiz: Quiz, library: Library, language: str) -> str:
    """A case: its scenario, its answer fields, the mark shown when a saved answer predates this version of the
    quiz, an empty feedback region and, for a practice quiz, the reference the runtime reveals after a check (an
    inert ``<template>``: not shown, not read aloud, not indexed); a revealed round shows the reference openly."""
    page_url = quiz_page_url(language, quiz.id)
    parts = [
        f'<section class="kijun-case" id="case-{case.id}" data-case-id="{case.id}" '
        f'aria-labelledby="case-{case.id}-title">',
        f'<h2 class="kijun-case__title" id="case-{case.id}-title">'
        f"{_text('quiz_case', language, n=number, total=total)} <small>{case.id}</small></h2>",
        f'<div class="kijun-case__scenario">{_author_html(case.scenario[language], language, page_url)}</div>',
        f'<p class="kijun-version-mark" id="case-{case.id}-version" hidden data-kijun-version-mark>'
        f"{_text('quiz_older_version_answer', language)}</p>",
        f'<div class="kijun-case__form">{_case_form(case, quiz, library, language)}</div>',
        '<div class="kijun-feedback" data-kijun-feedback aria-live="polite"></div>',
    ]
    if quiz.shows_feedback or quiz.revealed:
        reference = _reference_block(_key(case, library, language, page_url), language)
        parts.append(
            f'<div class="admonition success kijun-reference">{reference}</div>'
            if quiz.revealed
            else f"<template data-kijun-reference>{reference}</template>"
        )
    parts.append("</section>")
    return "".join(parts)


def quiz_data(quiz: Quiz, library: Library, language: str) -> dict[str, Any]:
    """What the browser runtime gets. Only practice quizzes carry a ``key`` (for feedback): an open calibration round
    must not publish it, and a revealed one shows it in the page itself."""
    cases = []
    for case_id in quiz.case_ids:
        case = library.cases[case_id]
        entry: dict[str, Any] = {"id": case_id}
        # The runtime needs the key only to judge an answer; what it then shows is the case's <template>.
        if quiz.shows_feedback:
            clause = next((c for c in case.clauses if c.id == case.clause), None)
            entry["key"] = {
                "decision": case.decision,
                "clause": case.clause,
                "clauseLabel": clause.label[language] if clause else None,
            }
        cases.append(entry)
    return {
        "quizId": quiz.id,
        "version": quiz.version,
        "mode": quiz.mode,
        "revealed": quiz.revealed,
        "language": language,
        "passMark": quiz.pass_mark,
        "shuffleCases": quiz.shuffle_cases,
        "shuffleOptions": quiz.shuffle_options,
        "endpoint": quiz.results_endpoint,
        "strings": runtime_strings(language),
        "cases": cases,
        "contract": browser_contract(),
    }


# Server-side strings the runtime reuses, under the names it knows them by.
_SHARED_STRINGS = {"case_title": "quiz_case"}


def runtime_strings(language: str) -> dict[str, str]:
    """Every interface string kijun-quiz.js uses, in ``language``."""
    strings = {key.removeprefix("js_"): ui_text(key, language) for key in UI_TEXT if key.startswith("js_")}
    strings |= {name: ui_text(key, language) for name, key in _SHARED_STRINGS.items()}
    return strings


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no ``<!--``, no line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_quiz_body(quiz: Quiz, library: Library, language: str) -> str:
    """The interactive part of a quiz page, appended after the intro."""
    total = len(quiz.case_ids)
    mode_text = "quiz_mode_revealed" if quiz.revealed else f"quiz_mode_{quiz.mode}"
    pass_mark = (
        f"<p>{_text('quiz_pass_mark', language, percent=round(quiz.pass_mark * 100))}</p>"
        if quiz.pass_mark
        else ""
    )
    cases = "".join(
        _case_section(library.cases[case_id], number, total, quiz, library, language)
        for number, case_id in enumerate(quiz.case_ids, start=1)
    )
    return (
        # Search indexes a quiz page by its title and intro only (data-search-exclude): a practice quiz's
        # rationales are shown once a trainee has answered, and search would show them first.
        f'<div class="kijun-quiz" data-search-exclude data-quiz-id="{html.escape(quiz.id)}" '
        f'data-quiz-mode="{quiz.mode}" data-quiz-version="{quiz.version}">'
        f'<div class="admonition info"><p>{_text(mode_text, language)}</p>{pass_mark}</div>'
        f'<noscript><p class="kijun-noscript">{_text("quiz_noscript", language)}</p></noscript>'
        # Filled by the runtime when saved answers were given on an earlier version of the quiz; present (empty)
        # from the start so screen readers announce it when it fills.
        '<div class="kijun-version-notice admonition warning" data-kijun-version-notice role="status"></div>'
        f'<div class="kijun-cases">{cases}</div>'
        f'<section class="kijun-summary" aria-labelledby="kijun-summary-title">'
        f'<h2 id="kijun-summary-title">{_text("quiz_results", language)}</h2>'
        f'<p class="kijun-progress" data-kijun-progress aria-live="polite"></p>'
        f'<div class="kijun-score" data-kijun-score aria-live="polite"></div>'
        f'<label class="kijun-field kijun-field--agent"><span>{_text("quiz_agent", language)}</span>'
        f'<input type="text" name="agent" autocomplete="name" maxlength="80" data-kijun-agent></label>'
        f'<div class="kijun-actions">'
        f'<button type="button" class="md-button" data-kijun-action="export-json">{_text("quiz_export_json", language)}</button>'
        f'<button type="button" class="md-button" data-kijun-action="export-csv">{_text("quiz_export_csv", language)}</button>'
        + (
            f'<button type="button" class="md-button md-button--primary" data-kijun-action="submit">{_text("quiz_submit", language)}</button>'
            if quiz.results_endpoint
            else ""
        )
        + '</div><p class="kijun-status" data-kijun-status role="status"></p></section>'
        f'<script type="application/json" id="kijun-quiz-data">{_json_for_script(quiz_data(quiz, library, language))}</script>'
        "</div>"
    )


def render_quiz_bodies(library: Library, language: str) -> dict[str, str]:
    """Every quiz's body in ``language``, by quiz id."""
    return {quiz.id: render_quiz_body(quiz, library, language) for quiz in library.quizzes.values()}


def embeddable_case(library: Library, case_id: str) -> Case:
    """The case an article may show as an example; :class:`MarkerError` if unknown or in an open calibration round."""
    if case_id not in library.cases:
        raise MarkerError(f"unknown case {case_id!r}")
    if case_id in library.drafts:
        raise MarkerError(f"{library.drafts[case_id]}; an article cannot show it yet")
    if case_id in library.hidden_case_ids():
        raise MarkerError(
            f"case {case_id} is in an open calibration round; embedding it would publish its key"
        )
    return library.cases[case_id]


def render_case_example(case: Case, library: Library, language: str, page_url: str) -> str:
    """A case shown as a worked grey-area example inside an article, with its decision and rationale."""
    key = _key(case, library, language, page_url)
    return (
        f'<div class="admonition example kijun-example" data-case-id="{case.id}">'
        f'<p class="admonition-title">{_text("example_case", language, id=case.id)}</p>'
        f'<div class="kijun-case__scenario">{_author_html(case.scenario[language], language, page_url)}</div>'
        f"{_reference_block(key, language)}</div>"
    )
