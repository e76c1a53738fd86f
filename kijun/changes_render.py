"""The policy-updates page and its Atom feed, rendered from the articles' change logs (:mod:`kijun.changes`)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from feedgen.feed import FeedGenerator

from kijun.changes import CHANGE_LOG_ID, ChangeEntry
from kijun.languages import format_date
from kijun.safe_markdown import render_safe_markdown
from kijun.ui_text import ui_text
from kijun.urls import policy_url, relative_url, site_path
from kijun.versions import changes_path, version_anchor

UPDATES_CLASS = "kijun-updates"
UPDATES_PAGE = "updates/"  # the page's URL under a language root (docs/<lang>/updates.md)
FEED_FILE = "feed.xml"


Diffed = Callable[[str, str], frozenset[str]]  # (language, article) → the versions with a diff page section


def updates_list(entries: list[ChangeEntry], language: str, diffed: Diffed) -> str:
    """HTML for the updates page (it sits one folder below the language root): newest first, each change with its
    date, article, version and summary, a link to what changed where the version has a comparison, and the link
    to the feed."""
    page = site_path(language, UPDATES_PAGE)
    items = []
    for entry in entries:
        summary = render_safe_markdown(
            entry.change, lambda policy, anchor: policy_url(page, language, policy, anchor)
        )
        link = policy_url(page, language, entry.article, CHANGE_LOG_ID)
        what_changed = ""
        if entry.version in diffed(language, entry.article):
            diff = (
                relative_url(page, site_path(language, changes_path(entry.article)))
                + f"#{version_anchor(entry.version)}"
            )
            what_changed = (
                f' · <a href="{html.escape(diff)}">{html.escape(ui_text("diff_link", language))}</a>'
            )
        items.append(
            f'<li><p><time datetime="{entry.date.isoformat()}">{html.escape(format_date(entry.date, language))}</time>'
            f' · <a href="{html.escape(link)}">{html.escape(entry.title)}</a>'
            f" · {html.escape(ui_text('updates_version', language).format(version=entry.version))}"
            f"{what_changed}</p>{summary}</li>"
        )
    feed = html.escape(ui_text("updates_feed", language))
    return (
        f'<p><a href="{FEED_FILE}" type="application/atom+xml">{feed}</a></p>\n'
        # Out of search: the same summaries are in each article's change log, where search finds them.
        f'<ol class="{UPDATES_CLASS}" reversed data-search-exclude>{"".join(items)}</ol>\n'
    )


def atom_feed(entries: list[ChangeEntry], language: str, site_root: str, title: str, diffed: Diffed) -> bytes:
    """The Atom feed of ``entries`` for readers of ``language``; ``site_root`` is the language's absolute root URL
    (from ``site_url``), which every id and link is built on. An entry links to what changed where its version has
    a comparison, else to the article's change log."""
    feed = FeedGenerator()
    feed.id(f"{site_root}{UPDATES_PAGE}")
    feed.title(title)
    feed.author({"name": title})  # Atom requires an author; the handbook speaks as one
    feed.language(language)
    feed.link(href=f"{site_root}{UPDATES_PAGE}", rel="alternate")
    feed.link(href=f"{site_root}{UPDATES_PAGE}{FEED_FILE}", rel="self")
    newest = max((entry.date for entry in entries), default=dt.date(2000, 1, 1))
    feed.updated(_midnight(newest))
    for entry in reversed(entries):  # feedgen prepends: add oldest first, the feed lists newest first
        item = feed.add_entry()
        url = f"{site_root}policies/{entry.article}/#{CHANGE_LOG_ID}"
        if entry.version in diffed(language, entry.article):
            url = f"{site_root}{changes_path(entry.article)}#{version_anchor(entry.version)}"
        item.id(f"{site_root}policies/{entry.article}/#v{entry.version}")
        item.title(f"{entry.title} {ui_text('updates_version', language).format(version=entry.version)}")
        item.link(href=url)
        item.updated(_midnight(entry.date))
        item.summary(entry.change)
    return feed.atom_str(pretty=True)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
