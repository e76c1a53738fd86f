"""MkDocs hook: banners on Japanese pages that are out of date or not translated yet.

Thin adapter over :mod:`kijun.translation`. The statuses come from the Handbook, which recomputes them when a page
changes, so an edit during ``mkdocs serve`` shows up on the next reload.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.handbook import handbook_for
from kijun.languages import DEFAULT_LANGUAGE
from kijun.translation import STALE
from kijun.translation_render import fallback_banner, stale_banner


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = config.plugins["i18n"].current_language
    if language == DEFAULT_LANGUAGE or page.file.generated_by:
        return html
    if getattr(page.file, "locale", language) != language:
        return fallback_banner(language) + html
    path = PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri))
    handbook = handbook_for(Path(config.config_file_path).parent)
    status = handbook.page_status(language, path)
    if status is not None and status.state == STALE:
        changed = handbook.source_pages_changed()[status.source]
        return stale_banner(status, changed, language, page.url) + html
    return html
