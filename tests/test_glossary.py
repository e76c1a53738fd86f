"""The glossary file: validation, rendering and hover definitions."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT

from kijun.glossary import load_glossary
from kijun.glossary_render import render_glossary
from kijun.markdown.glossary_tooltips import GlossaryTooltipExtension
from kijun.paths import GLOSSARY_FILE
from kijun.sourcefile import SourceValidationError

GOOD_TERM = """\
  - id: notice
    group: enforcement
    en: {term: Notice, definition: "First step."}
    ja: {term: 注意喚起, definition: "最初の段階。"}
"""


def glossary_file(tmp_path: Path, terms: str) -> Path:
    shutil.copy(REPO_ROOT / "glossary" / "terms.schema.json", tmp_path)
    file = tmp_path / "terms.yml"
    file.write_text(
        f"groups:\n  - {{id: enforcement, en: Enforcement, ja: 措置}}\nterms:\n{terms}", encoding="utf-8"
    )
    return file


def test_the_starter_glossary_is_valid_and_bilingual() -> None:
    glossary = load_glossary(REPO_ROOT / GLOSSARY_FILE)
    assert len(glossary.terms) >= 40
    assert glossary.term("notice").text["ja"].term == "注意喚起"


@pytest.mark.parametrize(
    ("terms", "line", "field", "message"),
    [
        (GOOD_TERM + GOOD_TERM, 8, "terms[1].id", "duplicate term id 'notice'"),
        (
            GOOD_TERM.replace("group: enforcement", "group: nowhere"),
            5,
            "terms[0].group",
            "unknown group 'nowhere'",
        ),
        (
            GOOD_TERM.replace('    ja: {term: 注意喚起, definition: "最初の段階。"}\n', ""),
            4,
            "terms[0].ja",
            "missing",
        ),
        (GOOD_TERM.replace('definition: "最初の段階。"', "defn: x"), 7, "terms[0].ja.defn", "unknown field"),
        (
            GOOD_TERM.replace('definition: "最初の段階。"', 'definition: "最初の段階。", aliases: ステマ'),
            7,
            "terms[0].ja.aliases",
            "array",
        ),
    ],
)
def test_bad_glossary_entries_are_reported_precisely(
    tmp_path: Path, terms: str, line: int, field: str, message: str
) -> None:
    file = glossary_file(tmp_path, terms)
    with pytest.raises(SourceValidationError) as exc:
        load_glossary(file)
    assert any(
        (e.file, e.line, e.field) == (file, line, field) and message in e.message for e in exc.value.errors
    ), exc.value


def test_rendered_glossary_escapes_text_and_anchors_every_term(tmp_path: Path) -> None:
    file = glossary_file(tmp_path, GOOD_TERM.replace("First step.", "First <script>alert(1)</script> step."))
    rendered = render_glossary(load_glossary(file), "en")
    assert '<span id="notice">Notice</span>' in rendered
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered


def tooltip_html(text: str, terms: dict[str, str], exact_case: tuple[str, ...] = ()) -> str:
    extension = GlossaryTooltipExtension(terms=terms, exact_case=list(exact_case))
    return markdown.Markdown(extensions=[extension]).convert(text)


def test_japanese_terms_get_a_tooltip_without_word_boundaries() -> None:
    html = tooltip_html("講師に警告を送ります。", {"警告": "次は制限。"})
    assert html == '<p>講師に<abbr title="次は制限。">警告</abbr>を送ります。</p>'


def test_only_the_first_occurrence_is_marked_and_spellings_share_one_term() -> None:
    html = tooltip_html("Two notices. Then a notice.", {"notice": "First step.", "notices": "First step."})
    assert html.count("<abbr") == 1
    assert '<abbr title="First step.">notices</abbr>' in html


def test_english_terms_match_whole_words_only() -> None:
    assert "<abbr" not in tooltip_html("Forewarning is not a term.", {"warning": "W."})


def test_headings_code_and_links_are_left_alone() -> None:
    html = tooltip_html("# Warning\n\n`warning` [warning](x.md)\n\nA warning.", {"warning": "W."})
    assert html.count("<abbr") == 1
    assert html.endswith('<p>A <abbr title="W.">warning</abbr>.</p>')


def test_definitions_reach_the_title_attribute_exactly_as_typed() -> None:
    typed = '"><img src=x onerror=alert(1)> & more &lt;b&gt;'
    html = tooltip_html("A warning.", {"warning": typed})
    assert "<img" not in html
    # The attribute's value, as a browser reads it, is the text as typed (kijun.js shows it with textContent).
    assert BeautifulSoup(html, "html.parser").abbr["title"] == typed


def test_names_match_only_as_written() -> None:
    html = tooltip_html("A legal duty. Ask Legal.", {"Legal": "The legal team."}, exact_case=("Legal",))
    assert html == '<p>A legal duty. Ask <abbr title="The legal team.">Legal</abbr>.</p>'


def test_everyday_words_can_opt_out_of_tooltips() -> None:
    glossary = load_glossary(REPO_ROOT / GLOSSARY_FILE)
    english = glossary.tooltips("en")
    assert "Minor" not in english
    assert "minors" in english
    assert "Legal" in glossary.exact_case_phrases("en")


def test_the_longest_phrase_wins_among_phrases_with_the_same_first_letter() -> None:
    terms = {"review": "R.", "review bombing": "RB.", "Review Board": "Board.", "refund": "F."}
    html = tooltip_html("Review bombing hit it. The Review Board met. A refund.", terms, ("Review Board",))
    assert '<abbr title="RB.">Review bombing</abbr>' in html
    assert '<abbr title="Board.">Review Board</abbr>' in html
    assert '<abbr title="F.">refund</abbr>' in html
    assert '<abbr title="R.">' not in html  # "review" alone is never the longest match here


def test_a_name_and_a_word_with_the_same_first_letter_keep_their_own_case_rules() -> None:
    terms = {"Legal": "The legal team.", "listing": "A course page."}
    html = tooltip_html("A legal LISTING. Ask Legal.", terms, ("Legal",))
    assert html == (
        '<p>A legal <abbr title="A course page.">LISTING</abbr>. Ask <abbr title="The legal team.">Legal</abbr>.</p>'
    )
