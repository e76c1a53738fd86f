"""Where a Kijun repository keeps its sources, relative to the folder holding ``mkdocs.yml``."""

from __future__ import annotations

from pathlib import Path

DOCS_DIR = Path("docs")
GLOSSARY_FILE = Path("glossary") / "terms.yml"
QUIZZES_DIR = Path("quizzes")
