"""Work done in a second process while this one goes on: MkDocs renders pages on one core and leaves the other idle.

A forked child computes a value and sends it back (pickled, through a pipe); this process takes it when it needs
it. The child is an optimisation and nothing depends on it:

* it is forked only where that is safe and useful: on Linux, with more than one usable CPU, and while this
  process runs no other thread (``mkdocs serve`` runs its server and file watcher in threads, and a fork could copy
  a lock one of them holds);
* if the child fails in any way (an exception, a value that does not pickle, a warning it logged, a crash), the
  value is computed again here, so an error is raised, and a warning logged and counted by ``--strict``, exactly
  as without a child.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DISABLE_ENV = "KIJUN_NO_BACKGROUND"  # set (to anything) to compute everything in this process
# Input below this size is read faster in one process than a fork and the pickled result take to pay back.
LARGE_INPUT_BYTES = 512 * 1024


def can_fork() -> bool:
    """A forked child is safe and can run beside this process."""
    return (
        not os.environ.get(DISABLE_ENV)
        # Linux only: macOS's system libraries are not safe to fork (Python starts its processes afresh there).
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and _usable_cpus() > 1
        and threading.active_count() == 1
    )


def fork_if_large(files: Iterable[Path]) -> bool | None:
    """The ``fork`` argument for work on ``files``: None (fork where that is safe) when they add up to
    :data:`LARGE_INPUT_BYTES`, else False. A file that cannot be read counts as empty: reading it reports it."""
    total = 0
    for file in files:
        try:
            total += file.stat().st_size
        except OSError:
            continue
        if total >= LARGE_INPUT_BYTES:
            return None
    return False


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):  # Linux: the CPUs this process may run on (a container's share)
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class _WarningSeen(logging.Handler):
    """Notes that the child logged a warning: it must be logged (and counted) by the parent instead."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _run_child(compute: Callable[[], T], connection: Connection) -> None:
    # The parent's objects are left out of this process's garbage collection: a collection would touch every one
    # of them, and the kernel would copy each memory page it touched (what `gc.freeze` is for).
    gc.freeze()
    seen = _WarningSeen()
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            logger.handlers = [seen]
    try:
        value = compute()
        connection.send((not seen.seen, value))
    except BaseException:  # the parent computes the value again, and raises there
        connection.send((False, None))
    finally:
        connection.close()


class Pending(Generic[T]):
    """A value being computed in a child process (or, where none can run, to be computed on first request)."""

    def __init__(self, compute: Callable[[], T], *, fork: bool | None = None) -> None:
        self._compute = compute
        self._done = False
        self._value: T | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receive: Connection | None = None
        if fork if fork is not None else can_fork():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            sys.stdout.flush()  # a fork copies unwritten output, and the child would write it a second time
            sys.stderr.flush()
            self._process = context.Process(target=_run_child, args=(compute, send), daemon=True)
            self._process.start()
            send.close()

    @property
    def forked(self) -> bool:
        """The value is (or was) computed in a child process."""
        return self._process is not None

    def result(self) -> T:
        if not self._done:
            ok, value = self._receive_value()
            self._value = value if ok else self._compute()
            self._done = True
        return self._value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Give the value up: stop the child if it still runs, and compute nothing here. For a caller that fails
        before it needs the value, so that no child goes on writing behind it."""
        if self._process is not None and not self._done:
            self._process.terminate()
            self._process.join()
            if self._receive is not None:
                self._receive.close()
        self._done = True

    def _receive_value(self) -> tuple[bool, T | None]:
        if self._process is None or self._receive is None:
            return False, None
        try:
            return self._receive.recv()
        except (EOFError, OSError):  # the child died before sending anything
            return False, None
        finally:
            self._receive.close()
            self._process.join()


class InHalves(Generic[T, R]):
    """``[function(item) for item in items]`` with every other item computed in a child process, started now and
    finished by :meth:`result`: this process can do other work first while the child runs (alternate items, so that
    a folder of files of uneven sizes splits about evenly)."""

    def __init__(self, function: Callable[[T], R], items: Sequence[T], *, fork: bool | None = None) -> None:
        self._function, self._items = function, items
        self._theirs = (
            Pending(lambda: [function(item) for item in items[1::2]], fork=fork) if len(items) >= 2 else None
        )

    def cancel(self) -> None:
        """Give the work up (:meth:`Pending.cancel`): for a caller that fails before it needs the result."""
        if self._theirs is not None:
            self._theirs.cancel()

    def result(self) -> list[R]:
        ours = [self._function(item) for item in self._items[:: 2 if self._theirs else 1]]
        if self._theirs is None:
            return ours
        merged: list[R] = []
        for index, other in enumerate(self._theirs.result()):
            merged += [ours[index], other]
        return merged + ours[len(merged) // 2 :]


def map_in_halves(function: Callable[[T], R], items: Sequence[T], *, fork: bool | None = None) -> list[R]:
    """``[function(item) for item in items]``, every other item computed in a child process while this one computes
    the rest (:class:`InHalves`, finished at once)."""
    return InHalves(function, items, fork=fork).result()
