"""Incremental preview: which pages an `mkdocs serve --dirty` rebuild must render, and when it must render all.

MkDocs' dirty mode re-renders only the Markdown files saved since their page was written, and warns that the
navigation and links of other pages may then be stale. Kijun makes that safe for an author's loop by deciding, at
the start of each rebuild, whether the edit could change any other page:

- a saved page whose title, headings and front matter are unchanged changes only itself (incremental);
- anything else — a page added, moved or deleted, a title, heading or front-matter change, or any other source
  (a case, a quiz, the glossary, the theme, the configuration) — may change every page (full rebuild).

Pages whose markers read the text of other pages (the translation status) are always rendered again, and so is
every language's version of a saved page (its translation notice compares the two); generated pages (the quizzes)
only when their text changed. MkDocs' own search index merge assumes one saved page per rebuild, so in this mode
Kijun merges the index: the entries of the pages rendered replace those pages' earlier entries.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kijun.filestamp import snapshot
from kijun.markers import MARKER_START, READS_OTHER_PAGES, marker_names

# What other pages can see of a page: its front matter (titles, ids, scope) and its headings (nav title, anchors).
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t].*$", re.MULTILINE)

Stat = tuple[int, int]  # modification time (ns) and size


@dataclass(frozen=True)
class PageOutline:
    """A digest of the parts of a Markdown page that other pages depend on, and whether the page reads other pages'
    text (so any saved page changes it)."""

    digest: str
    reads_other_pages: bool


def page_outline(text: str) -> PageOutline:
    front = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    parts = [front.group(0) if front else "", *_HEADING.findall(text)]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return PageOutline(digest, MARKER_START in text and bool(marker_names(text) & READS_OTHER_PAGES))


@dataclass(frozen=True)
class RebuildPlan:
    """``full``: render every page; otherwise the saved pages and ``also_render`` (paths under docs/): the pages that
    read other pages' text (the translation status) and every language's version of a saved page (a translation's
    notice compares it with the English)."""

    full: bool
    reason: str
    also_render: tuple[str, ...] = ()


@dataclass
class IncrementalPreview:
    """State of one `mkdocs serve --dirty` process for one site, kept between its rebuilds."""

    docs: Path
    other_sources: tuple[Path, ...]
    outlines: dict[str, tuple[Stat, PageOutline]] = field(default_factory=dict)
    others: dict[str, Stat] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)  # output path → digest of its source text
    search_docs: list[dict[str, Any]] = field(default_factory=list)  # the last build's complete index entries
    finished: bool = False  # the last build ran to its end (a failed one may have left other pages stale)
    current: RebuildPlan = RebuildPlan(True, "first build")  # the plan of the build under way

    def plan(self) -> RebuildPlan:
        """Compare the sources with the last build's and say what this build must render."""
        first = not self.others and not self.outlines
        finished, self.finished = self.finished, False
        # One walk over every source: the pages under docs/ get outlines, every other file is compared by its stat.
        pages, others = [], {}
        docs_folder = f"{self.docs}{os.sep}"
        for name, mtime, size in snapshot(_files([*self.other_sources, self.docs])):
            if not name.endswith(".md"):
                others[name] = (mtime, size)
            elif name.startswith(docs_folder):
                pages.append((Path(name), (mtime, size)))
        outlines, changed_page = self._outlines(pages)
        reason = ""
        if first:
            reason = "first build"
        elif not finished:
            reason = "the last build did not finish"
        elif others != self.others:
            reason = "a source other than a page changed"
        elif outlines.keys() != self.outlines.keys():
            reason = "a page was added, moved or deleted"
        elif changed_page:
            reason = f"{changed_page}: its title, headings or front matter changed"
        saved = {
            path
            for path, (stat, _) in outlines.items()
            if path in self.outlines and self.outlines[path][0] != stat
        }
        self.others, self.outlines = others, outlines
        also = {path for path, (_, outline) in outlines.items() if outline.reads_other_pages}
        saved_pages = {_without_language(path) for path in saved}
        also |= {path for path in outlines if _without_language(path) in saved_pages}
        also_render = tuple(sorted(also - saved))  # MkDocs renders the saved pages itself
        self.current = RebuildPlan(bool(reason), reason or "only page text changed", also_render)
        return self.current

    def _outlines(
        self, pages: Iterable[tuple[Path, Stat]]
    ) -> tuple[dict[str, tuple[Stat, PageOutline]], str]:
        """Every page's outline, re-reading only pages whose file changed; and the first page whose outline did."""
        outlines, changed = {}, ""
        for file, stat in pages:
            path = file.relative_to(self.docs).as_posix()
            known = self.outlines.get(path)
            if known is not None and known[0] == stat:
                outlines[path] = known
                continue
            outline = page_outline(file.read_text(encoding="utf-8", errors="replace"))
            outlines[path] = (stat, outline)
            if known is not None and known[1] != outline and not changed:
                changed = path
        return outlines, changed

    def build_finished(self) -> None:
        self.finished = True

    def generated_unchanged(self, output: str, text: str, plan: RebuildPlan) -> bool:
        """Whether a generated page (no source file) can keep its last output; records its text either way."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        unchanged = not plan.full and self.generated.get(output) == digest
        self.generated[output] = digest
        return unchanged

    def merge_search(self, docs: list[dict[str, Any]], plan: RebuildPlan) -> list[dict[str, Any]]:
        """The complete index entries after this build: ``docs`` holds the entries of the pages rendered now (all of
        them in a full rebuild); every other page keeps its entries from the last build."""
        if not plan.full:
            rendered = {_page_of(doc) for doc in docs}
            docs = [doc for doc in self.search_docs if _page_of(doc) not in rendered] + docs
        self.search_docs = docs
        return docs


def _without_language(path: str) -> str:
    """A page's path without its language folder: the same for all its translations."""
    return path.partition("/")[2]


def _page_of(doc: dict[str, Any]) -> str:
    return str(doc.get("location", "")).partition("#")[0]


def _files(roots: Iterable[Path]) -> Iterable[Path]:
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from (path for path in root.rglob("*") if path.is_file())


@dataclass
class Previews:
    """The incremental previews of this process: one per site, and only under `mkdocs serve --dirty`."""

    dirty_serve: bool = False
    serving: bool = False  # under `mkdocs serve` (dirty or not): drafts are rendered, in every language
    sites: dict[Path, IncrementalPreview] = field(default_factory=dict)

    def site(self, docs: Path, other_sources: Iterable[Path]) -> IncrementalPreview | None:
        if not self.dirty_serve:
            return None
        docs = docs.resolve()
        if docs not in self.sites:
            self.sites[docs] = IncrementalPreview(docs, tuple(other_sources))
        return self.sites[docs]

    def build_finished(self, docs: Path) -> None:
        """The build of the site in ``docs`` ran to its end (nothing to do outside an incremental preview)."""
        preview = self.sites.get(docs.resolve()) if self.dirty_serve else None
        if preview is not None:
            preview.build_finished()

    def search_docs(self, docs: Path, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The complete search entries of this build (``entries`` as written, outside an incremental preview)."""
        docs = docs.resolve()
        if not self.dirty_serve or docs not in self.sites:
            return entries
        site = self.sites[docs]
        return site.merge_search(entries, site.current)


previews = Previews()
