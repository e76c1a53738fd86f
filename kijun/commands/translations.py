"""``kijun translations``: which target-language pages and cases match the current source text; sync after review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath

from kijun.commands import add_root
from kijun.handbook import Handbook
from kijun.translation import (
    MISSING,
    NEEDS_WORK,
    STALE,
    STATES,
    TRANSLATED,
    PageStatus,
    case_statuses,
    mark_case_synced,
    mark_page_synced,
    page_statuses,
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "translations",
        help="translation status of every page and case; --check for CI; --sync after reviewing a translation",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if any translation is stale or missing")
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="one target language (default: every target language; --sync and --sync-all: the first)",
    )
    parser.add_argument(
        "--sync", nargs="+", metavar="PAGE", help="mark these target-language pages as up to date"
    )
    parser.add_argument(
        "--sync-all", action="store_true", help="mark every existing target-language page up to date"
    )
    parser.add_argument(
        "--sync-case", nargs="+", metavar="CASE_ID", help="mark these cases' translations up to date"
    )
    parser.add_argument(
        "--sync-all-cases", action="store_true", help="mark every case's translations up to date"
    )
    add_root(parser).set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Show (or check, or update) whether each target language's pages, and the cases, match the source text."""
    root: Path = args.root
    handbook = Handbook(root)
    targets = handbook.languages.target_codes
    if args.language is not None and args.language not in targets:
        print(
            f"unknown target language {args.language!r}; expected one of {', '.join(targets)}",
            file=sys.stderr,
        )
        return 2
    languages = (args.language,) if args.language else targets
    synced = _sync(args, handbook, args.language or targets[0])
    if synced is None:
        return 2
    if synced:
        print("Marked as translated from the current source text:\n  " + "\n  ".join(synced))
        handbook.refresh()
    pages = {language: handbook.page_statuses(language) for language in languages}
    cases = case_statuses(handbook.library.cases.values())
    for language, statuses in pages.items():
        _print_pages(statuses, language, len(pages) > 1)
    for case in cases:
        if case.state != TRANSLATED:
            print(f"{case.state:<10} case {case.case_id} ({case.file.name})")
    every = [*(p for statuses in pages.values() for p in statuses), *cases]
    counts = {state: sum(s.state == state for s in every) for state in STATES}
    page_count = sum(len(statuses) for statuses in pages.values())
    print(
        ", ".join(f"{n} {state}" for state, n in counts.items())
        + f" ({page_count} pages in {', '.join(languages)}, {len(cases)} cases)"
    )
    if args.check and any(s.state in NEEDS_WORK for s in every):
        print("Translations need work: stale or missing (see above).", file=sys.stderr)
        return 1
    return 0


def _sync(args: argparse.Namespace, handbook: Handbook, language: str) -> list[str] | None:
    """Record the current source fingerprints the reviewer asked for; None on an unknown case."""
    docs = handbook.docs
    paths = (
        [p.path for p in page_statuses(handbook.pages, language, with_changes=False) if p.target]
        if args.sync_all
        else []
    )
    paths += [_page_path(docs, raw, handbook.languages.codes) for raw in args.sync or []]
    synced = [f"{language}/{path}: {mark_page_synced(docs, path, language)}" for path in paths]
    library = handbook.library
    for case_id in list(library.cases) if args.sync_all_cases else (args.sync_case or []):
        if case_id not in library.cases:
            print(f"unknown case {case_id!r}", file=sys.stderr)
            return None
        synced.append(f"{case_id}: {mark_case_synced(library.cases[case_id])}")
    return synced


def _print_pages(statuses: list[PageStatus], language: str, labelled: bool) -> None:
    width = max((len(str(p.path)) for p in statuses), default=0)
    label = f"{language:<4}" if labelled else ""
    for page in statuses:
        details = ""
        if page.state == STALE:
            details = f"source changed {page.source_changed}" + (
                f": {page.changes.describe()}" if page.changes else ""
            )
        elif page.state == MISSING:
            details = f"the {language} site shows the source-language page"
        print(f"{label}{page.state:<10} {page.path!s:<{width}}  {details}".rstrip())


def _page_path(docs: Path, raw: str, codes: tuple[str, ...]) -> PurePosixPath:
    """Accept ``policies/x.md``, ``docs/ja/policies/x.md`` or ``docs/en/...`` and return the language-relative path."""
    path = PurePosixPath(Path(raw).as_posix())
    parts = path.parts
    for index in range(len(parts) - 1):
        if parts[index] in codes and (index == 0 or parts[index - 1] == docs.name):
            return PurePosixPath(*parts[index + 1 :])
    return path
