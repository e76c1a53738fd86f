"""Scaffolding for authors: a new article pair from the template, a new case skeleton with a fresh id.

Both write files only after checking the result is valid, and undo what they wrote if it is not, so a failed
command leaves the repository as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from kijun.handbook import Handbook
from kijun.languages import Registry, language_dir
from kijun.matrix.model import POLICIES_DIR
from kijun.paths import DOCS_DIR, QUIZZES_DIR
from kijun.policies import AREAS, POLICY_FOLDER
from kijun.sourcefile import SourceValidationError

TEMPLATES = Path(__file__).parent / "templates"
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NAV_POLICY_LINE = re.compile(r"^(\s*)- policies/[a-z0-9-]+\.md\s*$")


class ScaffoldError(Exception):
    """The scaffold could not be created; nothing was written."""


def new_article(
    root: Path,
    name: str,
    titles: dict[str, str],
    area: str,
    owner: str,
    policy_id: str,
    today: dt.date | None = None,
) -> list[Path]:
    """Create ``docs/<lang>/policies/<name>.md`` for the source language and every language given a title, and add
    the page to the nav. A target language left without a title gets no page yet: its site shows the English one."""
    handbook = Handbook(root)
    languages = _checked_request(handbook, name, titles, area, owner, policy_id)
    docs = root / DOCS_DIR
    targets = {
        language: language_dir(docs, language) / POLICY_FOLDER / f"{name}.md"
        for language in languages.codes
        if titles.get(language)
    }
    for target in targets.values():
        if target.exists():
            raise ScaffoldError(f"{target} already exists")
    values = {
        "policy_id": policy_id,
        "area": area,
        "owner": owner,
        "today": (today or dt.date.today()).isoformat(),
        "topic": name,  # a first topic of its own; the author renames and adds topics
    }
    config = root / "mkdocs.yml"
    config_before = config.read_text(encoding="utf-8")
    written = []
    try:
        for language, target in targets.items():
            template = (TEMPLATES / f"article.{language}.md").read_text(encoding="utf-8")
            target.write_text(template.format(title=titles[language], **values), encoding="utf-8")
            written.append(target)
        matrix_file = root / POLICIES_DIR / f"{name}.yml"
        if not matrix_file.exists():
            matrix_file.parent.mkdir(parents=True, exist_ok=True)
            code = policy_id.removeprefix("POL-")
            skeleton = (TEMPLATES / "matrix.yml").read_text(encoding="utf-8")
            matrix_file.write_text(
                skeleton.format(title=titles[languages.source.code], name=name, code=code, **values),
                encoding="utf-8",
            )
            written.append(matrix_file)
        config.write_text(
            add_to_nav(config_before, PurePosixPath(POLICY_FOLDER) / f"{name}.md"), encoding="utf-8"
        )
        written_handbook = Handbook(
            root
        )  # the sources as written now, through the same model as every command
        written_handbook.policies  # noqa: B018 (the new article's front matter and sections are checked)
        written_handbook.matrix  # noqa: B018 (the new matrix is checked with the others: one topic, one article)
    except (SourceValidationError, KeyError, ValueError) as exc:
        for path in written:
            path.unlink()
        config.write_text(config_before, encoding="utf-8")
        raise ScaffoldError(f"the new article would not be valid: {exc}") from None
    return [*written, config]


def add_to_nav(config_text: str, page: PurePosixPath) -> str:
    """Insert ``page`` after the last policy article listed in the nav of ``mkdocs.yml``."""
    lines = config_text.split("\n")
    last = max((i for i, line in enumerate(lines) if _NAV_POLICY_LINE.match(line)), default=None)
    if last is None:
        raise ScaffoldError("mkdocs.yml has no `- policies/<name>.md` entry in its nav to add the page after")
    indent = _NAV_POLICY_LINE.match(lines[last])[1]
    lines.insert(last + 1, f"{indent}- {page.as_posix()}")
    return "\n".join(lines)


def _checked_request(
    handbook: Handbook, name: str, titles: dict[str, str], area: str, owner: str, policy_id: str
) -> Registry:
    """The repository's languages, once the request is known to be valid; :class:`ScaffoldError` says what is not."""
    if not _NAME.match(name):
        raise ScaffoldError(f"article name {name!r}: use lower-case words joined by hyphens")
    if area not in AREAS:
        raise ScaffoldError(f"unknown area {area!r}; use one of {', '.join(AREAS)}")
    teams = handbook.teams(handbook.languages.source.code)
    if owner not in teams:
        raise ScaffoldError(f"unknown owner {owner!r}; use one of {', '.join(teams)}")
    if any(meta.policy_id == policy_id for meta in handbook.policies.values()):
        raise ScaffoldError(f"{policy_id} is already used")
    languages = handbook.languages
    if not titles.get(languages.source.code):
        raise ScaffoldError(f"a title in the source language ({languages.source.code}) is required")
    unknown = sorted(set(titles) - set(languages.codes))
    if unknown:
        raise ScaffoldError(f"unknown language {', '.join(unknown)}; use one of {', '.join(languages.codes)}")
    untemplated = sorted(code for code in titles if not (TEMPLATES / f"article.{code}.md").is_file())
    if untemplated:
        raise ScaffoldError(
            f"no article template for {', '.join(untemplated)} (kijun/templates/article.<code>.md): write the page"
            " by hand, or leave its title out and the site shows the English page until it is translated"
        )
    return languages


def new_case(root: Path, policy: str, today: dt.date | None = None) -> tuple[str, Path]:
    """Append a bilingual skeleton case for ``policy`` with the next free id; returns the id and the file."""
    handbook = Handbook(root)
    source = handbook.languages.source.code
    meta = handbook.policies.get((source, PurePosixPath(POLICY_FOLDER) / f"{policy}.md"))
    if meta is None:
        raise ScaffoldError(f"no policy article docs/{source}/{POLICY_FOLDER}/{policy}.md")
    library = handbook.library
    prefix = meta.policy_id.removeprefix("POL-")
    numbers = [int(case_id[4:]) for case_id in library.cases if case_id.startswith(f"{prefix}-")]
    case_id = f"{prefix}-{max(numbers, default=0) + 1:03d}"
    file = root / QUIZZES_DIR / "cases" / f"{policy}.yml"
    before = file.read_text(encoding="utf-8") if file.exists() else None
    text = before if before is not None else "# yaml-language-server: $schema=../case.schema.json\ncases:\n"
    skeleton = (
        (TEMPLATES / "case.yml")
        .read_text(encoding="utf-8")
        .format(
            id=case_id,
            policy=policy,
            today=(today or dt.date.today()).isoformat(),
            version=meta.version,
            rule=_first_rule(handbook, policy, prefix),
        )
    )
    file.write_text(text.rstrip("\n") + "\n\n" + skeleton, encoding="utf-8")
    try:
        Handbook(root).library  # noqa: B018 (the new case is checked with every other, through the model)
    except SourceValidationError as exc:
        if before is None:
            file.unlink()
        else:
            file.write_text(before, encoding="utf-8")
        raise ScaffoldError(f"the new case would not be valid:\n{exc}") from None
    return case_id, file


def _first_rule(handbook: Handbook, policy: str, prefix: str) -> str:
    """The policy's first matrix rule, for the author to replace with the rule the case turns on (from the matrix
    as written: a cross-article problem elsewhere must not stop an author adding a case)."""
    try:
        rules = handbook.matrix_as_written.policies[policy].rules
    except (SourceValidationError, KeyError):
        return f"{prefix}-FIRST-BREACH"
    return rules[0].id
