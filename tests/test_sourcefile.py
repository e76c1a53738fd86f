"""YAML loading with precise error locations (file, line, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kijun.sourcefile import SourceError, SourceValidationError, format_field, load_yaml, schema_errors

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


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


def test_alias_bombs_are_refused_at_parse_time_naming_file_and_line(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be 9^10 items; the loader refuses the first anchor instead."""
    file = write(tmp_path, "id: a\n" + BILLION_LAUGHS)
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    error = only_error(exc)
    assert (error.file, error.line) == (file, 2)
    assert "anchors and aliases" in error.message


def test_a_lone_anchor_is_refused_too(tmp_path: Path) -> None:
    file = write(tmp_path, "id: a\nitems:\n  - &first {name: x}\n")
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    assert only_error(exc).line == 3


@pytest.mark.parametrize(
    ("raw", "line", "column"), [(b"id: a\nitems: [\x00]\n", 2, 9), (b"id: a\x1b\n", 1, 6)]
)
def test_control_characters_name_line_and_column(tmp_path: Path, raw: bytes, line: int, column: int) -> None:
    file = write(tmp_path, raw)
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(file)
    error = only_error(exc)
    assert error.line == line
    assert f"column {column}" in error.message


def test_a_link_to_a_file_outside_the_repository_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("password: hunter2\n", encoding="utf-8")
    repository = tmp_path / "repo"
    (repository / "quizzes").mkdir(parents=True)
    (repository / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    link = repository / "quizzes" / "case.yml"
    link.symlink_to(secret)
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(link)
    error = only_error(exc)
    assert "outside the repository" in error.message
    assert "hunter2" not in str(exc.value)
    inside = repository / "quizzes" / "real.yml"
    inside.write_text("id: a\n", encoding="utf-8")
    (repository / "quizzes" / "alias.yml").symlink_to(inside)
    assert load_yaml(repository / "quizzes" / "alias.yml").data == {"id": "a"}  # links within it are fine


def test_an_unreadable_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "data.yml"
    folder.mkdir()
    with pytest.raises(SourceValidationError) as exc:
        load_yaml(folder)
    assert "cannot be read" in only_error(exc).message


def test_messages_quoting_huge_values_are_cut_short(tmp_path: Path) -> None:
    file = write(tmp_path, f"id: {'X' * 120_000}\nitems: []\n")
    errors = schema_errors(load_yaml(file), SCHEMA)
    assert errors
    assert all(len(str(error)) < 400 for error in errors)
    error = SourceError(file, 1, "scenario", "x" * 120_000)
    assert len(error.message) < 260
    assert "120,000 characters" in error.message
