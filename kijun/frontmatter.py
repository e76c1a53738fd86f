"""Front matter of Markdown pages, read with line numbers for precise errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kijun.sourcefile import (
    SourceError,
    SourceValidationError,
    StringDateLoader,
    YamlDocument,
    construct,
    read_text,
    record_lines,
    safe_load,
)

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
    """Front matter (as data; ``{}`` if absent or unreadable) and body of a page's text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = safe_load(match["yaml"] or "")
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def read_body(file: Path) -> str:
    """A page's text after its front matter, without reading the front matter (for callers that need only the
    body: parsing YAML was most of the cost of collecting every article's anchors)."""
    text = read_text(file)
    match = _FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


def read_front_matter(file: Path) -> MarkdownSource:
    """Split a page into front matter (a YAML document whose lines are file lines) and body."""
    text = read_text(file)
    match = _FRONT_MATTER.match(text)
    if not match:
        return MarkdownSource(YamlDocument(file, {}), text, 1)
    source = match["yaml"] or ""
    try:
        node = yaml.compose(source, Loader=StringDateLoader)
        data = construct(node) or {}  # built from the composed node: the text is parsed once
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceValidationError(
            [
                SourceError(
                    file, (mark.line + 2) if mark else 1, "front matter", f"YAML syntax error: {exc.problem}"
                )
            ]
        ) from None
    document = YamlDocument(file, data)
    if node is not None:
        recorded: dict = {}
        duplicates = list(record_lines(node, (), recorded))
        document.lines.update({path: line + 1 for path, line in recorded.items()})  # +1 for the opening ---
        if duplicates:
            raise SourceValidationError(document.error(path, "duplicate key") for path in duplicates)
    return MarkdownSource(document, text[match.end() :], text[: match.end()].count("\n") + 1)
