"""MkDocs hook: accessibility fixes to markup that extensions produce.

pymdownx.tasklist renders each checklist box as an unlabelled, disabled checkbox in front of the item's text.
The boxes are decoration (nobody ticks them on a static page), so they are hidden from assistive technology;
the item text is read as it is.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

TASK_BOX = '<label class="task-list-control">'


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return html.replace(TASK_BOX, '<label class="task-list-control" aria-hidden="true">')
