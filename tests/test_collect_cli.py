"""`kijun collect` as a trainee's lead runs it: a process that starts, serves, stops cleanly, survives being killed
mid-round without losing or doubling an answer, and refuses bad settings with a sentence, not a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import REPO_ROOT
from test_collect_service import ORIGIN, TOKEN, results

from kijun.collect.backends import open_store

pytestmark = pytest.mark.slow  # starts its own servers (and a database)


@contextmanager
def collector_process(
    database: Path, *args: str, token: str | None = TOKEN, drain: bool = True
) -> Iterator[tuple[subprocess.Popen, str]]:
    """``kijun collect`` in its own process; yields it and its base URL once it says it listens."""
    env = {k: v for k, v in os.environ.items() if k != "KIJUN_COLLECT_TOKEN"}
    if token:
        env["KIJUN_COLLECT_TOKEN"] = token
    command = [sys.executable, "-m", "kijun", "collect", "--db", str(database), "--root", str(REPO_ROOT)]
    process = subprocess.Popen(
        [*command, "--origin", ORIGIN, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Collecting answers on http://"), first + process.stderr.read()
        url = first.split()[3].removesuffix("/results")
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        process.stderr.close()


def test_it_starts_serves_and_stops_cleanly(tmp_path: Path) -> None:
    with collector_process(tmp_path / "c.sqlite", "--port", "0", token=None, drain=False) as (process, url):
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].startswith(f"Quiz pages allowed to send: {ORIGIN}")
        token = lines[1].rsplit(": ", 1)[1].strip()  # generated for this run, printed once
        assert len(token) >= 16
        document = results()
        assert httpx.post(f"{url}/results", json=document).status_code == 201
        progress = httpx.get(f"{url}/rounds", headers={"Authorization": f"Bearer {token}"})
        assert progress.json()["rounds"][0]["agents"] == 1
        process.send_signal(signal.SIGTERM)
        # uvicorn finishes what is in flight, then ends by the signal it got, as a service manager expects.
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Finished server process" in process.stderr.read()


def send_until_stored(
    url: str, documents: list[dict], acknowledged: list[str], lock: threading.Condition
) -> None:
    """What a browser's retry queue does: send each in order, and on no answer try again with a growing delay."""
    with httpx.Client(timeout=5) as http:
        for document in documents:
            delay = 0.05
            while True:
                try:
                    response = http.post(f"{url}/results", json=document)
                    if response.status_code in (200, 201):
                        break
                except httpx.TransportError:
                    pass
                time.sleep(delay)  # the simulated browser's back-off, not a wait for the test's sake
                delay = min(delay * 2, 1.0)
            with lock:
                acknowledged.append(document["submission_id"])
                lock.notify_all()


def test_killed_mid_round_and_restarted_loses_and_doubles_nothing(tmp_path: Path) -> None:
    database = tmp_path / "c.sqlite"
    batches = [[results(f"A-{t}{n:02d}") for n in range(30)] for t in range(4)]
    acknowledged: list[str] = []
    lock = threading.Condition()
    with collector_process(database, "--port", "0", "--rate-limit", "10000/minute") as (first, url):
        port = url.rsplit(":", 1)[1]
        senders = [
            threading.Thread(target=send_until_stored, args=(url, batch, acknowledged, lock))
            for batch in batches
        ]
        for sender in senders:
            sender.start()
        with lock:
            assert lock.wait_for(lambda: len(acknowledged) >= 40, timeout=120)
        first.kill()  # SIGKILL: no shutdown, requests in flight cut off
    with collector_process(database, "--port", port, "--rate-limit", "10000/minute"):
        for sender in senders:
            sender.join(timeout=300)
            assert not sender.is_alive()
    sent = {d["submission_id"]: d for batch in batches for d in batch}
    assert sorted(acknowledged) == sorted(sent)
    store = open_store(str(database), create=False)
    stored = store.submissions(include_superseded=True)
    assert len(stored) == len(sent)  # none lost, none twice
    assert {s.submission_id: s.document() for s in stored} == sent


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--token", "short"], "token must be at least 16 characters"),
        (["--origin", "*"], "give the site's scheme, host and port"),
        (["--rate-limit", "lots"], "write it like 120/minute"),
        (
            ["--db", "postgresql://nobody@127.0.0.1:1/none"],
            "cannot open the database postgresql://nobody@127.0.0.1",
        ),
    ],
)
def test_bad_settings_are_refused_in_a_sentence(tmp_path: Path, args: list[str], message: str) -> None:
    command = [sys.executable, "-m", "kijun", "collect", "--db", str(tmp_path / "c.sqlite"), "--port", "0"]
    finished = subprocess.run(
        [*command, "--root", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert finished.returncode == 2
    assert message in finished.stderr
    assert "Not started" in finished.stderr
    assert "Traceback" not in finished.stderr
