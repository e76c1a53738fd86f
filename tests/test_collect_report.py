"""`kijun report --from-collector` reads the collector's database and gives the same report as the round's exported files."""

from __future__ import annotations

import datetime
import io
import random
import re
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT, starter_library
from repo_factory import copy_site
from test_collect_service import collector_at, database, postgres_server  # noqa: F401 (fixtures)

from kijun.cli import main
from kijun_tools.demo import demo_agents, simulate_round

pytestmark = pytest.mark.slow  # starts its own servers (and a database)

LIBRARY = starter_library()
ROUND = LIBRARY.quizzes["calibration-2026-q3"]
ROUND_DAY = datetime.date(2026, 8, 20)


def round_documents() -> list[dict]:
    """Twelve agents' answers, as the quiz would POST them, plus what a real round also brings in: an agent who
    sent twice (the first superseded), a resend of the same submission, and answers to an old version."""
    people = demo_agents(12, random.Random(5))  # noqa: S311 (repeatable demo data)
    documents = simulate_round(ROUND, LIBRARY, people, ROUND_DAY, seed=11)
    for document in documents:
        document["submission_id"] = str(uuid.uuid4())
    first_try = documents[0] | {"submission_id": str(uuid.uuid4()), "exported_at": "2026-08-20T08:00:00Z"}
    first_try["answers"] = first_try["answers"][:3]
    old = documents[1] | {"submission_id": str(uuid.uuid4()), "agent": "A-900 Old", "quiz_version": "0" * 12}
    return [first_try, *documents, documents[4], old]


def report_outputs(root: Path, out: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    code = main(["report", *argv, "--round", ROUND.id, "--root", str(root), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    return {
        "summary": printed.out.splitlines()[0],
        # Problems name the submission's file: in the export folder, or as the export would name it.
        "warnings": sorted(re.sub(r"^\S*/", "", line.split(": ", 1)[1]) for line in printed.err.splitlines()),
        "files": {
            path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*"))
            if path.suffix in {".csv", ".svg"}
        },
    }


def test_report_from_the_database_equals_report_from_the_exported_files(
    database: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = copy_site(tmp_path / "repo")
    with collector_at(database) as collector:
        statuses = [collector.post(document).status_code for document in round_documents()]
        assert statuses.count(201) == 14
        assert statuses.count(200) == 1  # the resend
        export = collector.read(f"/rounds/{ROUND.id}/export")
        assert export.status_code == 200
    folder = tmp_path / "exported"
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        archive.extractall(folder)
    assert len(list(folder.glob("*.json"))) == 13  # 12 agents' current answers and the old-version ones

    from_files = report_outputs(root, tmp_path / "from-files", [str(folder)], capsys)
    from_db = report_outputs(root, tmp_path / "from-db", ["--from-collector", database], capsys)
    assert from_db == from_files
    assert f"{ROUND.id}: 12 agents, {len(ROUND.case_ids)} cases" in from_db["summary"]
    assert any("A-900_Old.json: answers to version 000000000000" in w for w in from_db["warnings"])
    assert {"en/agents.csv", "en/cases.csv", "ja/agents.csv", "ja/cases.csv"} <= set(from_db["files"])


def test_report_from_a_missing_database_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing-here.sqlite"
    assert (
        main(["report", "--from-collector", str(missing), "--round", ROUND.id, "--root", str(REPO_ROOT)]) == 1
    )
    error = capsys.readouterr().err
    assert "Nothing to report" in error
    assert str(missing) in error
    assert "Traceback" not in error
    assert not missing.exists()  # reading never creates an empty database
    assert main(["report", "--round", ROUND.id, "--root", str(REPO_ROOT)]) == 2
    assert "--from-collector" in capsys.readouterr().err


def test_report_from_an_unreachable_postgresql_says_so_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql://lead:secret-password@127.0.0.1:1/answers?connect_timeout=2"
    assert main(["report", "--from-collector", url, "--round", ROUND.id, "--root", str(REPO_ROOT)]) == 1
    error = capsys.readouterr().err
    assert "cannot read the collector database postgresql://lead@127.0.0.1:1/answers" in error
    assert "secret-password" not in error
