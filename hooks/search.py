"""MkDocs hook: a search index per language, shaped by :mod:`kijun.search`, and Kijun's search worker on every page.

After static-i18n has built every language and written the combined index, the index is split; each language's
index gets its search settings and vocabulary. Pages point Material's search at their language's own index and run
Material's worker inside Kijun's wrapper, which applies the settings the index carries.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from _site import collector, language, reported, search_gaps, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from kijun.feedback_render import search_gap_settings
from kijun.preview import previews
from kijun.search.index import language_indexes, page_search_settings
from kijun.ui_text import ui_text
from kijun.urls import site_path

INDEX = Path("search") / "search_index.json"
WRAPPER = "kijun-search-worker.js"  # docs/assets/javascripts/, next to Material's workers/ folder
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_CONFIG = '<script id="__config" type="application/json">'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Name the search dialog for screen readers; point Material's search at the language's own index (``base``
    becomes the language root, so search loads ``ja/search/search_index.json``) and run it in Kijun's worker."""
    building = language(config)
    label = html.escape(ui_text("search_dialog", building), quote=True)
    output = output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG[:-1]} aria-label="{label}">', 1)

    start = output.find(_CONFIG)  # found with str.find: a regular expression took three times as long
    if start < 0:
        return output
    start += len(_CONFIG)
    settings = output[start : output.index("</script>", start)]
    # One replace copies the page once; slicing it around the settings and joining the parts copied it four times,
    # ten times slower on a large Japanese page.
    reading = site(config).handbook.reading_data(building)
    gaps = search_gap_settings(collector(config) or "") if search_gaps(config) else ""
    updated = page_search_settings(settings, building, WRAPPER, reading, gaps)
    return output.replace(_CONFIG + settings, _CONFIG + updated, 1)


@event_priority(-200)  # after static-i18n (-100) has built the other languages and merged the index
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return  # a nested per-language build: the combined index is not written yet
    handbook = site(config).handbook
    with reported("Invalid glossary"):
        glossary = handbook.glossary
    output = Path(config.site_dir)
    combined = json.loads((output / INDEX).read_text(encoding="utf-8"))
    combined["docs"] = previews.search_docs(Path(config.docs_dir), combined.get("docs", []))

    pages: dict[Path, str] = {}

    def published(code: str, location: str) -> bool:
        """The language's site has this page, and the section if the location names one."""
        path, _, anchor = location.partition("#")
        file = output / site_path(code, path) / "index.html"
        if file not in pages:
            pages[file] = file.read_text(encoding="utf-8") if file.is_file() else ""
        return bool(pages[file]) and (not anchor or f'id="{anchor}"' in pages[file])

    indexes = language_indexes(combined, handbook.languages.codes, glossary, handbook.pages, published)
    for code, index in indexes.items():
        target = output / site_path(code, INDEX.as_posix())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
