"""Load the JSON Schemas that sit beside the YAML they describe."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from kijun.background import fork_if_large, map_in_halves
from kijun.languages import registry
from kijun.sourcefile import SourceError, SourceValidationError, YamlDocument, load_yaml, schema_errors


def load_schema(path: Path) -> dict[str, Any]:
    """The schema at ``path``, its language keys completed from the repository's language registry."""
    languages = registry(path.resolve().parent.parent)  # glossary/ or quizzes/ -> the repository
    return _load_schema(path, languages.source.code, languages.codes)


@cache
def _load_schema(path: Path, source: str, codes: tuple[str, ...]) -> dict[str, Any]:
    return with_languages(json.loads(path.read_text(encoding="utf-8")), source, codes)


def with_languages(schema: Any, source: str, codes: tuple[str, ...]) -> Any:
    """Allow every configured language wherever a schema lists the source language's key.

    A schema file spells out the languages the project requires (``required``); a language added to
    ``mkdocs.yml`` later is allowed with the source language's rules but never required, so its translations can
    arrive one at a time while the rest falls back to English. An ``enum`` of language codes becomes the list of
    configured languages (the only enums holding a language code are lists of languages)."""
    if isinstance(schema, list):
        return [with_languages(item, source, codes) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: with_languages(value, source, codes) for key, value in schema.items()}
    properties = result.get("properties")
    if isinstance(properties, dict) and source in properties:
        rule = {key: value for key, value in properties[source].items() if key != "description"}
        result["properties"] = properties | {code: rule for code in codes if code not in properties}
    enum = result.get("enum")
    if isinstance(enum, list) and source in enum:
        result["enum"] = list(codes)
    return result


def schemas_in(folder: Path) -> dict[str, dict[str, Any]]:
    """The schemas in ``folder`` by file name and ``$id``: what a relative ``$ref`` (``case.schema.json#/...``)
    points at."""
    schemas = {}
    for file in sorted(folder.glob("*.schema.json")):
        schema = load_schema(file)
        schemas[file.name] = schemas[schema.get("$id", file.name)] = schema
    return schemas


# Below this many bytes of YAML a folder is parsed in this process alone: a second process costs a few
# milliseconds to start and to send its documents back (about as long as parsing 100 KB takes), so it pays only
# when each half is several times that.
def load_folder(folder: Path, schema_file: str) -> tuple[list[YamlDocument], list[SourceError]]:
    """Load every ``*.yml`` in ``folder`` and check it against ``schema_file`` (next to the folder).

    Returns the documents that passed and the errors of those that did not, so one run reports every file. A large
    folder is parsed half in a second process (:mod:`kijun.background`): parsing is most of a large build's load.
    """
    schema = load_schema(folder.parent / schema_file)
    references = schemas_in(folder.parent)
    repository = folder.parent.parent  # quizzes/<kind>/ -> the repository
    files = sorted(folder.glob("*.yml"))

    def checked(file: Path) -> tuple[YamlDocument | None, list[SourceError]]:
        try:
            document = load_yaml(file, repository=repository)
        except SourceValidationError as exc:
            return None, exc.errors
        found = schema_errors(document, schema, references)
        return (None if found else document), found

    documents: list[YamlDocument] = []
    errors: list[SourceError] = []
    for document, found in map_in_halves(checked, files, fork=fork_if_large(files)):
        errors += found
        if document is not None:
            documents.append(document)
    return documents, errors
