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
    # Material prints the alternates one after another: the span from the first to the last goes in one replace,
    # which copies the page once (splitting it at </head> and joining the parts copied it three times).
    head_end = output.find("</head>")
    alternates = list(_HEAD_ALTERNATE.finditer(output, 0, head_end if head_end >= 0 else len(output)))
    if not alternates:
        return output
    span = output[alternates[0].start() : alternates[-1].end()]
    if _HEAD_ALTERNATE.sub("", span):
        return _HEAD_ALTERNATE.sub("", output, count=len(alternates))  # something else among them: one by one
    return output.replace(span, "", 1)
