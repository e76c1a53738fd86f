"""The quizzes and articles the collector checks against, reloaded when their sources change.

A deployment that publishes a new version of a quiz need not restart the collector: the sources are looked at no
more often than every few seconds, and a broken edit keeps the last good quizzes instead of refusing everyone.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path, PurePosixPath

from kijun.gaps import feedback_pages
from kijun.handbook import Handbook
from kijun.library import Library
from kijun.policies import PolicyMeta
from kijun.sourcefile import SourceValidationError

log = logging.getLogger(__name__)


class QuizCatalog:
    def __init__(self, root: Path, check_seconds: float) -> None:
        self.root, self.check_seconds = root.resolve(), check_seconds
        self._lock = threading.Lock()
        self._handbook = Handbook(self.root)
        # Invalid sources at start: the service does not start.
        self._library, self._policies = self._handbook.library, self._handbook.policies
        self._checked = time.monotonic()

    def _refresh(self) -> None:
        if time.monotonic() - self._checked < self.check_seconds:
            return
        self._checked = time.monotonic()
        self._handbook.refresh()
        try:
            self._library, self._policies = self._handbook.library, self._handbook.policies
        except SourceValidationError as exc:
            log.error("sources invalid, still using the previous ones:\n%s", exc)

    def library(self) -> Library:
        with self._lock:
            self._refresh()
            return self._library

    def policies(self) -> dict[tuple[str, PurePosixPath], PolicyMeta]:
        """The articles (every language) as of the last good read of the sources."""
        with self._lock:
            self._refresh()
            return self._policies

    def feedback_pages(self) -> frozenset[str]:
        """The pages (URL paths) that ask "was this clear?", in any language."""
        return frozenset(page for _language, page in self.feedback_titles())

    def feedback_titles(self) -> dict[tuple[str, str], str]:
        """(language, page) → title of every page that asks "was this clear?", as of the last good read."""
        with self._lock:
            self._refresh()
            pages = self._handbook.pages
        return {
            (language, page): title
            for language in self.languages
            for page, title in feedback_pages(pages, language).items()
        }

    @property
    def languages(self) -> tuple[str, ...]:
        return self._handbook.languages.codes
