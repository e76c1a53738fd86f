"""Helpers for writing generated Markdown safely."""

from __future__ import annotations

import html
import json
import re

FENCE = re.compile(r"^\s*(```|~~~)")
"""A line opening or closing fenced code: what every line-by-line reader of Markdown skips between."""


def escape_inline(text: str) -> str:
    """Escape ``text`` for inline Markdown (table cells, headings): HTML-escaped, pipes escaped, one line."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def front_matter_text(text: str) -> str:
    """A YAML scalar for a generated page's front matter. MkDocs themes print ``title`` and ``description``
    as HTML without escaping, so the text is HTML-escaped here and then shows exactly as typed."""
    return json.dumps(html.escape(text, quote=True), ensure_ascii=False)


def tooltip_text(text: str) -> str:
    """Text for a ``title`` attribute (a glossary definition), set on an element that Python-Markdown serialises.

    The browser reads the attribute as plain text, and the site's tooltip (kijun.js) shows it with
    ``textContent``, never as HTML. Python-Markdown's serialiser leaves anything that looks like an entity alone
    (a typed ``&lt;`` would reach the reader as ``<``), so the text is escaped once here: the reader then sees
    exactly what the author typed.
    """
    return html.escape(text, quote=False)
