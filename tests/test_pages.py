"""Source pages come in English/Japanese pairs; the core names any page that lacks its counterpart."""

from __future__ import annotations

from pathlib import Path

from conftest import DOCS_DIR, REPO_ROOT
from mkdocs.config import load_config

from kijun.cli import main
from kijun.languages import DEFAULT_LANGUAGE, LANGUAGES
from kijun.pages import scan_pages


def test_core_languages_match_the_i18n_plugin_configuration() -> None:
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    languages = config.plugins["i18n"].config.languages
    assert tuple(lang.locale for lang in languages) == LANGUAGES
    assert [lang.locale for lang in languages if lang.default] == [DEFAULT_LANGUAGE]


def test_every_starter_page_has_its_counterpart() -> None:
    missing = scan_pages(DOCS_DIR).missing_counterparts()
    assert not missing, "\n".join(item.describe() for item in missing)


def _write(path: Path, text: str = "# Page\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_missing_japanese_page_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "en" / "index.md")
    _write(tmp_path / "ja" / "index.md")
    _write(tmp_path / "en" / "policies" / "spam.md")

    [missing] = scan_pages(tmp_path).missing_counterparts()

    assert (missing.language, str(missing.path)) == ("ja", "policies/spam.md")
    message = missing.describe()
    assert str(tmp_path / "ja" / "policies" / "spam.md") in message
    assert str(tmp_path / "en" / "policies" / "spam.md") in message


def test_a_missing_english_page_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "ja" / "glossary.md")
    _write(tmp_path / "en" / "index.md")
    _write(tmp_path / "ja" / "index.md")

    assert [(m.language, str(m.path)) for m in scan_pages(tmp_path).missing_counterparts()] == [
        ("en", "glossary.md")
    ]


def test_check_pages_command_fails_and_names_the_file(tmp_path: Path, capsys) -> None:
    _write(tmp_path / "en" / "index.md")
    _write(tmp_path / "ja" / "index.md")
    assert main(["check-pages", "--docs-dir", str(tmp_path)]) == 0

    _write(tmp_path / "en" / "faq.md")
    assert main(["check-pages", "--docs-dir", str(tmp_path)]) == 1
    assert str(tmp_path / "ja" / "faq.md") in capsys.readouterr().err
