"""Drop source line breaks next to Japanese text.

Authors wrap long Japanese paragraphs in the Markdown source. Browsers render a line break inside a
paragraph as a space, which is wrong in Japanese ("確認 します", "投稿率は 6%"). This extension removes
breaks with a CJK character on either side, after inline parsing, leaving code, preformatted text and
breaks between two Latin words alone.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# Hiragana, katakana (incl. the prolonged sound mark), CJK ideographs, CJK punctuation and full-width forms.
_CJK = r"\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A break with Japanese on at least one side: Japanese text takes no space before or after a break, also
# next to numbers and Latin words ("投稿率は\n6%" reads 投稿率は6%).
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=\S)|(?<=\S)[ \t]*\n[ \t]*(?=[{_CJK}])")
_ANY_CJK = re.compile(rf"[{_CJK}]")
_SKIP_TAGS = frozenset({"pre", "code", "script", "style"})


def join_cjk_lines(text: str) -> str:
    """Return ``text`` without the line breaks that have a CJK character on either side."""
    return _BREAK_BETWEEN_CJK.sub("", text)


class CjkLineBreakTreeprocessor(Treeprocessor):
    """Apply :func:`join_cjk_lines` across the whole text flow, including breaks next to inline elements.

    A break can sit at the edge of a text node (``…を参照</a>\nしてください``), so each piece of text is
    judged together with the last character before it and the first character after it.
    """

    has_cjk = True  # set per text by :class:`CjkPresence`

    def run(self, root: Element) -> None:
        if not self.has_cjk:
            return
        segments: list[tuple[Element, str] | None] = []  # None marks code: text never joins across it
        self._collect(root, segments, is_root=True)
        for index, segment in enumerate(segments):
            if segment is None:
                continue
            element, attribute = segment
            text = getattr(element, attribute)
            if "\n" not in text:
                continue  # a break to drop lies inside the text: its neighbours are single characters
            before = _neighbour_char(segments, index, -1)
            after = _neighbour_char(segments, index, +1)
            joined = join_cjk_lines(before + text + after)
            setattr(element, attribute, joined[len(before) : len(joined) - len(after)])

    def _collect(self, element: Element, segments: list, is_root: bool = False) -> None:
        if not is_root and element.tag in _SKIP_TAGS:
            segments.append(None)
        else:
            if element.text:
                segments.append((element, "text"))
            for child in element:
                self._collect(child, segments)
        if not is_root and element.tail:
            segments.append((element, "tail"))


def _neighbour_char(segments: list, index: int, step: int) -> str:
    """The nearest character before (step -1) or after (step +1) segment ``index``, stopping at code."""
    position = index + step
    while 0 <= position < len(segments):
        segment = segments[position]
        if segment is None:
            return ""
        text = getattr(*segment)
        if text:
            return text[-1] if step < 0 else text[0]
        position += step
    return ""


class CjkPresence(Preprocessor):
    """Tell the tree processor whether the text has any CJK character at all: most English pages have none, and
    then no break can need joining (a third of the extension's time on the starter site went to them)."""

    def __init__(self, md: Markdown, joiner: CjkLineBreakTreeprocessor) -> None:
        super().__init__(md)
        self.joiner = joiner

    def run(self, lines: list[str]) -> list[str]:
        self.joiner.has_cjk = any(_ANY_CJK.search(line) for line in lines)
        return lines


class CjkLineBreakExtension(Extension):
    """Run after inline parsing (20) has produced the final text, and before glossary tooltips (7) look for terms."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API name)
        joiner = CjkLineBreakTreeprocessor(md)
        # Before raw HTML blocks are set aside (20): Markdown inside them (md_in_html) reaches the tree too.
        md.preprocessors.register(CjkPresence(md, joiner), "kijun_cjk_presence", 25)
        md.treeprocessors.register(joiner, "kijun_cjk_linebreaks", 8)


def makeExtension(**kwargs: object) -> CjkLineBreakExtension:  # noqa: N802 (Python-Markdown API name)
    return CjkLineBreakExtension(**kwargs)
