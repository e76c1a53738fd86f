"""The diff pages: what changed in each version of a policy article, and the links to them from the article.

One page per article and language (``policies/<name>/changes/``), newest version first: each version's section
(``#v1-4``) gives its change-log date and summary, the rule-level changes of its matrix
(:mod:`kijun.matrix.changes`) and the changed text (:mod:`kijun.text_diff`). Every source text is escaped: the page
shows old Markdown and HTML as the characters its author typed, never as markup. Insertions and deletions are told
apart by underline and line-through and by visually hidden words for screen readers, not by colour alone.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kijun.changes import CHANGE_LOG_ID, ChangeEntry
from kijun.languages import format_date
from kijun.markdown_text import escape_inline, front_matter_text, html_braces, typed_text_html
from kijun.matrix.changes import Wording, rule_changes
from kijun.matrix.model import Matrix, PolicyMatrix
from kijun.matrix.render import fill_numbers
from kijun.policies import pinned_headings
from kijun.safe_markdown import render_safe_markdown
from kijun.text_diff import CODE, DELETE, EQUAL, INSERT, ITEM, Change, SectionChanges, compare
from kijun.ui_text import ui_text
from kijun.urls import policy_url, site_path
from kijun.versions import ArticleHistory, ArticleVersion, changes_path, version_anchor

CHANGES_PAGE_KEY = "kijun_changes"  # front matter of a diff page: the article it is about
CHANGES_DIGEST_KEY = "kijun_changes_digest"
CHANGES_URL = "changes/"  # an article's diff page, relative to the article's own page
DIFF_CLASS = "kijun-diff"


def changes_source(article: str) -> str:
    """The in-memory source path of an article's diff page (served at ``policies/<name>/changes/``)."""
    return f"policies/{article}/changes.md"


@dataclass(frozen=True)
class DiffContext:
    """What rendering a diff page needs besides the history: the repository, the current matrix (its ladder, its
    numbers, each article's current rules) and the wording of rule-level changes in the page's language."""

    root: Path
    matrix: Matrix
    wording: Wording

    @property
    def language(self) -> str:
        return self.wording.language


@dataclass(frozen=True)
class ChangesPage:
    """One diff page: its Markdown source, and the HTML of each version's changes by the version's anchor. The
    changes are put in after Markdown has rendered the page (:func:`fill_changes`): a page of old versions is
    mostly escaped text, and Markdown's raw-HTML pass took most of the page's build time for it."""

    markdown: str
    bodies: dict[str, str]


_PLACEHOLDER = "<!-- kijun-diff:{anchor} -->"
_PLACEHOLDERS = re.compile(r"<!-- kijun-diff:(?P<anchor>[\w-]+) -->")


def fill_changes(page_html: str, page: ChangesPage) -> str:
    """The rendered diff page with each version's changes in place."""
    return _PLACEHOLDERS.sub(lambda match: page.bodies.get(match["anchor"], ""), page_html)


def changes_page(
    history: ArticleHistory, title: str, entries: Mapping[str, ChangeEntry], context: DiffContext
) -> ChangesPage:
    """One article's diff page in its language: front matter (out of search; the theme prints the title, escaped
    as every page's is; a digest of the changes, so an incremental preview renders it again when they change),
    intro and legend, then one section per version that has a predecessor, newest first."""
    language = context.language
    page_title = ui_text("diff_title", language).format(title=title)
    description = ui_text("diff_description", language).format(title=title)
    link = f'<a href="../">{html.escape(title)}</a>'
    intro = html.escape(ui_text("diff_intro", language)).format(title=link)
    parts = [
        f'<p class="kijun-diff-intro">{html_braces(intro)}</p>',
        "",
        f'<p class="kijun-diff-legend">{_legend(language)}</p>',
        "",
    ]
    bodies: dict[str, str] = {}
    current = {anchor for anchor, _text, _line in pinned_headings(history.versions[-1].source.body)}
    for older, newer in history.compared():
        anchor = version_anchor(newer.version)
        heading = ui_text("diff_version", language).format(version=newer.version)
        parts += [f"## {escape_inline(heading)} {{#{anchor}}}", ""]
        parts += [_about(older, newer, entries.get(newer.version), history.article, language), ""]
        parts += [_PLACEHOLDER.format(anchor=anchor), ""]
        bodies[anchor] = _version_body(history.article, older, newer, current, context)
    digest = hashlib.sha256("".join(bodies.values()).encode("utf-8")).hexdigest()[:16]
    front_matter = [
        "---",
        f"title: {front_matter_text(page_title)}",
        f"description: {front_matter_text(description)}",
        "search:\n  exclude: true",
        f"{CHANGES_PAGE_KEY}: {front_matter_text(history.article)}",
        f"{CHANGES_DIGEST_KEY}: {front_matter_text(digest)}",
        "---",
        "",
    ]
    return ChangesPage("\n".join(front_matter + parts), bodies)


def _legend(language: str) -> str:
    inserted = f"<ins>{html.escape(ui_text('diff_legend_inserted', language))}</ins>"
    deleted = f"<del>{html.escape(ui_text('diff_legend_deleted', language))}</del>"
    return html.escape(ui_text("diff_legend", language)).format(inserted=inserted, deleted=deleted)


def _about(
    older: ArticleVersion, newer: ArticleVersion, entry: ChangeEntry | None, article: str, language: str
) -> str:
    """The version's date and summary from the change log (when it has a row), and what it is compared with."""
    compared = html.escape(ui_text("diff_compared", language).format(version=older.version))
    if entry is None:
        return f'<p class="kijun-diff-about">{compared}</p>'
    day = f'<time datetime="{entry.date.isoformat()}">{html.escape(format_date(entry.date, language))}</time>'
    page = site_path(language, changes_path(article))
    summary = render_safe_markdown(
        entry.change, lambda policy, anchor: policy_url(page, language, policy, anchor)
    )
    return f'<div class="kijun-diff-about"><p>{day} · {compared}</p>{html_braces(summary)}</div>'


def _version_body(
    article: str, older: ArticleVersion, newer: ArticleVersion, current: set[str], context: DiffContext
) -> str:
    """The rule-level changes and the text changes of one version, as one raw HTML block."""
    language = context.language
    now = context.matrix.policies.get(article)
    old_matrix, new_matrix = older.matrix(context.root, now), newer.matrix(context.root, now)
    parts = [f'<div class="{DIFF_CLASS}">']
    rules = rule_changes(old_matrix, new_matrix, context.wording)
    if rules:
        parts.append(f"<h3>{html.escape(ui_text('diff_rules', language))}</h3>")
        parts.append(
            '<ul class="kijun-rule-changes">'
            + "".join(f"<li>{typed_text_html(rule)}</li>" for rule in rules)
            + "</ul>"
        )
    sections = compare(
        _filled(older.source.body, article, old_matrix, context),
        _filled(newer.source.body, article, new_matrix, context),
        language,
    )
    parts.append(f"<h3>{html.escape(ui_text('diff_text', language))}</h3>")
    if not sections:
        parts.append(f"<p>{html.escape(ui_text('diff_no_text_change', language))}</p>")
    parts += [_section(section, current, language) for section in sections]
    parts.append("</div>")
    return "".join(parts)


def _filled(body: str, article: str, matrix: PolicyMatrix | None, context: DiffContext) -> str:
    """``body`` with each ``{{KEY}}`` shown as the number the reader saw: the version's own rules' thresholds,
    else the current matrix's (a key neither knows stays as typed, escaped on the page)."""
    numbers = context.matrix.numbers()
    if matrix is not None:
        numbers |= Matrix(context.matrix.ladder, {article: matrix}).numbers(article)
    return fill_numbers(body, numbers)[0]


def _section(section: SectionChanges, current: set[str], language: str) -> str:
    """One article section's changed units under its heading (a link to it where the article still has it)."""
    heading = typed_text_html(section.heading)
    if section.section in current:
        heading = f'<a href="../#{html.escape(section.section, quote=True)}">{heading}</a>'
    units = "".join(_unit(change, language) for change in section.changes)
    return f'<h4 class="kijun-diff-section">{heading}</h4>{units}'


def _unit(change: Change, language: str) -> str:
    inserted = html.escape(ui_text("diff_inserted", language))
    deleted = html.escape(ui_text("diff_deleted", language))
    pieces = []
    for kind, text in change.pieces:
        shown = typed_text_html(text)
        if kind == EQUAL:
            pieces.append(shown)
        elif kind == INSERT:
            pieces.append(f'<ins><span class="kijun-sr-only">{inserted} </span>{shown}</ins>')
        elif kind == DELETE:
            pieces.append(f'<del><span class="kijun-sr-only">{deleted} </span>{shown}</del>')
    tag = "pre" if change.kind == CODE else "p"
    css = "kijun-diff-unit kijun-diff-item" if change.kind == ITEM else "kijun-diff-unit"
    return f'<{tag} class="{css}">{"".join(pieces)}</{tag}>'


_VERSION_CELL = re.compile(r"(<tr>\s*<td[^>]*>)\s*(\d+(?:\.\d+)*)\s*(</td>)")
_CHANGE_LOG = re.compile(r'<h2[^>]*\bid="change-log"')


def what_changed_url(version: str, versions: frozenset[str]) -> str:
    """Where "see what changed" in ``version`` leads, from the article's page: its section on the diff page, or
    the change log where there is no comparison (no history, or the article's first version)."""
    return f"{CHANGES_URL}#{version_anchor(version)}" if version in versions else f"#{CHANGE_LOG_ID}"


def link_change_log(page_html: str, versions: frozenset[str]) -> str:
    """``page_html`` (an article's rendered content) with the version cell of each change-log row that has a
    comparison linked to its section on the diff page (``changes/#v1-4``)."""
    start = _CHANGE_LOG.search(page_html)
    if start is None or not versions:
        return page_html
    end = page_html.find("</table>", start.end())
    end = len(page_html) if end < 0 else end

    def link(match: re.Match[str]) -> str:
        version = match[2]
        if version not in versions:
            return match.group()
        return f'{match[1]}<a href="{what_changed_url(version, versions)}">{version}</a>{match[3]}'

    return page_html[: start.end()] + _VERSION_CELL.sub(link, page_html[start.end() : end]) + page_html[end:]
