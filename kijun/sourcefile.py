"""Load YAML source files safely, keeping the line of every key so errors can point at it.

Only PyYAML's safe constructors are used. Errors carry file, line and field, and are collected so an
author sees every problem in one run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
import yaml

from kijun.languages import LANGUAGES, english_name

if TYPE_CHECKING:
    import jsonschema

FieldPath = tuple[str | int, ...]


MAX_MESSAGE = 240  # characters: a message quoting a 120,000-character value must not flood the CI log


@dataclass(frozen=True)
class SourceError:
    """One problem in an author's file, located precisely enough to fix without searching."""

    file: Path
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE:
            shortened = f"{self.message[:200]}… ({len(self.message):,} characters in all)"
            object.__setattr__(self, "message", shortened)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class SourceValidationError(Exception):
    """Raised with every :class:`SourceError` found, sorted by file and line."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.file), e.line, e.field))
        super().__init__("\n".join(str(e) for e in self.errors))


def format_field(path: Sequence[str | int]) -> str:
    """Render a field path as authors read it: ``terms[3].ja.definition``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class YamlDocument:
    """Parsed YAML data plus the line of each mapping key and sequence item."""

    file: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int:
        """Line of the deepest known ancestor of ``path`` (1-based)."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: Sequence[str | int], message: str) -> SourceError:
        return SourceError(self.file, self.line_of(path), format_field(path), message)


# libyaml's C parser when PyYAML has it (the wheels do), the pure-Python one otherwise.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StringDateLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader, except that ISO dates stay strings: schemas check their shape, and authors see
    what they typed rather than a ``datetime.date``."""


StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with dates kept as strings."""
    return yaml.load(text, Loader=StringDateLoader)  # noqa: S506 (StringDateLoader is a SafeLoader)


def construct(node: yaml.Node | None) -> Any:
    """Build plain data from an already composed node (safe constructors only), so text is parsed once."""
    if node is None:
        return None
    return StringDateLoader("").construct_document(node)


# Control characters other than tab, line feed and carriage return: never meant, and PyYAML's reader stops at them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REPOSITORY_MARKERS = ("mkdocs.yml", ".git")


# A build reads every page of a folder, and a repository does not move meanwhile.
@functools.lru_cache(maxsize=1024)
def _repository_of_folder(folder: Path) -> tuple[Path | None, Path | None]:
    """The repository a source folder lies in (the nearest folder with ``mkdocs.yml`` or ``.git``, by its path as
    written, before any link is followed), and that repository with its links resolved."""
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _REPOSITORY_MARKERS):
            return candidate, candidate.resolve()
    return None, None


def _outside(file: Path, repository: Path | None) -> bool:
    """A link (of the file or of a folder on its path) that leads outside the repository."""
    if repository is not None:
        resolved = repository.resolve()
    else:
        repository, resolved = _repository_of_folder(file.absolute().parent)
    return repository is not None and not file.resolve().is_relative_to(resolved)


def read_text(file: Path, repository: Path | None = None) -> str:
    """Read a UTF-8 source file. Every failure is a :class:`SourceValidationError` naming file and line: a link
    leading outside ``repository`` (default: the nearest folder with ``mkdocs.yml`` or ``.git``; refused without
    reading it, so nothing of it reaches a log), an unreadable file, bytes that are not UTF-8, a control
    character."""

    def fail(line: int, message: str) -> SourceValidationError:
        return SourceValidationError([SourceError(file, line, "", message)])

    if _outside(file, repository):
        raise fail(1, "is a link to a file outside the repository; not read (copy the file in instead)")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(1, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    if match := _CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise fail(
            line, f"control character U+{ord(match.group()):04X} at column {column}; remove it"
        ) from None
    return text


# An anchor or alias starts a node: after indentation, a space, a flow indicator or a colon. Anything else with "&"
# or "*" ("Q&A") is text.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])[&*]", re.MULTILINE)


def _reject_anchors(file: Path, text: str, first_line: int, what: str) -> None:
    """Refuse YAML anchors and aliases (``&name``, ``*name``). Sources never need them, and nested aliases can
    expand a small file into gigabytes (a "billion laughs"); the check reads parser events only, so it costs
    little and finishes before anything is expanded."""
    if ("&" not in text and "*" not in text) or not _MAYBE_ANCHOR.search(text):
        return  # no "&" or "*" where a node could begin: no anchor or alias, and no need to parse for them
    for event in yaml.parse(text, Loader=StringDateLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceValidationError(
                [
                    SourceError(
                        file,
                        event.start_mark.line + first_line,
                        what,
                        "YAML anchors and aliases (&name, *name) are not allowed in sources; write the value out",
                    )
                ]
            )


def parse_yaml(file: Path, text: str, first_line: int = 1, what: str = "") -> YamlDocument:
    """Parse ``text`` (``file``'s YAML, starting on file line ``first_line``) as plain data, bounded: anchors,
    aliases, tags and duplicate keys are refused, every failure a :class:`SourceValidationError` naming the
    file line. ``what`` names the part in errors (``"front matter"``)."""
    try:
        _reject_anchors(file, text, first_line, what)
        node = yaml.compose(text, Loader=StringDateLoader)
        data = construct(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if isinstance(exc, yaml.constructor.ConstructorError):
            message = f"unsupported YAML tag: only plain data is allowed ({problem})"
        else:
            message = f"YAML syntax error: {problem}"
        raise SourceValidationError([SourceError(file, line, what, message)]) from None
    except (
        yaml.YAMLError
    ) as exc:  # the reader's own errors (e.g. a character YAML does not allow) have no mark
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + first_line if isinstance(position, int) else first_line
        raise SourceValidationError(
            [SourceError(file, line, what, f"YAML cannot read this file: {exc}")]
        ) from None
    document = YamlDocument(file, data)
    if node is not None:
        recorded: dict[FieldPath, int] = {}
        duplicates = list(record_lines(node, (), recorded))
        document.lines.update({path: line + first_line - 1 for path, line in recorded.items()})
        if duplicates:
            raise SourceValidationError(document.error(path, "duplicate key") for path in duplicates)
    return document


def load_yaml(file: Path, repository: Path | None = None) -> YamlDocument:
    """Parse ``file`` with safe loading; syntax errors and duplicate keys raise :class:`SourceValidationError`."""
    return parse_yaml(file, read_text(file, repository))


def record_lines(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> Iterator[FieldPath]:
    """Fill ``lines`` for every key/item under ``node``; yield the paths of duplicate keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            if child in lines:
                lines[child] = key_node.start_mark.line + 1
                yield child
            lines[child] = key_node.start_mark.line + 1
            yield from record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from record_lines(item, (*path, index), lines)


_REQUIRED = re.compile(r"^'(?P<name>[^']+)' is a required property$")
_UNEXPECTED = re.compile(r"'([^']+)'")


Schemas = Mapping[str, dict[str, Any]]  # what a ``$ref`` may point at, by file name and ``$id``


def _fast_validator(schema: dict[str, Any], references: Schemas | None) -> Any:
    """The schema compiled with fastjsonschema (cached): a quick yes/no before the slower, precise check."""
    key = id(schema)
    if key not in _FAST:

        def resolve(uri: str) -> Any:
            return references[uri.partition("#")[0]]

        handlers = {"https": resolve} if references is not None else {}
        # Without detailed exceptions the generated code is a third of the size and compiles three times as fast
        # (some 45 ms of every build); the details would go unread, as a failing file is checked again below.
        validator = fastjsonschema.compile(schema, handlers=handlers, detailed_exceptions=False)
        _FAST[key] = (schema, validator)
    return _FAST[key][1]


_FAST: dict[int, tuple[dict[str, Any], Any]] = {}


def conforms(document: YamlDocument, schema: dict[str, Any], references: Schemas | None = None) -> bool:
    """Whether ``document`` passes ``schema``: the compiled check alone, for callers that skip a file that does not
    (an old version read from git history) and so need no message naming the field."""
    try:
        _fast_validator(schema, references)(document.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_errors(
    document: YamlDocument, schema: dict[str, Any], references: Schemas | None = None
) -> list[SourceError]:
    """Validate ``document`` against a JSON Schema; each error points at the offending key.

    Valid files (nearly all of them) pass a compiled fastjsonschema check; only a failing file is walked with
    jsonschema, whose errors name the exact field (imported then: it costs a tenth of a second at startup).
    """
    try:
        _fast_validator(schema, references)(document.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema  # here, not at the top: only a failing file needs it
    from referencing import Registry, Resource

    kwargs = {}
    if references is not None:
        resources = [(uri, Resource.from_contents(value)) for uri, value in references.items()]
        kwargs["registry"] = Registry().with_resources(resources)
    validator = jsonschema.Draft202012Validator(schema, **kwargs)
    errors = []
    for error in sorted(validator.iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "required" and (match := _REQUIRED.match(error.message)):
            # The missing key has no line of its own: point at the mapping that should hold it.
            name = match["name"]
            message = (
                f"missing {english_name(name)} translation" if name in LANGUAGES else "missing (required)"
            )
            errors.append(document.error((*path, name), message))
        elif error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            for name in sorted(set(error.instance) - allowed):
                errors.append(
                    document.error((*path, name), f"unknown field (allowed: {', '.join(sorted(allowed))})")
                )
        else:
            errors.append(document.error(path, _short_message(error)))
    return errors


def _short_message(error: jsonschema.ValidationError) -> str:
    """A schema's own ``errorMessage``-style hint where given, else jsonschema's message without the value dump."""
    hint = error.schema.get("description") if error.validator in {"pattern", "format"} else None
    message = error.message
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{message} ({hint})" if hint else message
