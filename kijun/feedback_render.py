""" "Was this clear?" at the end of each article and guide, rendered at build time (hidden until the site script
shows it) when the site has a collector; and the page data that turns on reporting searches that found nothing.

Every word is in the page's language and every value escaped. The sections offered are the page's own level-2
headings, sent by their id, so a vote names the same section in every language.
"""

from __future__ import annotations

import functools
import html
import json

from kijun.contracts import (
    COMMENT_MAX_LENGTH,
    FEEDBACK_FORMAT,
    FEEDBACK_ROUTE,
    QUERY_MAX_LENGTH,
    SEARCH_GAP_FORMAT,
    SEARCH_GAP_ROUTE,
)
from kijun.redaction import redaction_rules
from kijun.ui_text import ui_text

FORM_ID = "kijun-feedback"


def feedback_form(
    page: str, version: str | None, sections: list[tuple[str, str]], collector: str, language: str
) -> str:
    """The widget for ``page`` (its URL path, e.g. ``policies/copyright/``); ``sections`` are (id, title)."""

    def text(key: str) -> str:
        return html.escape(ui_text(key, language), quote=True)

    data = {
        "endpoint": collector + FEEDBACK_ROUTE,
        "format": FEEDBACK_FORMAT,
        "page": page,
        "version": version or "",
        "comment-max": str(COMMENT_MAX_LENGTH),
        # The comment is redacted in the browser before it leaves, by the rules the collector applies again.
        "redactions": json.dumps(redaction_rules(), ensure_ascii=False),
    }
    attributes = " ".join(f'data-{name}="{html.escape(value, quote=True)}"' for name, value in data.items())
    attributes += (
        f' data-text-thanks="{text("feedback_thanks")}" data-text-queued="{text("feedback_queued")}"'
    )
    options = f'<option value="">{text("feedback_whole_page")}</option>' + "".join(
        f'<option value="{html.escape(anchor, quote=True)}">{html.escape(title)}</option>'
        for anchor, title in sections
    )
    return (
        f'<form class="kijun-feedback" id="{FORM_ID}" data-kijun-feedback-form {attributes} data-search-exclude hidden>'
        f"<fieldset><legend>{text('feedback_question')}</legend>"
        f'<button type="button" class="md-button" data-kijun-feedback-vote="clear">{text("feedback_clear")}</button> '
        f'<button type="button" class="md-button" data-kijun-feedback-vote="unclear">{text("feedback_unclear")}'
        "</button></fieldset>"
        "<div data-kijun-feedback-more hidden>"
        f'<p><label for="{FORM_ID}-section">{text("feedback_section")}</label><br>'
        f'<select id="{FORM_ID}-section" name="section">{options}</select></p>'
        f'<p><label for="{FORM_ID}-comment">{text("feedback_comment")}</label><br>'
        f'<textarea id="{FORM_ID}-comment" name="comment" rows="3" maxlength="{COMMENT_MAX_LENGTH}"></textarea></p>'
        f'<p><button type="submit" class="md-button md-button--primary">{text("feedback_send")}</button></p></div>'
        '<p data-kijun-feedback-status role="status" aria-live="polite"></p></form>'
    )


@functools.cache  # asked by every page of a build, always with the one collector
def search_gap_settings(collector: str) -> str:
    """What the site script needs to report a search that found nothing useful, as page-data JSON: where, in which
    format, and the redaction rules it applies first."""
    return json.dumps(
        {
            "endpoint": collector + SEARCH_GAP_ROUTE,
            "format": SEARCH_GAP_FORMAT,
            "maxLength": QUERY_MAX_LENGTH,
            "redactions": redaction_rules(),
        }
    )
