"""Typed settings of one collector: where answers go, who may send them, who may read them, and the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from limits import RateLimitItem

DEFAULT_DATABASE = "collector.sqlite"
DEFAULT_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")  # `make serve`
DEFAULT_MAX_BYTES = 512 * 1024  # a 100-case round with 500-character Japanese reasons is about 300 KB
DEFAULT_RATE_LIMIT = (
    "120/minute"  # per client address; a trainee sends a handful, a refused one retries later
)
MIN_TOKEN_LENGTH = 16
DEFAULT_RETENTION_DAYS = 90  # a quarter: enough weeks to see a trend, short enough for what agents type


class SettingsError(ValueError):
    """A setting that would make the service unsafe or unusable; refused before it starts."""


@dataclass(frozen=True)
class Settings:
    """What ``kijun collect`` runs with. ``database`` is a SQLite file or a ``postgresql://`` URL."""

    token: str
    database: str = DEFAULT_DATABASE
    root: Path = field(default_factory=Path)
    origins: tuple[str, ...] = DEFAULT_ORIGINS
    max_bytes: int = DEFAULT_MAX_BYTES
    rate_limit: str = DEFAULT_RATE_LIMIT
    quiz_check_seconds: float = 5.0  # how often a changed quiz definition is noticed
    retention_days: int = (
        DEFAULT_RETENTION_DAYS  # reader events (search gaps, votes) older than this are deleted
    )

    def __post_init__(self) -> None:
        if len(self.token) < MIN_TOKEN_LENGTH:
            raise SettingsError(f"the read token must be at least {MIN_TOKEN_LENGTH} characters")
        if self.max_bytes < 1024:
            raise SettingsError("the size limit must be at least 1024 bytes")
        for origin in self.origins:
            if origin == "*" or not origin.startswith(("http://", "https://")) or origin.endswith("/"):
                raise SettingsError(
                    f"origin {origin!r}: give the site's scheme, host and port, e.g. https://handbook.example.com"
                )
        if not 1 <= self.retention_days <= 3650:
            raise SettingsError("the retention period must be between 1 and 3650 days")
        self.rate()  # raises on a malformed limit

    def rate(self) -> RateLimitItem:
        """The per-client limit, e.g. ``120/minute`` (the `limits` package's notation)."""
        from limits import parse  # here, so the rest of the command line does not load the web stack

        try:
            return parse(self.rate_limit)
        except ValueError:
            raise SettingsError(f"rate limit {self.rate_limit!r}: write it like 120/minute") from None
