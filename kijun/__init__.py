"""Kijun core: bilingual policy pages, cases, quizzes and statistics.

Nothing in this package imports MkDocs; the hooks in ``hooks/`` adapt it to a build.
"""

__version__ = "0.1.0"
