"""MkDocs hook: a search index per language (see :mod:`kijun.search_index`).

After static-i18n has built every language and written the combined index, the index is split, and pages of
other languages are pointed at their own index through Material's ``base`` setting.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kijun.languages import DEFAULT_LANGUAGE, LANGUAGES
from kijun.search_index import split_index
from kijun.ui_text import ui_text

INDEX = Path("search") / "search_index.json"
WRAPPER = "kijun-search-worker.js"  # docs/assets/javascripts/, next to Material's workers/ folder
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Name the search dialog for screen readers; on other-language pages, point Material's search at the
    language's own index and Kijun's worker (``base`` becomes the language root, so search loads
    ``ja/search/search_index.json``)."""
    language = config.plugins["i18n"].current_language
    label = html.escape(ui_text("search_dialog", language), quote=True)
    output = output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG[:-1]} aria-label="{label}">', 1)
    if language == DEFAULT_LANGUAGE:
        return output

    def rebase(match: re.Match[str]) -> str:
        settings = json.loads(match.group(2))
        settings["base"] = settings["base"].rstrip("/") + f"/{language}/"
        # Run Material's worker inside Kijun's wrapper, which prepares Japanese queries and ranks phrase hits.
        folder, _, worker = settings["search"].rpartition("workers/")
        settings["search"] = f"{folder}{WRAPPER}?worker=workers/{worker}"
        # Japanese queries match character by character; highlighting every such character is noise.
        settings["features"] = [f for f in settings["features"] if f != "search.highlight"]
        text = json.dumps(settings, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        return match.group(1) + text + match.group(3)

    return _CONFIG.sub(rebase, output, count=1)


@event_priority(-200)  # after static-i18n (-100) has built the other languages and merged the index
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return  # a nested per-language build: the combined index is not written yet
    site = Path(config.site_dir)
    combined = json.loads((site / INDEX).read_text(encoding="utf-8"))
    for language, index in split_index(combined, LANGUAGES).items():
        target = site / INDEX if language == DEFAULT_LANGUAGE else site / language / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
