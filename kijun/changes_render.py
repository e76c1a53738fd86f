"""The policy-updates page and its Atom feed, rendered from the articles' change logs (:mod:`kijun.changes`)."""

from __future__ import annotations

import datetime as dt
import html

from feedgen.feed import FeedGenerator

from kijun.changes import ChangeEntry
from kijun.languages import format_date
from kijun.safe_markdown import render_safe_markdown
from kijun.ui_text import ui_text

UPDATES_CLASS = "kijun-updates"
FEED_FILE = "feed.xml"


def _article_url(entry: ChangeEntry, prefix: str) -> str:
    return f"{prefix}policies/{entry.article}/#change-log"


def updates_list(entries: list[ChangeEntry], language: str) -> str:
    """HTML for the updates page (it sits one folder below the language root): newest first, each change with its
    date, article, version and summary, and the link to the feed."""
    items = []
    for entry in entries:
        summary = render_safe_markdown(entry.change, lambda policy, anchor: f"../policies/{policy}/")
        items.append(
            f'<li><p><time datetime="{entry.date.isoformat()}">{html.escape(format_date(entry.date, language))}</time>'
            f' · <a href="{html.escape(_article_url(entry, "../"))}">{html.escape(entry.title)}</a>'
            f" · {html.escape(ui_text('updates_version', language).format(version=entry.version))}</p>{summary}</li>"
        )
    feed = html.escape(ui_text("updates_feed", language))
    return (
        f'<p><a href="{FEED_FILE}" type="application/atom+xml">{feed}</a></p>\n'
        # Out of search: the same summaries are in each article's change log, where search finds them.
        f'<ol class="{UPDATES_CLASS}" reversed data-search-exclude>{"".join(items)}</ol>\n'
    )


def atom_feed(entries: list[ChangeEntry], language: str, site_root: str, title: str) -> bytes:
    """The Atom feed of ``entries`` for readers of ``language``; ``site_root`` is the language's absolute root URL
    (from ``site_url``), which every id and link is built on."""
    feed = FeedGenerator()
    feed.id(f"{site_root}updates/")
    feed.title(title)
    feed.author({"name": title})  # Atom requires an author; the handbook speaks as one
    feed.language(language)
    feed.link(href=f"{site_root}updates/", rel="alternate")
    feed.link(href=f"{site_root}updates/{FEED_FILE}", rel="self")
    newest = max((entry.date for entry in entries), default=dt.date(2000, 1, 1))
    feed.updated(_midnight(newest))
    for entry in reversed(entries):  # feedgen prepends: add oldest first, the feed lists newest first
        item = feed.add_entry()
        url = _article_url(entry, site_root)
        item.id(f"{site_root}policies/{entry.article}/#v{entry.version}")
        item.title(f"{entry.title} {ui_text('updates_version', language).format(version=entry.version)}")
        item.link(href=url)
        item.updated(_midnight(entry.date))
        item.summary(entry.change)
    return feed.atom_str(pretty=True)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
