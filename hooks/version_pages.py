"""MkDocs hook: the diff pages, what changed in each version of each policy article, generated for every language.

Thin adapter over :meth:`kijun.build.SiteBuild.changes_pages`. The pages are in-memory files added like the quiz
pages (after static-i18n has sorted this language's files, with the attributes it would have set), kept out of the
navigation (reached from each article's metadata block and change log, the updates page and the feeds) and out of
search (their front matter).
"""

from __future__ import annotations

from _site import language, reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kijun.urls import site_path
from kijun.versions_render import CHANGES_PAGE_KEY, changes_source, fill_changes


@event_priority(-150)  # after static-i18n (-100) has sorted the files of this language's build
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build, building = site(config), language(config)
    with reported("Invalid policy articles or matrix"):
        pages = build.changes_pages(building)
        histories = build.handbook.histories
    sitemap_pages = config.plugins["i18n"].i18n_files_per_language.setdefault(building, [])
    for path, page in pages.items():
        article = path.split("/")[1]
        file = _localized_file(config, path, building, page.markdown)
        file.alternates = {
            code: _localized_file(config, path, code, "") for code, name in histories if name == article
        }
        file.alternates[building] = file
        files.append(file)
        sitemap_pages.append(file)  # static-i18n's sitemap lists what it sorted itself; add ours
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put each version's changes into the rendered diff page (they are HTML already: Markdown never sees them)."""
    article = page.meta.get(CHANGES_PAGE_KEY)
    if not article:
        return html
    with reported("Invalid policy articles or matrix"):
        pages = site(config).changes_pages(language(config))
    generated = pages.get(changes_source(str(article)))
    return (
        fill_changes(html, generated) if generated else html
    )  # a page that only claims to be one: as written


def _localized_file(config: MkDocsConfig, path: str, language: str, content: str) -> File:
    file = File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    file.dest_uri = site_path(language, file.dest_uri)
    file.locale = file.localization = file.locale_alternate_of = language
    file.norm_src_uri = path
    return file
