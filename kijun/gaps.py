"""Where reading fails, for the authors: searches that found nothing useful, and articles agents found unclear.

The collector keeps the events (:mod:`kijun.collect.reader_store`); this module turns them into the authors' view,
the same whether asked over HTTP (``GET /gaps``), by ``kijun gaps`` from the database, or for the generated report
page. Queries are grouped by a normalised form (width, case and kana folded) and shown only once enough distinct
browsers typed them: one agent's search says little, and a query typed once may still identify a case.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from kijun.collect.reader_store import Feedback, SearchGap
from kijun.pages import Pages

MIN_BROWSERS = 3
FEEDBACK_FOLDERS = ("policies", "guides")  # the pages that ask "was this clear?"
_KATAKANA = re.compile("[\u30a1-\u30f6]")
_CJK = "\u3040-\u30ff\u4e00-\u9fff"
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}])\\s+|\\s+(?=[{_CJK}])")  # ステマ 依頼 and ステマ依頼 are one query
_EDGE_PUNCTUATION = "\"'“”‘’「」『』()（）[]【】.,、。!?！？:;：；・…〜~"


def normalised(query: str) -> str:
    """The form queries are grouped by: NFKC (full and half width alike), case folded, katakana as hiragana,
    spaces collapsed (and dropped beside Japanese), punctuation at the ends dropped."""
    text = unicodedata.normalize("NFKC", query).casefold()
    text = _KATAKANA.sub(lambda match: chr(ord(match.group()) - 0x60), text)
    return _SPACE_BY_CJK.sub("", " ".join(text.split())).strip(_EDGE_PUNCTUATION + " ")


def iso_week(timestamp: str) -> str:
    """``2026-W49`` for an ISO time: the week a count belongs to."""
    year, week, _day = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).isocalendar()
    return f"{year}-W{week:02d}"


def feedback_pages(pages: Pages, language: str) -> dict[str, str]:
    """The pages that ask "was this clear?" in ``language`` (published articles and guides): URL path → title."""
    found = {}
    for folder in FEEDBACK_FOLDERS:
        for page in pages.under(language, folder):
            if page.path.name == "index.md" or page.draft:
                continue
            found[f"{folder}/{page.path.stem}/"] = str(page.data.get("title") or _first_heading(page.text))
    return found


def _first_heading(text: str) -> str:
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else ""


def unanswered_queries(events: Iterable[SearchGap], min_browsers: int = MIN_BROWSERS) -> list[dict[str, Any]]:
    """Queries grouped by language and normalised form, typed by at least ``min_browsers`` distinct browsers (a
    browser's id changes daily, so one agent over several days counts more than once), most browsers first."""
    groups: dict[tuple[str, str], list[SearchGap]] = defaultdict(list)
    for event in events:
        key = normalised(event.query)
        if key:
            groups[(event.language, key)].append(event)
    found = []
    for (language, key), group in groups.items():
        browsers = {event.browser for event in group}
        if len(browsers) < min_browsers:
            continue
        typed = Counter(event.query for event in group).most_common(1)[0][0]
        weeks = Counter(iso_week(event.received_at) for event in group)
        nothing = sum(event.results == 0 for event in group)
        found.append(
            {
                "language": language,
                "query": typed,
                "normalised": key,
                "browsers": len(browsers),
                "searches": len(group),
                "no_results": nothing,
                "weeks": dict(sorted(weeks.items())),
                "next_step": "add-keyword-or-section" if nothing == len(group) else "improve-ranking",
            }
        )
    return sorted(
        found, key=lambda item: (-item["browsers"], -item["searches"], item["language"], item["query"])
    )


def unclear_pages(
    events: Iterable[Feedback], titles: Mapping[tuple[str, str], str], source_language: str
) -> list[dict[str, Any]]:
    """Pages ranked by "unclear" votes (every language together), with the sections named and the comments."""
    by_page: dict[str, list[Feedback]] = defaultdict(list)
    for event in events:
        by_page[event.page].append(event)
    ranked = []
    for page, votes in by_page.items():
        unclear = [vote for vote in votes if vote.vote == "unclear"]
        sections = Counter(vote.section for vote in unclear if vote.section)
        ranked.append(
            {
                "page": page,
                "title": titles.get((source_language, page), page),
                "unclear": len(unclear),
                "clear": len(votes) - len(unclear),
                "sections": dict(sections.most_common()),
                "comments": [
                    {
                        "language": vote.language,
                        "section": vote.section,
                        "comment": vote.comment,
                        "version": vote.version,
                        "week": iso_week(vote.received_at),
                    }
                    for vote in unclear
                    if vote.comment
                ],
                "next_step": "rewrite-section" if sections else "review-wording" if unclear else "none",
            }
        )
    return sorted(ranked, key=lambda item: (-item["unclear"], item["clear"], item["page"]))


def gaps_summary(
    searches: Iterable[SearchGap],
    votes: Iterable[Feedback],
    titles: Mapping[tuple[str, str], str],
    source_language: str,
    min_browsers: int = MIN_BROWSERS,
) -> dict[str, Any]:
    """The authors' view, as JSON-ready data: the unanswered queries and the unclear pages."""
    return {
        "min_browsers": min_browsers,
        "queries": unanswered_queries(searches, min_browsers),
        "pages": unclear_pages(votes, titles, source_language),
    }
