"""Policy articles: front matter and template sections are checked, errors name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, BuiltSite

from kijun.confirmation_render import CollectorSettingError, collector_address, confirmation_form
from kijun.handbook import Handbook
from kijun.pages import scan_pages
from kijun.policies import REQUIRED_SECTIONS, check_policy_articles
from kijun.policy_render import render_meta_block
from kijun.sourcefile import SourceValidationError

TEAMS = {"legal", "trust-safety-policy"}
FRONT_MATTER = """\
---
title: Spam
description: How we decide whether announcements and messages are spam.
policy_id: POL-SPM
area: reviews-and-promotion
owner: legal
effective: 2026-04-01
last_reviewed: 2026-10-15
review_interval_days: 180
version: "1.0"
---
"""
BODY = "# Spam\n\n" + "".join(f"## Section {{#{section}}}\n\nText.\n\n" for section in REQUIRED_SECTIONS)


def make_docs(tmp_path: Path, en: str = FRONT_MATTER + BODY, ja: str = FRONT_MATTER + BODY) -> Path:
    for language, text in (("en", en), ("ja", ja)):
        folder = tmp_path / language / "policies"
        folder.mkdir(parents=True)
        (folder / "spam.md").write_text(text, encoding="utf-8")
        (folder / "index.md").write_text("# Policies\n", encoding="utf-8")
    return tmp_path


def errors_for(docs: Path) -> list:
    with pytest.raises(SourceValidationError) as exc:
        check_policy_articles(scan_pages(docs), TEAMS)
    return exc.value.errors


def test_a_complete_article_pair_passes(tmp_path: Path) -> None:
    metas = check_policy_articles(scan_pages(make_docs(tmp_path)), TEAMS)
    assert {meta.policy_id for meta in metas.values()} == {"POL-SPM"}
    assert len(metas) == 2


def test_missing_front_matter_field_is_named(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, en=FRONT_MATTER.replace("owner: legal\n", "") + BODY)
    [error] = errors_for(docs)
    assert (error.file.name, error.field, error.message) == ("spam.md", "owner", "missing (required)")
    assert "/en/" in str(error.file)


@pytest.mark.parametrize(
    ("keywords", "message"), [("keywords: 外部決済", "array"), ("keywords: [PayPal, PayPal]", "non-unique")]
)
def test_search_keywords_are_a_list_of_distinct_words(tmp_path: Path, keywords: str, message: str) -> None:
    docs = make_docs(
        tmp_path, ja=FRONT_MATTER.replace('version: "1.0"', f'version: "1.0"\n{keywords}') + BODY
    )
    [error] = errors_for(docs)
    assert (error.line, error.field) == (11, "keywords")
    assert message in error.message


def test_malformed_date_points_at_its_line(tmp_path: Path) -> None:
    docs = make_docs(
        tmp_path, ja=FRONT_MATTER.replace("effective: 2026-04-01", "effective: 2026/04/01") + BODY
    )
    [error] = errors_for(docs)
    assert (error.line, error.field) == (7, "effective")
    assert "/ja/" in str(error.file)


def test_unknown_owner_is_rejected(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, en=FRONT_MATTER.replace("owner: legal", "owner: marketing") + BODY)
    assert any(e.field == "owner" and "unknown team 'marketing'" in e.message for e in errors_for(docs))


def test_japanese_policy_id_must_match_the_english_one(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, ja=FRONT_MATTER.replace("POL-SPM", "POL-SPA") + BODY)
    [error] = errors_for(docs)
    assert (error.field, error.line) == ("policy_id", 4)
    assert "differs from the English page" in error.message


def test_missing_section_is_named(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, ja=FRONT_MATTER + BODY.replace("## Section {#grey-areas}", "## Section"))
    [error] = errors_for(docs)
    assert (error.field, error.message) == ("sections", "missing section {#grey-areas}")


def test_sections_out_of_order_point_at_the_first_misplaced_heading(tmp_path: Path) -> None:
    body = (
        BODY.replace("{#purpose}", "{#tmp}").replace("{#scope}", "{#purpose}").replace("{#tmp}", "{#scope}")
    )
    [error] = errors_for(make_docs(tmp_path, en=FRONT_MATTER + body))
    assert error.field == "sections"
    assert error.line == FRONT_MATTER.count("\n") + 3  # the first '##' heading


def test_headings_inside_code_blocks_do_not_count(tmp_path: Path) -> None:
    body = BODY.replace("## Section {#change-log}", "```\n## Section {#change-log}\n```")
    assert (
        errors_for(make_docs(tmp_path, en=FRONT_MATTER + body))[0].message == "missing section {#change-log}"
    )


def test_metadata_block_is_localised_and_escaped(tmp_path: Path) -> None:
    [meta, _] = check_policy_articles(scan_pages(make_docs(tmp_path)), TEAMS).values()
    ja = render_meta_block(meta, "法務<b>", "ja")
    assert "2026年4月1日" in ja
    assert "最終確認日" in ja
    assert "法務&lt;b&gt;" in ja
    assert "1 April 2026" in render_meta_block(meta, "Legal", "en")


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path: Path) -> None:
    """Nested aliases would expand to gigabytes when their lines are recorded; the bounded loader refuses the
    first anchor, naming the file line, before anything is expanded."""
    bomb = "".join(
        f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}, *l{n - 1}, *l{n - 1}, *l{n - 1}]\n" for n in range(1, 30)
    )
    hostile = FRONT_MATTER.replace('version: "1.0"\n', 'version: "1.0"\nl0: &l0 "lol"\n' + bomb)
    [error] = errors_for(make_docs(tmp_path, en=hostile))
    assert error.file.name == "spam.md"
    assert error.line == FRONT_MATTER.count("\n")  # the line after `version`, where the first anchor is
    assert "anchors and aliases" in error.message


def test_front_matter_that_is_not_a_mapping_names_the_file(tmp_path: Path) -> None:
    [error] = errors_for(make_docs(tmp_path, ja="---\n- a list\n---\n" + BODY))
    assert (error.file.parent.parent.name, error.line, error.field) == ("ja", 2, "front matter")


def test_no_article_asks_for_confirmation_without_a_collector(built_site: BuiltSite) -> None:
    """The starter configures no collector: the article with confirm_by shows neither notice nor form."""
    page = built_site.soup("policies/welfare-crisis/")
    assert page.select("[data-kijun-confirm], [data-kijun-confirm-notice]") == []


@pytest.mark.parametrize(
    "value", ["collector.example.com", "javascript:alert(1)", 'https://x" onmouseover="y', 3]
)
def test_a_collector_setting_that_is_not_an_address_is_refused(value: object) -> None:
    with pytest.raises(CollectorSettingError, match=r"extra\.collector"):
        collector_address(value)


def test_the_confirmation_form_is_rendered_in_the_page_language_with_escaped_values() -> None:
    meta = next(m for (code, _), m in Handbook(REPO_ROOT).policies.items() if code == "ja" and m.confirm_by)
    form = BeautifulSoup(confirmation_form(meta, "https://c.example", "ja"), "html.parser").form
    assert form["data-endpoint"] == "https://c.example/confirmations"
    assert form.has_attr("hidden")
    assert form.button.get_text() == f"{meta.version}版を読みました"
    assert collector_address("https://c.example/") == "https://c.example"
