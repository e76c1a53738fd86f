"""The quizzes the collector checks answers against, reloaded when their sources change.

A deployment that publishes a new version of a quiz need not restart the collector: the sources are looked at no
more often than every few seconds, and a broken edit keeps the last good quizzes instead of refusing everyone.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from kijun.handbook import Handbook
from kijun.library import Library
from kijun.sourcefile import SourceValidationError

log = logging.getLogger(__name__)


class QuizCatalog:
    def __init__(self, root: Path, check_seconds: float) -> None:
        self.root, self.check_seconds = root.resolve(), check_seconds
        self._lock = threading.Lock()
        self._handbook = Handbook(self.root)
        self._library = self._handbook.library  # invalid sources at start: the service does not start
        self._checked = time.monotonic()

    def library(self) -> Library:
        with self._lock:
            if time.monotonic() - self._checked >= self.check_seconds:
                self._checked = time.monotonic()
                self._handbook.refresh()
                try:
                    self._library = self._handbook.library
                except SourceValidationError as exc:
                    log.error("quiz sources invalid, still using the previous ones:\n%s", exc)
            return self._library
