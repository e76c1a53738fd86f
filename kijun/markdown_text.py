"""Helpers for writing generated Markdown safely."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup, escape

FENCE = re.compile(r"^\s*(```|~~~)")
"""A line opening or closing fenced code: what every line-by-line reader of Markdown skips between."""


def escape_inline(text: str) -> str:
    """Escape ``text`` for inline Markdown (table cells, headings): HTML-escaped, pipes escaped, one line."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def front_matter_text(text: str) -> str:
    """A YAML scalar for a generated page's front matter: the text as typed. The build makes every page's title
    and description plain text (:func:`plain_text_meta`), generated pages and authors' pages alike."""
    return json.dumps(text, ensure_ascii=False)


def tooltip_text(text: str) -> str:
    """Text for a ``title`` attribute (a glossary definition), set on an element that Python-Markdown serialises.

    The browser reads the attribute as plain text, and the site's tooltip (kijun.js) shows it with
    ``textContent``, never as HTML. Python-Markdown's serialiser leaves anything that looks like an entity alone
    (a typed ``&lt;`` would reach the reader as ``<``), so the text is escaped once here: the reader then sees
    exactly what the author typed.
    """
    return html.escape(text, quote=False)


PLAIN_TEXT_KEYS = ("title", "description")


def plain_text_meta(meta: dict) -> dict:
    """A page's front matter with its title and description escaped once, as markup-safe strings: a theme that
    prints them raw shows the characters, and one that escapes them (Jinja's ``| e``) does not escape again."""
    return {
        key: (
            escape(value)
            if key in PLAIN_TEXT_KEYS and isinstance(value, str) and not isinstance(value, Markup)
            else value
        )
        for key, value in meta.items()
    }


def html_braces(html_text: str) -> str:
    """HTML with each ``{`` as a character reference: a ``{{KEY}}`` shown from text someone typed (an old version, a
    reader's comment) is text, not a number for the build to fill in or to fail on."""
    return html_text.replace("{", "&#123;")


def typed_text_html(text: str) -> str:
    """Text someone typed, as HTML that shows it as typed: escaped, and with braces kept from the build."""
    return html_braces(html.escape(text))
