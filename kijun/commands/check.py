"""``kijun check``: every source validated and held to one answer per set of facts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kijun.commands import add_root
from kijun.consistency import consistency_errors, matrix_case_errors
from kijun.handbook import Handbook
from kijun.sourcefile import SourceError, SourceValidationError
from kijun.template_text import template_errors


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check", help="validate glossary, policy articles, matrix, cases and quizzes"
    )
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate the glossary, policy articles, matrix, cases and quizzes; print every problem with file and line."""
    root: Path = args.root
    try:
        handbook = Handbook(root)
        glossary, articles, library = handbook.glossary, handbook.policies, handbook.library
        problems: list[SourceError] = []
        try:
            matrix = handbook.matrix
        except SourceValidationError as exc:  # report the pages and cases against it too, in the same run
            problems += exc.errors
            matrix = handbook.matrix_as_written
        case_files = sorted({case.file for case in library.cases.values() if case.file})
        problems += consistency_errors(handbook.pages, case_files, glossary, matrix)
        problems += matrix_case_errors(list(library.cases.values()), matrix)
        problems += template_errors(handbook.pages, library.cases.values(), matrix, handbook.draft_articles())
        if problems:
            raise SourceValidationError(problems)
    except SourceValidationError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(glossary.terms)} glossary terms, {len(articles)} policy pages, "
        f"{len(library.cases)} cases, {len(library.quizzes)} quizzes, {len(matrix.rules)} matrix rules."
    )
    judged = [case.id for case in library.cases.values() if case.judgement]
    share = len(judged) / len(library.cases) if library.cases else 0
    print(
        f"{len(judged)} of {len(library.cases)} case keys ({share:.0%}) rest on judgement: "
        f"{', '.join(judged) or 'none'}."
    )
    return 0
