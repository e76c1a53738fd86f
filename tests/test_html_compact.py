"""Indentation stripping keeps what renders: preformatted text and inline spacing survive."""

from __future__ import annotations

from kijun.html_compact import strip_indentation


def test_indentation_and_blank_lines_go_but_pre_and_textarea_stay() -> None:
    html = "<div>\n    <p>a</p>\n\n   <pre>  x\n    y</pre>\n  <textarea>\n  keep\n</textarea>\n</div>"
    assert (
        strip_indentation(html)
        == "<div>\n<p>a</p>\n<pre>  x\n    y</pre>\n<textarea>\n  keep\n</textarea>\n</div>"
    )


def test_lines_are_never_joined_so_inline_spacing_is_kept() -> None:
    assert strip_indentation("<a>x</a>\n    <a>y</a>") == "<a>x</a>\n<a>y</a>"
