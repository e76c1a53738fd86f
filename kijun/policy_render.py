"""What a policy article's page shows besides its text, rendered from the model: the metadata block under the title,
the overdue-review notice, and the policy index (every value escaped)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import PurePosixPath

from kijun.languages import format_date
from kijun.markdown_text import escape_inline
from kijun.policies import AREAS, PolicyMeta
from kijun.review_due import due_date
from kijun.ui_text import ui_text


def render_meta_block(
    meta: PolicyMeta, owner_name: str, language: str, changes_url: str | None = None
) -> str:
    """HTML for the small metadata block under an article's title (every value escaped), with a link to what
    changed in each version where the article has a diff page (``changes_url``)."""

    def item(label_key: str, value_html: str) -> str:
        return f"<div><dt>{html.escape(ui_text(label_key, language))}</dt><dd>{value_html}</dd></div>"

    def date(value: dt.date) -> str:
        return f'<time datetime="{value.isoformat()}">{html.escape(format_date(value, language))}</time>'

    items = [
        item("meta_policy_id", f"<code>{html.escape(meta.policy_id)}</code>"),
        item("meta_version", html.escape(meta.version)),
        item("meta_owner", html.escape(owner_name)),
        item("meta_effective", date(meta.effective)),
        item("meta_last_reviewed", date(meta.last_reviewed)),
    ]
    if changes_url is not None:
        link = f'<a href="{html.escape(changes_url)}">{html.escape(ui_text("diff_meta_link", language))}</a>'
        items.append(item("diff_meta", link))
    label = html.escape(ui_text("meta_label", language), quote=True)
    # Kept out of the search index: dates and version numbers are noise as a result's teaser; the policy id is
    # searchable through the page's keywords (kijun.search.vocabulary).
    return (
        f'<div class="kijun-policy-meta" role="group" aria-label="{label}" data-search-exclude>'
        f"<dl>{''.join(items)}</dl></div>"
    )


def render_policy_index(
    metas: dict[tuple[str, PurePosixPath], PolicyMeta], team_names: dict[str, str], language: str
) -> str:
    """Markdown tables of every policy article in ``language``, one per area, linked from ``policies/index.md``."""
    header = "| " + " | ".join(
        ui_text(key, language)
        for key in ("index_policy", "index_decides", "meta_owner", "meta_last_reviewed")
    )
    blocks = []
    for area in AREAS:
        rows = sorted(
            (
                (path, meta)
                for (lang, path), meta in metas.items()
                if lang == language and meta.area == area and not meta.draft
            ),
            key=lambda row: row[1].policy_id,
        )
        if not rows:
            continue
        lines = [
            f"## {escape_inline(ui_text(f'area_{area}', language))} {{#{area}}}",
            "",
            header + " |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| [{escape_inline(meta.title)}]({path.name}) <br>`{meta.policy_id}` v{escape_inline(meta.version)} "
            f"| {escape_inline(meta.description)} | {escape_inline(team_names[meta.owner])} "
            f"| {format_date(meta.last_reviewed, language)} |"
            for path, meta in rows
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def overdue_notice(meta: PolicyMeta, owner_name: str, language: str, today: dt.date) -> str:
    """HTML for the notice on an overdue article (empty when it is not overdue); every value escaped."""
    due = due_date(meta)
    if today <= due:
        return ""
    text = ui_text("review_overdue", language).format(due=format_date(due, language), owner=owner_name)
    return f'<div class="admonition warning kijun-review-overdue"><p>{html.escape(text)}</p></div>'
