"""YAML loading with precise error locations (file, line, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kijun.sourcefile import SourceValidationError, format_field, load_yaml, schema_errors

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "items"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z]+$"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "count": {"type": "integer"}},
            },
        },
    },
}


def write(tmp_path: Path, text: str | bytes) -> Path:
    file = tmp_path / "data.yml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    return file


def only_error(exc: pytest.ExceptionInfo[SourceValidationError]):
    [error] = exc.value.errors
    return error


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    file = write(tmp_path, "id: a\nitems:\n  - name: [unclosed\n")
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    error = only_error(exc)
    assert (error.file, error.line) == (file, 4)
    assert "YAML syntax error" in str(error)
    assert str(error).startswith(f"{file}:4:")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    file = write(tmp_path, "id: a\nitems: []\nid: b\n")
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    error = only_error(exc)
    assert (error.line, error.field, error.message) == (3, "id", "duplicate key")


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    file = write(tmp_path, b"id: a\nitems:\n  - name: " + "返金".encode("shift_jis") + b"\n")
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    error = only_error(exc)
    assert error.line == 3
    assert "UTF-8" in error.message


def test_python_tags_are_refused(tmp_path: Path) -> None:
    file = write(tmp_path, "id: !!python/object/apply:os.system ['echo owned']\n")
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    assert only_error(exc).line == 1


def test_unknown_field_points_at_its_line(tmp_path: Path) -> None:
    document = load_yaml(write(tmp_path, "id: a\nitems:\n  - name: x\n    colour: red\n"))
    [error] = schema_errors(document, SCHEMA)
    assert (error.line, error.field) == (4, "items[0].colour")
    assert "unknown field" in error.message


def test_missing_field_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    document = load_yaml(write(tmp_path, "id: a\nitems:\n  - name: x\n  - count: 2\n"))
    [error] = schema_errors(document, SCHEMA)
    assert (error.line, error.field, error.message) == (4, "items[1].name", "missing (required)")


def test_wrong_type_points_at_the_value(tmp_path: Path) -> None:
    document = load_yaml(write(tmp_path, "id: a\nitems:\n  - name: x\n    count: many\n"))
    [error] = schema_errors(document, SCHEMA)
    assert (error.line, error.field) == (4, "items[0].count")
    assert "'many' is not of type 'integer'" in error.message


def test_format_field() -> None:
    assert format_field(("terms", 3, "ja", "definition")) == "terms[3].ja.definition"
    assert format_field(()) == ""
