"""One spreadsheet-safety rule for every CSV cell, in Python and in the browser's CSV export."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from conftest import REPO_ROOT

from kijun.contracts import browser_contract
from kijun.csv_safety import FORMULA_STARTS, cell, neutralise, restore

QUIZ_JS = REPO_ROOT / "docs" / "assets" / "javascripts" / "kijun-quiz.js"

TRICKY = [
    "",
    "plain",
    "A-017 山田",
    '=HYPERLINK("http://evil","x")',
    "@SUM(1)",
    "+1",
    "-3",
    "-",
    "=",
    "\tindented",
    "\r\nline",
    "\n=not first",
    " =space first",
    "'",
    "''",
    "'hello",
    "'=x",
    "''=x",
    "'''@x",
    "'-3",
    "=a'b",
    "a=b",
    "理由: =SUM(A1)",
    "＝全角",
]


@pytest.mark.parametrize("value", TRICKY)
def test_restore_undoes_neutralise(value: str) -> None:
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", TRICKY)
def test_a_neutralised_cell_never_starts_a_formula(value: str) -> None:
    safe = neutralise(value)
    assert not safe or safe[0] not in FORMULA_STARTS
    if value and value[0] in FORMULA_STARTS:
        assert safe == "'" + value


def test_the_rule() -> None:
    assert FORMULA_STARTS == "=+-@\t\r"
    for start in FORMULA_STARTS:
        assert neutralise(f"{start}x") == f"'{start}x"
        assert restore(f"'{start}x") == f"{start}x"
    assert neutralise("'hello") == "'hello"
    assert restore("'hello") == "'hello"
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert restore("=x") == "=x"  # only an apostrophe is ever removed
    assert restore("'") == "'"


def test_numbers_stay_numbers_and_text_is_neutralised() -> None:
    assert [cell(v) for v in (-3, -0.25, 0, 12.5, None)] == [-3, -0.25, 0, 12.5, ""]
    assert cell("-3") == "'-3"
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell(v) for v in ("=1+1", -0.25, "'=x")])
    assert buffer.getvalue() == "'=1+1,-0.25,''=x\r\n"


def test_the_browser_export_gets_the_characters_from_the_page_data() -> None:
    source = QUIZ_JS.read_text(encoding="utf-8")
    assert "=+-@" not in source  # no copy of the rule in the runtime
    assert browser_contract()["formulaStarts"] == FORMULA_STARTS


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_browser_export_writes_what_python_reads_back() -> None:
    """Run the quiz runtime's own csvCell on the tricky values: Python must read back exactly what was typed."""
    source = QUIZ_JS.read_text(encoding="utf-8")
    start = source.index("  function csvCell")
    end = source.index("\n  }\n", start) + len("\n  }\n")
    script = source[start:end] + (
        "\nconst values = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"\nconst starts = {json.dumps(browser_contract()['formulaStarts'])};"
        "\nprocess.stdout.write(values.map((value) => csvCell(value, starts)).join(',') + '\\r\\n');"
    )
    result = subprocess.run(
        ["node", "-e", script], input=json.dumps(TRICKY).encode(), capture_output=True, check=True
    )
    [row] = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    assert row == [neutralise(v) for v in TRICKY]
    assert [restore(v) for v in row] == TRICKY
