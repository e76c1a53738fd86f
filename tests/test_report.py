"""`kijun report`: from exported answers to report pages, charts, CSVs and a database."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, build_site, starter_library
from repo_factory import copy_site

import kijun.background
import kijun.report.outputs
import kijun.report.run
from kijun.answers import Answer, Submission
from kijun.background import DISABLE_ENV, Pending
from kijun.cli import main
from kijun.contracts import CSV_COLUMNS
from kijun.report.analysis import ERROR_OTHER_ACTION, ERROR_OVER, ERROR_UNDER, analyse_round, classify_error
from kijun.report.inputs import read_results
from kijun.report.outputs import agents_csv, cases_csv
from kijun.report.run import NothingUsableError, run_report
from kijun.report.text import missing_report_text
from kijun.sourcefile import SourceValidationError
from kijun_tools.demo import demo_rounds

LIBRARY = starter_library()
ROUND = "calibration-2026-q3"  # the closed round; the open one only feeds the trends
OPEN_ROUND = "calibration-2026-q4"


def severity(action: str) -> int | None:
    return LIBRARY.actions[action].severity


def test_error_types() -> None:
    assert classify_error("notice", "notice", severity) is None
    assert classify_error("suspend", "warning", severity) == ERROR_OVER
    assert classify_error("no-action", "warning", severity) == ERROR_UNDER
    assert classify_error("escalate", "warning", severity) == ERROR_OTHER_ACTION
    assert classify_error("remove-content", "notice", severity) == ERROR_OTHER_ACTION


def test_demo_rounds_are_deterministic(tmp_path: Path) -> None:
    first = demo_rounds(LIBRARY, tmp_path / "a", agents=6, seed=7)
    second = demo_rounds(LIBRARY, tmp_path / "b", agents=6, seed=7)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert {p.suffix for p in first} == {".json", ".csv"}


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """A copy of the repository with demo answers reported into its docs tree."""
    root = copy_site(tmp_path_factory.mktemp("repo"))
    results = root / "results"
    demo_rounds(LIBRARY, results, agents=12, seed=2026)
    database = root / "calibration.sqlite"
    run = run_report(results, root, database=database)
    return root, database, run


def test_report_covers_the_latest_round_with_trends(reported) -> None:
    _, _, run = reported
    report = run.report
    assert report.quiz.id == ROUND
    assert len(report.agents) == 12
    assert [c.case_id for c in report.cases] == list(LIBRARY.quizzes[ROUND].case_ids)
    calibration_rounds = {quiz.id for quiz in LIBRARY.quizzes.values() if quiz.mode == "calibration"}
    assert {r.quiz.id for r in run.rounds} == calibration_rounds  # every round with answers feeds the trends
    assert {OPEN_ROUND, ROUND} <= calibration_rounds
    assert 0 < report.overall.alpha < 1
    assert report.overall.percent > report.overall.alpha  # chance correction lowers it
    answered = sum(a.answered for a in report.agents)
    assert answered + report.missing_answers == 12 * len(report.cases)
    assert sum(a.over + a.under + a.other_action + a.correct for a in report.agents) == answered


def test_the_report_speaks_in_rules(reported) -> None:
    root, _, run = reported
    report = run.report
    cited = {LIBRARY.cases[c.case_id].rule for c in report.cases}
    assert {r.rule for r in report.by_rule} == cited
    for result in report.by_rule:  # each rule's figures come from its own cases only
        assert {LIBRARY.cases[c].rule for c in result.case_ids} == {result.rule}
        assert result.agreement.cases == len(result.case_ids)
    shares = [r.agreement.percent for r in report.by_rule]
    assert shares == sorted(shares)  # the rules agents split on most come first
    page = (root / "docs" / "en" / "reports" / ROUND / "index.md").read_text(encoding="utf-8")
    worst = report.by_rule[0]
    assert "## Agreement per rule {#rules}" in page
    assert f"policies/{worst.policy}.md#rule-{worst.rule.lower()}" in page
    assert "Rules agents split on most" in page
    rows = list(
        csv.DictReader(io.StringIO((root / "docs/en/reports" / ROUND / "cases.csv").read_text("utf-8-sig")))
    )
    assert {row["case_id"]: row["rule"] for row in rows} == {c.case_id: c.rule for c in report.cases}


@pytest.mark.slow  # builds its own site
def test_report_pages_build_into_the_site_in_both_languages(reported, tmp_path: Path) -> None:
    root, _, run = reported
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for language, heading in (("en", "Disagreement queue"), ("ja", "判断が分かれたケース")):
        prefix = "" if language == "en" else "ja/"
        page_dir = tmp_path / "site" / prefix / "reports" / ROUND
        page = BeautifulSoup((page_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == language
        assert heading in page.select_one("h2#disagreement-queue").get_text()
        for image in page.select(".md-content img"):
            svg = (page_dir / image["src"]).read_text(encoding="utf-8")
            assert svg.startswith("<svg")
            assert "<title" in svg
            assert image["alt"]
        first_queued = run.report.queue[0].case_id
        assert page.select_one(f"h3#{first_queued.lower()}")
        active = page.select_one(".md-nav--primary .md-nav__link--active").get_text(strip=True)
        assert active.startswith({"en": "Calibration report", "ja": "キャリブレーション報告"}[language])


def test_csv_tables_open_in_excel(reported) -> None:
    root, _, _ = reported
    raw = (root / "docs" / "ja" / "reports" / ROUND / "agents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 12
    assert any("佐藤" in row["agent"] or "鈴木" in row["agent"] for row in rows)
    assert b"\r\n" in raw


def test_database_answers_match_the_report(reported) -> None:
    _, database, run = reported
    with sqlite3.connect(database) as db:
        tables = {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        }
        assert {"rounds", "agents", "cases", "answers", "agent_accuracy"} <= tables
        (answers,) = db.execute("SELECT COUNT(*) FROM answers WHERE round_id = ?", (ROUND,)).fetchone()
        (correct,) = db.execute("SELECT SUM(correct) FROM answers WHERE round_id = ?", (ROUND,)).fetchone()
        titles = dict(db.execute("SELECT language, title FROM round_titles WHERE round_id = ?", (ROUND,)))
    assert titles == dict(run.report.quiz.title.items())  # one row per language the title was written in
    assert answers == sum(a.answered for a in run.report.agents)
    assert correct == sum(a.correct for a in run.report.agents)


def write_json(folder: Path, name: str, document: dict) -> None:
    (folder / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_bad_input_is_reported_not_swallowed(tmp_path: Path) -> None:
    results = tmp_path / "results"
    files = demo_rounds(LIBRARY, results, agents=4, seed=3)
    document = json.loads(
        next(f for f in files if f.suffix == ".json" and ROUND in f.name).read_text(encoding="utf-8")
    )
    (results / "broken.json").write_text("{ not json", encoding="utf-8")
    (results / "legacy.csv").write_bytes("agent,answer\n山田,警告\n".encode("shift_jis"))
    write_json(results, "other.json", {"hello": "world"})
    unknown_case = document | {
        "answers": [*document["answers"], document["answers"][0] | {"case_id": "ZZZ-999"}]
    }
    write_json(results, "unknown-case.json", unknown_case | {"agent": "A-900"})
    write_json(results, "old-version.json", document | {"agent": "A-901", "quiz_version": "000000000000"})
    write_json(results, "again.json", document | {"exported_at": "2099-01-01T00:00:00Z"})

    run = run_report(results, copy_site(tmp_path / "repo"))
    problems = {p.file.name: p.message for p in run.problems}
    assert "not valid JSON" in problems["broken.json"]
    assert "not UTF-8" in problems["legacy.csv"]
    assert "not a Kijun results file" in problems["other.json"]
    assert "ZZZ-999" in problems["unknown-case.json"]
    assert "version 000000000000" in problems["old-version.json"]
    replaced = [p for p in run.problems if "submitted" in p.message and document["agent"] in p.message]
    assert replaced, run.problems
    assert "A-901" not in {a.agent for a in run.report.agents}


def test_nothing_usable_exits_non_zero_and_writes_nothing(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    results = tmp_path / "results"
    results.mkdir()
    (results / "broken.json").write_text("[]", encoding="utf-8")
    with pytest.raises(NothingUsableError):
        run_report(results, root)
    assert main(["report", str(results), "--root", str(root)]) == 1
    assert "no usable answers" in capsys.readouterr().err
    assert not (root / "docs" / "en" / "reports").exists()


def test_command_line_report_and_help(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    assert main(["demo-round", str(tmp_path / "answers"), "--root", str(root), "--agents", "5"]) == 0
    assert main(["report", str(tmp_path / "answers"), "--root", str(root), "--out", "reports/latest"]) == 0
    output = capsys.readouterr().out
    assert f"{ROUND}: 5 agents" in output
    assert (root / "docs" / "ja" / "reports" / "latest" / "index.md").is_file()
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--help"])
    assert exit_info.value.code == 0


def test_report_text_exists_in_every_language() -> None:
    assert missing_report_text() == []


def test_an_open_round_is_not_reported(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    demo_rounds(LIBRARY, tmp_path / "answers", agents=4, seed=1)
    assert main(["report", str(tmp_path / "answers"), "--root", str(root), "--round", OPEN_ROUND]) == 1
    assert "still open" in capsys.readouterr().err
    assert not (root / "docs" / "en" / "reports").exists()


def submission(
    agent: str, decisions: dict[str, str], confidence: str = "medium", language: str = "ja"
) -> Submission:
    answers = {
        case_id: Answer(case_id, decision, None, confidence, "", 1000, "2026-11-01T00:00:00Z")
        for case_id, decision in decisions.items()
    }
    quiz = LIBRARY.quizzes[ROUND]
    return Submission(ROUND, quiz.version, language, agent, answers, Path(f"{agent}.json"))


def test_constructed_round_outliers_golden_set_and_queue() -> None:
    quiz = LIBRARY.quizzes[ROUND]
    cases = [LIBRARY.cases[c] for c in quiz.case_ids]
    reference = {c.id: c.decision for c in cases}
    wrong_but_shared = cases[0]  # everyone but one agrees on another answer: the reference may be wrong
    other = next(o for o in wrong_but_shared.options if o != wrong_but_shared.decision)
    consensus = reference | {wrong_but_shared.id: other}
    contrarian = {c.id: next(o for o in reversed(c.options) if o != consensus[c.id]) for c in cases}
    subs = [submission(f"A-{n}", consensus, "high") for n in range(1, 6)]
    subs.append(submission("A-9 outlier", contrarian, "high", language="en"))
    areas = {c.policy: "reviews-and-promotion" for c in LIBRARY.cases.values()}

    report = analyse_round(quiz, subs, LIBRARY, areas)

    assert [a.agent for a in report.outliers] == ["A-9 outlier"]
    assert report.reference_in_doubt == [c for c in report.cases if c.case_id == wrong_but_shared.id]
    assert {c.case_id for c in report.too_easy} == set()  # the outlier is wrong everywhere
    assert report.queue[0].agreement <= report.queue[-1].agreement
    first = next(c for c in report.cases if c.case_id == wrong_but_shared.id)
    assert first.confident_wrong == 6  # five on the shared answer, one contrarian
    assert report.overall.kappa is not None
    assert report.overall.kappa_agents == len(subs)
    assert set(report.by_language) == {"en", "ja"}
    five = next(a for a in report.agents if a.agent == "A-1")
    assert (five.correct, five.cbm) == (len(cases) - 1, 3 * (len(cases) - 1) - 6)


@pytest.mark.slow  # builds its own site
def test_a_report_on_an_open_round_fails_the_build(reported, tmp_path: Path) -> None:
    root, _, _ = reported
    page = root / "docs" / "ja" / "reports" / ROUND / "index.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(
        original.replace(f"kijun_report: {ROUND}", f"kijun_report: {OPEN_ROUND}"), encoding="utf-8"
    )
    try:
        result = build_site(root / "mkdocs.yml", tmp_path / "site")
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert (
        f"{page}: A report on {OPEN_ROUND!r}, a calibration round that is still open"
        in result.stdout + result.stderr
    )


# ---- spreadsheet safety (issue 13, item 2) ------------------------------------------------------------------

EVIL_AGENT = '=HYPERLINK("http://evil","x")'
EVIL_REASON = "@SUM(1)"
FORMULA_STARTS = tuple("=+-@\t\r")  # written out here, not imported: the tests pin the rule down


def csv_cells(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def assert_no_live_formula(rows: list[list[str]]) -> None:
    """No cell starts like a formula, except numbers Kijun computed (a negative alpha is a number, not a formula)."""
    for row in rows:
        for value in row:
            if value.startswith(FORMULA_STARTS):
                float(value)


def browser_csv(document: dict) -> bytes:
    """A results CSV as the quiz page exports it: every cell quoted, a formula-like cell behind an apostrophe."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if text.startswith(FORMULA_STARTS):
            text = "'" + text
        return '"' + text.replace('"', '""') + '"'

    columns = CSV_COLUMNS
    lines = [",".join(columns)]
    for answer in document["answers"]:
        row = {key: document[key] for key in columns[:4]} | answer
        lines.append(",".join(cell(row[column]) for column in columns))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def round_document(files: list[Path]) -> dict:
    return json.loads(
        next(f for f in files if f.suffix == ".json" and ROUND in f.name).read_text(encoding="utf-8")
    )


def test_report_csvs_neutralise_formulas(tmp_path: Path) -> None:
    results = tmp_path / "results"
    document = round_document(demo_rounds(LIBRARY, results, agents=4, seed=11))
    answers = document["answers"]
    write_json(
        results,
        "evil.json",
        document | {"agent": EVIL_AGENT, "answers": [answers[0] | {"reason": EVIL_REASON}, *answers[1:]]},
    )
    root = copy_site(tmp_path / "repo")
    database = tmp_path / "calibration.sqlite"

    run = run_report(results, root, database=database)

    assert EVIL_AGENT in {a.agent for a in run.report.agents}
    for language in ("en", "ja"):
        folder = root / "docs" / language / "reports" / ROUND
        agents = csv_cells((folder / "agents.csv").read_bytes())
        assert_no_live_formula(agents)
        assert [row[0] for row in agents if EVIL_AGENT in row[0]] == ["'" + EVIL_AGENT]
        assert_no_live_formula(csv_cells((folder / "cases.csv").read_bytes()))
    with sqlite3.connect(database) as db:
        reasons = {r for (r,) in db.execute("SELECT reason FROM answers WHERE agent = ?", (EVIL_AGENT,))}
    assert EVIL_REASON in reasons


def test_report_csvs_neutralise_text_but_keep_numbers(reported) -> None:
    _, _, run = reported
    report = copy.copy(run.report)
    report.agents = [dataclasses.replace(run.report.agents[0], agent="-1+2", alpha_without=-0.25)]
    report.cases = [
        dataclasses.replace(run.report.cases[0], policy="+cmd", area="\tx", rule="=R", modal="@x")
    ]

    [_, agent] = csv_cells(agents_csv(report))
    [_, case] = csv_cells(cases_csv(report, report.decisions))

    assert agent[0] == "'-1+2"
    assert agent[-1] == "-0.25"  # a number we computed stays a number a spreadsheet can sum
    assert case[1:5] == ["'+cmd", "'\tx", "'=R", report.cases[0].reference]
    assert case[8] == "'@x"  # most chosen


def test_one_trainees_json_and_browser_csv_exports_are_one_agent(tmp_path: Path) -> None:
    results = tmp_path / "results"
    document = round_document(demo_rounds(LIBRARY, results, agents=4, seed=11))
    answers = document["answers"]
    exported = document | {"agent": EVIL_AGENT, "exported_at": "2026-08-20T12:00:00Z"}
    write_json(results, "evil.json", exported | {"answers": answers})
    later = [a | {"answered_at": "2026-08-21T09:00:00Z", "reason": ""} for a in answers]
    later[0] |= {"reason": EVIL_REASON}
    later[1] |= {"reason": "'hello"}
    (results / "evil.csv").write_bytes(browser_csv(exported | {"answers": later}))
    database = tmp_path / "calibration.sqlite"

    run = run_report(results, copy_site(tmp_path / "repo"), database=database)

    names = [a.agent for a in run.report.agents]
    assert names.count(EVIL_AGENT) == 1, names
    assert len(names) == 5
    assert [p.file.name for p in run.problems if "evil.csv" in p.message] == ["evil.json"]
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT source_file, reason FROM answers WHERE agent = ?", (EVIL_AGENT,)).fetchall()
    assert {source for source, _ in rows} == {"evil.csv"}  # the later export wins
    assert {EVIL_REASON, "'hello"} <= {reason for _, reason in rows}


# ---- --out outside the docs tree (issue 13, item 10) ---------------------------------------------------------


def test_out_outside_docs_writes_one_folder_per_language(tmp_path: Path, capsys) -> None:
    root = copy_site(tmp_path / "repo")
    demo_rounds(LIBRARY, tmp_path / "answers", agents=4, seed=1)
    out = tmp_path / "preview"
    command = ["report", str(tmp_path / "answers"), "--root", str(root)]

    assert main([*command, "--out", str(out)]) == 0
    assert main([*command, "--out", str(out)]) == 0  # a second run replaces the first

    pages = {language: (out / language / "index.md").read_text(encoding="utf-8") for language in ("en", "ja")}
    assert pages["en"] != pages["ja"]
    assert "Disagreement queue" in pages["en"]
    assert "判断が分かれたケース" in pages["ja"]
    for language in ("en", "ja"):
        assert f"kijun_report: {ROUND}" in pages[language]
        assert (out / language / "agents.csv").is_file()
    assert not (out / "index.md").exists()
    assert not (root / "docs" / "en" / "reports").exists()

    # An absolute path into one language's docs folder means that place in every language's folder.
    assert main([*command, "--out", str(root / "docs" / "en" / "reports" / "abs")]) == 0
    assert (root / "docs" / "ja" / "reports" / "abs" / "index.md").is_file()
    assert not (root / "docs" / "en" / "reports" / "abs" / "en").exists()
    capsys.readouterr()


@pytest.mark.parametrize("out", ["../elsewhere", ".", "policies", "DOCS"])
def test_out_that_would_clobber_the_site_is_refused(tmp_path: Path, capsys, out: str) -> None:
    root = copy_site(tmp_path / "repo")
    demo_rounds(LIBRARY, tmp_path / "answers", agents=4, seed=1)
    before = sorted(p.relative_to(root) for p in (root / "docs").rglob("*"))
    out = str(root / "docs") if out == "DOCS" else out

    assert main(["report", str(tmp_path / "answers"), "--root", str(root), "--out", out]) == 1

    assert "--out" in capsys.readouterr().err
    assert sorted(p.relative_to(root) for p in (root / "docs").rglob("*")) == before


def test_results_read_in_two_processes_equal_those_read_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[Pending]
) -> None:
    """A large folder is read half in a second process: the same submissions, and the same problems in the same
    order, as reading it here."""
    results = tmp_path / "results"
    demo_rounds(LIBRARY, results, agents=9, seed=5)
    (results / "broken.json").write_text("{ not json", encoding="utf-8")
    (results / "legacy.csv").write_bytes("agent,answer\n山田,警告\n".encode("shift_jis"))
    schema = REPO_ROOT / "quizzes" / "results.schema.json"
    monkeypatch.setattr(
        kijun.background, "LARGE_INPUT_BYTES", 1
    )  # however small, read half in a second process
    in_two = read_results(results, schema)
    assert [child.forked for child in children] == [True]
    monkeypatch.setenv(DISABLE_ENV, "1")
    in_one = read_results(results, schema)
    assert in_two.submissions == in_one.submissions
    assert [str(p) for p in in_two.problems] == [str(p) for p in in_one.problems]
    assert {p.file.name for p in in_one.problems} == {"broken.json", "legacy.csv"}
    assert len(in_one.submissions) >= 9
    assert all(s.answers for s in in_one.submissions)


def database_dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_database_written_in_a_second_process_equals_one_written_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[Pending]
) -> None:
    root = copy_site(tmp_path / "repo")
    results = tmp_path / "results"
    demo_rounds(LIBRARY, results, agents=6, seed=11)
    monkeypatch.setattr(kijun.report.outputs, "LARGE_ROUND_ANSWERS", 0)  # however small, in a second process
    monkeypatch.setattr(kijun.background, "LARGE_INPUT_BYTES", 10**9)  # the case folder and answers: here
    run_report(results, root, out_path=str(tmp_path / "a"), database=tmp_path / "two.sqlite")
    assert sum(child.forked for child in children) == 1  # the database; the rest was too small to send
    monkeypatch.setenv(DISABLE_ENV, "1")
    run_report(results, root, out_path=str(tmp_path / "b"), database=tmp_path / "one.sqlite")
    dump = database_dump(tmp_path / "one.sqlite")
    assert any(line.startswith('INSERT INTO "answers"') for line in dump)
    assert database_dump(tmp_path / "two.sqlite") == dump
    assert sorted(p.name for p in tmp_path.glob("*.sqlite*")) == ["one.sqlite", "two.sqlite"]


@pytest.mark.parametrize("in_a_second_process", [True, False], ids=["second process", "this process"])
def test_a_report_that_fails_leaves_the_previous_database_and_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_a_second_process: bool, children: list[Pending]
) -> None:
    """The database is written while the pages are prepared; if preparing them fails, it is thrown away."""
    monkeypatch.setattr(kijun.report.outputs, "LARGE_ROUND_ANSWERS", 0)
    monkeypatch.setattr(kijun.background, "LARGE_INPUT_BYTES", 10**9)  # only the database may go elsewhere
    if not in_a_second_process:
        monkeypatch.setenv(DISABLE_ENV, "1")
    root = copy_site(tmp_path / "repo")
    results = tmp_path / "results"
    demo_rounds(LIBRARY, results, agents=6, seed=11)
    database = tmp_path / "calibration.sqlite"
    run_report(results, root, database=database)
    before = database.read_bytes()
    (results / "late.json").write_text(  # another agent: the next database would differ
        next(results.glob(f"{ROUND}*.json"))
        .read_text(encoding="utf-8")
        .replace('"agent": "', '"agent": "Z '),
        encoding="utf-8",
    )

    def failing_stage(*args: object) -> None:
        raise RuntimeError("the pages could not be prepared")

    monkeypatch.setattr(kijun.report.run, "_stage", failing_stage)
    children.clear()
    with pytest.raises(RuntimeError, match="could not be prepared"):
        run_report(results, root, database=database)
    assert sum(child.forked for child in children) == int(in_a_second_process)
    assert database.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["calibration.sqlite"]


def test_a_report_whose_sources_are_broken_stops_reading_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[Pending]
) -> None:
    """Results are read in a second process while the handbook loads; if loading fails, that process is stopped
    rather than left waiting to hand over answers nobody will take."""
    root = copy_site(tmp_path / "repo")
    (root / "quizzes" / "cases" / "copyright.yml").write_text("cases: [\n", encoding="utf-8")
    results = tmp_path / "results"
    demo_rounds(LIBRARY, results, agents=60, seed=5)
    monkeypatch.setattr(kijun.background, "LARGE_INPUT_BYTES", 1)
    with pytest.raises(SourceValidationError, match=r"copyright\.yml"):
        run_report(results, root)
    assert children[0].forked  # the results, sent to a second process before the handbook failed to load
    assert multiprocessing.active_children() == []
