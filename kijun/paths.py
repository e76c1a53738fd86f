"""Where a Kijun repository keeps its sources, relative to the folder holding ``mkdocs.yml``."""

from __future__ import annotations

from pathlib import Path

DOCS_DIR = Path("docs")
GLOSSARY_FILE = Path("glossary") / "terms.yml"
QUIZZES_DIR = Path("quizzes")
MATRIX_DIR = Path("matrix")
SITE_SOURCES = ("mkdocs.yml", "overrides", "hooks", "glossary", "docs", "quizzes", "matrix")
"""Everything a build of the site reads from a repository (a copy of these builds the same site)."""
