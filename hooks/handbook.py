"""MkDocs hook: every build (each language's, each `mkdocs serve` rebuild) starts by telling the Handbook to look at
the sources again. The other hooks then ask it on every page without re-reading or re-stat-ing anything.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from kijun.handbook import handbook_for


@event_priority(100)  # before every other hook reads the Handbook in this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    handbook_for(Path(config.config_file_path).parent).refresh()
    return config
