"""MkDocs hook: head metadata for search engines.

Material prints one ``<link rel="alternate" hreflang>`` per language in every page's head. Its language selector
then fetches ``sitemap.xml`` relative to each of those links; static-i18n points them at the page in the other
language, so every page load logs failed requests. The alternates (with ``x-default``) are published in
``sitemap.xml`` instead (see ``overrides/sitemap.xml``), which search engines treat the same way.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    head, separator, body = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + separator + body
