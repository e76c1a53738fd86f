"""What may leave a reader's page (the redaction table, shared with the browser test), and the authors' view of
search gaps and votes: grouping by normalised form, the distinct-browser threshold, weekly counts, the ranking of
unclear pages and the next step each line offers."""

from __future__ import annotations

import pytest

from kijun.collect.reader_store import Feedback, SearchGap
from kijun.gaps import MIN_BROWSERS, iso_week, normalised, unanswered_queries, unclear_pages
from kijun.redaction import redact

# What an agent types → what may leave the page. The browser test runs the same table through the page's script.
REDACTION_CASES = [
    ("refund for taro.yamada@example.com", "refund for [email]"),
    ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ 返金", "[email] 返金"),  # full-width e-mail
    ("course https://evil.example/x?id=1 copied", "course [url] copied"),
    ("www.example.com/promo", "[url]"),
    ("order 1234567 refund", "order [number] refund"),
    ("注文番号１２３４５６７の返金", "注文番号[number]の返金"),  # full-width digits
    ("tel 090-1234-5678", "tel [number]-[number]-[number]"),
    ("name: John Smith asked", "[name] asked"),
    ("user:bob spam", "[name] spam"),
    ("ID=abc123 ban", "[name] ban"),
    ("Mr. Tanaka harassment", "[name] harassment"),
    ("山田さんからの嫌がらせ", "[name]からの嫌がらせ"),
    ("氏名：佐藤花子 返金", "[name] 返金"),
    ("@taro_y review", "[handle] review"),
    ("refund abuse 3 times", "refund abuse 3 times"),  # a small count is not an identifier
    ("ステマ 依頼", "ステマ 依頼"),
    ("  many   spaces  ", "many spaces"),
    # Invisible characters and odd spaces must not split an address or a number for one side only.
    ("alice@\ufeffexample.com", "[email]"),
    ("https://\ufeffexample.com/x?token=1234567", "[url]"),
    ("123\u200b4567 refund", "[number] refund"),
    ("alice @ example.com", "[email]"),
    ("https:// example.com/x", "[url]"),
    ("tel\u30000901234", "tel [number]"),
]


@pytest.mark.parametrize(("typed", "leaves"), REDACTION_CASES)
def test_redaction_masks_what_could_identify_a_person_or_a_case(typed: str, leaves: str) -> None:
    assert redact(typed) == leaves


def test_redaction_cuts_to_the_limit_after_masking() -> None:
    assert redact("a" * 300, 100) == "a" * 100
    assert redact("12345678 x", 8) == "[number]"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ステマ", "すてま"),  # katakana and hiragana
        ("ｽﾃﾏ", "ステマ"),  # half-width katakana
        ("ステマ 依頼", "ステマ依頼"),  # a space beside Japanese
        ("Refund  Abuse", "refund abuse"),  # case and spaces
        ("ＲＥＦＵＮＤ", "refund"),  # full-width Latin
        ("「返金」", "返金"),  # quotes at the ends
    ],
)
def test_variants_of_one_query_are_grouped(one: str, other: str) -> None:
    assert normalised(one) == normalised(other)


def test_different_queries_stay_apart() -> None:
    assert normalised("refund abuse") != normalised("refundabuse")  # spaces between Latin words matter
    assert normalised("返金") != normalised("返品")


def search_gap(query: str, browser: str, when: str = "2026-12-07T09:00:00Z", results: int = 0) -> SearchGap:
    return SearchGap(f"{browser}-{query}-{when}", when, "ja", query, results, browser)


def test_a_query_is_shown_only_when_enough_distinct_browsers_typed_it() -> None:
    one_browser = [search_gap("ステマ", "b1") for _ in range(5)]
    assert unanswered_queries(one_browser) == []
    below = [search_gap("ステマ", f"b{n}") for n in range(MIN_BROWSERS - 1)]
    assert unanswered_queries(below) == []
    [shown] = unanswered_queries([*below, search_gap("すてま", "b9")])
    assert shown["browsers"] == MIN_BROWSERS
    assert shown["query"] == "ステマ"  # the form typed most often names the group
    assert shown["next_step"] == "add-keyword-or-section"


def test_counts_are_per_iso_week_and_results_shown_change_the_next_step() -> None:
    events = [
        search_gap("返金 悪用", "b1", "2026-12-31T23:00:00Z"),  # Thursday of 2026's week 53
        search_gap("返金悪用", "b2", "2027-01-03T10:00:00Z", results=4),  # Sunday: still week 53
        search_gap("返金悪用", "b3", "2027-01-04T00:30:00Z"),  # Monday: 2027's first week
    ]
    [shown] = unanswered_queries(events)
    assert shown["weeks"] == {"2026-W53": 2, "2027-W01": 1}
    assert (shown["searches"], shown["no_results"]) == (3, 2)
    assert shown["next_step"] == "improve-ranking"  # some searches showed results, none was opened
    assert iso_week("2026-12-07T09:00:00+09:00") == "2026-W50"


def feedback(page: str, vote: str, section: str | None = None, comment: str | None = None) -> Feedback:
    return Feedback(f"{page}-{vote}-{section}-{comment}", "2026-12-07T09:00:00Z", page, "1.4", "ja", vote, section,
                    comment, "b1")  # fmt: skip


def test_unclear_pages_rank_by_unclear_votes_with_sections_and_comments() -> None:
    votes = [
        feedback("policies/copyright/", "unclear", "grey-areas", "例がもう一つほしいです"),
        feedback("policies/copyright/", "unclear", "grey-areas"),
        feedback("policies/copyright/", "clear"),
        feedback("policies/harassment/", "unclear"),
        feedback("guides/enforcement-ladder/", "clear"),
    ]
    titles = {("en", "policies/copyright/"): "Copyright"}
    ranked = unclear_pages(votes, titles, "en")
    assert [item["page"] for item in ranked] == [
        "policies/copyright/",
        "policies/harassment/",
        "guides/enforcement-ladder/",
    ]
    first, second, last = ranked
    assert (first["title"], first["unclear"], first["clear"]) == ("Copyright", 2, 1)
    assert first["sections"] == {"grey-areas": 2}
    assert [comment["comment"] for comment in first["comments"]] == ["例がもう一つほしいです"]
    assert [item["next_step"] for item in ranked] == ["rewrite-section", "review-wording", "none"]
    assert second["title"] == "policies/harassment/"  # no title known: the path, never nothing
    assert last["unclear"] == 0
