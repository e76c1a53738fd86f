"""MkDocs hook: per-language fixes to the static-i18n build.

static-i18n re-runs the whole build once per language against the same config object, so every
adjustment here is derived from the language being built, never accumulated across builds.
"""

from __future__ import annotations

from _site import language
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kijun.ui_text import ui_text

NOT_FOUND_TEMPLATE = "404.html"


@event_priority(-200)  # after static-i18n (-100) has switched the config to this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _render_not_found_page_once(config, is_default_language=config.plugins["i18n"].is_default_language_build)
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = ui_text("permalink_title", language(config))
    return config


def _render_not_found_page_once(config: MkDocsConfig, *, is_default_language: bool) -> None:
    """Render the site-wide 404 page only in the default-language build.

    Theme templates are written to the site root in every language build, so without this the last
    language built (Japanese) would silently replace the English ``/404.html``.
    """
    templates = config.theme.static_templates
    if is_default_language:
        templates.add(NOT_FOUND_TEMPLATE)
    else:
        templates.discard(NOT_FOUND_TEMPLATE)
