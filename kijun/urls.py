"""Site URLs in the static-i18n folder layout (English at the root, other languages under /<lang>/)."""

from __future__ import annotations

import posixpath

from kijun.languages import DEFAULT_LANGUAGE


def site_path(language: str, path: str) -> str:
    """``policies/x/`` in ``language``'s tree: ``policies/x/`` for English, ``ja/policies/x/`` for Japanese."""
    return path if language == DEFAULT_LANGUAGE else f"{language}/{path}"


def relative_url(from_page: str, to_page: str) -> str:
    """Relative link from one directory-style page URL (``a/b/``) to another."""
    target = posixpath.relpath("/" + to_page, "/" + from_page)
    return target + "/" if to_page.endswith("/") and not target.endswith("/") else target


def policy_url(from_page: str, language: str, policy: str, anchor: str | None = None) -> str:
    url = relative_url(from_page, site_path(language, f"policies/{policy}/"))
    return f"{url}#{anchor}" if anchor else url


def source_url(source: str) -> str:
    """Directory-style URL of a Markdown source path: ``policies/x.md`` → ``policies/x/``, ``index.md`` → ``""``."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"
