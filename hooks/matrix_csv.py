"""MkDocs hook: the Boundaries page's download, the whole enforcement matrix as CSV, written beside the page in the
language being built (labels and headers in that language; every text cell spreadsheet-safe)."""

from __future__ import annotations

from _site import language, site, write_beside
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from kijun.matrix.render import BOUNDARIES_CLASS, MATRIX_FILE, matrix_csv


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if BOUNDARIES_CLASS not in output:
        return output
    handbook, building = site(config).handbook, language(config)
    actions = handbook.library.actions
    text = matrix_csv(
        handbook.published_matrix,
        lambda action: actions[action].label[building],
        handbook.teams(building),
        building,
    )
    write_beside(page, MATRIX_FILE, text)
    return output
