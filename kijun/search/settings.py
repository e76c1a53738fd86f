"""How each language is searched: one place for the rules the browser applies when it builds and queries the index.

Material's search (lunr) builds the index in the browser from ``search_index.json``. Everything the browser needs
to treat a language correctly travels in that file's ``config``: which lunr pipeline steps to keep, which fields to
index with which weight, and, for languages written without spaces, how to cut text into tokens. Kijun's worker
(``docs/assets/javascripts/kijun-search-worker.js``) reads ``config.kijun`` and applies it to pages and queries
alike, so indexing and querying can never tokenise differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kijun.contracts import SEARCH_SEPARATOR
from kijun.languages import DEFAULT_LANGUAGE

# Scripts written without spaces between words: kana, CJK ideographs (with extension A and compatibility forms)
# and the iteration mark 々. Text in these ranges is cut into overlapping character bigrams.
CJK_CHARACTERS = r"\u3005\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Word separators for languages searched by character bigrams (the worker's, too): CJK runs are not split here;
# the worker cuts them into bigrams.
CJK_SEPARATOR = SEARCH_SEPARATOR


# Agents search to find the rule for a case: policy articles and guides come first, training and the handbook's
# own housekeeping pages after them (found by their titles, but not in place of the rule). Weights multiply the
# score of every index entry under the path; the first matching prefix applies, the default is 1.
PAGE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("quizzes/", 0.3),
    ("reports/", 0.3),
    ("translation-status/", 0.2),
    ("contributing/", 0.5),
)


def page_weight(location: str) -> float:
    """The score multiplier for an index entry at ``location`` (relative to the language root)."""
    return next((weight for prefix, weight in PAGE_WEIGHTS if location.startswith(prefix)), 1.0)


@dataclass(frozen=True)
class SearchSettings:
    """The search behaviour of one language's index."""

    lunr_languages: tuple[str, ...] = ("en",)
    pipeline: tuple[str, ...] = ("stopWordFilter", "stemmer", "trimmer")
    separator: str | None = None  # None: keep MkDocs' separator
    segmentation: str | None = None  # "bigram": cut CJK runs into character bigrams (index and query)
    normalise: bool = False  # NFKC: full-width ＰＤＦ -> PDF, half-width ｶﾀｶﾅ -> カタカナ
    boosts: dict[str, float] = field(default_factory=lambda: {"title": 4.0, "text": 1.0, "keywords": 6.0})

    def index_config(self, base: dict[str, Any]) -> dict[str, Any]:
        """The ``config`` of a search index in this language, starting from what MkDocs wrote."""
        config = dict(base)
        config["lang"] = list(self.lunr_languages)
        config["pipeline"] = list(self.pipeline)
        if self.separator is not None:
            config["separator"] = self.separator
        # Tags carry the policy area: shown on results, not searched (a shared area name says nothing about a page).
        config["fields"] = {name: {"boost": boost} for name, boost in self.boosts.items()}
        if self.segmentation:
            config["kijun"] = {"segmentation": self.segmentation, "cjk": CJK_CHARACTERS}
        return config


SEARCH_SETTINGS: dict[str, SearchSettings] = {
    "en": SearchSettings(),
    "ja": SearchSettings(
        pipeline=(),  # lunr's trimmer would delete every CJK token; English stemming does not apply
        separator=CJK_SEPARATOR,
        segmentation="bigram",
        normalise=True,
    ),
}


def settings_for(language: str) -> SearchSettings:
    """Search settings of ``language``; languages without their own use the English defaults."""
    return SEARCH_SETTINGS.get(language, SEARCH_SETTINGS[DEFAULT_LANGUAGE])
