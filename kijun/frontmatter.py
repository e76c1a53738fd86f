"""Front matter of Markdown pages, read with line numbers for precise errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kijun.sourcefile import SourceError, SourceValidationError, YamlDocument, parse_yaml, read_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class MarkdownSource:
    """A Markdown page split into front matter and body."""

    front_matter: YamlDocument
    body: str
    body_line: int  # file line on which the body starts

    @property
    def content_line(self) -> int:
        """File line of the first non-blank body line: where the Markdown a site generator hands on begins
        (MkDocs strips the blank lines after the front matter)."""
        return _first_content_line(self.body, self.body_line)


def _first_content_line(body: str, body_line: int) -> int:
    return body_line + len(body) - len(body.lstrip("\n"))


def content_line(file: Path) -> int:
    """:attr:`MarkdownSource.content_line` of ``file`` without parsing its front matter, for callers that only
    number the lines of the Markdown MkDocs hands on (the marker hook, on every page with a marker)."""
    text = read_text(file)
    match = _FRONT_MATTER.match(text)
    start = match.end() if match else 0
    return _first_content_line(text[start:], text.count("\n", 0, start) + 1)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Front matter (as data; ``{}`` if absent or unreadable, aliases included) and body of a page's text, for
    callers that must not fail on a bad page (a fingerprint); checks report the page's errors."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = parse_yaml(Path(), match["yaml"] or "").data
    except SourceValidationError:
        data = None
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def read_body(file: Path) -> str:
    """A page's text after its front matter, without reading the front matter (for callers that need only the
    body: parsing YAML was most of the cost of collecting every article's anchors)."""
    text = read_text(file)
    match = _FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


def parse_markdown(file: Path, text: str) -> MarkdownSource:
    """Split ``file``'s ``text`` into front matter (a bounded YAML document whose lines are file lines, read as
    the YAML sources are: no aliases, no tags, no duplicate keys) and body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return MarkdownSource(YamlDocument(file, {}), text, 1)
    document = parse_yaml(file, match["yaml"] or "", first_line=2, what="front matter")
    if document.data is None:
        document = YamlDocument(file, {}, document.lines)
    elif not isinstance(document.data, dict):
        raise SourceValidationError(
            [SourceError(file, 2, "front matter", "must be a mapping of keys to values")]
        )
    return MarkdownSource(document, text[match.end() :], text[: match.end()].count("\n") + 1)


def read_front_matter(file: Path) -> MarkdownSource:
    """:func:`parse_markdown` of the page ``file``."""
    return parse_markdown(file, read_text(file))
