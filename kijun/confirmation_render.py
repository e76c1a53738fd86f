"""What an article that asks for read confirmation shows: a notice under its title and the form at its end.

Both are rendered hidden at build time, with every word in the page's language; the site script (``kijun.js``)
shows them until this browser has confirmed the version, and sends the confirmation through its outbox. Nothing
is shown where no collector is configured: a confirmation nobody receives would only mislead.
"""

from __future__ import annotations

import html

from kijun.contracts import CONFIRMATION_FORMAT, CONFIRMATION_ROUTE
from kijun.languages import format_date, words_spaced
from kijun.policies import PolicyMeta
from kijun.ui_text import ui_text

FORM_ID = "kijun-confirm"


class CollectorSettingError(ValueError):
    """``extra.collector`` in mkdocs.yml is not a collector's address."""


def collector_address(value: object) -> str | None:
    """The collector's base address from the site configuration (``extra.collector``), or ``None`` when unset."""
    if value in (None, ""):
        return None
    if (
        not isinstance(value, str)
        or not value.startswith(("http://", "https://"))
        or any(c in value for c in "\"'<> ")
    ):
        raise CollectorSettingError(
            f"extra.collector: {value!r} is not an address; give the collector's http(s) address, "
            "e.g. https://collector.example.com"
        )
    return value.rstrip("/")


def confirmation_notice(meta: PolicyMeta, language: str) -> str:
    """The notice under the title (hidden until the script knows this browser has not confirmed)."""
    if meta.confirm_by is None:
        return ""
    text = ui_text("confirm_notice", language).format(
        date=format_date(meta.confirm_by, language), version=meta.version
    )
    link = html.escape(ui_text("confirm_notice_link", language))
    return (
        '<div class="admonition warning kijun-confirm-notice" data-kijun-confirm-notice'
        f' data-policy="{html.escape(meta.policy_id, quote=True)}" data-version="{html.escape(meta.version, quote=True)}"'
        " data-search-exclude hidden>"
        f'<p>{html.escape(text)}{" " if words_spaced(language) else ""}<a href="#{FORM_ID}">{link}</a></p></div>'
    )


def confirmation_form(meta: PolicyMeta, collector: str, language: str) -> str:
    """The form at the end of the article: the agent's name and "I have read version X"."""
    if meta.confirm_by is None:
        return ""

    def text(key: str, **values: str) -> str:
        return html.escape(ui_text(key, language).format(**values), quote=True)

    data = {
        "endpoint": collector + CONFIRMATION_ROUTE,
        "format": CONFIRMATION_FORMAT,
        "policy": meta.policy_id,
        "version": meta.version,
    }
    attributes = " ".join(f'data-{name}="{html.escape(value, quote=True)}"' for name, value in data.items())
    strings = {
        "name": text("confirm_name_first"),
        "sending": text("confirm_sending"),
        "queued": text("confirm_queued"),
        "sent": text("confirm_sent"),
        "refused": text("confirm_refused", code="{code}"),
    }
    attributes += "".join(f' data-text-{name}="{value}"' for name, value in strings.items())
    field = f"{FORM_ID}-agent"
    return (
        f'<form class="kijun-confirm" id="{FORM_ID}" data-kijun-confirm {attributes} data-search-exclude hidden>'
        f'<p class="kijun-confirm__title"><strong>{text("confirm_title")}</strong></p>'
        f'<p><label for="{field}">{text("confirm_agent")}</label> '
        f'<input id="{field}" name="agent" type="text" maxlength="100" autocomplete="name"></p>'
        f'<p><button type="submit" class="md-button md-button--primary">'
        f"{text('confirm_button', version=meta.version)}</button></p>"
        '<p data-kijun-confirm-status role="status" aria-live="polite"></p></form>'
    )
