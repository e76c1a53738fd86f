"""Translation banners and the translation-status tables, in the reader's language."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from pathlib import Path

from kijun.languages import format_date
from kijun.markdown_text import escape_inline
from kijun.translation import MISSING, STALE, CaseStatus, PageStatus
from kijun.ui_text import ui_text
from kijun.urls import relative_url, source_url


def stale_banner(status: PageStatus, changed: dt.date, language: str, page_url: str, source: str) -> str:
    """The warning shown at the top of a translated page whose source (in language ``source``) has changed (on
    ``changed``) since translation."""
    english = relative_url(page_url, source_url(status.path.as_posix()))
    message = ui_text("translation_stale", language).format(date=format_date(changed, language))
    return (
        f'<div class="admonition warning kijun-translation-banner" data-kijun-translation="stale" role="note">'
        f"<p>{html.escape(message)} "
        f'<a href="{html.escape(english)}" hreflang="{html.escape(source, quote=True)}">{html.escape(ui_text("translation_stale_link", language))}</a>'
        "</p></div>"
    )


def fallback_banner(language: str) -> str:
    """The notice on a page that the Japanese site shows in English because it has no translation."""
    return (
        '<div class="admonition info kijun-translation-banner" data-kijun-translation="fallback" role="note">'
        f"<p>{html.escape(ui_text('translation_fallback', language))}</p></div>"
    )


def render_status_tables(
    pages: list[PageStatus], cases: list[CaseStatus], changed: Mapping[Path, dt.date], language: str
) -> str:
    """Markdown tables of every page's and every case's translation state (links relative to the status page);
    ``changed`` is the day each source page last changed."""

    def state(name: str) -> str:
        text = ui_text(f"state_{name}", language)
        return f"**{text}**" if name in (STALE, MISSING) else text

    summary = ui_text("status_summary", language).format(
        translated=sum(p.state == "translated" for p in pages),
        total=len(pages),
        cases_translated=sum(c.state == "translated" for c in cases),
        cases_total=len(cases),
    )
    header = [
        ui_text(k, language) for k in ("status_page", "status_state", "status_changed", "status_details")
    ]
    rows = []
    for page in pages:
        details = page.changes.describe() if page.changes else ""
        rows.append(
            f"| [{escape_inline(str(page.path))}]({page.path.as_posix()}) | {state(page.state)} "
            f"| {format_date(changed[page.source], language)} | {escape_inline(details)} |"
        )
    case_header = [ui_text("status_case", language), ui_text("status_state", language)]
    case_rows = [f"| `{c.case_id}` ({escape_inline(c.file.name)}) | {state(c.state)} |" for c in cases]
    # The tables list file paths and case ids: kept out of search, where a path such as refund-abuse.md would
    # outrank the article itself for "refund abuse". The page stays findable by its title and summary.
    return (
        f"{summary}\n\n<div data-search-exclude markdown>\n\n| {' | '.join(header)} |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\n| {' | '.join(case_header)} |\n|---|---|\n"
        + "\n".join(case_rows)
        + "\n\n</div>\n"
    )
