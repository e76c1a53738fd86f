"""Spreadsheet-safe CSV cells: the one rule for every CSV Kijun writes, reads, or has the browser export.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
OWASP's CSV-injection guidance adds tab and carriage return, which some spreadsheets skip before looking for one. So
an agent named ``=HYPERLINK("http://x","click")`` would be a live link in a team lead's spreadsheet. The rule:

* :func:`neutralise` puts one apostrophe in front of a value that, after any apostrophes it already starts with,
  begins with one of :data:`FORMULA_STARTS`. The spreadsheet then shows text. Every other value is unchanged.
* :func:`restore` is its exact inverse: it removes exactly one leading apostrophe, and only from such a value (one
  that starts with an apostrophe and, after its leading apostrophes, with one of :data:`FORMULA_STARTS`).

Looking past the apostrophes already there is what makes ``restore(neutralise(v)) == v`` for every string: a value
someone typed as ``'=x`` is written ``''=x`` and reads back as ``'=x``; ``'hello`` is left alone both ways.

Which cells: writers neutralise every *text* cell (:func:`cell`); numbers Kijun computes (counts, rates, alpha,
certainty scores, some of them negative) are written as numbers, untouched, because ``-0.12`` is a number to a
spreadsheet, not a formula, and an apostrophe would turn it into text. Readers restore every cell they read: a cell
written as a number never starts with an apostrophe, so restoring it changes nothing.

The browser's CSV export (``docs/assets/javascripts/kijun-quiz.js``, ``csvCell``) follows the same rule with the
same characters; ``tests/test_csv_safety.py`` checks that the two agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = "=+-@\t\r"
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""

GUARD = "'"


def _looks_like_formula(value: str) -> bool:
    rest = value.lstrip(GUARD)
    return bool(rest) and rest[0] in FORMULA_STARTS


def neutralise(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: with one more leading apostrophe if it could start a formula."""
    return GUARD + value if _looks_like_formula(value) else value


def restore(value: str) -> str:
    """The original of a :func:`neutralise`-d cell: one leading apostrophe fewer, only where one was added."""
    return value[1:] if value.startswith(GUARD) and _looks_like_formula(value) else value


def cell(value: object) -> object:
    """A value for :mod:`csv` writers: ``None`` empty, numbers as they are, anything else neutralised text."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def excel_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV as Kijun writes every one: a byte-order mark and CRLF line ends (Excel then shows Japanese text
    correctly), every cell through :func:`cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()
