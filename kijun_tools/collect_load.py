"""Load-and-fault script for ``kijun collect``: ``python -m kijun_tools.collect_load`` (needs the dev tools: httpx).

Three runs against a collector started here as its own process, on loopback only, each bounded in requests and time:

* **load**: N simulated trainees (default 300) each send a 20-case round at a random moment in the window (default
  60 s), from their own loopback address (127.1.x.y), through a browser-like retry queue. 10 % lose the reply and
  resend the same submission; 5 % send again later. Each also confirms having read the article that asks for it
  (10 % resend the confirmation, 5 % confirm again from another browser). Every response time is recorded.
* **kill**: the same, and the collector is killed (SIGKILL) mid-window and restarted 2 s later on the same port;
  after the queues drain, the database must hold exactly what was sent, each submission once and each agent's
  confirmation once.
* **abuse**: while trainees send, requests that are malformed, oversized, for an old version, from a foreign
  origin, for an unknown quiz, and a flood from one address; each must get its status, the others their answers.

Prints a Markdown section for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kijun.answers import results_document
from kijun.collect.backends import open_store
from kijun.confirmations import Required, required_confirmations
from kijun.contracts import CONFIRMATION_FORMAT
from kijun.handbook import Handbook
from kijun.library import Library, load_library
from kijun_tools.pgserver import throwaway_postgres

ORIGIN = "http://127.0.0.1:8000"
TOKEN = "loadtest-token-0123456789"  # noqa: S105 (a throw-away token for a loopback run)
QUIZ_ID = "load-round"
REQUEST_TIMEOUT = 10.0
TLS = ssl.create_default_context()  # never used on loopback http, but httpx makes one per client unless given


@dataclass
class Tally:
    """What the simulated browsers saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, successful POSTs
    statuses: Counter = field(default_factory=Counter)
    transport_errors: int = 0
    sent: dict[str, str] = field(default_factory=dict)  # submission_id -> canonical JSON
    confirming: set[str] = field(default_factory=set)  # agents who sent a read confirmation
    confirmed: tuple[int, int] = (0, 0)  # agents who confirmed, confirmations stored
    confirmations_wrong: int = 0  # agents with none or more than one stored

    def p(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


@dataclass(frozen=True)
class Sources:
    """What the simulated trainees answer and confirm: the round's cases, and an article version to confirm."""

    library: Library
    confirm: Required


def make_repo(root: Path, cases: int) -> tuple[Path, Library]:
    """A copy of the quiz sources with a practice round of ``cases`` cases (the starter rounds have 12)."""
    target = Path(tempfile.mkdtemp(prefix="kijun-load-"))
    shutil.copytree(root / "quizzes", target / "quizzes")
    shutil.copytree(root / "glossary", target / "glossary")  # the teams that own articles
    shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")  # the languages
    for language in ("en", "ja"):
        shutil.copytree(root / "docs" / language / "policies", target / "docs" / language / "policies")
    library = load_library(target)
    chosen = sorted(set(library.cases) - library.hidden_case_ids())[:cases]
    (target / "quizzes" / "definitions" / f"{QUIZ_ID}.yml").write_text(
        f"id: {QUIZ_ID}\nmode: practice\npass_mark: 0.5\ntitle: {{en: Load, ja: 負荷}}\n"
        f"intro: {{en: Load., ja: 負荷。}}\nselect: {{cases: [{', '.join(chosen)}]}}\n",
        encoding="utf-8",
    )
    confirm = required_confirmations(Handbook(target).policies, "en")[0]
    return target, Sources(load_library(target), confirm)


def document(sources: Sources, agent: str, rng: random.Random) -> dict:
    quiz = sources.library.quizzes[QUIZ_ID]
    answers = [
        {
            "case_id": case_id,
            "decision": rng.choice(sources.library.cases[case_id].options),
            "clause": None,
            "confidence": rng.choice(["low", "medium", "high"]),
            "reason": "宣伝目的の投稿に見えるため、ポリシーの該当箇所に従って判断しました。"
            * rng.randint(0, 3),
            "time_ms": rng.randint(20_000, 240_000),
            "answered_at": "2026-11-30T10:00:00.000Z",
        }
        for case_id in quiz.case_ids
    ]
    exported_at = f"2026-11-30T10:{rng.randint(0, 59):02d}:00.000Z"
    language = rng.choice(
        sorted(sources.library.cases[quiz.case_ids[0]].scenario)
    )  # a language the cases are written in
    return results_document(quiz, agent, language, exported_at, answers, submission_id=str(uuid.uuid4()))


async def deliver(http: httpx.AsyncClient, url: str, payload: dict, tally: Tally, deadline: float) -> None:
    """A browser's retry queue for one submission: until a 2xx or a refusal, back off 1 s → 30 s with jitter."""
    delay = 1.0
    body = json.dumps(payload)
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            response = await http.post(
                url, content=body, headers={"Content-Type": "application/json", "Origin": ORIGIN}
            )
        except httpx.TransportError:
            tally.transport_errors += 1
        else:
            tally.statuses[response.status_code] += 1
            if response.status_code < 500 and response.status_code not in (408, 429):
                if response.is_success:
                    tally.latencies.append(time.perf_counter() - start)
                return
        await asyncio.sleep(delay * (0.5 + random.random() / 2))  # noqa: S311
        delay = min(delay * 2, 30.0)
    name = payload.get("submission_id") or payload.get("confirmation_id")
    raise TimeoutError(f"{name} not delivered before the deadline")


async def trainee(
    number: int, url: str, sources: Sources, window: float, tally: Tally, deadline: float
) -> None:
    rng = random.Random(number)  # noqa: S311 (repeatable simulated trainees)
    await asyncio.sleep(rng.uniform(0, window * 0.8))
    # Its own loopback address, so the per-client rate limit sees one client per trainee. The client is made when
    # the trainee sends, with a shared TLS context: 300 made up front (each loading CA certificates) blocked the
    # load generator for seconds, and the responses then timed its backlog, not the collector.
    address = f"127.1.{number // 250}.{number % 250 + 1}"
    transport = httpx.AsyncHTTPTransport(local_address=address, verify=TLS)
    async with httpx.AsyncClient(transport=transport, timeout=REQUEST_TIMEOUT) as http:
        payload = document(sources, f"T-{number:04d}", rng)
        tally.sent[payload["submission_id"]] = payload
        await deliver(http, url, payload, tally, deadline)
        if rng.random() < 0.10:  # the reply was lost: the queue sends the same submission again
            await deliver(http, url, payload, tally, deadline)
        if rng.random() < 0.05:  # the trainee changes an answer and sends again
            await asyncio.sleep(rng.uniform(0, window * 0.1))
            again = document(sources, f"T-{number:04d}", rng) | {"exported_at": "2026-11-30T11:00:00.000Z"}
            tally.sent[again["submission_id"]] = again
            await deliver(http, url, again, tally, deadline)
        await asyncio.sleep(rng.uniform(0, window * 0.2))  # later, the agent confirms reading the new version
        agent, confirmations = f"T-{number:04d}", url.replace("/results", "/confirmations")
        read = confirmation(sources, agent, rng)
        tally.confirming.add(agent)
        await deliver(http, confirmations, read, tally, deadline)
        if rng.random() < 0.10:  # the reply was lost: the same confirmation again
            await deliver(http, confirmations, read, tally, deadline)
        if rng.random() < 0.05:  # confirmed again from another browser: a new id, the same agent and version
            await deliver(http, confirmations, confirmation(sources, agent, rng), tally, deadline)


def confirmation(sources: Sources, agent: str, rng: random.Random) -> dict:
    """A read confirmation of the first article version the sources ask agents to confirm."""
    required = sources.confirm
    return {
        "format": CONFIRMATION_FORMAT,
        "confirmation_id": str(uuid.uuid4()),
        "policy_id": required.policy_id,
        "version": required.version,
        "language": rng.choice(["en", "ja"]),
        "agent": agent,
        "confirmed_at": "2026-11-30T12:00:00.000Z",
    }


@contextmanager
def collector(database: str, root: Path, port: int = 0) -> Iterator[tuple[subprocess.Popen, int]]:
    command = [sys.executable, "-m", "kijun", "collect", "--db", database, "--root", str(root)]
    command += ["--port", str(port), "--origin", ORIGIN, "--rate-limit", "60/minute"]
    env = os.environ | {"KIJUN_COLLECT_TOKEN": TOKEN}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)  # noqa: S603
    try:
        line = process.stdout.readline()
        if not line.startswith("Collecting"):
            raise RuntimeError(f"collector did not start: {line}")
        threading.Thread(target=process.stdout.read, daemon=True).start()  # drain the access log
        yield process, int(line.split()[3].rsplit(":", 1)[1].split("/")[0])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def check_stored(database: str, tally: Tally) -> tuple[int, int, int]:
    """(sent, stored, mismatched or duplicated): every submission sent must be stored once, exactly as sent."""
    store = open_store(database, create=False)
    try:
        stored = store.submissions(include_superseded=True)
        confirmed = Counter(c.agent for c in store.confirmations())
    finally:
        store.close()
    tally.confirmed = (len(tally.confirming), sum(confirmed.values()))
    tally.confirmations_wrong = len(tally.confirming ^ set(confirmed)) + sum(
        n - 1 for n in confirmed.values()
    )
    ids = Counter(s.submission_id for s in stored)
    wrong = sum(1 for s in stored if tally.sent.get(s.submission_id) != s.document()) + sum(
        n - 1 for n in ids.values()
    )
    wrong += len(set(tally.sent) - set(ids))
    return len(tally.sent), len(stored), wrong


async def ready(url: str) -> None:
    """Wait until the collector answers (it prints its address just before it listens), warming both sides."""
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, verify=TLS) as http:
        for _ in range(100):
            try:
                if (await http.get(url.replace("/results", "/health"))).is_success:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError("the collector did not answer")


async def run_load(url: str, sources: Sources, trainees: int, window: float, tally: Tally) -> float:
    await ready(url)
    deadline = time.monotonic() + window + 180
    start = time.monotonic()
    await asyncio.gather(*(trainee(n, url, sources, window, tally, deadline) for n in range(trainees)))
    return time.monotonic() - start


def load_run(database: str, root: Path, sources: Sources, trainees: int, window: float) -> dict:
    tally = Tally()
    with collector(database, root) as (_, port):
        elapsed = asyncio.run(run_load(f"http://127.0.0.1:{port}/results", sources, trainees, window, tally))
    sent, stored, wrong = check_stored(database, tally)
    return {"tally": tally, "elapsed": elapsed, "sent": sent, "stored": stored, "wrong": wrong}


def kill_run(database: str, root: Path, sources: Sources, trainees: int, window: float) -> dict:
    tally = Tally()

    async def main(url: str, process: subprocess.Popen, port: int) -> tuple[float, float]:
        load = asyncio.ensure_future(run_load(url, sources, trainees, window, tally))
        await asyncio.sleep(window / 2)
        process.kill()  # SIGKILL mid-load: requests in flight are cut
        killed = time.monotonic()
        await asyncio.sleep(2)
        with collector(database, root, port):
            elapsed = await load
        return elapsed, killed

    with collector(database, root) as (process, port):
        elapsed, _ = asyncio.run(main(f"http://127.0.0.1:{port}/results", process, port))
    sent, stored, wrong = check_stored(database, tally)
    return {"tally": tally, "elapsed": elapsed, "sent": sent, "stored": stored, "wrong": wrong}


async def abuse(url: str, sources: Sources, tally: Tally) -> dict[str, tuple[int, str]]:
    """One request of each bad kind (and a flood), answered while trainees send: status and error code. What
    should be stored (the old version's answers, kept and flagged; the flood's one submission) joins ``tally``."""
    rng = random.Random(7)  # noqa: S311
    good = document(sources, "X-1", rng)
    seen: dict[str, tuple[int, str]] = {}
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, verify=TLS) as http:

        async def send(name: str, content: bytes, origin: str = ORIGIN) -> None:
            headers = {"Content-Type": "application/json", "Origin": origin}
            response = await http.post(url, content=content, headers=headers)
            seen[name] = (response.status_code, response.json().get("error", response.json().get("status")))

        await send("malformed JSON", b'{"format": "kijun-results", ')
        big = good | {"answers": good["answers"] * 200}
        await send("oversized (2 MB)", json.dumps(big).encode())
        old = good | {"quiz_version": "0" * 12, "submission_id": str(uuid.uuid4())}
        tally.sent[old["submission_id"]] = old
        await send("old quiz version", json.dumps(old).encode())
        unknown = good | {"quiz_id": "no-such-round", "submission_id": str(uuid.uuid4())}
        await send("unknown quiz", json.dumps(unknown).encode())
        await send("foreign origin", json.dumps(good).encode(), origin="https://evil.example")
    flood = Counter()
    async with httpx.AsyncClient(
        timeout=REQUEST_TIMEOUT, transport=httpx.AsyncHTTPTransport(local_address="127.2.0.1", verify=TLS)
    ) as http:
        flooded = document(sources, "F-1", rng)
        tally.sent[flooded["submission_id"]] = flooded
        body = json.dumps(flooded).encode()

        async def hammer() -> None:
            for _ in range(50):
                response = await http.post(
                    url, content=body, headers={"Content-Type": "application/json", "Origin": ORIGIN}
                )
                flood[response.status_code] += 1

        await asyncio.gather(*(hammer() for _ in range(20)))
    seen["flood: 1000 from one address"] = (0, ", ".join(f"{n}× {s}" for s, n in sorted(flood.items())))
    return seen


def abuse_run(database: str, root: Path, sources: Sources, trainees: int, window: float) -> dict:
    tally = Tally()

    async def main(url: str) -> dict:
        load = asyncio.ensure_future(run_load(url, sources, trainees, window, tally))
        await asyncio.sleep(window / 3)
        seen = await abuse(url, sources, tally)
        await load
        return seen

    with collector(database, root) as (_, port):
        seen = asyncio.run(main(f"http://127.0.0.1:{port}/results"))
    sent, stored, wrong = check_stored(database, tally)
    return {"tally": tally, "seen": seen, "sent": sent, "stored": stored, "wrong": wrong}


def render(results: dict[str, dict], args: argparse.Namespace) -> str:
    lines = [
        "## Answer collector: load and faults",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs by `python -m kijun_tools.collect_load` "
        f"({args.trainees} trainees × {args.cases} cases, arriving over {args.window:.0f} s, each from its own "
        "loopback address; a browser-like retry queue; 10 % resend a delivered submission, 5 % send again; each "
        "then confirms reading an article version, 10 % resending it and 5 % confirming again from another "
        "browser). "
        "Response times are measured by the clients, which share the 2 cores with the collector.",
        "",
        "| Run | Database | Result | Target | |",
        "|---|---|---|---|---|",
    ]
    for name, run in results.items():
        kind, database = name.split(":")
        tally = run["tally"]
        agents, confirmations = tally.confirmed
        ok = run["wrong"] == 0 and run["stored"] >= run["sent"] and tally.confirmations_wrong == 0
        stored = (
            f"{run['sent']} sent, {run['stored']} stored, {run['wrong']} lost/duplicated/altered; "
            f"confirmations: {agents} agents, {confirmations} stored, {tally.confirmations_wrong} lost/duplicated"
        )
        if kind == "load":
            p99 = tally.p(0.99)
            met = ok and p99 <= 100 and run["elapsed"] <= args.window + 30
            result = (
                f"{stored}; p50 {tally.p(0.5):.1f} ms, p99 {p99:.1f} ms, max {max(tally.latencies) * 1000:.0f} ms; "
                f"all done in {run['elapsed']:.0f} s"
            )
            target = "every submission and confirmation once; p99 ≤ 100 ms"
        elif kind == "kill":
            met = ok
            result = (
                f"SIGKILL at {args.window / 2:.0f} s, restart 2 s later: {stored}; "
                f"{tally.transport_errors} failed tries retried by the queues; queues drained in {run['elapsed']:.0f} s"
            )
            target = "zero lost, zero duplicated"
        else:
            seen = run["seen"]
            expected = {
                "malformed JSON": (400, "invalid_json"),
                "oversized (2 MB)": (413, "too_large"),
                "old quiz version": (201, "stored"),
                "unknown quiz": (422, "unknown_quiz"),
                "foreign origin": (403, "forbidden_origin"),
            }
            flood_ok = "429" in seen["flood: 1000 from one address"][1]
            met = ok and all(seen[k] == v for k, v in expected.items()) and flood_ok
            result = "; ".join(f"{k}: {s} {c}" if s else f"{k}: {c}" for k, (s, c) in seen.items())
            result += f". Trainees meanwhile: {stored}, p99 {tally.p(0.99):.1f} ms"
            target = "each refused with its status (old version: kept, flagged); others served; nothing half-written"
        lines.append(f"| {kind} | {database} | {result} | {target} | {'met' if met else '**missed**'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=300)
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which trainees arrive")
    parser.add_argument(
        "--runs", nargs="+", default=["load", "kill", "abuse"], choices=["load", "kill", "abuse"]
    )
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--root", type=Path, default=Path())
    args = parser.parse_args(argv)
    root, sources = make_repo(args.root.resolve(), args.cases)
    runs = {"load": load_run, "kill": kill_run, "abuse": abuse_run}
    results: dict[str, dict] = {}
    try:
        for database_kind in args.databases:
            for run in args.runs:
                print(f"{run} on {database_kind} ...", file=sys.stderr, flush=True)
                if database_kind == "sqlite":
                    location = str(root / f"{run}.sqlite")
                    results[f"{run}:SQLite"] = runs[run](location, root, sources, args.trainees, args.window)
                else:
                    with throwaway_postgres() as location:
                        results[f"{run}:PostgreSQL"] = runs[run](
                            location, root, sources, args.trainees, args.window
                        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(render(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
