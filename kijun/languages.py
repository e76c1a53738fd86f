"""The languages Kijun publishes: one source language (English) and its target languages.

The list is read from one place, the i18n plugin's ``languages`` in ``mkdocs.yml``: mkdocs-static-i18n needs that
list anyway to build each language and its switcher, so a second list (a ``languages.yml`` or a tuple here) could
only drift from it. What MkDocs does not know about a language, how it writes a date, is :data:`DATE_FORMATS`
below; a language without an entry writes dates as the source language does.

Adding a language is therefore configuration and content: an entry under the i18n plugin (and, optionally, its
``lunr`` code under the search plugin and a ``DATE_FORMATS`` line here). Every text Kijun keeps per language is a
:class:`Localized` mapping, so a target language without a translation of a term, action label, case or interface
string reads the source language's text, as static-i18n serves the English page for a page not yet translated.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

CONFIG_FILE = "mkdocs.yml"
SOURCE_FALLBACK = "en"  # the source language when a folder has no i18n configuration at all

DATE_FORMATS: dict[str, str] = {
    "en": "{day} {month_name} {year}",
    "ja": "{year}年{month}月{day}日",
}
"""``str.format`` patterns (``day``, ``month``, ``month_name``, ``year``) by language code."""

ENGLISH_NAMES: dict[str, str] = {"en": "English", "ja": "Japanese"}
"""Language names in author-facing messages ("missing Japanese translation"); others are named by their code."""

WITHOUT_SPACES: frozenset[str] = frozenset({"ja", "zh"})
"""Languages written without spaces between words: a phrase is found anywhere in a text (no word boundaries),
and a line wrapped in the source joins the next with nothing."""


def english_name(code: str) -> str:
    return ENGLISH_NAMES.get(code, code)


def words_spaced(code: str) -> bool:
    return code not in WITHOUT_SPACES


def phrase_pattern(phrase: str, code: str) -> re.Pattern[str]:
    """How a name or term is found in text of language ``code``: as a whole word, in any case, where words are
    spaced; anywhere, as written, where they are not."""
    if not words_spaced(code):
        return re.compile(re.escape(phrase))
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Language:
    """One published language: its code (the ``docs/<code>/`` folder and the URL prefix) and its own name."""

    code: str
    name: str
    date_pattern: str

    def format_date(self, date: dt.date) -> str:
        return self.date_pattern.format(
            day=date.day, month=date.month, month_name=f"{date:%B}", year=date.year
        )


@dataclass(frozen=True)
class Registry:
    """The source language and the target languages translated from it, in configuration order."""

    source: Language
    targets: tuple[Language, ...]

    @property
    def languages(self) -> tuple[Language, ...]:
        return (self.source, *self.targets)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def target_codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.targets)

    def __getitem__(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        raise KeyError(f"unknown language {code!r}; expected one of {', '.join(self.codes)}")


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  (libyaml: 10x faster)
    """A safe loader that reads ``!ENV`` and ``!!python/name:`` values as nothing instead of refusing the file:
    the registry needs only plain keys of ``mkdocs.yml`` and must never import or evaluate anything."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _language(code: str, name: str | None = None) -> Language:
    pattern = DATE_FORMATS.get(code, DATE_FORMATS[SOURCE_FALLBACK])
    return Language(code, name or code, pattern)


def registry_from_config(config: dict[str, Any]) -> Registry:
    """The registry described by a parsed ``mkdocs.yml``: its i18n languages, the ``default: true`` one first."""
    entries: list[dict[str, Any]] = []
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            entries = [entry for entry in plugin["i18n"].get("languages") or [] if isinstance(entry, dict)]
    if not entries:
        return Registry(_language(SOURCE_FALLBACK), ())
    source = next((entry for entry in entries if entry.get("default")), entries[0])
    languages = [_language(str(entry["locale"]), entry.get("name")) for entry in entries]
    first = next(language for language in languages if language.code == str(source["locale"]))
    return Registry(first, tuple(language for language in languages if language is not first))


@functools.lru_cache(maxsize=16)
def _load(config_file: Path, stamp: tuple[int, int]) -> Registry:
    del stamp  # part of the cache key only: an edited mkdocs.yml is read again
    with config_file.open(encoding="utf-8") as stream:
        return registry_from_config(yaml.load(stream, Loader=_ConfigLoader) or {})  # noqa: S506 (safe loader)


PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def registry(root: Path | None = None) -> Registry:
    """The languages of the repository at ``root`` (default: the one this package belongs to).

    A folder without ``mkdocs.yml`` (a test fixture holding only some sources) uses the package's repository."""
    for folder in (root, PACKAGE_ROOT):
        if folder is None:
            continue
        file = (folder / CONFIG_FILE).resolve()
        try:
            stat = file.stat()
        except OSError:
            continue
        return _load(file, (stat.st_mtime_ns, stat.st_size))
    return Registry(_language(SOURCE_FALLBACK), ())


def registry_of_docs(docs_dir: Path) -> Registry:
    """The registry of the repository whose ``docs/`` folder is ``docs_dir``."""
    return registry(docs_dir.parent)


_PACKAGE = registry()
DEFAULT_LANGUAGE: str = _PACKAGE.source.code
"""The source language (kept for existing imports: the source language is the same in every Kijun repository)."""
LANGUAGES: tuple[str, ...] = _PACKAGE.codes
"""This package's repository's languages; code working on another repository asks :func:`registry`."""

T = TypeVar("T")


class Localized(dict[str, T]):
    """Values by language code. A language without its own value reads the source language's: a third language
    falls back to English text exactly as static-i18n falls back to English pages."""

    def __missing__(self, code: str) -> T:
        if code == DEFAULT_LANGUAGE:
            raise KeyError(code)
        return self[DEFAULT_LANGUAGE]


def localized(values: dict[str, T]) -> Localized[T]:
    return values if isinstance(values, Localized) else Localized(values)


def language_dir(docs_dir: Path, language: str) -> Path:
    """Return the folder holding ``language``'s Markdown pages (folder layout: ``docs/<lang>/``)."""
    codes = registry_of_docs(docs_dir).codes
    if language not in codes:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(codes)}")
    return docs_dir / language


def texts_in(item: dict[str, Any], codes: tuple[str, ...]) -> Localized[Any]:
    """The values of ``item`` under the language codes it has (others fall back to the source language)."""
    return Localized({code: item[code] for code in codes if code in item})


def format_date(date: dt.date, code: str) -> str:
    """``date`` as ``code``'s readers write it (the source language's way where the registry has no pattern)."""
    return _language(code).format_date(date)
