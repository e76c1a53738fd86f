"""The formats Python, the JSON Schemas and the browser share are defined once, in `kijun.contracts`; the schemas
(files authors and tools read) must say the same, and the quiz model takes its mode names from there."""

from __future__ import annotations

import json

from conftest import REPO_ROOT

from kijun import quizzes
from kijun.contracts import (
    CBM_POINTS,
    CONFIDENCE_LEVELS,
    CSV_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    QUIZ_MODES,
    browser_contract,
)


def schema(name: str) -> dict:
    return json.loads((REPO_ROOT / "quizzes" / name).read_text(encoding="utf-8"))


def test_the_results_schema_says_what_the_contract_says() -> None:
    results = schema("results.schema.json")
    top, answer = results["properties"], results["properties"]["answers"]["items"]
    assert top["format"] == {"const": EXPORT_FORMAT}
    assert top["format_version"] == {"const": EXPORT_FORMAT_VERSION}
    assert top["mode"]["enum"] == list(QUIZ_MODES)
    assert answer["properties"]["confidence"]["enum"] == [*CONFIDENCE_LEVELS, None]  # null: not asked
    # A CSV row is the submission's identity followed by one answer's fields, in the schema's order.
    identity = [column for column in CSV_COLUMNS if column in top]
    assert [*identity, *answer["required"]] == list(CSV_COLUMNS)
    assert set(identity) <= set(results["required"])


def test_quiz_definitions_and_the_model_use_the_contracts_modes() -> None:
    assert schema("quiz.schema.json")["properties"]["mode"]["enum"] == list(QUIZ_MODES)
    assert (quizzes.PRACTICE, quizzes.CALIBRATION) == QUIZ_MODES


def test_the_browser_gets_every_shared_format_from_the_page_data() -> None:
    contract = browser_contract()
    assert contract["format"] == EXPORT_FORMAT
    assert contract["confidenceLevels"] == list(CONFIDENCE_LEVELS)
    assert contract["csvColumns"] == list(CSV_COLUMNS)
    assert contract["cbmPoints"] == {level: list(points) for level, points in CBM_POINTS.items()}
    # The runtime writes none of them itself: it reads them from the quiz data.
    runtime = (REPO_ROOT / "docs" / "assets" / "javascripts" / "kijun-quiz.js").read_text(encoding="utf-8")
    for literal in (EXPORT_FORMAT, *CONFIDENCE_LEVELS):
        assert f'"{literal}"' not in runtime, literal
        assert f"'{literal}'" not in runtime, literal
