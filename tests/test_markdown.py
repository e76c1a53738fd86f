"""Markdown as the site's own configuration renders it: heading ids and Japanese line wraps."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT
from mkdocs.config import load_config

from kijun.frontmatter import content_line, read_front_matter
from kijun.markdown.cjk_linebreaks import join_cjk_lines
from kijun.markers import MarkerError, expand_markers
from kijun.sourcefile import SourceValidationError


@pytest.fixture(scope="module")
def render():
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))

    def to_html(text: str) -> BeautifulSoup:
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return BeautifulSoup(md.convert(text), "html.parser")

    return to_html


def test_japanese_heading_ids_keep_the_heading_text(render) -> None:
    html = render("## インセンティブ付きレビュー\n\n### 返金の不正利用（クーポン）\n")
    assert [h["id"] for h in html.select("h2, h3")] == [
        "インセンティブ付きレビュー",
        "返金の不正利用クーポン",
    ]


def test_repeated_headings_get_unique_readable_ids(render) -> None:
    html = render("## 例\n\n## 例\n\n## Example\n\n## Example\n")
    assert [h["id"] for h in html.select("h2")] == ["例", "例_1", "example", "example_1"]


def test_an_author_pinned_id_wins(render) -> None:
    assert render("## 段階的措置 {#enforcement-ladder}\n").h2["id"] == "enforcement-ladder"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("確認\nします", "確認します"),
        ("。\n「引用」", "。「引用」"),
        ("カタカナー\n漢字", "カタカナー漢字"),
        ("plain\nEnglish", "plain\nEnglish"),
        ("日本語\nEnglish", "日本語English"),
        ("English\n日本語", "English日本語"),
        ("投稿率は\n6%から", "投稿率は6%から"),
    ],
)
def test_join_cjk_lines(source: str, expected: str) -> None:
    assert join_cjk_lines(source) == expected


def test_wrapped_japanese_paragraph_renders_without_a_break_but_code_is_untouched(render) -> None:
    html = render("規約に基づき\n確認しました。\n\n```text\n講師名\n様\n```\n\n`コード\n改行`\n")
    assert html.p.get_text() == "規約に基づき確認しました。"
    assert "講師名\n様" in html.pre.get_text()
    assert "コード\n改行" in html.select("p code")[0].get_text()


def test_breaks_next_to_links_and_emphasis_are_joined(render) -> None:
    html = render(
        "詳しくは[用語集](glossary.md)\nを参照し、**必ず**\n確認してください。\nThen English\nwords.\n"
    )
    assert html.p.get_text() == "詳しくは用語集を参照し、必ず確認してください。Then English\nwords."


def test_one_converter_judges_each_text_afresh_markdown_inside_html_included() -> None:
    """The joins are skipped for a text with no CJK character at all; a reused converter (as MkDocs and the case
    renderer reuse theirs) must decide again for every text, and see the Markdown inside an HTML block."""
    md = markdown.Markdown(extensions=["md_in_html", "kijun.markdown.cjk_linebreaks"])
    texts = [
        ("Plain\nEnglish.", "Plain\nEnglish."),
        ('<div markdown="1">\n規約に基づき\n確認しました。\n</div>', "規約に基づき確認しました。"),
        ("Still\nEnglish.", "Still\nEnglish."),
        ("確認\nします", "確認します"),
    ]
    for source, expected in texts:
        assert BeautifulSoup(md.reset().convert(source), "html.parser").get_text().strip() == expected


def test_a_marker_error_names_file_and_line_and_a_bug_is_not_dressed_as_one() -> None:
    def case(args: list[str]) -> str:
        raise MarkerError(f"unknown case {args[0]!r}")

    def broken(_args: list[str]) -> str:
        return {}["missing"]  # a programming error inside an expander

    page = "# Title\n\n<!-- kijun:case NOPE-001 -->\n"
    with pytest.raises(SourceValidationError) as exc:
        expand_markers(page, {"case": case}, Path("guide.md"), first_line=5)
    [error] = exc.value.errors
    assert (error.line, error.field, error.message) == (7, "kijun:case", "unknown case 'NOPE-001'")
    with pytest.raises(KeyError):
        expand_markers(page.replace("case", "broken"), {"broken": broken}, Path("guide.md"))


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n\nBody\n",
        "\n\n# Title after blank lines\n",
        "---\ntitle: T\n---\n# Title\n",
        "---\ntitle: T\ntags: [a, b]\n---\n\n\n# Title\n",
        "---\n---\n\nBody\n",
        "---\ntitle: T\n---\n",
        "---\r\ntitle: T\r\n---\r\n\r\n# Title\r\n",
    ],
    ids=["none", "blank lines", "front matter", "blank lines after", "empty front matter", "no body", "CRLF"],
)
def test_the_content_line_is_counted_alike_with_and_without_reading_the_front_matter(
    tmp_path: Path, text: str
) -> None:
    """The marker hook numbers lines without parsing the YAML; it must land where the parsed page says."""
    page = tmp_path / "page.md"
    page.write_bytes(text.encode("utf-8"))
    assert content_line(page) == read_front_matter(page).content_line
