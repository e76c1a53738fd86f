"""Text a reader or an agent typed, as the lead's terminal shows it.

Names and queries come from browsers; printed raw, an escape sequence in one could rewrite the lead's terminal.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with control characters (an escape sequence, say) made visible instead of acted on."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
