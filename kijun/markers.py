"""One-line markers authors put in Markdown, e.g. ``<!-- kijun:glossary -->``, replaced at build time.

A marker is an HTML comment on a line of its own, so a page still reads sensibly where it is not expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from kijun.sourcefile import SourceError, SourceValidationError

MARKER_START = (
    "kijun:"  # a page without it has no marker: skip the line-by-line pass (and its front matter read)
)
MARKER = re.compile(r"^<!--\s*kijun:(?P<name>[a-z-]+)(?P<args>(?:\s+[^\s>]+)*)\s*-->\s*$")

Expander = Callable[[list[str]], str]
# Markers whose expansion reads the text of other pages (so it changes when any page is saved); every other marker
# reads sources that are not pages (cases, the glossary) or pages' front matter.
READS_OTHER_PAGES = frozenset({"translation-status"})


def marker_names(markdown: str) -> set[str]:
    """The names of the markers a page uses."""
    return {match["name"] for match in map(MARKER.match, markdown.split("\n")) if match}


class MarkerError(Exception):
    """A marker an author wrote that cannot be expanded (wrong arguments, an unknown or hidden case). Only this is
    reported as the author's error; anything else an expander raises is a bug and surfaces as one."""


def expand_markers(markdown: str, expanders: Mapping[str, Expander], file: Path, first_line: int = 1) -> str:
    """Replace every marker line with its expansion; unknown markers and expander errors name file and line."""
    out, errors = [], []
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        match = MARKER.match(line)
        if not match:
            out.append(line)
            continue
        name, args = match["name"], match["args"].split()
        expander = expanders.get(name)
        if expander is None:
            known = ", ".join(sorted(expanders)) or "none"
            errors.append(SourceError(file, number, f"kijun:{name}", f"unknown marker (known: {known})"))
            continue
        try:
            out.append(expander(args))
        except MarkerError as exc:
            errors.append(SourceError(file, number, f"kijun:{name}", str(exc)))
    if errors:
        raise SourceValidationError(errors)
    return "\n".join(out)
