"""The glossary page's tables, rendered from the glossary model in any language (every value escaped)."""

from __future__ import annotations

from kijun.glossary import Glossary
from kijun.languages import DEFAULT_LANGUAGE
from kijun.markdown_text import escape_inline
from kijun.ui_text import ui_text


def render_glossary(glossary: Glossary, language: str) -> str:
    """Markdown for the glossary body in ``language``: one table per group, one anchor per term id."""
    # The second column: the source language's term on a target language's page; on source-language pages,
    # the first target language's.
    first_target = glossary.languages[1] if len(glossary.languages) > 1 else DEFAULT_LANGUAGE
    other = first_target if language == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    other_label = "glossary_other_term" if language == DEFAULT_LANGUAGE else "glossary_source_term"
    header = (
        f"| {ui_text('glossary_term', language)} | {ui_text(other_label, language)} "
        f"| {ui_text('glossary_meaning', language)} |\n|---|---|---|"
    )
    blocks = []
    for group_id, headings in glossary.groups.items():
        rows = [
            f'| <span id="{term.id}">{escape_inline(term.text[language].term)}</span> '
            f"| {escape_inline(term.text[other].term)} | {escape_inline(term.text[language].definition)} |"
            for term in glossary.terms
            if term.group == group_id
        ]
        if rows:
            blocks.append(
                f"## {escape_inline(headings[language])} {{#{group_id}}}\n\n{header}\n" + "\n".join(rows)
            )
    return '<div class="kijun-glossary" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>\n"
