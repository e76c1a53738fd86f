"""Helpers for writing generated Markdown safely."""

from __future__ import annotations

import html
import json


def escape_inline(text: str) -> str:
    """Escape ``text`` for inline Markdown (table cells, headings): HTML-escaped, pipes escaped, one line."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def front_matter_text(text: str) -> str:
    """A YAML scalar for a generated page's front matter. MkDocs themes print ``title`` and ``description``
    as HTML without escaping, so the text is HTML-escaped here and then shows exactly as typed."""
    return json.dumps(html.escape(text, quote=True), ensure_ascii=False)


def tooltip_text(text: str) -> str:
    """Text for a ``title`` attribute that the theme shows as a tooltip, set on an element that Python-Markdown
    serialises.

    Material copies the attribute into the tooltip with ``innerHTML``, so the attribute's value must be escaped
    HTML. Python-Markdown's serialiser leaves anything that looks like an entity alone (``&lt;`` stays ``&lt;``
    and would reach the page as ``<``), so the text is escaped twice: the attribute then holds ``&lt;img…``,
    and the tooltip shows the text exactly as typed and never runs it.
    """
    return html.escape(html.escape(text, quote=False), quote=False)
