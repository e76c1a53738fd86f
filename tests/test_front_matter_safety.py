"""What reaches a page from front matter: read through the bounded loader before MkDocs reads any page, and a
title or description shown as the characters typed wherever the theme prints it."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site
from repo_factory import copy_site

pytestmark = pytest.mark.slow  # each builds its own site

TITLE = {
    "en": '<img src=x onerror="window.__xss=5"> Refund & coupon abuse',
    "ja": "<script>window.__xss=6</script>返金",
}
DESCRIPTION = '<svg onload="window.__xss=7">'


def set_front_matter(page: Path, key: str, value: str) -> None:
    text = page.read_text(encoding="utf-8")
    quoted = value.replace("'", "''")
    page.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: '{quoted}'", text, count=1), encoding="utf-8")


def test_hostile_titles_and_descriptions_show_as_text_on_every_page(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    for language in ("en", "ja"):
        article = root / "docs" / language / "policies" / "refund-abuse.md"
        set_front_matter(article, "title", TITLE[language])
        set_front_matter(article, "description", DESCRIPTION)
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    shown = 0
    for file in (tmp_path / "site").rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        handlers = [
            (tag.name, name) for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")
        ]
        assert handlers == [], file
        assert not [s for s in page.find_all("script") if "__xss" in (s.string or "")], file
        shown += any(TITLE["en"] in link.get_text() for link in page.select("nav a"))
    assert shown > 20  # the navigation of (nearly) every English page names the article, as typed
    for prefix, language in (("", "en"), ("ja/", "ja")):
        page = BeautifulSoup(
            (tmp_path / "site" / prefix / "policies/refund-abuse/index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        assert page.title.get_text().startswith(TITLE[language])
        assert page.select_one('meta[name="description"]')["content"] == DESCRIPTION
        footer_labels = [a.get("aria-label", "") for a in page.select(".md-footer__link")]
        assert not [label for label in footer_labels if "&amp;" in label or "&lt;" in label]


def test_an_alias_bomb_in_a_guide_fails_the_build_at_once(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    bomb = "".join(
        f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}, *l{n - 1}, *l{n - 1}, *l{n - 1}]\n" for n in range(1, 30)
    )
    guide = root / "docs" / "en" / "guides" / "boundaries.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("---\n", '---\nl0: &l0 "lol"\n' + bomb, 1), encoding="utf-8")
    start = time.monotonic()
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    assert time.monotonic() - start < 120  # refused before anything expands (the bomb took minutes and 6 GB)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "docs/en/guides/boundaries.md:2: front matter: YAML anchors and aliases" in result.stderr


def test_a_title_that_is_not_text_names_file_line_and_field(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    guide = root / "docs" / "ja" / "guides" / "boundaries.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(re.sub(r"(?m)^title: .*$", "title: [a, list]", text, count=1), encoding="utf-8")
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("title:"))
    assert f"docs/ja/guides/boundaries.md:{line}: title: must be text" in result.stderr
    assert "Traceback" not in result.stderr
