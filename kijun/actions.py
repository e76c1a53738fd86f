"""The enforcement actions cases offer as answers (``quizzes/actions.yml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kijun.languages import Registry, registry, texts_in
from kijun.schema import load_schema
from kijun.sourcefile import SourceValidationError, load_yaml, schema_errors


@dataclass(frozen=True)
class Action:
    id: str
    label: dict[str, str]
    severity: int | None  # None: not a step on the ladder (escalate)


def load_actions(file: Path, languages: Registry | None = None) -> dict[str, Action]:
    """Load the action catalogue, in file order (mildest first)."""
    document = load_yaml(file)
    errors = schema_errors(document, load_schema(file.parent / "actions.schema.json"))
    if not errors:
        seen: set[str] = set()
        for index, item in enumerate(document.data["actions"]):
            if item["id"] in seen:
                errors.append(document.error(("actions", index, "id"), f"duplicate action id {item['id']!r}"))
            seen.add(item["id"])
    if errors:
        raise SourceValidationError(errors)
    codes = (languages or registry(file.parent.parent)).codes  # quizzes/actions.yml -> the repository
    return {
        item["id"]: Action(item["id"], texts_in(item, codes), item.get("severity"))
        for item in document.data["actions"]
    }
