"""Hostile text in YAML sources reaches the page as text: tooltips, search results and page data never run it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from conftest import SiteServer, build_site, serve
from playwright.sync_api import Page, expect
from repo_factory import copy_site

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1">'
ALIAS = "<svg onload=window.__xss=2>"
MATRIX_PAYLOAD = '<img src=y onerror="window.__xss=3">'  # in a matrix rule's label and a hand-off's label


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The starter site with a glossary whose 'warning' term carries markup in its definitions and aliases, and a
    refund-abuse matrix whose severe rule and first hand-off carry markup in their labels."""
    root = copy_site(tmp_path_factory.mktemp("hostile-glossary"))
    terms = root / "glossary" / "terms.yml"
    text = terms.read_text(encoding="utf-8")
    text = text.replace(
        'definition: "A formal record that the next breach will lead to a restriction.", aliases: [',
        f"definition: '{PAYLOAD}', aliases: ['{ALIAS}', ",
    ).replace(
        'definition: "次に違反すれば制限を行うことを正式に伝え、記録する措置。", aliases: [',
        f"definition: '{PAYLOAD}', aliases: ['{ALIAS}', ",
    )
    assert text.count(PAYLOAD) == 2
    terms.write_text(text, encoding="utf-8")
    matrix = root / "matrix" / "policies" / "refund-abuse.yml"
    data = yaml.safe_load(matrix.read_text(encoding="utf-8"))
    severe = next(rule for rule in data["rules"] if "severe" in rule)
    for label in (severe["label"], data["hands_off"][0]["label"]):
        for language in label:
            label[language] = f"{MATRIX_PAYLOAD} {label[language]}"
    matrix.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build_site(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as server:
        yield server


@pytest.mark.parametrize(("prefix", "term"), [("", "warning"), ("ja/", "警告")])
def test_glossary_definition_shows_as_text_in_the_tooltip(
    page: Page, hostile_server: SiteServer, prefix: str, term: str
) -> None:
    page.goto(hostile_server.url(f"{prefix}guides/enforcement-ladder/"))
    abbr = page.locator("article abbr", has_text=term).first
    abbr.hover()
    tooltip = page.get_by_role("tooltip").filter(visible=True)
    expect(tooltip).to_have_text(PAYLOAD)  # the markup, shown as characters
    expect(tooltip.locator("img")).to_have_count(0)
    # The title moved to a data attribute: the browser's own tooltip does not show the definition twice.
    expect(abbr).not_to_have_attribute("title", PAYLOAD)
    expect(abbr).to_have_attribute("aria-describedby", "kijun-tooltip")
    page.keyboard.press("Escape")  # dismissable without moving the pointer (WCAG 1.4.13)
    expect(page.get_by_role("tooltip")).to_be_hidden()
    abbr.click()  # a tap (or click) shows it again
    expect(tooltip).to_have_text(PAYLOAD)
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_glossary_alias_found_by_search_does_not_run(
    page: Page, hostile_server: SiteServer, prefix: str
) -> None:
    page.goto(hostile_server.url(prefix))
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.press_sequentially("svg onload")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    expect(page.locator(".md-search-result svg[onload]")).to_have_count(0)
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_matrix_labels_show_as_text_in_rules_severe_list_and_hand_offs(
    page: Page, hostile_server: SiteServer, prefix: str
) -> None:
    page.goto(hostile_server.url(f"{prefix}policies/refund-abuse/"))
    for box in (".kijun-matrix-rules", ".kijun-matrix-severe", ".kijun-hand-offs"):
        expect(page.locator(box)).to_contain_text(MATRIX_PAYLOAD)  # the markup, shown as characters
        expect(page.locator(f"{box} img")).to_have_count(0)
    assert page.evaluate("window.__xss") is None
