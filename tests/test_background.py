"""Work in a second process (kijun.background): the same value as without it, and every failure handled here."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest
from repo_factory import CASE, QUIZ, make_repo

import kijun.background
from kijun.background import DISABLE_ENV, LARGE_INPUT_BYTES, Pending, can_fork, fork_if_large, map_in_halves
from kijun.glossary import load_glossary
from kijun.library import load_library
from kijun.pages import scan_pages
from kijun.paths import GLOSSARY_FILE
from kijun.search.index import language_indexes
from kijun.sourcefile import SourceValidationError

PARENT = os.getpid()


def in_child() -> bool:
    return os.getpid() != PARENT


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


def test_a_value_computed_in_a_child_comes_back() -> None:
    pending = Pending(lambda: {"pid": os.getpid(), "text": "日本語 <b>"}, fork=True)
    assert pending.forked
    value = pending.result()
    assert value["pid"] != PARENT
    assert value["text"] == "日本語 <b>"
    assert pending.result() is value  # received once, kept


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda: 1 / 0, id="raises"),
        pytest.param(lambda: os._exit(3), id="dies"),
        pytest.param(lambda: threading.Lock(), id="does not pickle"),
    ],
)
def test_a_failed_child_means_the_value_is_computed_here(failure) -> None:
    calls: list[int] = []

    def compute():
        calls.append(os.getpid())  # the child's append is not seen here
        return failure() if in_child() else "computed here"

    assert Pending(compute, fork=True).result() == "computed here"
    assert calls == [PARENT]


def test_an_error_is_raised_here_as_without_a_child() -> None:
    with pytest.raises(ZeroDivisionError):
        Pending(lambda: 1 / 0, fork=True).result()


def test_a_warning_in_the_child_is_logged_here_once(caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs counts warnings for --strict in this process: the child's would go uncounted."""

    def compute() -> str:
        logging.getLogger("mkdocs.test").warning("case text has a problem")
        return "child" if in_child() else "here"

    with caplog.at_level(logging.WARNING):
        assert Pending(compute, fork=True).result() == "here"
    assert [record.message for record in caplog.records] == ["case text has a problem"]


def test_a_cancelled_child_stops_and_nothing_is_computed_here(tmp_path: Path) -> None:
    """A caller that fails before it needs the value stops the child: nothing goes on writing behind it."""
    started, written = tmp_path / "started", tmp_path / "written"

    def compute() -> None:
        started.touch()
        threading.Event().wait(60)  # stands for long work; never reached its end
        written.touch()

    pending = Pending(compute, fork=True)
    deadline = time.monotonic() + 60
    while not started.exists():  # wait for the child to be running
        assert time.monotonic() < deadline, "the child never started"
        threading.Event().wait(0.01)
    pending.cancel()
    assert not pending._process.is_alive()
    assert not written.exists()


def test_a_cancelled_value_without_a_child_is_never_computed() -> None:
    calls: list[int] = []
    pending = Pending(lambda: calls.append(1), fork=False)
    pending.cancel()
    assert calls == []


def test_only_input_of_some_size_is_worth_a_child(tmp_path: Path) -> None:
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_bytes(b"x" * 1000)
    large.write_bytes(b"x" * LARGE_INPUT_BYTES)
    assert fork_if_large([small]) is False
    assert fork_if_large([small, large]) is None  # forks where can_fork() allows
    assert fork_if_large([tmp_path / "missing.json", tmp_path / "link"]) is False  # reading reports those


def test_no_fork_while_another_thread_runs() -> None:
    """``mkdocs serve`` runs a server and a watcher in threads; a fork could copy a lock one of them holds."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        pending = Pending(os.getpid)
        assert not pending.forked
        assert pending.result() == PARENT
    finally:
        stop.set()
        thread.join()


def test_the_environment_can_turn_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert not can_fork()


@pytest.mark.parametrize("count", [0, 1, 2, 5, 8])
def test_map_in_halves_keeps_the_order_and_shares_the_work(count: int) -> None:
    results = map_in_halves(lambda item: (item * item, os.getpid()), list(range(count)), fork=True)
    assert [square for square, _ in results] == [item * item for item in range(count)]
    if count >= 2:
        assert {pid for _, pid in results} - {PARENT}, "no item was computed in a child"
    assert map_in_halves(lambda item: item * item, list(range(count)), fork=False) == [
        item * item for item in range(count)
    ]


def test_cases_loaded_in_two_processes_equal_those_loaded_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[Pending]
) -> None:
    """Errors of every file, in file order, and the same cases, whichever process parsed a file."""
    files = {f"{n:02d}.yml": "cases:\n" + CASE.format(id=f"SPM-{n:03d}") for n in range(1, 8)}
    files["03.yml"] = files["03.yml"].replace("decision: notice", "decision: ban")
    files["06.yml"] = files["06.yml"].replace("difficulty: medium", "difficulty: 7")
    root = make_repo(tmp_path, cases=files, quizzes={"practice.yml": QUIZ.format(id="practice")})

    def errors() -> list[str]:
        with pytest.raises(SourceValidationError) as exc:
            load_library(root)
        return [str(error) for error in exc.value.errors]

    monkeypatch.setattr(kijun.background, "LARGE_INPUT_BYTES", 1)
    in_two = errors()
    assert children[0].forked
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert errors() == in_two
    assert [Path(line.split(":")[0]).name for line in in_two] == ["03.yml", "06.yml"]

    for name in ("03.yml", "06.yml"):
        (root / "quizzes" / "cases" / name).unlink()
    alone = load_library(root).cases
    monkeypatch.delenv(DISABLE_ENV)
    assert load_library(root).cases == alone
    assert list(alone) == ["SPM-001", "SPM-002", "SPM-004", "SPM-005", "SPM-007"]


def test_search_indexes_shaped_in_two_processes_equal_those_shaped_in_one(
    monkeypatch: pytest.MonkeyPatch, children: list[Pending]
) -> None:
    combined = {
        "config": {"lang": ["en", "ja"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"], "fields": {}},
        "docs": [
            {
                "location": "policies/review-manipulation/",
                "title": "Review manipulation",
                "text": "fake reviews",
            },
            {"location": "ja/policies/review-manipulation/", "title": "レビュー操作", "text": "ステマ"},
        ],
    }
    root = Path(__file__).resolve().parent.parent
    glossary = load_glossary(root / GLOSSARY_FILE)

    def shaped() -> dict:
        return language_indexes(combined, ("en", "ja"), glossary, scan_pages(root / "docs"), lambda *_: True)

    in_two = shaped()
    assert [child.forked for child in children] == [True]
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert shaped() == in_two
    assert in_two["ja"]["docs"][0]["keywords"]  # the Japanese vocabulary was applied, in whichever process
