"""Opt-in timing of build hooks, for the benchmark: set ``KIJUN_HOOK_TIMINGS`` to a file path.

Each instrumented hook adds up the time spent in its event handlers during one ``mkdocs build`` (all language
builds together) and appends one JSON line to that file when the build ends. Without the variable the wrappers
cost one attribute lookup per call.
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


class HookTimer:
    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds = 0.0

    def timed(self, function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return wrapper  # type: ignore[return-value]

    def flush(self) -> None:
        """Append this build's total to the timings file (if enabled) and start again from zero."""
        target = os.environ.get(ENV)
        if target:
            with Path(target).open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"hook": self.name, "seconds": self.seconds}) + "\n")
        self.seconds = 0.0
