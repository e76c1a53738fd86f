"""What may leave a reader's page: the query or comment with e-mail addresses, links, numbers and anything like a
name masked.

The rules are data (:data:`kijun.contracts.REDACTIONS`): the browser applies them before sending (it gets them from
the page data), and the collector applies them again to whatever arrives, so an old page or a hand-made request
cannot store what a current page would have masked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kijun.contracts import QUERY_MAX_LENGTH, REDACTIONS


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(source, re.IGNORECASE if "i" in flags else 0), mask) for source, flags, mask in REDACTIONS
    )


def redact(text: str, limit: int = QUERY_MAX_LENGTH) -> str:
    """``text`` NFKC-normalised, with every match of the redaction rules masked, spaces collapsed, and cut to
    ``limit`` characters."""
    text = _plain(unicodedata.normalize("NFKC", text))
    for pattern, mask in _patterns():
        text = pattern.sub(mask, text)
    return " ".join(text.split())[:limit]


def _plain(text: str) -> str:
    """Invisible format characters (zero-width spaces, the byte-order mark) dropped and every kind of space made a
    plain one, as the browser does first: otherwise ``a@\ufeffb.com`` would be two words to one side and an
    address to the other, and only the side that saw an address would mask it."""
    return "".join(" " if char.isspace() else char for char in text if unicodedata.category(char) != "Cf")


def redaction_rules() -> list[dict[str, str]]:
    """The rules as the browser applies them (``new RegExp(source, "g" + flags)``)."""
    return [{"source": source, "flags": flags, "mask": mask} for source, flags, mask in REDACTIONS]
