"""Every published version of every policy article, from git history: what the diff pages compare.

An article's version is its front matter's ``version``. Each language's file has its own timeline: the distinct
versions in commit order, each with the text of the LAST commit that had it (edits committed after the version was
bumped belong to it) and its enforcement matrix file as of that commit. The current version is the working tree,
so uncommitted edits belong to it, as a preview shows them. Old texts go through the same bounded readers as the
current ones; an old text that no longer parses is left out, never an error, and without git there is no history
and so nothing to compare.

The whole history is read with one ``git log`` and one ``git cat-file --batch`` process (:mod:`kijun.gitinfo`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kijun import gitinfo
from kijun.changes import version_key
from kijun.frontmatter import MarkdownSource, parse_markdown
from kijun.matrix.model import POLICIES_DIR, PolicyMatrix, parse_policy_matrix
from kijun.pages import Pages, PageSource
from kijun.policies import POLICY_FOLDER, is_policy_article
from kijun.sourcefile import SourceValidationError

HISTORY_PATHS = (f"docs/*/{POLICY_FOLDER}/*.md", f"{POLICIES_DIR.as_posix()}/*.yml")
"""What the history is read for (git pathspecs, relative to the repository)."""

SOURCES = (*HISTORY_PATHS, *gitinfo.SOURCES)
"""What the versions depend on: the articles, their matrix files, and git's index (a commit moves history)."""


@dataclass(frozen=True)
class ArticleVersion:
    """One published version of one article in one language."""

    version: str
    source: MarkdownSource  # the article's text as of that version (front matter and body)
    matrix_text: str | None  # its matrix file's text as of that version (None: there was none)
    commit: str | None  # None: the working tree

    def matrix(self, root: Path, current: PolicyMatrix | None) -> PolicyMatrix | None:
        """The version's matrix: ``current`` (the working tree's, validated) for the current version, else its old
        text parsed (``None`` if it no longer parses). Parsed only when a comparison needs it."""
        if self.commit is None:
            return current
        if self.matrix_text is None:
            return None
        return _parsed_matrix(root, self.source.front_matter.file.stem, self.matrix_text)


@functools.lru_cache(maxsize=512)
def _parsed_matrix(root: Path, article: str, text: str) -> PolicyMatrix | None:
    """One parse per distinct matrix text: consecutive versions, and both languages, share most of them."""
    return parse_policy_matrix(root, root / POLICIES_DIR / f"{article}.yml", text)


@dataclass(frozen=True)
class ArticleHistory:
    """The published versions of one article in one language, oldest first."""

    language: str
    article: str
    versions: tuple[ArticleVersion, ...]

    def compared(self) -> list[tuple[ArticleVersion, ArticleVersion]]:
        """Each version with its predecessor, newest first (the first version has none, so no comparison)."""
        pairs = zip(self.versions, self.versions[1:], strict=False)
        return [(older, newer) for older, newer in pairs][::-1]

    @property
    def diffed(self) -> frozenset[str]:
        """The versions that have a comparison with an earlier one."""
        return frozenset(version.version for version in self.versions[1:])


Histories = dict[tuple[str, str], ArticleHistory]  # (language, article name) → its history


def version_anchor(version: str) -> str:
    """The id of a version's section on its article's diff page: ``v1-4`` for 1.4."""
    return "v" + version.replace(".", "-")


def changes_path(article: str) -> str:
    """The URL, under a language root, of an article's diff page: one place for the pages, feeds and links that
    point at it."""
    return f"{POLICY_FOLDER}/{article}/changes/"


def load_histories(root: Path, pages: Pages) -> Histories:
    """The history of every published article of every language with more than one version."""
    commits = gitinfo.commits_touching(root, HISTORY_PATHS)
    if not commits:
        return {}
    touching: dict[str, list[str]] = {}
    for commit in commits:
        for name in commit.names:
            touching.setdefault(name, []).append(commit.sha)
    histories: Histories = {}
    with gitinfo.Blobs(root) as blobs:
        reader = _Reader(root, blobs)
        for page in _published_articles(pages):
            relative = page.file.resolve().relative_to(root.resolve()).as_posix()
            versions = list(reader.versions(page, touching.get(relative, [])))
            current = page.markdown
            versions = [version for version in versions if version.version != _version_of(current)]
            versions.append(ArticleVersion(_version_of(current) or "", current, None, None))
            if len(versions) > 1:
                key = (page.language, page.path.stem)
                histories[key] = ArticleHistory(page.language, page.path.stem, tuple(versions))
    return histories


def _published_articles(pages: Pages) -> Iterator[PageSource]:
    for language in pages.by_language:
        for page in pages.of(language):
            if is_policy_article(page.path) and not page.draft and _version_of(page.markdown):
                yield page


def _version_of(source: MarkdownSource) -> str | None:
    version = source.front_matter.data.get("version")
    return version if isinstance(version, str) and version else None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)---[ \t]*\n", re.DOTALL)
_VERSION_LINE = re.compile(r"^version:[ \t]*[\"']?(?P<version>[0-9][0-9.]*)[\"']?[ \t]*$", re.MULTILINE)
_DRAFT_LINE = re.compile(r"^draft:[ \t]*true[ \t]*$", re.MULTILINE)


def _version_line(text: str) -> str | None:
    """The version an old text's front matter gives, found by its line: a cheap look at every commit's text to
    find where versions change. The text chosen for a version is then read by the bounded loader, which decides."""
    match = _FRONT_MATTER.match(text)
    if match is None or _DRAFT_LINE.search(match["yaml"]):
        return None
    version = _VERSION_LINE.search(match["yaml"])
    return version["version"] if version else None


@dataclass
class _Reader:
    """Old texts through one blob reader: each article's versions and their matrix files."""

    root: Path
    blobs: gitinfo.Blobs

    def versions(self, page: PageSource, shas: list[str]) -> Iterator[ArticleVersion]:
        """The committed versions of ``page``'s file (``shas``: the commits that changed it, oldest first), each
        at the last commit that had it, in version order; drafts and texts that no longer parse are left out."""
        relative = page.file.resolve().relative_to(self.root.resolve()).as_posix()
        last: dict[str, tuple[str, str]] = {}
        for sha in shas:
            text = self.blobs.read(sha, relative)
            version = _version_line(text) if text is not None else None
            if text is None or version is None:
                continue
            last[version] = (sha, text)  # a later commit with the same version replaces the earlier
        matrix_file = f"{POLICIES_DIR.as_posix()}/{page.path.stem}.yml"
        for version, (sha, text) in sorted(last.items(), key=lambda item: version_key(item[0])):
            source = _article(page.file, text)
            if (
                source is None
                or _version_of(source) != version
                or source.front_matter.data.get("draft") is True
            ):
                continue
            yield ArticleVersion(version, source, self.blobs.read(sha, matrix_file), sha)


def _article(file: Path, text: str) -> MarkdownSource | None:
    try:
        return parse_markdown(file, text)
    except SourceValidationError:
        return None
