"""`kijun collect` over real HTTP (uvicorn on loopback) and a real database: SQLite, and PostgreSQL on a server
the tests start themselves. What is stored, what is refused and why, and that nothing half-written remains."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema
import psycopg
import pytest
from conftest import REPO_ROOT, starter_library

from kijun.answers import results_document
from kijun.collect.app import create_app
from kijun.collect.backends import open_store
from kijun.collect.config import Settings, SettingsError
from kijun.collect.server import running
from kijun.collect.store import Store, is_postgres_url
from kijun_tools.pgserver import PostgresUnavailableError, throwaway_postgres

pytestmark = pytest.mark.slow  # starts its own servers (and a database)

LIBRARY = starter_library()
ROUND = LIBRARY.quizzes["calibration-2026-q3"]
PRACTICE = next(q for q in LIBRARY.quizzes.values() if q.mode == "practice")
TOKEN = "lead-token-0123456789abcdef"  # noqa: S105 (a test token)
ORIGIN = "http://127.0.0.1:8000"
RESULTS_SCHEMA = json.loads((REPO_ROOT / "quizzes" / "results.schema.json").read_text(encoding="utf-8"))


def results(agent: str = "A-001", quiz: Any = ROUND, exported_at: str = "2026-11-30T10:00:00.000Z") -> dict:
    """A valid POSTed results document: every case of ``quiz`` answered with its reference decision."""
    answers = [
        {
            "case_id": case_id,
            "decision": LIBRARY.cases[case_id].decision,
            "clause": None,
            "confidence": "high",
            "reason": "理由 <b>not markup</b>",
            "time_ms": 1200,
            "answered_at": "2026-11-30T09:59:00.000Z",
        }
        for case_id in quiz.case_ids
    ]
    return results_document(quiz, agent, "ja", exported_at, answers, submission_id=str(uuid.uuid4()))


# ---- Databases: a SQLite file, or a fresh database on a PostgreSQL server started for the session ----------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    try:
        with throwaway_postgres() as url:
            yield url
    except PostgresUnavailableError as exc:
        pytest.skip(f"PostgreSQL path not tested: {exc}")


def new_postgres_database(server: str) -> str:
    name = f"kijun_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rsplit('/', 1)[0]}/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "collector.sqlite")
    return new_postgres_database(request.getfixturevalue("postgres_server"))


def raw_sql(location: str, sql: str) -> None:
    """Run ``sql`` on the database directly, as someone with a database client would."""
    if is_postgres_url(location):
        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute(sql)
    else:
        with sqlite3.connect(location) as connection:
            connection.executescript(sql)


# ---- A collector served by uvicorn on loopback ----------------------------------------------------------


@dataclass
class Collector:
    url: str
    store: Store
    http: httpx.Client

    def post(self, document: object, **headers: str) -> httpx.Response:
        return self.http.post("/results", json=document, headers={"Origin": ORIGIN, **headers})

    def read(self, path: str, token: str | None = TOKEN) -> httpx.Response:
        return self.http.get(path, headers={"Authorization": f"Bearer {token}"} if token else {})

    def stored(self) -> list:
        return self.store.submissions(include_superseded=True)


@contextmanager
def collector_at(database: str, **settings: Any) -> Iterator[Collector]:
    store = open_store(database)
    app = create_app(Settings(token=TOKEN, database=database, root=REPO_ROOT, **settings), store)
    try:
        with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            yield Collector(url, store, http)
    finally:
        store.close()


@pytest.fixture
def collector(database: str) -> Iterator[Collector]:
    with collector_at(database) as running_collector:
        yield running_collector


# ---- Stored once, superseded not overwritten, old versions flagged --------------------------------------


def test_a_resent_submission_is_stored_once(collector: Collector) -> None:
    document = results()
    first = collector.post(document)
    assert first.status_code == 201, first.text
    assert first.json() == {
        "status": "stored",
        "submission_id": document["submission_id"],
        "outdated": False,
        "superseded": False,
    }
    for _ in range(2):  # the browser's retry queue resends after a timeout
        again = collector.post(document)
        assert again.status_code == 200
        assert again.json()["status"] == "duplicate"
    [stored] = collector.stored()
    assert stored.document() == document


def test_simultaneous_deliveries_of_one_submission_store_it_once(collector: Collector) -> None:
    document = results()
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def deliver() -> None:
        with httpx.Client(base_url=collector.url, timeout=30) as http:
            barrier.wait()
            statuses.append(http.post("/results", json=document).status_code)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert len(collector.stored()) == 1


def test_a_later_submission_supersedes_and_a_late_older_one_does_not(collector: Collector) -> None:
    morning = results("A-007 佐藤", exported_at="2026-11-30T09:00:00Z")
    noon = results(" a-007 佐藤 ", exported_at="2026-11-30T12:00:00+09:00")  # 03:00 UTC: older than morning
    evening = results("A-007 佐藤", exported_at="2026-11-30T18:00:00Z")
    assert collector.post(morning).json()["superseded"] is False
    assert collector.post(evening).json()["superseded"] is False
    late = collector.post(noon)  # arrives last, was exported first (the same agent, spelled differently)
    assert late.status_code == 201
    assert late.json()["superseded"] is True
    by_id = {s.submission_id: s for s in collector.stored()}
    assert len(by_id) == 3  # every one kept
    assert by_id[morning["submission_id"]].superseded_by == evening["submission_id"]
    assert by_id[noon["submission_id"]].superseded_by == evening["submission_id"]
    assert by_id[evening["submission_id"]].superseded_by is None
    [current] = collector.store.submissions(ROUND.id)
    assert current.submission_id == evening["submission_id"]
    progress = collector.read(f"/rounds/{ROUND.id}/progress").json()
    assert progress["submitted"] == 1
    [agent] = progress["agents"]
    assert agent["submissions"] == 3
    assert agent["answers"] == len(ROUND.case_ids)


def test_answers_to_an_old_version_are_kept_and_flagged(collector: Collector) -> None:
    document = results()
    document["quiz_version"] = "0123456789ab"
    document["answers"][0]["case_id"] = "ZZZ-999"  # a case the current version no longer has: not checked
    response = collector.post(document)
    assert response.status_code == 201, response.text
    assert response.json()["outdated"] is True
    [agent] = collector.read(f"/rounds/{ROUND.id}/progress").json()["agents"]
    assert agent["outdated"] is True
    assert agent["quiz_version"] == "0123456789ab"


def test_a_submission_id_reused_for_other_answers_is_refused(collector: Collector) -> None:
    document = results()
    assert collector.post(document).status_code == 201
    changed = copy.deepcopy(document)
    changed["answers"][0]["decision"] = LIBRARY.cases[changed["answers"][0]["case_id"]].options[0]
    changed["answers"][0]["reason"] = "changed"
    response = collector.post(changed)
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    [stored] = collector.stored()
    assert stored.document() == document


# ---- Refusals: the right status, a JSON reason, nothing stored, the service carries on -----------------


def _without_submission_id(document: dict) -> None:
    del document["submission_id"]


def _unknown_quiz(document: dict) -> None:
    document["quiz_id"] = "no-such-quiz"


def _wrong_mode(document: dict) -> None:
    document["mode"] = "practice"


def _unknown_case(document: dict) -> None:
    document["answers"][0]["case_id"] = "ZZZ-999"


def _invalid_decision(document: dict) -> None:
    document["answers"][0]["decision"] = "ban-everyone"


def _schema_violation(document: dict) -> None:
    document["answers"][0]["confidence"] = "absolute"


def _twice_the_same_case(document: dict) -> None:
    document["answers"].append(dict(document["answers"][0]))


def _no_answers(document: dict) -> None:
    document["answers"] = []


def _long_agent(document: dict) -> None:
    document["agent"] = "x" * 81


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_without_submission_id, "missing_submission_id"),
        (_unknown_quiz, "unknown_quiz"),
        (_wrong_mode, "wrong_mode"),
        (_unknown_case, "unknown_case"),
        (_invalid_decision, "invalid_decision"),
        (_schema_violation, "invalid"),
        (_twice_the_same_case, "duplicate_case"),
        (_no_answers, "no_answers"),
        (_long_agent, "invalid"),
    ],
)
def test_invalid_results_are_refused_with_a_reason(collector: Collector, change, code: str) -> None:
    document = results()
    change(document)
    response = collector.post(document)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert collector.stored() == []
    assert collector.post(results()).status_code == 201  # and the next trainee is served


def test_malformed_oversized_and_wrong_origin_requests_are_refused(database: str) -> None:
    with collector_at(database, max_bytes=4096) as collector:
        http = collector.http
        bad_json = http.post("/results", content=b'{"format": ', headers={"Content-Type": "application/json"})
        assert (bad_json.status_code, bad_json.json()["error"]) == (400, "invalid_json")
        not_json = http.post("/results", content=b"agent=x", headers={"Content-Type": "text/plain"})
        assert (not_json.status_code, not_json.json()["error"]) == (415, "unsupported_media_type")
        big = results()
        big["answers"][0]["reason"] = "あ" * 500
        big["answers"][1]["reason"] = "い" * 500
        declared = collector.post(big)
        assert (declared.status_code, declared.json()["error"]) == (413, "too_large")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted while reading
            body = json.dumps(big).encode()
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        streamed = http.post("/results", content=chunks(), headers={"Content-Type": "application/json"})
        assert (streamed.status_code, streamed.json()["error"]) == (413, "too_large")
        foreign = collector.post(results(), Origin="https://evil.example")
        assert (foreign.status_code, foreign.json()["error"]) == (403, "forbidden_origin")
        wrong_method = http.get("/results")
        assert wrong_method.status_code == 405
        assert wrong_method.json()["error"] == "method_not_allowed"
        assert collector.stored() == []
        assert collector.post(results()).status_code == 201


def test_cors_admits_only_the_configured_origin(collector: Collector) -> None:
    def preflight(origin: str) -> httpx.Response:
        return collector.http.options(
            "/results",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )

    allowed = preflight(ORIGIN)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    other = preflight("https://evil.example")
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    stored = collector.post(results())
    assert stored.headers["access-control-allow-origin"] == ORIGIN


def test_a_flooding_client_is_limited_while_others_are_served(database: str) -> None:
    with collector_at(database, rate_limit="5/minute") as collector:
        statuses = [collector.post(results(f"A-{n:03d}")).status_code for n in range(8)]
        assert statuses == [201] * 5 + [429] * 3
        limited = collector.post(results())
        assert limited.json()["error"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        # Another client address on the loopback network is not affected.
        other = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=collector.url, transport=other, timeout=30) as http:
            assert http.post("/results", json=results("B-001")).status_code == 201
        assert len(collector.stored()) == 6


# ---- The lead's side: token, progress, export ---------------------------------------------------------


def test_reading_needs_the_token(collector: Collector) -> None:
    collector.post(results())
    for path in ("/rounds", f"/rounds/{ROUND.id}/progress", f"/rounds/{ROUND.id}/export"):
        for token in (None, "wrong-token-0123456789"):
            response = collector.read(path, token)
            assert response.status_code == 401, path
            assert response.json()["error"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"
        assert collector.read(path).status_code == 200, path
    assert collector.read("/rounds").json() == {"rounds": [{"id": ROUND.id, "agents": 1}]}
    assert collector.http.get("/health").json() == {"status": "ok"}


def test_progress_shows_who_submitted_how_much_and_when(collector: Collector) -> None:
    partial = results("A-002")
    partial["answers"] = partial["answers"][:5]
    collector.post(results("A-001"))
    collector.post(partial)
    collector.post(results("A-001", exported_at="2026-11-30T11:00:00Z"))
    progress = collector.read(f"/rounds/{ROUND.id}/progress").json()
    assert progress["round"] == ROUND.id
    assert progress["quiz_version"] == ROUND.version
    assert progress["cases"] == len(ROUND.case_ids)
    assert progress["submitted"] == 2
    assert progress["submissions"] == 3
    assert [(a["agent"], a["submissions"], a["answers"]) for a in progress["agents"]] == [
        ("A-001", 2, len(ROUND.case_ids)),
        ("A-002", 1, 5),
    ]
    assert all(a["last_seen"].startswith("20") for a in progress["agents"])
    unknown = collector.read("/rounds/no-such-round/progress")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "unknown_quiz")


def test_export_is_one_results_file_per_agent(collector: Collector) -> None:
    first, later, other = (
        results("A-001"),
        results("A-001", exported_at="2026-12-01T00:00:00Z"),
        results("A-002"),
    )
    for document in (first, later, other):
        collector.post(document)
    collector.post(results("A-003", quiz=PRACTICE))  # another quiz: not in this round's export
    response = collector.read(f"/rounds/{ROUND.id}/export")
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        documents = [json.loads(archive.read(name)) for name in archive.namelist()]
        names = archive.namelist()
    assert names == ["000002-A-001.json", "000003-A-002.json"]
    for document in documents:
        jsonschema.validate(document, RESULTS_SCHEMA)
    assert documents == [later, other]
    everything = collector.read(f"/rounds/{ROUND.id}/export?superseded=1")
    with zipfile.ZipFile(io.BytesIO(everything.content)) as archive:
        assert len(archive.namelist()) == 3
    assert collector.read("/rounds/no-such-round/export").status_code == 404


def test_submitted_text_is_never_served_as_html(collector: Collector) -> None:
    document = results('<script>alert("x")</script>')
    collector.post(document)
    for path in ("/rounds", f"/rounds/{ROUND.id}/progress"):
        response = collector.read(path)
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"
    progress = collector.read(f"/rounds/{ROUND.id}/progress").json()
    assert progress["agents"][0]["agent"] == '<script>alert("x")</script>'  # data, labelled as it was typed


# ---- Append-only, and nothing half-written ---------------------------------------------------------------


def test_stored_answers_cannot_be_rewritten_or_deleted(collector: Collector, database: str) -> None:
    collector.post(results())
    for sql in (
        "DELETE FROM collected_submissions",
        "UPDATE collected_submissions SET payload = '{}'",
        "UPDATE collected_submissions SET agent = 'someone else'",
    ):
        with pytest.raises((sqlite3.DatabaseError, psycopg.DatabaseError), match="append-only"):
            raw_sql(database, sql)
    [stored] = collector.stored()
    assert stored.agent == "A-001"


SUPERSEDE_FAILS = {
    "sqlite": "CREATE TRIGGER inject_fault BEFORE UPDATE OF superseded_by ON collected_submissions "
    "BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
    "postgres": "CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$; "
    "CREATE TRIGGER inject_fault BEFORE UPDATE ON collected_submissions "
    "FOR EACH ROW EXECUTE FUNCTION inject_fault();",
}
SUPERSEDE_REPAIRED = {
    "sqlite": "DROP TRIGGER inject_fault;",
    "postgres": "DROP TRIGGER inject_fault ON collected_submissions;",
}


def test_a_failure_mid_write_leaves_nothing_half_written(collector: Collector, database: str) -> None:
    """The database fails after the new row is inserted, while the older one is being marked superseded."""
    kind = "postgres" if is_postgres_url(database) else "sqlite"
    first, second = results(), results(exported_at="2026-12-01T00:00:00Z")
    collector.post(first)
    raw_sql(database, SUPERSEDE_FAILS[kind])
    failed = collector.post(second)
    assert failed.status_code == 503  # the quiz keeps it queued and sends it again
    assert failed.json()["error"] == "unavailable"
    assert "retry-after" in failed.headers
    [only] = collector.stored()
    assert (only.submission_id, only.superseded_by) == (first["submission_id"], None)
    raw_sql(database, SUPERSEDE_REPAIRED[kind])
    assert collector.post(second).status_code == 201
    assert {s.submission_id: s.superseded_by for s in collector.stored()} == {
        first["submission_id"]: second["submission_id"],
        second["submission_id"]: None,
    }


# ---- Settings ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"token": "short"},
        {"token": TOKEN, "origins": ("*",)},
        {"token": TOKEN, "origins": ("https://handbook.example.com/",)},
        {"token": TOKEN, "rate_limit": "lots"},
        {"token": TOKEN, "max_bytes": 10},
    ],
)
def test_unsafe_settings_are_refused(settings: dict) -> None:
    with pytest.raises(SettingsError):
        Settings(**settings)
