"""MkDocs hook: quiz pages and the quiz index, generated from ``quizzes/`` for every language.

Thin adapter over :mod:`kijun.build` and :mod:`kijun.quiz_render`. Everything is derived afresh in each language
build: the nav entries from the quiz list, the generated files from the library, the page body from the page's own
front matter.
"""

from __future__ import annotations

from _site import language, reported, site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kijun import timing
from kijun.contracts import QUIZ_PAGE_KEY
from kijun.html_compact import strip_indentation
from kijun.library import Library
from kijun.quiz_nav import QUIZ_INDEX, quiz_source_path, training_nav
from kijun.quiz_render import render_quiz_index, render_quiz_markdown
from kijun.urls import site_path

TIMED = "quizzes"  # the name of this hook's total in the benchmark's timings (KIJUN_HOOK_TIMINGS)
NAV_SECTION = "Training"


def _library(config: MkDocsConfig) -> Library:
    with reported("Invalid cases or quizzes"):
        return site(config).handbook.library


@event_priority(-200)  # after static-i18n has set up this language's build
@timing.timed(TIMED)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Point the nav's Training section at the index and the groups of quizzes and calibration reports (replaced,
    never appended to; see :mod:`kijun.quiz_nav`); refuse a report page of a round still open."""
    library = _library(config)
    build = site(config)
    with reported("Invalid cases or quizzes"):
        problems = build.report_page_errors()
    if problems:
        raise PluginError("\n".join(problems))
    pages = training_nav(library, build.report_pages(), language(config))
    for item in config.nav or []:
        if isinstance(item, dict) and NAV_SECTION in item:
            item[NAV_SECTION] = pages
    return config


@event_priority(-150)  # after static-i18n (-100) has sorted the files of this language's build
@timing.timed(TIMED)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's quiz index and quiz pages as in-memory files.

    static-i18n 1.3 cannot process in-memory files, so they are added after it and given the attributes it
    would have set: the output path in this language's tree, the locale, and the alternates the language
    switcher links to.
    """
    library = _library(config)
    build, building = site(config), language(config)
    build.quiz_bodies(building)  # starts rendering them
    pages = {QUIZ_INDEX: render_quiz_index(library, building)}
    pages |= {
        quiz_source_path(quiz.id): render_quiz_markdown(quiz, building) for quiz in library.quizzes.values()
    }
    codes = build.handbook.languages.codes
    sitemap_pages = config.plugins["i18n"].i18n_files_per_language.setdefault(building, [])
    for path, content in pages.items():
        file = _localized_file(config, path, building, content)
        file.alternates = {lang: _localized_file(config, path, lang, "") for lang in codes}
        file.alternates[building] = file
        files.append(file)
        sitemap_pages.append(file)  # static-i18n's sitemap lists what it sorted itself; add ours
    return files


def _localized_file(config: MkDocsConfig, path: str, language: str, content: str) -> File:
    file = File.generated(config, path, content=content)
    file.dest_uri = site_path(language, file.dest_uri)
    file.locale = file.localization = file.locale_alternate_of = language
    file.norm_src_uri = path
    return file


@event_priority(
    -100
)  # after Material's search (0) has indexed the page: a quiz is found by title and intro only
@timing.timed(TIMED)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Append the quiz (cases, fields, answers' data) to the page's content, which the theme renders next."""
    quiz_id = page.meta.get(QUIZ_PAGE_KEY)
    if quiz_id:
        _library(config)  # a source error is reported as such
        page.content = (page.content or "") + site(config).quiz_bodies(language(config)).result()[quiz_id]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Quiz pages carry many cases: drop the theme's indentation to keep them light."""
    return strip_indentation(output) if page.meta.get(QUIZ_PAGE_KEY) else output


@event_priority(-300)
def on_post_build(config: MkDocsConfig) -> None:
    if not config.plugins["i18n"].building:  # the outermost build: every language is done
        timing.flush(TIMED)
