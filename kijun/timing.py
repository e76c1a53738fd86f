"""Opt-in timing of build hooks, for the benchmark: set ``KIJUN_HOOK_TIMINGS`` to a file path.

A hook's event handlers, decorated with :func:`timed`, add up their time during one ``mkdocs build`` (all language
builds together); :func:`flush` appends one JSON line to that file when the build ends. The totals are kept here,
by hook name, not in the hook module: hooks hold no state of their own. Without the variable the wrappers cost one
environment lookup per call.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ENV = "KIJUN_HOOK_TIMINGS"
F = TypeVar("F", bound=Callable[..., Any])

_seconds: dict[str, float] = {}  # hook name -> seconds in this process since its last flush


def timed(hook: str) -> Callable[[F], F]:
    """Add the time of every call of the decorated handler to ``hook``'s total (only while timing is on)."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if ENV not in os.environ:
                return function(*args, **kwargs)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                _seconds[hook] = _seconds.get(hook, 0.0) + time.perf_counter() - start

        return wrapper  # type: ignore[return-value]

    return decorate


def flush(hook: str) -> None:
    """Append ``hook``'s total for this build to the timings file (if timing is on) and start again from zero."""
    seconds = _seconds.pop(hook, 0.0)
    target = os.environ.get(ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"hook": hook, "seconds": seconds}) + "\n")
