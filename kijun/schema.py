"""Load the JSON Schemas that sit beside the YAML they describe."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource


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
