"""MkDocs hook: the incremental author preview (`make serve`, which runs `mkdocs serve --dirty`).

Thin adapter over :mod:`kijun.preview`, which decides per rebuild whether only the saved pages are rendered again or
every page is. MkDocs renders a page in a dirty build when its file says it was modified; this hook decides that for
the pages the plan names (every page, or the pages that read other pages) and for generated quiz pages whose text
did not change.
Outside `mkdocs serve --dirty` nothing here runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from _site import config_file
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from kijun.preview import previews

log = logging.getLogger("mkdocs.plugins.kijun.preview")
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _KnownDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that other pages may be stale, which strict mode turns into an abort; Kijun
    rebuilds every page whenever they could be (kijun.preview), so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def on_startup(command: str, dirty: bool) -> None:
    previews.serving = command == "serve"
    previews.dirty_serve = previews.serving and dirty
    if previews.dirty_serve:
        logging.getLogger("mkdocs.commands.build").addFilter(_KnownDirtyWarning())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Material's search merges its last index with a dirty build's entries assuming one saved page per rebuild;
    under this preview several pages may be rendered, so Kijun merges the index instead (hooks/search.py)."""
    search = config.plugins.get("material/search")
    if previews.dirty_serve and search is not None:
        search.is_dirty = False
    return config


@event_priority(-300)  # after static-i18n (-100) and the quiz pages (-150) have settled this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = Path(config.docs_dir)
    preview = previews.site(docs, [config_file(config), *map(Path, config.watch)])
    if preview is None:
        return files
    if not config.plugins["i18n"].building:  # the outermost build: plan once for every language
        plan = preview.plan()
        log.info("Preview: %s, %s", "every page" if plan.full else "saved pages only", plan.reason)
    plan = preview.current
    also_render = {docs / path for path in plan.also_render}
    for file in files.documentation_pages():
        if file.generated_by is not None:
            unchanged = preview.generated_unchanged(file.abs_dest_path, file.content_string, plan)
            if unchanged and Path(file.abs_dest_path).is_file():
                _decide_modified(file, False)
        elif plan.full or Path(file.abs_src_path or "") in also_render:
            _decide_modified(file, True)
    return files


def _decide_modified(file: File, modified: bool) -> None:
    """Replace MkDocs' test for this build's file (output older than source; generated files always modified):
    the page is rendered again exactly when ``modified``. The last output stays served until then."""
    file.is_modified = lambda: modified  # type: ignore[method-assign]


@event_priority(-400)  # after every other step of the build
def on_post_build(config: MkDocsConfig) -> None:
    if not config.plugins["i18n"].building:  # the outermost build: every language is done
        previews.build_finished(Path(config.docs_dir))
