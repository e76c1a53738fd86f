"""One search index per language, tuned so Japanese queries work as Japanese readers type them.

MkDocs (with static-i18n) writes a single ``search/search_index.json`` for every language. This module splits it:
the English index stays at ``search/``, the Japanese one goes to ``ja/search/``, so a reader on ``/ja/`` sees
only Japanese results and downloads only the Japanese index.

Japanese text has no spaces between words, and lunr (Material's search engine) matches whole tokens. The
Japanese index therefore tokenises every CJK character separately, both in the pages and in the query, and
drops lunr's English-only pipeline steps (the trimmer would delete every CJK token). A phrase typed without
spaces, such as 返金の不正利用, then matches the pages that contain its characters, and ranking puts the pages
where they stand together, especially in titles, first. Text is NFKC-normalised, so full-width ＰＤＦ and
half-width ｶﾀｶﾅ match their usual forms.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from kijun.languages import DEFAULT_LANGUAGE

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Split on whitespace and punctuation (ASCII and Japanese), and around every CJK character.
JAPANESE_SEPARATOR = (
    r"[\s\-,.:;!?'\"()\[\]{}/|、。，．・「」『』（）［］【】〈〉《》！？：；…〜～]+"
    rf"|(?<=[{_CJK}])|(?=[{_CJK}])"
)
LANGUAGE_CONFIG: dict[str, dict[str, Any]] = {
    "ja": {"lang": ["en"], "separator": JAPANESE_SEPARATOR, "pipeline": []},
}


def normalise(text: str) -> str:
    """NFKC: full-width Latin letters and digits become half-width, half-width katakana full-width."""
    return unicodedata.normalize("NFKC", text)


def split_index(index: dict[str, Any], languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Split a combined MkDocs search index into one index per language, with locations relative to each
    language's root (``ja/policies/x/`` becomes ``policies/x/`` in the Japanese index)."""
    indexes = {}
    for language in languages:
        config = copy.deepcopy(index.get("config", {}))
        config.update(LANGUAGE_CONFIG.get(language, {}))
        indexes[language] = {"config": config, "docs": []}
    others = tuple(f"{language}/" for language in languages if language != DEFAULT_LANGUAGE)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        language = next((prefix[:-1] for prefix in others if location.startswith(prefix)), DEFAULT_LANGUAGE)
        entry = dict(doc)
        if language != DEFAULT_LANGUAGE:
            entry["location"] = location[len(language) + 1 :]
            entry["title"] = normalise(entry.get("title", ""))
            entry["text"] = normalise(entry.get("text", ""))
        indexes[language]["docs"].append(entry)
    return indexes
