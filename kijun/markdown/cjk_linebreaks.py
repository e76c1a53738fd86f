"""Drop source line breaks between two CJK characters.

Authors wrap long Japanese paragraphs in the Markdown source. Browsers render a line break inside a
paragraph as a space, which is wrong between Japanese characters ("確認 します"). This extension removes
such breaks after inline parsing, leaving code, preformatted text and breaks next to Latin text alone.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# Hiragana, katakana (incl. the prolonged sound mark), CJK ideographs, CJK punctuation and full-width forms.
_CJK = r"\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_SKIP_TAGS = frozenset({"pre", "code", "script", "style"})


def join_cjk_lines(text: str) -> str:
    """Return ``text`` without the line breaks that sit between two CJK characters."""
    return _BREAK_BETWEEN_CJK.sub("", text)


class CjkLineBreakTreeprocessor(Treeprocessor):
    """Apply :func:`join_cjk_lines` to the text of every element outside code."""

    def run(self, root: Element) -> None:
        self._walk(root)

    def _walk(self, element: Element) -> None:
        for child in element:
            if child.tag not in _SKIP_TAGS:
                if child.text:
                    child.text = join_cjk_lines(child.text)
                self._walk(child)
            if child.tail:
                child.tail = join_cjk_lines(child.tail)


class CjkLineBreakExtension(Extension):
    """Register the tree processor after inline parsing (priority 20) has produced the final text."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API name)
        md.treeprocessors.register(CjkLineBreakTreeprocessor(md), "kijun_cjk_linebreaks", 5)


def makeExtension(**kwargs: object) -> CjkLineBreakExtension:  # noqa: N802 (Python-Markdown API name)
    return CjkLineBreakExtension(**kwargs)
