"""MkDocs hook: drafts (``draft: true`` in a page's front matter, as the scaffolds write it) are previewed, never
published.

Under ``mkdocs build`` a draft gets MkDocs' own ``DRAFT`` inclusion level, which leaves it out of the site (and so
out of search and the sitemap). Under ``mkdocs serve`` it is rendered in every language (static-i18n builds the
other languages without MkDocs' serve flag, so the inclusion level is not used there), with the localized Draft
banner. Either way drafts leave the navigation and the previous/next links, so no published page links to one.
"""

from __future__ import annotations

import os

from _site import language, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kijun.build import draft_banner
from kijun.preview import previews


def _is_draft(file: File, config: MkDocsConfig) -> bool:
    return (
        bool(file.abs_src_path) and os.path.realpath(file.abs_src_path) in site(config).handbook.draft_files()
    )


@event_priority(-160)  # after static-i18n (-100) has sorted this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not previews.serving:
        for file in files.documentation_pages():
            if _is_draft(file, config):
                file.inclusion = InclusionLevel.DRAFT
    return files


def _published(items: list, config: MkDocsConfig) -> list:
    kept = []
    for item in items:
        if isinstance(item, Page) and _is_draft(item.file, config):
            continue
        if isinstance(item, Section):
            item.children = _published(item.children, config)
            if not item.children:
                continue
        kept.append(item)
    return kept


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    nav.items = _published(nav.items, config)
    nav.pages = [page for page in nav.pages if not _is_draft(page.file, config)]
    for index, page in enumerate(nav.pages):
        page.previous_page = nav.pages[index - 1] if index else None
        page.next_page = nav.pages[index + 1] if index + 1 < len(nav.pages) else None
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return draft_banner(language(config)) + html if _is_draft(page.file, config) else html
