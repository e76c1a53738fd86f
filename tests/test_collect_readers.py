"""Search gaps and "was this clear?" votes through a real collector on SQLite and PostgreSQL: stored once, redacted
again whatever the page sent, refused with a reason, deleted after the retention period; and the authors' view
(threshold of distinct browsers, weekly counts, normalised grouping), over HTTP and from the database alike."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import test_collect_service
from conftest import build_site, parsed
from repo_factory import copy_site
from test_collect_service import ORIGIN, TOKEN, Collector, collector_at, raw_sql

from kijun.collect.reader_store import Feedback, SearchGap
from kijun.contracts import FEEDBACK_FORMAT, SEARCH_GAP_FORMAT
from kijun.csv_safety import neutralise, restore

pytestmark = pytest.mark.slow  # starts its own servers (and a database)

postgres_server = test_collect_service.postgres_server
database = test_collect_service.database
collector = test_collect_service.collector


def gap(query: str, browser: str = "browser-0001", **changes: Any) -> dict[str, Any]:
    return {
        "format": SEARCH_GAP_FORMAT,
        "event_id": str(uuid.uuid4()),
        "language": "ja",
        "query": query,
        "results": 0,
        "browser": browser,
    } | changes


def vote(page: str = "policies/copyright/", **changes: Any) -> dict[str, Any]:
    return {
        "format": FEEDBACK_FORMAT,
        "feedback_id": str(uuid.uuid4()),
        "page": page,
        "version": "1.4",
        "language": "en",
        "vote": "unclear",
        "section": "grey-areas",
        "comment": "Which step when the notice is incomplete?",
        "browser": "browser-0001",
    } | changes


def post(collector: Collector, route: str, document: object, **headers: str) -> Any:
    return collector.http.post(route, json=document, headers={"Origin": ORIGIN, **headers})


def test_a_search_gap_is_stored_once_and_redacted_again(collector: Collector) -> None:
    document = gap("返金 taro@example.com 1234567 の件")
    assert post(collector, "/search-gaps", document).status_code == 201
    assert post(collector, "/search-gaps", document).json()["status"] == "duplicate"
    [stored] = collector.store.events(SearchGap)
    assert stored.query == "返金 [email] [number] の件"  # a page that failed to redact is redacted here
    assert "1234567" not in json.dumps([s.__dict__ for s in collector.store.events(SearchGap)])


def test_a_vote_is_stored_with_its_comment_redacted_and_a_clear_vote_keeps_none(collector: Collector) -> None:
    assert post(collector, "/feedback", vote(comment="student 田中さん, order 7654321")).status_code == 201
    assert post(collector, "/feedback", vote(vote="clear", comment="x")).status_code == 201
    unclear, clear = collector.store.events(Feedback)
    assert unclear.comment == "student [name], order [number]"
    assert clear.comment is None


@pytest.mark.parametrize(
    ("route", "document", "code"),
    [
        ("/search-gaps", gap("x", language="fr"), "invalid"),
        ("/search-gaps", gap(""), "invalid"),
        ("/search-gaps", gap("x", results=-1), "invalid"),
        ("/search-gaps", gap("x", browser="short"), "invalid"),
        ("/search-gaps", gap("x") | {"name": "extra"}, "invalid"),
        ("/feedback", vote(page="policies/no-such-article/"), "unknown_page"),
        ("/feedback", vote(page="../../etc/"), "invalid"),
        ("/feedback", vote(vote="meh"), "invalid"),
        ("/feedback", vote(comment="x" * 2001), "invalid"),
    ],
)
def test_bad_reader_events_are_refused_with_a_reason(
    collector: Collector, route: str, document: dict, code: str
) -> None:
    response = post(collector, route, document)
    assert (response.status_code, response.json()["error"]) == (422, code)
    assert collector.store.events(SearchGap) == collector.store.events(Feedback) == []


def test_reader_routes_have_the_guards_of_the_results_route(database: str) -> None:
    with collector_at(database, max_bytes=2048) as collector:
        for route in ("/search-gaps", "/feedback"):
            foreign = post(collector, route, gap("x"), Origin="https://evil.example")
            assert (foreign.status_code, foreign.json()["error"]) == (403, "forbidden_origin")
            text = collector.http.post(route, content=b"x", headers={"Content-Type": "text/plain"})
            assert (text.status_code, text.json()["error"]) == (415, "unsupported_media_type")
            big = post(collector, route, vote(comment="y" * 3000))
            assert (big.status_code, big.json()["error"]) == (413, "too_large")
        assert collector.read("/gaps", token=None).status_code == 401


def test_the_authors_view_needs_three_browsers_and_counts_per_week(
    collector: Collector, database: str
) -> None:
    for number, query in enumerate(["ｽﾃﾏ 依頼", "ステマ依頼", "すてま 依頼"]):
        post(collector, "/search-gaps", gap(query, browser=f"browser-{number:04d}"))
    for number in range(2):  # two browsers only: below the threshold
        post(collector, "/search-gaps", gap("記者から問い合わせ", browser=f"browser-{number:04d}"))
    # One of the three searches happened three weeks ago.
    raw_sql(
        database,
        "UPDATE collected_search_gaps SET received_at = '2026-11-10T09:00:00.000000+00:00' "
        "WHERE query = 'ステマ依頼'",
    )
    post(collector, "/feedback", vote())
    post(collector, "/feedback", vote(vote="clear", comment=None, section=None, browser="browser-0009"))
    body = collector.read("/gaps").json()
    [query] = body["queries"]
    assert (query["browsers"], query["searches"], query["no_results"]) == (3, 3, 3)
    assert query["weeks"]["2026-W46"] == 1
    assert sum(query["weeks"].values()) == 3
    assert query["next_step"] == "add-keyword-or-section"
    [page] = body["pages"]
    assert (page["page"], page["unclear"], page["clear"], page["sections"]) == (
        "policies/copyright/",
        1,
        1,
        {"grey-areas": 1},
    )
    assert collector.read("/gaps?min_browsers=2").json()["queries"][1]["query"] == "記者から問い合わせ"


def test_events_older_than_the_retention_period_are_deleted(database: str) -> None:
    with collector_at(database) as collector:
        post(collector, "/search-gaps", gap("old"))
        post(collector, "/feedback", vote())
        post(collector, "/search-gaps", gap("new"))
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
    backdate = "UPDATE collected_{} SET received_at = '" + old + "'"  # noqa: S608 (a test's own SQL)
    raw_sql(database, backdate.format("search_gaps") + " WHERE query = 'old'")
    raw_sql(database, backdate.format("feedback"))
    with collector_at(database, retention_days=30) as collector:  # purges as it starts
        assert [event.query for event in collector.store.events(SearchGap)] == ["new"]
        assert collector.store.events(Feedback) == []


def test_the_command_reads_the_collector_and_its_database_alike(
    collector: Collector, database: str, tmp_path: Path
) -> None:
    hostile = "=HYPERLINK(1) <script>alert(1)</script> {{NOPE}} {{ladder.appeal_days}}"  # braces: not matrix numbers
    for number in range(3):
        post(collector, "/search-gaps", gap(hostile, browser=f"browser-{number:04d}"))
    post(collector, "/feedback", vote())
    env = {k: v for k, v in os.environ.items() if k != "KIJUN_COLLECT_TOKEN"}
    repo = tmp_path / "repo"
    copy_site(repo)

    def kijun(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kijun", "gaps", *args, "--root", str(repo)]
        return subprocess.run(command, capture_output=True, text=True, env=env | extra, check=False)

    over_http = kijun("--from-collector", collector.url, "--format", "json", KIJUN_COLLECT_TOKEN=TOKEN)
    assert over_http.returncode == 0, over_http.stderr
    from_database = kijun("--from-collector", database, "--format", "json", "--pages")
    assert from_database.returncode == 0, from_database.stderr
    assert json.loads(over_http.stdout) == json.loads(from_database.stdout)
    table = kijun("--from-collector", database, "--format", "csv")
    cells = [row["query_or_page"] for row in csv.DictReader(io.StringIO(table.stdout))]
    assert cells[0] == neutralise(hostile) != hostile  # Excel reads it as text ...
    assert [restore(cell) for cell in cells] == [hostile, "policies/copyright/"]  # ... and we read it back

    built = build_site(repo / "mkdocs.yml", tmp_path / "site")  # the report page, in every language, strictly
    assert built.returncode == 0, built.stdout + built.stderr
    for prefix in ("", "ja/"):
        report = parsed(tmp_path / "site" / prefix / "reports" / "reading-gaps" / "index.html")
        assert report.find("script", string=re.compile("alert")) is None
        assert hostile in report.get_text()  # shown as text
        search = (tmp_path / "site" / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "reading-gaps" not in search  # a report is for the lead, not for the agents' search
        assert "alert(1)" not in search
