"""The languages Kijun publishes, and where each one's pages live."""

from __future__ import annotations

from pathlib import Path

DEFAULT_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = ("en", "ja")


def language_dir(docs_dir: Path, language: str) -> Path:
    """Return the folder holding ``language``'s Markdown pages (folder layout: ``docs/<lang>/``)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return docs_dir / language
