"""MkDocs hook: expand ``<!-- kijun:NAME args -->`` marker lines in pages (see :mod:`kijun.markers`).

Markers:
- ``kijun:glossary``: the glossary tables, in the page's language.
- ``kijun:policy-index``: a table of every policy article with its id, owner and review date.
- ``kijun:case CASE-ID``: a case as a worked grey-area example, with its decision and rationale. A case
  that an open calibration round uses cannot be embedded (it would publish the key).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kijun.frontmatter import content_line
from kijun.glossary import render_glossary
from kijun.handbook import handbook_for
from kijun.languages import DEFAULT_LANGUAGE
from kijun.markers import MARKER_START, MarkerError, expand_markers
from kijun.policies import render_policy_index
from kijun.quiz_render import embeddable_case, render_case_example
from kijun.sourcefile import SourceValidationError
from kijun.translation import case_statuses, first_target
from kijun.translation_render import render_status_tables


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if MARKER_START not in markdown:
        return markdown
    handbook = handbook_for(Path(config.config_file_path).parent)
    language = config.plugins["i18n"].current_language

    def glossary(_args: list[str]) -> str:
        return render_glossary(handbook.glossary, language)

    def policy_index(_args: list[str]) -> str:
        return render_policy_index(handbook.policies, handbook.teams(language), language)

    def case(args: list[str]) -> str:
        if len(args) != 1:
            raise MarkerError("expects one case id: <!-- kijun:case REV-001 -->")
        library = handbook.library
        return render_case_example(embeddable_case(library, args[0]), library, language, page.url)

    def translation_status(_args: list[str]) -> str:
        # On a target language's page, that language's status; on the source page, the first target's.
        pages = handbook.page_statuses(
            language if language != DEFAULT_LANGUAGE else first_target(handbook.docs)
        )
        cases = case_statuses(handbook.library.cases.values())
        return render_status_tables(pages, cases, handbook.source_pages_changed(), language)

    expanders = {
        "glossary": glossary,
        "policy-index": policy_index,
        "case": case,
        "translation-status": translation_status,
    }
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    first_line = content_line(source) if source else 1
    try:
        return expand_markers(markdown, expanders, source or Path(page.file.src_uri), first_line)
    except SourceValidationError as exc:
        raise PluginError(str(exc)) from None
