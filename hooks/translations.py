"""MkDocs hook: banners on Japanese pages that are out of date or not translated yet.

Thin adapter over :mod:`kijun.translation`. The statuses come from the Handbook, which recomputes them when a page
changes, so an edit during ``mkdocs serve`` shows up on the next reload.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from _site import language, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.translation import STALE
from kijun.translation_render import fallback_banner, stale_banner


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    handbook, building = site(config).handbook, language(config)
    if building == handbook.languages.source.code or page.file.generated_by:
        return html
    if getattr(page.file, "locale", building) != building:
        return fallback_banner(building) + html
    path = PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri))
    status = handbook.page_status(building, path)
    if status is not None and status.state == STALE:
        changed = handbook.source_pages_changed()[status.source]
        return stale_banner(status, changed, building, page.url, handbook.languages.source.code) + html
    return html
