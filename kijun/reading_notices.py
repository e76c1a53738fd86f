"""The notices a returning agent sees under an article's title: "changed since you last read it" and "please
confirm you have read this version".

Whether they show depends on this browser's local storage, which only the browser knows. They are rendered hidden
at build time and shown by a few lines of script placed right after them, which run while the page is still being
parsed: the notices are in place before the first paint, so the article text never moves (a notice inserted later
by the deferred site script shifted the whole article, and Lighthouse's layout-shift score fell under target).
The script is a constant: it reads the page's values from the notices' data attributes, never from source text.
"""

from __future__ import annotations

import html

from kijun.confirmation_render import confirmation_notice
from kijun.contracts import CONFIRMED_STORAGE_KEY, READ_STORAGE_KEY
from kijun.languages import words_spaced
from kijun.policies import PolicyMeta
from kijun.ui_text import ui_text

OLD_VERSION_SLOT = "data-kijun-old-version"

NOTICE_SCRIPT = (
    "<script>(function () {"
    " try {"
    ' var changed = document.querySelector("[data-kijun-changed-notice]");'
    " if (changed) {"
    f' var seen = JSON.parse(localStorage.getItem("{READ_STORAGE_KEY}" + document.documentElement.lang) || "{{}}")'
    " || {};"
    " var old = seen[changed.dataset.article];"
    " if (old && old !== changed.dataset.version) {"
    f' changed.querySelector("[{OLD_VERSION_SLOT}]").textContent = old; changed.hidden = false;'
    " } }"
    ' var confirm = document.querySelector("[data-kijun-confirm-notice]");'
    " if (confirm) {"
    f' var key = "{CONFIRMED_STORAGE_KEY}" + confirm.dataset.policy + "@" + confirm.dataset.version;'
    ' confirm.hidden = (JSON.parse(localStorage.getItem(key) || "{}") || {}).state === "delivered";'
    " }"
    " } catch (error) { /* no storage: the site script decides later */ }"
    " })();</script>"
)


def changed_notice(article: str, meta: PolicyMeta, language: str, what_changed_url: str) -> str:
    """The hidden "changed since you last read it" notice for ``article`` (its file name without ``.md``); the
    version the reader last opened is filled in by the browser."""
    before, _, after = ui_text("reading_notice", language).replace("{new}", meta.version).partition("{old}")
    text = html.escape(before) + f"<span {OLD_VERSION_SLOT}></span>" + html.escape(after)
    link = html.escape(ui_text("reading_link", language))
    return (
        '<div class="admonition info kijun-changed-notice" role="status" data-kijun-changed-notice'
        f' data-article="{html.escape(article, quote=True)}"'
        f' data-version="{html.escape(meta.version, quote=True)}" data-search-exclude hidden>'
        f"<p>{text}{' ' if words_spaced(language) else ''}"
        f'<a href="{html.escape(what_changed_url, quote=True)}">{link}</a></p></div>'
    )


def notices_under_title(
    article: str, meta: PolicyMeta, language: str, what_changed_url: str, asks_confirmation: bool
) -> str:
    """Both notices (the confirmation's only where the site has a collector), then the script that shows them."""
    notices = changed_notice(article, meta, language, what_changed_url)
    if asks_confirmation:
        notices += confirmation_notice(meta, language)
    return notices + NOTICE_SCRIPT
