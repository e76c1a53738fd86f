"""MkDocs hook: every build (each language's, each `mkdocs serve` rebuild) starts by telling the Handbook to look at
the sources again. The other hooks then ask it on every page without re-reading or re-stat-ing anything.
"""

from __future__ import annotations

from _site import site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(100)  # before every other hook reads the Handbook in this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site(config).handbook.refresh()
    return config
