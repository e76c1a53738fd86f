"""Load the JSON Schemas that sit beside the YAML they describe."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource

from kijun.sourcefile import SourceError, SourceValidationError, YamlDocument, load_yaml, schema_errors


@cache
def load_schema(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def registry_for(folder: Path) -> Registry:
    """A registry resolving relative ``$ref``s (``case.schema.json#/...``) to the schemas in ``folder``."""
    resources = []
    for file in sorted(folder.glob("*.schema.json")):
        schema = load_schema(file)
        resource = Resource.from_contents(schema)
        resources += [(file.name, resource), (schema.get("$id", file.name), resource)]
    return Registry().with_resources(resources)


def load_folder(folder: Path, schema_file: str) -> tuple[list[YamlDocument], list[SourceError]]:
    """Load every ``*.yml`` in ``folder`` and check it against ``schema_file`` (next to the folder).

    Returns the documents that passed and the errors of those that did not, so one run reports every file.
    """
    schema = load_schema(folder.parent / schema_file)
    registry = registry_for(folder.parent)
    documents: list[YamlDocument] = []
    errors: list[SourceError] = []
    for file in sorted(folder.glob("*.yml")):
        try:
            document = load_yaml(file, repository=folder.parent.parent)  # quizzes/<kind>/ -> the repository
        except SourceValidationError as exc:
            errors += exc.errors
            continue
        found = schema_errors(document, schema, registry)
        errors += found
        if not found:
            documents.append(document)
    return documents, errors
