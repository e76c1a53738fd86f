"""MkDocs hook: "Was this clear?" at the end of every article and guide, when the site has a collector.

Thin adapter over :mod:`kijun.feedback_render`: the page's own level-2 headings are the sections a reader may name.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from _site import collector, language, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from kijun.feedback_render import feedback_form
from kijun.gaps import FEEDBACK_FOLDERS


def _sections(links: list[AnchorLink]) -> list[tuple[str, str]]:
    found = []
    for link in links:
        if link.level == 2:
            found.append((link.id, html.unescape(link.title)))
        found += _sections(link.children)
    return found


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    address = collector(config)
    path = PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri))
    if not address or path.parent.as_posix() not in FEEDBACK_FOLDERS or path.name == "index.md":
        return content
    building = language(config)
    meta = site(config).handbook.policies.get((getattr(page.file, "locale", building), path))
    url = f"{path.parent.as_posix()}/{path.stem}/"
    return content + feedback_form(
        url, meta.version if meta else None, _sections(list(page.toc)), address, building
    )
