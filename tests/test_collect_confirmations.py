"""Read confirmations through a real collector (uvicorn on loopback) on SQLite and PostgreSQL: stored once per agent
and article version, refused with a reason, append-only, and the lead's view of who confirmed and who is overdue."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
import test_collect_service
from conftest import REPO_ROOT
from test_collect_service import ORIGIN, TOKEN, Collector, collector_at, raw_sql, results

from kijun.collect.store import StoredConfirmation
from kijun.confirmations import CONFIRMED, OVERDUE, PENDING, confirmation_status, required_confirmations
from kijun.contracts import CONFIRMATION_FORMAT
from kijun.csv_safety import restore
from kijun.handbook import Handbook

pytestmark = pytest.mark.slow  # starts its own servers (and a database)

# The service tests' fixtures: a collector on SQLite and on PostgreSQL.
postgres_server = test_collect_service.postgres_server
database = test_collect_service.database
collector = test_collect_service.collector

REQUIRED = required_confirmations(Handbook(REPO_ROOT).policies, "en")


def confirmation(agent: str = "A-001", **changes: Any) -> dict[str, Any]:
    """A valid confirmation of the first article the starter handbook asks agents to confirm."""
    first = REQUIRED[0]
    document = {
        "format": CONFIRMATION_FORMAT,
        "confirmation_id": str(uuid.uuid4()),
        "policy_id": first.policy_id,
        "version": first.version,
        "language": "ja",
        "agent": agent,
        "confirmed_at": "2026-12-07T09:00:00.000Z",
    }
    return document | changes


def confirm(collector: Collector, document: object, **headers: str) -> Any:
    return collector.http.post("/confirmations", json=document, headers={"Origin": ORIGIN, **headers})


def test_the_starter_handbook_asks_for_a_confirmation() -> None:
    assert REQUIRED, "no article with confirm_by: the confirmation flow has nothing to show"


def test_a_confirmation_is_stored_once_per_agent_and_version(collector: Collector) -> None:
    document = confirmation()
    first = confirm(collector, document)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "stored"
    resent = confirm(collector, document)
    assert (resent.status_code, resent.json()["status"]) == (200, "duplicate")
    again = confirm(collector, confirmation(agent="  a-001 "))  # another browser, the same agent
    assert (again.status_code, again.json()["confirmation_id"]) == (200, document["confirmation_id"])
    other_version = confirm(collector, confirmation(version="0.9"))
    assert other_version.status_code == 201  # an earlier version's confirmation is kept, and counted apart
    assert len(collector.store.confirmations()) == 2


def test_simultaneous_confirmations_by_one_agent_store_one(collector: Collector) -> None:
    documents = [confirmation() for _ in range(8)]
    codes: list[int] = []

    def send(document: dict) -> None:
        codes.append(confirm(collector, document).status_code)

    threads = [threading.Thread(target=send, args=(document,)) for document in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] * 7 + [201]
    assert len(collector.store.confirmations()) == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"policy_id": "POL-ZZZ"}, "unknown_policy"),
        ({"version": "latest"}, "invalid"),
        ({"agent": "   "}, "invalid"),
        ({"agent": "bell\u0007"}, "invalid"),
        ({"language": "fr"}, "invalid"),
        ({"confirmed_at": "yesterday"}, "invalid"),
        ({"confirmation_id": "../etc"}, "invalid"),
        ({"format": "kijun-results"}, "invalid"),
        ({"extra": "field"}, "invalid"),
    ],
)
def test_invalid_confirmations_are_refused_with_a_reason(
    collector: Collector, change: dict, code: str
) -> None:
    response = confirm(collector, confirmation() | change)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == code
    assert collector.store.confirmations() == []


def test_the_route_has_the_results_routes_guards(database: str) -> None:
    with collector_at(database, max_bytes=2048) as collector:
        http = collector.http
        bad = http.post("/confirmations", content=b"{", headers={"Content-Type": "application/json"})
        assert (bad.status_code, bad.json()["error"]) == (400, "invalid_json")
        text = http.post("/confirmations", content=b"x", headers={"Content-Type": "text/plain"})
        assert (text.status_code, text.json()["error"]) == (415, "unsupported_media_type")
        big = confirm(collector, confirmation(agent="あ" * 100) | {"padding": "x" * 4000})
        assert (big.status_code, big.json()["error"]) == (413, "too_large")
        foreign = confirm(collector, confirmation(), Origin="https://evil.example")
        assert (foreign.status_code, foreign.json()["error"]) == (403, "forbidden_origin")
        reused = confirmation()
        assert confirm(collector, reused).status_code == 201
        conflict = confirm(collector, reused | {"language": "en"})
        assert (conflict.status_code, conflict.json()["error"]) == (409, "conflict")
        assert len(collector.store.confirmations()) == 1


def test_a_flood_of_confirmations_is_limited(database: str) -> None:
    with collector_at(database, rate_limit="5/minute") as collector:
        codes = [confirm(collector, confirmation(agent=f"A-{n}")).status_code for n in range(7)]
        assert codes[:5] == [201] * 5
        assert codes[5:] == [429, 429]


def test_confirmations_cannot_be_rewritten_or_deleted(collector: Collector, database: str) -> None:
    confirm(collector, confirmation())
    for sql in ("DELETE FROM collected_confirmations", "UPDATE collected_confirmations SET agent = 'x'"):
        with pytest.raises((sqlite3.DatabaseError, psycopg.DatabaseError), match="append-only"):
            raw_sql(database, sql)
    assert [c.agent for c in collector.store.confirmations()] == ["A-001"]


def test_the_lead_sees_who_confirmed_and_who_has_not(collector: Collector) -> None:
    assert collector.read("/confirmations", token=None).status_code == 401
    collector.http.post("/results", json=results(agent="B-002"), headers={"Origin": ORIGIN})
    assert confirm(collector, confirmation(agent="A-001 <b>x</b>")).status_code == 201
    response = collector.read("/confirmations?language=ja")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    first = body["versions"][0]
    assert (first["policy_id"], first["version"]) == (REQUIRED[0].policy_id, REQUIRED[0].version)
    assert first["title"] == required_confirmations(Handbook(REPO_ROOT).policies, "ja")[0].title
    statuses = {agent["agent"]: agent["status"] for agent in first["agents"]}
    late = dt.date.today() > REQUIRED[0].confirm_by
    assert statuses == {"A-001 <b>x</b>": CONFIRMED, "B-002": OVERDUE if late else PENDING}
    assert collector.read("/confirmations?language=xx").status_code == 422


def test_status_counts_the_current_version_and_marks_the_late() -> None:
    required = REQUIRED[:1]
    item = required[0]

    def row(agent: str, version: str) -> StoredConfirmation:
        return StoredConfirmation(item.policy_id, version, "en", agent, agent.casefold(), "2026-12-07", "")

    stored = [row("Aki", item.version), row("Ben", "0.1")]
    before = confirmation_status(required, stored, ["aki", "Ben", "Chie", " "], item.confirm_by)
    after = confirmation_status(
        required, stored, ["aki", "Ben", "Chie"], item.confirm_by + dt.timedelta(days=1)
    )
    assert {a["agent"]: a["status"] for a in before["versions"][0]["agents"]} == {
        "Aki": CONFIRMED,
        "Ben": PENDING,  # confirmed an earlier version only
        "Chie": PENDING,
    }
    assert (after["versions"][0][CONFIRMED], after["versions"][0][OVERDUE]) == (1, 2)


def kijun(*args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KIJUN_COLLECT_TOKEN"}
    if token:
        env["KIJUN_COLLECT_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "kijun", *args, "--root", str(REPO_ROOT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_command_reads_the_collector_and_its_database_alike(
    collector: Collector, database: str, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://x.example","click")'
    for agent in ("A-001", hostile):
        assert confirm(collector, confirmation(agent=agent)).status_code == 201
    roster = tmp_path / "agents.txt"
    roster.write_text("# the team\nA-001\nC-003\n", encoding="utf-8")
    over_http = kijun("confirmations", "--from-collector", collector.url, "--format", "json", token=TOKEN)
    assert over_http.returncode == 0, over_http.stderr
    from_database = kijun("confirmations", "--from-collector", database, "--format", "json")
    assert from_database.returncode == 0, from_database.stderr
    assert json.loads(over_http.stdout) == json.loads(from_database.stdout)

    late = (REQUIRED[0].confirm_by + dt.timedelta(days=1)).isoformat()
    table = kijun("confirmations", "--from-collector", database, "--agents", str(roster), "--today", late)
    assert "2 confirmed, 1 overdue, 0 pending" in table.stdout
    assert "overdue: C-003" in table.stdout
    out = tmp_path / "status.csv"
    written = kijun("confirmations", "--from-collector", database, "--format", "csv", "--output", str(out))
    assert written.returncode == 0, written.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {restore(row["agent"]) for row in rows} == {"A-001", hostile}
    assert next(row["agent"] for row in rows if "HYPERLINK" in row["agent"]).startswith("'=")

    no_token = kijun("confirmations", "--from-collector", collector.url)
    assert (no_token.returncode, "KIJUN_COLLECT_TOKEN" in no_token.stderr) == (2, True)
    wrong = kijun("confirmations", "--from-collector", collector.url, token=TOKEN[::-1])
    assert (wrong.returncode, "401" in wrong.stderr, "Traceback" in wrong.stderr) == (2, True, False)
