"""MkDocs hook: hover definitions for glossary terms, in the language being built.

Thin adapter over :mod:`kijun.glossary`. static-i18n runs one build per language against the same config, so
the tooltip terms are set afresh from the current language at the start of every build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kijun.handbook import handbook_for
from kijun.sourcefile import SourceValidationError

TOOLTIP_EXTENSION = "kijun.markdown.glossary_tooltips"


@event_priority(-200)  # after static-i18n (-100) has switched the config to this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if TOOLTIP_EXTENSION not in config.markdown_extensions:
        return config
    try:
        glossary = handbook_for(Path(config.config_file_path).parent).glossary
    except SourceValidationError as exc:
        raise PluginError(f"Invalid glossary:\n{exc}") from None
    language = config.plugins["i18n"].current_language
    config.mdx_configs[TOOLTIP_EXTENSION] = {
        "terms": glossary.tooltips(language),
        "exact_case": glossary.exact_case_phrases(language),
    }
    return config
