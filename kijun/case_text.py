"""What a trainee reads after answering a case, as Markdown: the rationale, then the judgement when the key
departs from the matrix (kept as its own field in the model, so the model renders nothing)."""

from __future__ import annotations

from kijun.cases import Case
from kijun.ui_text import ui_text


def rationale_markdown(case: Case, language: str) -> str:
    """The case's rationale in ``language``, ending with its labelled judgement if it has one."""
    text = case.rationale[language]
    if not case.judgement:
        return text
    return f"{text.rstrip()}\n\n**{ui_text('case_judgement', language)}** {case.judgement[language]}"
