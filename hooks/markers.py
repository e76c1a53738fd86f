"""MkDocs hook: expand ``<!-- kijun:NAME args -->`` marker lines and ``{{KEY}}`` numbers in pages.

The markers and what they expand to are the core's (:meth:`kijun.build.SiteBuild.expanders`; the syntax is
:mod:`kijun.markers`); this hook only tells it which page it is on.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from _site import language, reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.build import PageContext
from kijun.frontmatter import content_line
from kijun.markers import MARKER_START, expand_markers


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    has_numbers = "{{" in markdown
    if MARKER_START not in markdown and not has_numbers:
        return markdown
    build, building = site(config), language(config)
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    first_line = content_line(source) if source else 1
    where = source or Path(page.file.src_uri)
    with reported():
        if has_numbers:
            markdown = build.fill_numbers(markdown, where, first_line)
        if MARKER_START not in markdown:
            return markdown
        context = PageContext(
            page.url,
            PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri)),
            getattr(page.file, "locale", building),
            building,
        )
        return expand_markers(markdown, build.expanders(context), where, first_line)
