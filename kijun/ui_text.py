"""Interface strings Kijun adds to pages, in every published language."""

from __future__ import annotations

from kijun.languages import LANGUAGES

UI_TEXT: dict[str, dict[str, str]] = {
    "permalink_title": {"en": "Link to this section", "ja": "この見出しへのリンク"},
}


def ui_text(key: str, language: str) -> str:
    """Return the interface string ``key`` in ``language``."""
    try:
        return UI_TEXT[key][language]
    except KeyError:
        raise KeyError(f"no interface text {key!r} for language {language!r}") from None


def missing_ui_text() -> list[tuple[str, str]]:
    """List (key, language) pairs that have no string, so a test can keep the table complete."""
    return [(key, lang) for key, texts in UI_TEXT.items() for lang in LANGUAGES if not texts.get(lang)]
