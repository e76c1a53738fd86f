"""The small, safe Markdown subset allowed in case text: emphasis, lists, quotes, code and links.

Raw HTML is never passed through (it is shown as text), images are not rendered, and links are kept only
for ``http(s):``, ``mailto:`` and the ``policy:`` scheme, which points at a policy article in the page's
language: ``[the grey areas](policy:review-manipulation#grey-areas)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kijun.markdown.cjk_linebreaks import CjkLineBreakExtension

POLICY_SCHEME = "policy:"
# (policy, anchor or None) -> URL of that policy section in the page's language.
PolicyResolver = Callable[[str, "str | None"], str]

_POLICY_LINK = re.compile(r"\]\(\s*policy:(?P<policy>[a-z0-9-]+)(?:#(?P<anchor>[^)\s]+))?\s*\)")
_SAFE_SCHEMES = ("https://", "http://", "mailto:")
_REMOVED_BLOCKS = ("hashheader", "setextheader")
_REMOVED_INLINE = ("html", "image_link", "image_reference", "short_image_ref")


def policy_links(text: str) -> list[tuple[str, str | None]]:
    """The ``policy:`` links in ``text`` as ``(policy, anchor)`` pairs, for validation."""
    return [(m["policy"], m["anchor"]) for m in _POLICY_LINK.finditer(text)]


class _LinkPolicy(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: PolicyResolver) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "").strip()
            if href.startswith(POLICY_SCHEME):
                policy, _, anchor = href.removeprefix(POLICY_SCHEME).partition("#")
                link.set("href", self.resolve(policy, anchor or None))
            elif href.startswith(_SAFE_SCHEMES):
                link.set("rel", "noopener noreferrer")
            else:  # javascript:, data:, relative paths that mean nothing on a generated page
                link.tag = "span"
                link.attrib.clear()


class SafeSubsetExtension(Extension):
    def __init__(self, resolve: PolicyResolver | None = None) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown API name)
        md.preprocessors.deregister("html_block")
        for name in _REMOVED_BLOCKS:
            md.parser.blockprocessors.deregister(name)
        for name in _REMOVED_INLINE:
            md.inlinePatterns.deregister(name)
        md.treeprocessors.register(
            _LinkPolicy(md, lambda policy, anchor: self.resolve(policy, anchor)), "kijun_link_policy", 1
        )


_converter: tuple[markdown.Markdown, SafeSubsetExtension] | None = None


def render_safe_markdown(text: str, resolve: PolicyResolver) -> str:
    """Render author text to HTML in which no author-supplied tag or attribute survives.

    One converter is built and reused (``reset`` between texts): building a Markdown instance costs more than
    converting a short scenario, and a large site renders thousands of them.
    """
    global _converter
    if _converter is None:
        subset = SafeSubsetExtension()
        md = markdown.Markdown(
            extensions=[subset, CjkLineBreakExtension(), "sane_lists"], output_format="html"
        )
        _converter = (md, subset)
    md, subset = _converter
    subset.resolve = resolve
    try:
        return md.reset().convert(text)
    finally:
        subset.resolve = None
