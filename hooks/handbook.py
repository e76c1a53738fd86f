"""MkDocs hook: every build (each language's, each `mkdocs serve` rebuild) starts by telling the Handbook to look at
the sources again. The other hooks then ask it on every page without re-reading or re-stat-ing anything.

Every page's front matter is read through Kijun's bounded loader before MkDocs reads any page, and the titles and
descriptions the theme prints reach it as plain text (:func:`kijun.markdown_text.plain_text_meta`): Material's
templates print them without escaping.
"""

from __future__ import annotations

from _site import reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.markdown_text import plain_text_meta
from kijun.sourcefile import SourceValidationError


@event_priority(100)  # before every other hook reads the Handbook in this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    handbook = site(config).handbook
    handbook.refresh()
    with reported("Invalid page front matter"):
        if errors := handbook.pages.errors():
            raise SourceValidationError(errors)
    return config


@event_priority(100)  # before any other hook reads the page's title or description
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page.meta = plain_text_meta(page.meta)
    return markdown
