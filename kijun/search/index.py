"""One search index per language, shaped for how that language is searched.

MkDocs (with static-i18n) writes a single ``search/search_index.json`` for every language. This module splits it:
the English index stays at ``search/``, each other language's goes to ``<lang>/search/``, so a reader on ``/ja/``
sees only Japanese results and downloads only the Japanese index. Each index then gets its language's settings
(:mod:`kijun.search.settings`) and vocabulary (:mod:`kijun.search.vocabulary`): keywords that are indexed but
never shown, and the policy area as a tag shown on the result.

Text that reaches the index is escaped HTML already (MkDocs' search plugin builds it from the rendered page);
keywords and tags come from YAML sources and are escaped here, because the theme renders tags as HTML.
"""

from __future__ import annotations

import functools
import html
import json
import unicodedata
from collections.abc import Callable
from typing import Any

from kijun.background import map_in_halves
from kijun.glossary import Glossary
from kijun.languages import DEFAULT_LANGUAGE
from kijun.pages import Pages
from kijun.search.settings import SearchSettings, page_weight, settings_for
from kijun.search.vocabulary import TAG, PageWords, Vocabulary, build_vocabulary
from kijun.ui_text import ui_text


def normalise(text: str) -> str:
    """NFKC: full-width Latin letters and digits become half-width, half-width katakana full-width."""
    return unicodedata.normalize("NFKC", text)


def split_index(index: dict[str, Any], languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Split a combined MkDocs search index into one index per language, with locations relative to each
    language's root (``ja/policies/x/`` becomes ``policies/x/`` in the Japanese index)."""
    indexes = {language: {"config": dict(index.get("config", {})), "docs": []} for language in languages}
    others = tuple(f"{language}/" for language in languages if language != DEFAULT_LANGUAGE)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        language = next((prefix[:-1] for prefix in others if location.startswith(prefix)), DEFAULT_LANGUAGE)
        entry = dict(doc)
        if language != DEFAULT_LANGUAGE:
            entry["location"] = location[len(language) + 1 :]
        indexes[language]["docs"].append(entry)
    return indexes


def shape_index(index: dict[str, Any], settings: SearchSettings, vocabulary: Vocabulary) -> dict[str, Any]:
    """Apply a language's search settings and vocabulary to its index."""
    clean = normalise if settings.normalise else str
    docs = []
    for doc in index["docs"]:
        entry = dict(doc, title=clean(doc.get("title", "")), text=clean(doc.get("text", "")))
        path, section = entry["location"].split("#")[0], "#" in entry["location"]
        page = PageWords() if section else vocabulary.page(path)
        if not section and not TAG.sub("", entry["text"]).strip():
            entry["text"] = html.escape(clean(page.summary), quote=False)
        if keywords := [*page.keywords, *vocabulary.aliases_for(entry["title"], entry["text"])]:
            # One string, not a list: the same tokens (space separates the words), fewer bytes to download.
            entry["keywords"] = " ".join(html.escape(clean(word), quote=False) for word in keywords)
        if page.tags:
            entry["tags"] = [html.escape(tag, quote=False) for tag in page.tags]
        if (weight := page_weight(path)) != 1.0:
            entry["boost"] = weight
        docs.append(entry)
    return {"config": settings.index_config(index.get("config", {})), "docs": docs}


# Where an agent can go when a search finds nothing: pages relative to the language root, with their labels.
EMPTY_RESULT_LINKS = (
    ("#what-happened", "search_empty_situations"),
    ("policies/", "search_empty_policies"),
    ("glossary/", "search_empty_glossary"),
)


def empty_result_help(language: str) -> dict[str, Any]:
    """What the search shows instead of an empty list (page data for ``kijun.js``; the text is plain, not HTML)."""
    return {
        "empty": ui_text("search_empty", language),
        "links": [{"path": path, "label": ui_text(key, language)} for path, key in EMPTY_RESULT_LINKS],
    }


def restore_shared_entries(
    indexes: dict[str, dict[str, Any]], published: Callable[[str, str], bool]
) -> dict[str, dict[str, Any]]:
    """Give back to each language the entries static-i18n removed from it as duplicates of English ones.

    static-i18n drops an entry of another language when its title and text equal an English entry at the same
    place (its merged index would list the page twice). With one index per language that removal hides pages:
    a page shown in English on the Japanese site (no translation yet), or a page or section whose title and text
    are the same in both languages, could not be found from the Japanese site. ``published(language,
    location)`` says whether the language's site has that page (and, for ``page/#id``, that section).
    """
    english = indexes[DEFAULT_LANGUAGE]["docs"]
    for language, index in indexes.items():
        if language == DEFAULT_LANGUAGE:
            continue
        present = {doc["location"] for doc in index["docs"]}
        index["docs"] += [
            dict(doc)
            for doc in english
            if doc["location"] not in present and published(language, doc["location"])
        ]
    return indexes


def language_indexes(
    combined: dict[str, Any],
    languages: tuple[str, ...],
    glossary: Glossary,
    pages: Pages,
    published: Callable[[str, str], bool],
) -> dict[str, dict[str, Any]]:
    """Every language's finished index from the combined one MkDocs wrote: split, given back the entries
    static-i18n deduplicated, then shaped with the language's settings and vocabulary (every other language in a
    second process: this is the last step of a build, with a core to spare)."""
    indexes = restore_shared_entries(split_index(combined, languages), published)

    def shaped(language: str) -> dict[str, Any]:
        vocabulary = build_vocabulary(glossary, pages, language)
        return shape_index(indexes[language], settings_for(language), vocabulary)

    return dict(zip(indexes, map_in_halves(shaped, list(indexes)), strict=True))


@functools.lru_cache(maxsize=64)  # a site has a few page depths per language, and every page asks
def page_search_settings(
    settings: str, language: str, worker_wrapper: str, reading: str = "{}", gaps: str = ""
) -> str:
    """Material's page settings (the ``__config`` JSON) pointed at the language's own index: ``base`` becomes the
    language root, so search loads ``ja/search/search_index.json``; Material's worker runs inside Kijun's wrapper;
    the empty-result help rides along. Returned as JSON safe inside a ``<script>`` element."""
    data = json.loads(settings)
    if language != DEFAULT_LANGUAGE:
        data["base"] = data["base"].rstrip("/") + f"/{language}/"
    folder, _, worker = data["search"].rpartition("workers/")
    data["search"] = f"{folder}{worker_wrapper}?worker=workers/{worker}"
    data["kijun_search"] = empty_result_help(language)
    data["kijun_table"] = ui_text("table_scrolls", language)  # the name kijun.js gives a table that scrolls
    data["kijun_reading"] = json.loads(reading)  # articles' versions, for the "changed since you read" marks
    if gaps:  # reporting searches that found nothing useful is on (opt-in, with a collector)
        data["kijun_gaps"] = json.loads(gaps)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
