"""Search indexes: split per language, shaped by each language's settings and the vocabulary authors own."""

from __future__ import annotations

from pathlib import Path

import pytest

from kijun.glossary import Glossary, Term, TermText
from kijun.pages import scan_pages
from kijun.search.index import empty_result_help, normalise, restore_shared_entries, shape_index, split_index
from kijun.search.settings import CJK_SEPARATOR, PAGE_WEIGHTS, page_weight, settings_for
from kijun.search.vocabulary import MAX_REPEATS, PageWords, Vocabulary, build_vocabulary, term_aliases

COMBINED = {
    "config": {"lang": ["en", "ja"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"], "fields": {}},
    "docs": [
        {"location": "", "title": "Home", "text": "Welcome"},
        {"location": "policies/spam/#grey-areas", "title": "Grey areas", "text": "A coupon"},
        {"location": "ja/", "title": "ホーム", "text": "ようこそ"},
        {"location": "ja/policies/spam/", "title": "ＡＩとｽﾊﾟﾑ", "text": "全角ＰＤＦ"},
    ],
}
NO_WORDS = Vocabulary((), {})


def test_split_keeps_each_language_apart_with_root_relative_locations() -> None:
    indexes = split_index(COMBINED, ("en", "ja"))
    assert [d["location"] for d in indexes["en"]["docs"]] == ["", "policies/spam/#grey-areas"]
    assert [d["location"] for d in indexes["ja"]["docs"]] == ["", "policies/spam/"]


def test_japanese_index_is_normalised_and_cut_into_bigrams_by_the_worker() -> None:
    japanese = shape_index(split_index(COMBINED, ("en", "ja"))["ja"], settings_for("ja"), NO_WORDS)
    assert (japanese["docs"][1]["title"], japanese["docs"][1]["text"]) == ("AIとスパム", "全角PDF")
    config = japanese["config"]
    assert config["kijun"]["segmentation"] == "bigram"
    assert config["separator"] == CJK_SEPARATOR
    assert config["pipeline"] == []  # lunr's trimmer would delete every CJK token
    assert config["lang"] == ["en"]  # no TinySegmenter: the worker segments
    assert normalise("ｶﾀｶﾅ") == "カタカナ"


def test_english_index_keeps_stemming_and_searches_title_text_and_keywords_only() -> None:
    english = shape_index(split_index(COMBINED, ("en", "ja"))["en"], settings_for("en"), NO_WORDS)
    config = english["config"]
    assert "stemmer" in config["pipeline"]
    assert "kijun" not in config
    assert set(config["fields"]) == {"title", "text", "keywords"}  # tags (the area) are shown, not searched
    assert config["fields"]["title"]["boost"] > config["fields"]["text"]["boost"]


def test_training_and_housekeeping_pages_weigh_less_than_policies() -> None:
    assert page_weight("policies/harassment/#scope") == 1.0
    assert page_weight("guides/escalation/") == 1.0
    assert page_weight("quizzes/practice-conduct-and-safety/") < 1.0
    assert page_weight("translation-status/") < 1.0
    assert max(weight for _, weight in PAGE_WEIGHTS) < 1.0
    index = {"config": {}, "docs": [{"location": "quizzes/x/", "title": "Quiz", "text": "t"}]}
    assert shape_index(index, settings_for("en"), NO_WORDS)["docs"][0]["boost"] < 1.0


def glossary(*terms: Term) -> Glossary:
    return Glossary({}, terms)


STEALTH = Term(
    "stealth-marketing",
    "reviews",
    {
        "en": TermText("Stealth marketing", "Hidden ads.", ("stealth ads",), aliases=("undisclosed ad",)),
        "ja": TermText("ステルスマーケティング", "隠れた広告。", aliases=("ステマ", "サクラ")),
    },
)


def test_aliases_go_where_the_term_is_used_counted_by_use_up_to_a_cap() -> None:
    vocabulary = Vocabulary(tuple(term_aliases(glossary(STEALTH), "ja")), {})
    once = vocabulary.aliases_for("見出し", "<p>ステルスマーケティングの例</p>")
    often = vocabulary.aliases_for("見出し", "ステルスマーケティング " * 10)
    never = vocabulary.aliases_for("見出し", "関係のない本文")
    assert once.count("ステマ") == 1
    assert often.count("ステマ") == MAX_REPEATS
    assert never == []


def test_other_language_sites_also_index_the_english_term() -> None:
    aliases = term_aliases(glossary(STEALTH), "ja")[0].aliases
    assert {"ステマ", "Stealth marketing", "stealth ads"} <= set(aliases)
    assert "ステマ" not in term_aliases(glossary(STEALTH), "en")[0].aliases


def test_latin_phrases_match_whole_words_only_and_ignore_case() -> None:
    vocabulary = Vocabulary(tuple(term_aliases(glossary(STEALTH), "en")), {})
    assert vocabulary.aliases_for("T", "We saw Stealth Marketing here.") == ["undisclosed ad"]
    assert vocabulary.aliases_for("T", "nonstealth marketingish") == []


def test_page_words_reach_only_the_page_entry_and_aliases_every_entry() -> None:
    vocabulary = Vocabulary(
        tuple(term_aliases(glossary(STEALTH), "ja")),
        {"policies/a/": PageWords(("外部決済",), ("行為と安全",), "説明")},
    )
    index = {
        "config": {},
        "docs": [
            {"location": "policies/a/", "title": "A", "text": "<p>前文</p>"},
            {"location": "policies/a/#scope", "title": "対象", "text": "ステルスマーケティング"},
        ],
    }
    page, section = shape_index(index, settings_for("ja"), vocabulary)["docs"]
    assert page["keywords"] == "外部決済"
    assert page["tags"] == ["行為と安全"]
    assert "ステマ" in section["keywords"]
    assert "外部決済" not in section["keywords"]
    assert "tags" not in section


def test_vocabulary_from_front_matter_keywords_policy_id_and_english_title(tmp_path: Path) -> None:
    (tmp_path / "en" / "policies").mkdir(parents=True)
    (tmp_path / "ja" / "policies").mkdir(parents=True)
    (tmp_path / "en" / "policies" / "spam.md").write_text(
        "---\ntitle: Message spam\npolicy_id: POL-SPM\narea: conduct-and-safety\n"
        "description: Too many messages.\nkeywords: [bulk DMs]\n---\n# Message spam\n",
        encoding="utf-8",
    )
    (tmp_path / "ja" / "policies" / "spam.md").write_text(
        "---\ntitle: スパム\npolicy_id: POL-SPM\narea: conduct-and-safety\n"
        "description: 多すぎるメッセージ。\nkeywords: [一斉送信]\n---\n# スパム\n",
        encoding="utf-8",
    )
    japanese = build_vocabulary(glossary(), scan_pages(tmp_path), "ja").pages["policies/spam/"]
    assert set(japanese.keywords) == {"一斉送信", "POL-SPM", "Message spam"}
    assert japanese.tags == ("行為と安全",)
    assert japanese.summary == "多すぎるメッセージ。"
    english = build_vocabulary(glossary(), scan_pages(tmp_path), "en").pages["policies/spam/"]
    assert set(english.keywords) == {"bulk DMs", "POL-SPM"}


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", 'a"b<script>'])
def test_words_from_yaml_are_escaped_because_the_theme_renders_tags_as_html(hostile: str) -> None:
    vocabulary = Vocabulary((), {"policies/a/": PageWords((hostile,), (hostile,), hostile)})
    index = {"config": {}, "docs": [{"location": "policies/a/", "title": "T", "text": ""}]}
    entry = shape_index(index, settings_for("en"), vocabulary)["docs"][0]
    for value in (entry["keywords"], *entry["tags"], entry["text"]):
        assert "<" not in value


def test_a_page_without_text_before_its_sections_shows_its_description() -> None:
    vocabulary = Vocabulary((), {"policies/a/": PageWords(summary="What this policy decides.")})
    index = {"config": {}, "docs": [{"location": "policies/a/", "title": "T", "text": " "}]}
    assert (
        shape_index(index, settings_for("en"), vocabulary)["docs"][0]["text"] == "What this policy decides."
    )


def test_empty_result_help_is_localised_page_data() -> None:
    english, japanese = empty_result_help("en"), empty_result_help("ja")
    assert [link["path"] for link in english["links"]] == [link["path"] for link in japanese["links"]]
    assert english["empty"] != japanese["empty"]


def test_entries_static_i18n_dropped_as_duplicates_return_to_languages_that_publish_the_page() -> None:
    """A page shown in English on the Japanese site (no translation yet) is found from the Japanese site."""
    indexes = split_index(
        {
            "config": {},
            "docs": [
                {"location": "guides/new/", "title": "New guide", "text": "English only"},
                {"location": "guides/new/#steps", "title": "Steps", "text": "First"},
                {"location": "policies/a/", "title": "A", "text": "English"},
                {"location": "policies/a/#english-only-anchor", "title": "Example", "text": "English"},
                {"location": "ja/policies/a/", "title": "エー", "text": "日本語"},
            ],
        },
        ("en", "ja"),
    )
    published = {("ja", "guides/new/"), ("ja", "guides/new/#steps"), ("ja", "policies/a/")}
    restored = restore_shared_entries(indexes, lambda language, path: (language, path) in published)
    japanese = [doc["location"] for doc in restored["ja"]["docs"]]
    assert japanese == ["policies/a/", "guides/new/", "guides/new/#steps"]
    assert len(restored["en"]["docs"]) == 4  # English keeps what it had
