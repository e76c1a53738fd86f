"""The little Kijun asks of git: when a file last changed, and its text in earlier commits.

Every function degrades gracefully outside a git checkout (a downloaded archive, a fresh temp folder):
callers get ``None`` or an empty list and fall back to what the working tree says.
"""

from __future__ import annotations

import datetime as dt
import subprocess
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
