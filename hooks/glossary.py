"""MkDocs hook: hover definitions for glossary terms, in the language being built.

Thin adapter over :mod:`kijun.glossary`. static-i18n runs one build per language against the same config, so
the tooltip terms are set afresh from the current language at the start of every build.
"""

from __future__ import annotations

from _site import language, reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

TOOLTIP_EXTENSION = "kijun.markdown.glossary_tooltips"


@event_priority(-200)  # after static-i18n (-100) has switched the config to this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if TOOLTIP_EXTENSION not in config.markdown_extensions:
        return config
    with reported("Invalid glossary"):
        glossary = site(config).handbook.glossary
    building = language(config)
    config.mdx_configs[TOOLTIP_EXTENSION] = {
        "terms": glossary.tooltips(building),
        "exact_case": glossary.exact_case_phrases(building),
    }
    return config
