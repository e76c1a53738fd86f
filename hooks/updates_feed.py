"""MkDocs hook: the Atom feed of policy updates, written beside each language's updates page.

The page (marker ``kijun:updates``) and the feed come from the same change-log entries; the feed's links are
absolute, built on the page's canonical URL, so ``site_url`` decides them.
"""

from __future__ import annotations

from _site import language, reported, site, write_beside
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from kijun.changes_render import FEED_FILE, UPDATES_CLASS, UPDATES_PAGE, atom_feed
from kijun.ui_text import ui_text


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if UPDATES_CLASS not in output:
        return output
    if not page.canonical_url:
        raise PluginError(
            f"{page.file.src_path}: the updates feed needs site_url (its links must be absolute)"
        )
    building = language(config)
    handbook = site(config).handbook
    with reported("Invalid change log"):
        entries = handbook.changes(building)
    site_root = page.canonical_url.removesuffix(page.url) + page.url.removesuffix(UPDATES_PAGE)
    feed = atom_feed(
        entries, building, site_root, ui_text("updates_feed_title", building), handbook.diffed_versions
    )
    write_beside(page, FEED_FILE, feed)
    return output
