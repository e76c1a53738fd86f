"""MkDocs hook: validate policy articles; show their metadata block under the title, an overdue-review notice, the
"changed since you last read it" notice, and, where the article asks agents to confirm its version and a collector
is configured, the confirmation notice and form;
link the metadata block and the change log's versions to the article's diff page.

Thin adapter over :mod:`kijun.policies`, through the Handbook. Validation covers both languages at once and is
asked for at the start of every language's build, so a broken Japanese page fails the build as surely as an
English one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from _site import collector, language, reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.confirmation_render import confirmation_form
from kijun.handbook import Handbook
from kijun.policies import is_policy_article
from kijun.policy_render import overdue_notice, render_meta_block
from kijun.reading_notices import notices_under_title
from kijun.versions_render import CHANGES_URL, link_change_log, what_changed_url

_END_OF_TITLE = re.compile(r"</h1>", re.IGNORECASE)


def _handbook(config: MkDocsConfig) -> Handbook:
    handbook = site(config).handbook
    with reported("Invalid policy articles"):
        handbook.policies  # noqa: B018 (validated here, so a broken article fails the build before any page)
    return handbook


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _handbook(config)
    collector(config)  # a malformed address fails the build before any page
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    locale = getattr(page.file, "locale", None)
    path = PurePosixPath(getattr(page.file, "norm_src_uri", page.file.src_uri))
    handbook = _handbook(config)
    metas = handbook.policies
    meta = metas.get((locale, path))
    if meta is None or not is_policy_article(path):
        return html
    building = language(config)
    owner = handbook.teams(building)[meta.owner]
    diffed = handbook.diffed_versions(building, path.stem)  # none: no diff page (no history, or a draft)
    changes = CHANGES_URL if diffed else None
    block = render_meta_block(meta, owner, building, changes)
    block += overdue_notice(meta, owner, building, dt.date.today())
    address = collector(config)
    block += notices_under_title(
        path.stem, meta, building, what_changed_url(meta.version, diffed), asks_confirmation=bool(address)
    )
    if address:
        html += confirmation_form(meta, address, building)
    return link_change_log(_END_OF_TITLE.sub(lambda m: m.group() + block, html, count=1), diffed)
