"""Interface strings Kijun adds to pages, in every published language."""

from __future__ import annotations

from kijun.languages import LANGUAGES

UI_TEXT: dict[str, dict[str, str]] = {
    "permalink_title": {"en": "Link to this section", "ja": "この見出しへのリンク"},
    "meta_label": {"en": "Policy details", "ja": "ポリシー情報"},
    "meta_policy_id": {"en": "Policy ID", "ja": "ポリシーID"},
    "meta_version": {"en": "Version", "ja": "版"},
    "meta_owner": {"en": "Owner", "ja": "担当"},
    "meta_effective": {"en": "Effective", "ja": "施行日"},
    "meta_last_reviewed": {"en": "Last reviewed", "ja": "最終確認日"},
    "index_policy": {"en": "Policy", "ja": "ポリシー"},
    "index_decides": {"en": "What it decides", "ja": "定めている内容"},
    "glossary_term": {"en": "English", "ja": "日本語"},
    "glossary_other_term": {"en": "Japanese", "ja": "英語"},
    "glossary_meaning": {"en": "Meaning", "ja": "意味"},
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
