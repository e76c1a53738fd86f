"""Splitting the combined search index into one index per language."""

from __future__ import annotations

from kijun.search_index import JAPANESE_SEPARATOR, normalise, split_index

COMBINED = {
    "config": {"lang": ["en", "ja"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"]},
    "docs": [
        {"location": "", "title": "Home", "text": "Welcome"},
        {"location": "policies/spam/#grey-areas", "title": "Grey areas", "text": "A coupon"},
        {"location": "ja/", "title": "ホーム", "text": "ようこそ"},
        {"location": "ja/policies/spam/", "title": "ＡＩとｽﾊﾟﾑ", "text": "全角ＰＤＦ"},
    ],
}


def test_split_keeps_each_language_apart_with_root_relative_locations() -> None:
    indexes = split_index(COMBINED, ("en", "ja"))
    assert [d["location"] for d in indexes["en"]["docs"]] == ["", "policies/spam/#grey-areas"]
    assert [d["location"] for d in indexes["ja"]["docs"]] == ["", "policies/spam/"]
    assert indexes["en"]["config"] == COMBINED["config"]
    assert indexes["ja"]["config"]["separator"] == JAPANESE_SEPARATOR
    assert indexes["ja"]["config"]["pipeline"] == []


def test_japanese_text_is_normalised_for_matching() -> None:
    japanese = split_index(COMBINED, ("en", "ja"))["ja"]["docs"][1]
    assert (japanese["title"], japanese["text"]) == ("AIとスパム", "全角PDF")
    assert normalise("ｶﾀｶﾅ") == "カタカナ"
