"""What changed between two versions of an article's text: word by word where words are spaced, character by
character where they are not.

A line-based diff shows a whole wrapped paragraph as changed when one word moves the line breaks, and a Japanese
line holds a sentence or two, so the comparison works on the units a reader sees instead: a heading, a list item
with its continuation lines, a table row, a paragraph, a fenced block (kept as written). Wrapped lines are joined
as the page joins them (:mod:`kijun.markdown.cjk_linebreaks`). Units are matched first; a unit that changed is then
compared inline, by words, spaces and punctuation in English, by characters in Japanese (a run of ASCII letters
and digits, an id or a number, stays one token). Only changed units are kept, under the article section
(``## … {#id}``) they fall in.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kijun.languages import words_spaced
from kijun.markdown.cjk_linebreaks import join_cjk_lines
from kijun.markdown_text import FENCE

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

HEADING, ITEM, ROW, PARAGRAPH, CODE = "heading", "item", "row", "paragraph", "code"

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*(?:\{[^}]*\})?\s*$")
_SECTION_ID = re.compile(r"\{#(?P<id>[^}\s]+)\}\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_OWN_LINE = re.compile(r"^\s*(?:!!!|\?\?\?|<!--|\|)")  # admonition openers, comments (markers), table rows
_SPACED_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
_UNSPACED_TOKENS = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
SIMILAR = 0.5  # two units at least this alike are one unit edited, not one removed and another added
CONTAINED = 0.8  # or this much of the shorter one is in the longer one
_SHORT_UNSPACED = 2  # characters left unchanged between two replacements that still read as one change
_PAIRING_LIMIT = 2500  # unit pairs weighed in one changed stretch; beyond it, a rewrite is shown as such


@dataclass(frozen=True)
class Unit:
    """One unit of an article's body, with the section it falls in."""

    kind: str
    text: str
    section: str  # the id of its ``##`` section ("" before the first)
    heading: str  # that section's heading text


@dataclass(frozen=True)
class Change:
    """One changed unit: its pieces, each unchanged, inserted or deleted text."""

    kind: str
    pieces: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SectionChanges:
    """The changed units of one article section."""

    section: str
    heading: str
    changes: tuple[Change, ...]


@functools.lru_cache(maxsize=64)
def units(body: str, language: str) -> tuple[Unit, ...]:
    """The units of a Markdown ``body`` (front matter excluded), in order (kept for a while: each version is the
    newer side of one comparison and the older side of the next)."""
    found: list[Unit] = []
    section, heading = "", ""
    for kind, lines in _blocks(body.splitlines()):
        if kind == HEADING and (match := _HEADING.match(lines[0])):
            text = match["text"]
            if len(match["hashes"]) == 2:
                pinned = _SECTION_ID.search(lines[0])
                section, heading = (pinned["id"] if pinned else text), text
            found.append(Unit(HEADING, text, section, heading))
        elif kind == CODE:
            found.append(Unit(CODE, "\n".join(lines), section, heading))
        elif kind == ROW:
            cells = lines[0].strip().strip("|").split("|")
            found.append(Unit(ROW, " | ".join(cell.strip() for cell in cells), section, heading))
        else:
            first = _ITEM.sub("", lines[0], count=1) if kind == ITEM else lines[0]
            found.append(Unit(kind, _join([first, *lines[1:]], language), section, heading))
    return tuple(found)


def _blocks(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The source lines of each unit, with its kind."""
    current: list[str] = []
    kind = PARAGRAPH
    fence: list[str] | None = None
    for line in lines:
        if fence is not None:
            fence.append(line)
            if FENCE.match(line) and len(fence) > 1:
                yield CODE, fence
                fence = None
            continue
        starts = (
            FENCE.match(line) or _HEADING.match(line) or _ITEM.match(line) or _OWN_LINE.match(line)
        ) is not None
        if current and (not line.strip() or starts):
            yield kind, current
            current = []
        if not line.strip() or _TABLE_RULE.match(line):
            continue
        if FENCE.match(line):
            fence = [line]
        elif _HEADING.match(line):
            yield HEADING, [line]
        elif line.lstrip().startswith("|"):
            yield ROW, [line]
        else:
            kind = kind if current else (ITEM if _ITEM.match(line) else PARAGRAPH)
            current.append(line)
            if _OWN_LINE.match(line):
                yield kind, current
                current = []
    if fence is not None:
        yield CODE, fence
    if current:
        yield kind, current


def _join(lines: list[str], language: str) -> str:
    """Wrapped source lines as the page shows them: joined by a space, or, in a language written without spaces,
    by nothing where Japanese text meets the break (as :mod:`kijun.markdown.cjk_linebreaks` renders them)."""
    stripped = [line.strip() for line in lines]
    if words_spaced(language):
        return " ".join(stripped)
    return join_cjk_lines("\n".join(stripped)).replace("\n", " ")


def tokens(text: str, language: str) -> list[str]:
    """Words, spaces and punctuation marks where words are spaced; characters where they are not (an ASCII run of
    letters and digits stays one token, so ``IPR-BULK`` or ``30`` changes as a whole)."""
    pattern = _SPACED_TOKENS if words_spaced(language) else _UNSPACED_TOKENS
    return pattern.findall(text)


def inline(old: str, new: str, language: str) -> tuple[tuple[str, str], ...]:
    """``old`` → ``new`` as unchanged, deleted and inserted pieces, compared by :func:`tokens`. The tokens both
    share at the start and the end are set aside first: most edits change a phrase in a long unit, and matching
    costs grow with the square of what is left."""
    before, after = tokens(old, language), tokens(new, language)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    middle_before, middle_after = before[head : len(before) - tail], after[head : len(after) - tail]
    pieces: list[tuple[str, str]] = [(EQUAL, "".join(before[:head]))] if head else []
    matcher = difflib.SequenceMatcher(None, middle_before, middle_after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((EQUAL, "".join(middle_before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append((DELETE, "".join(middle_before[i1:i2])))
        if j2 > j1:
            pieces.append((INSERT, "".join(middle_after[j1:j2])))
    if tail:
        pieces.append((EQUAL, "".join(before[len(before) - tail :])))
    return _absorb_spaces(pieces, words_spaced(language))


def _absorb_spaces(pieces: list[tuple[str, str]], spaced: bool) -> tuple[tuple[str, str], ...]:
    """A lone space (or, in a language without spaces, one or two characters such as a particle) between two
    replacements joins them: one deletion and one insertion read better than a comb of one-word changes
    ("<del>seven days</del><ins>ten working days</ins>")."""
    runs: list[list[str]] = []  # [EQUAL, text, ""] or ["", deleted, inserted]
    for kind, text in pieces:
        if kind == EQUAL:
            runs.append([EQUAL, text, ""])
            continue
        if not runs or runs[-1][0] == EQUAL:
            runs.append(["", "", ""])
        runs[-1][1 if kind == DELETE else 2] += text
    merged: list[list[str]] = []
    for run in runs:
        if (
            run[0] != EQUAL
            and all(run[1:])
            and len(merged) > 1
            and merged[-1][0] == EQUAL
            and (not merged[-1][1].strip() if spaced else len(merged[-1][1]) <= _SHORT_UNSPACED)
            and merged[-2][0] != EQUAL
            and all(merged[-2][1:])
        ):
            space = merged.pop()[1]
            merged[-1][1] += space + run[1]
            merged[-1][2] += space + run[2]
        else:
            merged.append(run)
    result: list[tuple[str, str]] = []
    for kind, first, second in merged:
        if kind == EQUAL:
            result.append((EQUAL, first))
            continue
        result += [(DELETE, first)] if first else []
        result += [(INSERT, second)] if second else []
    return tuple(result)


def compare(old_body: str, new_body: str, language: str) -> list[SectionChanges]:
    """The units that changed from ``old_body`` to ``new_body``, by section in the order they appear; unchanged
    units are left out."""
    before, after = units(old_body, language), units(new_body, language)
    matcher = difflib.SequenceMatcher(
        None, [(u.kind, u.text) for u in before], [(u.kind, u.text) for u in after], autojunk=False
    )
    pairs: list[tuple[Unit | None, Unit | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            pairs += _pair(list(before[i1:i2]), list(after[j1:j2]), language)
    sections: dict[str, tuple[str, list[Change]]] = {}
    for old, new in pairs:
        where = new or old
        assert where is not None  # noqa: S101 (a pair has at least one side)
        _heading, found = sections.setdefault(where.section, (where.heading, []))
        found.append(_change(old, new, language))
    return [SectionChanges(section, heading, tuple(found)) for section, (heading, found) in sections.items()]


def _change(old: Unit | None, new: Unit | None, language: str) -> Change:
    if old is None:
        assert new is not None  # noqa: S101 (a pair has at least one side)
        return Change(new.kind, ((INSERT, new.text),))
    if new is None:
        return Change(old.kind, ((DELETE, old.text),))
    return Change(new.kind, inline(old.text, new.text, language))


def _pair(old: list[Unit], new: list[Unit], language: str) -> list[tuple[Unit | None, Unit | None]]:
    """The units of one changed stretch, each old unit paired with the first alike new unit after the last pair
    (an edited paragraph), the rest shown whole as deleted or inserted, in the order of the new text."""
    matches: dict[int, int] = {}
    start = 0
    if len(old) * len(new) <= _PAIRING_LIMIT:
        for i, unit in enumerate(old):
            for j in range(start, len(new)):
                if new[j].kind == unit.kind and _alike(unit.text, new[j].text, language):
                    matches[i], start = j, j + 1
                    break
    pairs: list[tuple[Unit | None, Unit | None]] = []
    done = 0
    for i, unit in enumerate(old):
        if i in matches:
            pairs += [(None, unit_) for unit_ in new[done : matches[i]]]
            pairs.append((unit, new[matches[i]]))
            done = matches[i] + 1
        else:
            pairs.append((unit, None))
    return pairs + [(None, unit_) for unit_ in new[done:]]


def _alike(old: str, new: str, language: str) -> bool:
    """One unit edited rather than one removed and another added: they share half their pairs of neighbouring
    tokens, or most of the shorter one's (a sentence added to a paragraph). Sets, not a full match: a changed
    stretch may weigh hundreds of pairs."""
    first, second = _bigrams(old, language), _bigrams(new, language)
    if not first or not second:
        return old.strip() == new.strip()
    shared = len(first & second)
    return 2 * shared >= SIMILAR * (len(first) + len(second)) or shared >= CONTAINED * min(
        len(first), len(second)
    )


def _bigrams(text: str, language: str) -> set[tuple[str, str]]:
    found = [token for token in tokens(text, language) if not token.isspace()]
    return set(itertools.pairwise(found))
