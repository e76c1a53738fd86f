"""What tells a cached part that its source files changed: names, modification times and sizes.

Kept apart from the Handbook so that what only needs file stamps (the incremental preview's planner) does not load
the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(files: Iterable[Path]) -> Snapshot:
    """Names, modification times and sizes: what tells a cached part that its sources changed."""
    found = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        found.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


@dataclass
class SourceCache:
    """Parts keyed by name, each kept with the snapshot of the files it was loaded from.

    A part's files are compared once after each :meth:`refresh` (the start of a build, a collector's periodic
    check), not on every request: a build asks for the same part on every page, and stat-ing every source for
    each page would cost more than the cache saves on a large handbook."""

    parts: dict[str, tuple[Snapshot, Any]] = field(default_factory=dict)
    compared: set[str] = field(default_factory=set)  # parts whose files were compared since the last refresh

    def refresh(self) -> None:
        """Compare every part with its files again on its next use (sources may have changed since)."""
        self.compared.clear()

    def get(self, name: str, files: Callable[[], Iterable[Path]], load: Callable[[], T]) -> T:
        hit = self.parts.get(name)
        if hit is not None and name in self.compared:
            return hit[1]
        current = snapshot(files())
        self.compared.add(name)
        if hit is not None and hit[0] == current:
            return hit[1]
        value = load()
        self.parts[name] = (current, value)
        return value


def matching(root: Path, patterns: Iterable[str]) -> list[Path]:
    """The files under ``root`` that match any of ``patterns`` (globs relative to it, as a loader declares them)."""
    return [file for pattern in patterns for file in root.glob(pattern)]
