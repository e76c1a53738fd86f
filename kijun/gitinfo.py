"""The little Kijun asks of git: when a file last changed, and its text in earlier commits.

Every function degrades gracefully outside a git checkout (a downloaded archive, a fresh temp folder):
callers get ``None`` or an empty list and fall back to what the working tree says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

SOURCES = (".git/index",)
"""What tells the model that git history moved (a commit, a checkout): git's index."""

_GIT_TIMEOUT = 20


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(  # noqa: S603 (fixed git subcommands; paths are the project's own files)
            ["git", "-C", str(folder), *args],  # noqa: S607 (git from PATH, as every developer runs it)
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def last_changed(file: Path) -> dt.date:
    """The day ``file`` last changed: its last commit, or its modification time if it has uncommitted edits."""
    return last_changed_many([file])[file]


def last_changed_many(files: list[Path]) -> dict[Path, dt.date]:
    """The day each file last changed: its last commit, or its modification time if it has uncommitted edits (or
    git cannot say). Two git calls for all the files: the status page lists every page, and two calls per file
    cost a third of a second per build."""
    if not files:
        return {}
    folder = files[0].parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    dates: dict[Path, dt.date] = {}
    if top:
        root = Path(top.strip()).resolve()
        relative = {file: file.resolve().relative_to(root).as_posix() for file in files}
        dirty_output = _git(root, "status", "--porcelain", "-z", "--", *relative.values()) or ""
        dirty = {entry[3:] for entry in dirty_output.split("\0") if len(entry) > 3}
        log = _git(root, "log", "--format=%x00%cs", "--name-only", "--", *relative.values()) or ""
        first_seen: dict[str, dt.date] = {}
        for commit in log.split("\0")[1:]:
            day, *names = commit.strip().splitlines()
            for name in names:
                first_seen.setdefault(name.strip(), dt.date.fromisoformat(day))
        for file, name in relative.items():
            if name not in dirty and name in first_seen:
                dates[file] = first_seen[name]
    for file in files:
        if file not in dates:
            dates[file] = dt.datetime.fromtimestamp(file.stat().st_mtime, tz=dt.UTC).date()
    return dates


def history(file: Path, limit: int = 100) -> list[str]:
    """Commits that changed ``file``, newest first (at most ``limit``)."""
    output = _git(file.parent, "log", f"-{limit}", "--format=%H", "--", file.name)
    return output.split() if output else []


def text_at(commit: str, file: Path) -> str | None:
    """The text of ``file`` as of ``commit``."""
    top = _git(file.parent, "rev-parse", "--show-toplevel")
    if not top:
        return None
    relative = file.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    return _git(file.parent, "show", f"{commit}:{relative}")


@dataclass(frozen=True)
class Commit:
    """One commit that changed some of the files asked about, and which of them (paths relative to the folder
    the history was asked from)."""

    sha: str
    names: tuple[str, ...]


def commits_touching(folder: Path, pathspecs: tuple[str, ...]) -> list[Commit]:
    """The commits that changed files matching ``pathspecs`` (relative to ``folder``), oldest first, with the
    names of those files: one ``git log`` for the whole history a build needs. Empty outside a git checkout."""
    output = _git(
        folder,
        "-c",
        "core.quotePath=off",
        "log",
        "--first-parent",  # the history as the published branch saw it: a merge is one change, at its own place
        "--diff-merges=first-parent",
        "--no-renames",
        "--relative",
        "--format=%x00%H",
        "--name-only",
        "--",
        *pathspecs,
    )
    commits = []
    for chunk in (output or "").split("\0")[1:]:
        sha, *names = chunk.strip().splitlines()
        commits.append(Commit(sha, tuple(name.strip() for name in names if name.strip())))
    commits.reverse()
    return commits


class Blobs:
    """Files as of given commits, read through one ``git cat-file --batch`` process (a process per file would
    cost more than the whole diff). Use as a context manager; outside a git checkout every read is ``None``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Blobs:
        try:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed git subcommand)
                ["git", "-C", str(self.folder), "cat-file", "--batch"],  # noqa: S607 (git from PATH)
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.process = None
        return self

    def __exit__(self, *_exc: object) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):  # git already gone (not a checkout): nothing to tell it
                process.stdin.close()
        try:
            process.wait(timeout=_GIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def read(self, commit: str, path: str) -> str | None:
        """The text of ``path`` (relative to the folder) as of ``commit``; ``None`` if it did not exist then, is not
        UTF-8, or git cannot say."""
        process = self.process
        if process is None or process.stdin is None or process.stdout is None or "\n" in path:
            return None
        try:
            process.stdin.write(f"{commit}:./{path}\n".encode())
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None  # "<name> missing", or a tree
            data = process.stdout.read(int(header[2]) + 1)[:-1]  # the content, then a line feed
        except (OSError, ValueError):
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
