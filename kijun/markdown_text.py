"""Helpers for writing generated Markdown safely."""

from __future__ import annotations

import html


def escape_inline(text: str) -> str:
    """Escape ``text`` for inline Markdown (table cells, headings): HTML-escaped, pipes escaped, one line."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")
