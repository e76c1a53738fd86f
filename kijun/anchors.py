"""Heading ids, computed from Markdown source exactly as the site's ``toc`` extension makes them.

``mkdocs.yml`` uses :func:`heading_slug` as its slugify function, so what this module predicts is what the
build produces, and case files can be checked against policy anchors before anything is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

from pymdownx.slugs import slugify

from kijun.frontmatter import read_body
from kijun.markdown_text import FENCE

heading_slug = slugify(case="lower")

_ATX = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_PINNED = re.compile(r"\s*\{[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")
_INLINE_MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__|\*|_)(.+?)\1"), r"\2"),
    (re.compile(r"<[^>]+>"), ""),
]
_HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def heading_ids(markdown: str) -> list[str]:
    """Ids of the page's headings in order, unique the way ``toc`` makes them (``id``, ``id_1``, ...)."""
    ids: list[str] = []
    seen: set[str] = set()
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _ATX.match(line)
        if not match:
            continue
        text = match["text"]
        pinned = _PINNED.search(text)
        if pinned:
            ids.append(pinned["id"])
            seen.add(pinned["id"])
            continue
        for pattern, replacement in _INLINE_MARKUP:
            text = pattern.sub(replacement, text)
        slug = base = heading_slug(text, "-")
        counter = 0
        while slug in seen:
            counter += 1
            slug = f"{base}_{counter}"
        seen.add(slug)
        ids.append(slug)
    return ids


def page_anchors(file: Path) -> set[str]:
    """Every id a link can target on the page built from ``file``: headings plus explicit HTML ids."""
    body = read_body(file)
    return set(heading_ids(body)) | set(_HTML_ID.findall(body))
