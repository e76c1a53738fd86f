"""The search-gaps and clarity report as a page per language, from the authors' view (:mod:`kijun.gaps`).

Everything agents typed is untrusted: the tables are written as HTML with every value escaped, so a query cannot
become a Markdown link or markup on the page, and the page is kept out of the search index (its words are exactly
what search could not answer).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

from kijun.contracts import REPORT_PAGE_KEY
from kijun.gaps_text import gaps_text
from kijun.languages import format_date
from kijun.markdown_text import front_matter_text, typed_text_html

GAPS_PAGE_ID = "reading-gaps"  # the report page's value of the report key, and its file name under reports/


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _queries(summary: Mapping[str, Any], language: str) -> str:
    if not summary["queries"]:
        return f"<p>{html.escape(gaps_text('no_queries', language))}</p>"
    headers = [
        gaps_text(key, language) for key in ("query", "language", "browsers", "searches", "no_results")
    ]
    headers += [gaps_text("weeks", language), gaps_text("next_step", language)]
    rows = [
        [
            typed_text_html(item["query"]),
            html.escape(item["language"]),
            str(item["browsers"]),
            str(item["searches"]),
            str(item["no_results"]),
            html.escape(", ".join(f"{week}: {count}" for week, count in item["weeks"].items())),
            html.escape(gaps_text(f"step_{item['next_step']}", language)),
        ]
        for item in summary["queries"]
    ]
    return _table(headers, rows)


def _pages(summary: Mapping[str, Any], titles: Mapping[tuple[str, str], str], language: str) -> str:
    if not summary["pages"]:
        return f"<p>{html.escape(gaps_text('no_pages', language))}</p>"
    headers = [gaps_text(key, language) for key in ("page", "unclear", "clear", "sections", "next_step")]
    rows, comments = [], []
    for item in summary["pages"]:
        link = f"../../{item['page']}"  # the report sits at reports/reading-gaps/
        title = titles.get((language, item["page"]), item["title"])
        sections = ", ".join(
            f'<a href="{html.escape(link)}#{typed_text_html(section)}">#{typed_text_html(section)}</a> ({count})'
            for section, count in item["sections"].items()
        )
        rows.append(
            [
                f'<a href="{html.escape(link)}">{html.escape(title)}</a>',
                str(item["unclear"]),
                str(item["clear"]),
                sections,
                html.escape(gaps_text(f"step_{item['next_step']}", language)),
            ]
        )
        for comment in item["comments"]:
            where = f" #{comment['section']}" if comment["section"] else ""
            comments.append(
                f"<li><strong>{html.escape(title)}{typed_text_html(where)}</strong> "
                f"({html.escape(comment['language'])}, {html.escape(comment['week'])}): "
                f"{typed_text_html(comment['comment'])}</li>"
            )
    listed = (
        f"<h3>{html.escape(gaps_text('comments', language))}</h3><ul>{''.join(comments)}</ul>"
        if comments
        else ""
    )
    return _table(headers, rows) + listed


def gaps_page(
    summary: Mapping[str, Any], titles: Mapping[tuple[str, str], str], language: str, today: dt.date
) -> str:
    """The report page's Markdown source (front matter and HTML blocks) in ``language``."""
    title = gaps_text("title", language)
    intro = gaps_text("intro", language, date=format_date(today, language), min=summary["min_browsers"])
    return (
        "---\n"
        f"title: {front_matter_text(title)}\n"
        f"description: {front_matter_text(gaps_text('description', language))}\n"
        f"{REPORT_PAGE_KEY}: {GAPS_PAGE_ID}\n"
        "search:\n  exclude: true\n"
        "---\n\n"
        f"# {title}\n\n{intro}\n\n"
        f'## {gaps_text("queries", language)}\n\n<div class="kijun-gaps">{_queries(summary, language)}</div>\n\n'
        f'## {gaps_text("pages", language)}\n\n<div class="kijun-gaps">{_pages(summary, titles, language)}</div>\n'
    )
