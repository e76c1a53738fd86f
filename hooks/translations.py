"""MkDocs hook: banners on Japanese pages that are out of date or not translated yet.

Thin adapter over :mod:`kijun.translation`. The statuses are recomputed at the start of every language's
build (``on_files``), so an edit during ``mkdocs serve`` shows up on the next reload.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.languages import DEFAULT_LANGUAGE
from kijun.paths import DOCS_DIR
from kijun.translation import STALE, PageStatus, page_statuses
from kijun.translation_render import fallback_banner, stale_banner

_statuses: dict[PurePosixPath, PageStatus] = {}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _statuses.clear()
    language = config.plugins["i18n"].current_language
    if language != DEFAULT_LANGUAGE:
        docs = Path(config.config_file_path).parent / DOCS_DIR
        _statuses.update({s.path: s for s in page_statuses(docs, language, with_changes=False)})
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = config.plugins["i18n"].current_language
    if language == DEFAULT_LANGUAGE or page.file.generated_by:
        return html
    if getattr(page.file, "locale", language) != language:
        return fallback_banner(language) + html
    status = _statuses.get(PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri)))
    if status is not None and status.state == STALE:
        return stale_banner(status, language, page.url) + html
    return html
