"""Loading and validating cases and quizzes: every bad input names its file, line and field."""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath

import pytest
from repo_factory import CASE, QUIZ, make_repo

from kijun.library import load_library
from kijun.markers import MarkerError
from kijun.quiz_nav import training_nav
from kijun.quiz_render import embeddable_case
from kijun.sourcefile import SourceValidationError

GOOD = "cases:\n" + CASE.format(id="SPM-001")


def case_file(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (name, case files, quiz files, expected file name, line, field, message fragment)
BAD_INPUTS = [
    (
        "yaml syntax",
        {"spam.yml": case_file("tags: [coupons]", "tags: [coupons")},
        None,
        "spam.yml",
        9,
        "",
        "YAML syntax error",
    ),
    (
        "unknown field",
        {"spam.yml": case_file("    difficulty: medium\n", "    difficulty: medium\n    dificulty: hard\n")},
        None,
        "spam.yml",
        8,
        "cases[0].dificulty",
        "unknown field",
    ),
    (
        "missing field",
        {"spam.yml": case_file("    difficulty: medium\n", "")},
        None,
        "spam.yml",
        2,
        "cases[0].difficulty",
        "missing (required)",
    ),
    (
        "missing translation",
        {"spam.yml": case_file("      ja: お知らせの最後にクーポンがあります。\n", "")},
        None,
        "spam.yml",
        9,
        "cases[0].scenario.ja",
        "missing Japanese translation",
    ),
    (
        "decision not an option",
        {"spam.yml": case_file("decision: notice", "decision: suspend")},
        None,
        "spam.yml",
        13,
        "cases[0].decision",
        "'suspend' is not among the options",
    ),
    (
        "unknown action",
        {"spam.yml": case_file("[no-action, notice, warning]", "[no-action, notice, ban]")},
        None,
        "spam.yml",
        12,
        "cases[0].options[2]",
        "unknown action 'ban'",
    ),
    (
        "duplicate id in a file",
        {"spam.yml": GOOD + CASE.format(id="SPM-001")},
        None,
        "spam.yml",
        17,
        "cases[1].id",
        "duplicate case id SPM-001",
    ),
    (
        "duplicate id across files",
        {"a.yml": GOOD, "b.yml": GOOD},
        None,
        "b.yml",
        2,
        "cases[0].id",
        "duplicate case id SPM-001",
    ),
    (
        "unknown policy",
        {"spam.yml": case_file("policy: spam", "policy: spamm")},
        None,
        "spam.yml",
        4,
        "cases[0].anchor",
        "no policy article 'spamm' in docs/en/policies/",
    ),
    (
        "anchor missing in Japanese",
        {"spam.yml": case_file("ja: 最後にクーポン}", "ja: 最後のクーポン}")},
        None,
        "spam.yml",
        4,
        "cases[0].anchor",
        "no heading #最後のクーポン in docs/ja/policies/spam.md",
    ),
    (
        "bad policy link in text",
        {"spam.yml": case_file("en: It is promotional.", "en: See [it](policy:spam#nowhere).")},
        None,
        "spam.yml",
        15,
        "cases[0].rationale.en",
        "no heading #nowhere in docs/en/policies/spam.md",
    ),
    (
        "clause not among clauses",
        {
            "spam.yml": case_file(
                "    decision: notice\n",
                "    decision: notice\n    clauses:\n      - {id: promo, en: Promo, ja: 宣伝, anchor: grey-areas}\n      - {id: edu, en: Edu, ja: 教育, anchor: grey-areas}\n    clause: other\n",
            )
        },
        None,
        "spam.yml",
        17,
        "cases[0].clause",
        "'other' is not among the clauses",
    ),
    (
        "clauses without the reference clause",
        {
            "spam.yml": case_file(
                "    decision: notice\n",
                "    decision: notice\n    clauses:\n      - {id: promo, en: Promo, ja: 宣伝, anchor: grey-areas}\n"
                "      - {id: edu, en: Edu, ja: 教育, anchor: grey-areas}\n",
            )
        },
        None,
        "spam.yml",
        2,
        "cases[0].clause",
        "missing (required)",
    ),
    (
        "wrong encoding",
        {"spam.yml": GOOD.encode("utf-8").replace("お知らせ".encode(), "お知らせ".encode("shift_jis"))},
        None,
        "spam.yml",
        11,
        "",
        "not valid UTF-8",
    ),
    (
        "duplicate key",
        {"spam.yml": case_file("    difficulty: medium\n", "    difficulty: medium\n    difficulty: hard\n")},
        None,
        "spam.yml",
        8,
        "cases[0].difficulty",
        "duplicate key",
    ),
    (
        "bad id",
        {"spam.yml": case_file("id: SPM-001", "id: spam-1")},
        None,
        "spam.yml",
        2,
        "cases[0].id",
        "does not match",
    ),
    (
        "bad difficulty",
        {"spam.yml": case_file("difficulty: medium", "difficulty: tricky")},
        None,
        "spam.yml",
        7,
        "cases[0].difficulty",
        "is not one of",
    ),
    (
        "python tag",
        {"spam.yml": case_file("tags: [coupons]", "tags: !!python/object/apply:os.system [echo]")},
        None,
        "spam.yml",
        8,
        "",
        "unsupported YAML tag",
    ),
    (
        "empty text",
        {"spam.yml": case_file("en: It is promotional.", 'en: "   "')},
        None,
        "spam.yml",
        15,
        "cases[0].rationale.en",
        "empty text",
    ),
    (
        "quiz selects unknown case",
        None,
        {"q.yml": QUIZ.format(id="q").replace("[SPM-001]", "[SPM-001, SPM-404]")},
        "q.yml",
        7,
        "select.cases[1]",
        "unknown case 'SPM-404'",
    ),
    (
        "quiz asks for too many",
        None,
        {"q.yml": QUIZ.format(id="q").replace("  cases: [SPM-001]", "  policies: [spam]\n  count: 3")},
        "q.yml",
        8,
        "select.count",
        "asks for 3 cases but only 1 match",
    ),
    (
        "calibration with pass mark",
        None,
        {"q.yml": QUIZ.format(id="q").replace("mode: practice", "mode: calibration")},
        "q.yml",
        3,
        "pass_mark",
        "no pass mark",
    ),
    (
        "practice without pass mark",
        None,
        {"q.yml": QUIZ.format(id="q").replace("pass_mark: 0.8\n", "")},
        "q.yml",
        1,
        "pass_mark",
        "missing",
    ),
    (
        "duplicate quiz id",
        None,
        {"a.yml": QUIZ.format(id="q"), "b.yml": QUIZ.format(id="q")},
        "b.yml",
        1,
        "id",
        "duplicate quiz id 'q'",
    ),
    (
        "quiz title missing a language",
        None,
        {"q.yml": QUIZ.format(id="q").replace("{en: Practice, ja: 練習}", "{en: Practice}")},
        "q.yml",
        4,
        "title.ja",
        "missing Japanese translation",
    ),
]


@pytest.mark.parametrize(
    ("cases", "quizzes", "file_name", "line", "field", "message"),
    [pytest.param(*row[1:], id=row[0]) for row in BAD_INPUTS],
)
def test_bad_input_is_reported_with_file_line_and_field(
    tmp_path: Path, cases, quizzes, file_name: str, line: int, field: str, message: str
) -> None:
    root = make_repo(tmp_path, cases, quizzes)
    with pytest.raises(SourceValidationError) as exc:
        load_library(root)
    matching = [
        e for e in exc.value.errors if e.file.name == file_name and e.line == line and e.field == field
    ]
    assert matching, f"expected {file_name}:{line}: {field}; got:\n{exc.value}"
    assert message in matching[0].message
    assert str(matching[0]).startswith(f"{matching[0].file}:{line}:")


def test_there_are_at_least_fifteen_distinct_bad_inputs() -> None:
    assert len({row[0] for row in BAD_INPUTS}) >= 15


def test_a_valid_repository_loads(tmp_path: Path) -> None:
    library = load_library(make_repo(tmp_path))
    assert list(library.cases) == ["SPM-001"]
    case = library.cases["SPM-001"]
    assert case.anchor == {"en": "a-coupon-at-the-end", "ja": "最後にクーポン"}
    assert (case.written, case.policy_version) == ("2026-11-01", "1.0")
    assert library.quizzes["practice"].case_ids == ("SPM-001",)


def test_quiz_version_ignores_the_key_but_not_the_question(tmp_path: Path) -> None:
    base = load_library(make_repo(tmp_path / "a")).quizzes["practice"].version
    new_key = {"spam.yml": case_file("decision: notice", "decision: warning")}
    new_question = {"spam.yml": case_file("An announcement ends", "A message ends")}
    assert load_library(make_repo(tmp_path / "b", new_key)).quizzes["practice"].version == base
    assert load_library(make_repo(tmp_path / "c", new_question)).quizzes["practice"].version != base


def test_selection_by_policy_is_stable_and_quiz_specific(tmp_path: Path) -> None:
    cases = {"spam.yml": "cases:\n" + "".join(CASE.format(id=f"SPM-{n:03}") for n in range(1, 9))}
    quizzes = {
        f"{name}.yml": QUIZ.format(id=name).replace("  cases: [SPM-001]", "  policies: [spam]\n  count: 3")
        for name in ("first", "second")
    }
    library = load_library(make_repo(tmp_path, cases, quizzes))
    again = load_library(tmp_path)
    assert library.quizzes["first"].case_ids == again.quizzes["first"].case_ids
    assert len(library.quizzes["first"].case_ids) == 3
    assert library.quizzes["first"].case_ids != library.quizzes["second"].case_ids


def test_cases_of_an_open_calibration_round_cannot_be_embedded(tmp_path: Path) -> None:
    calibration = QUIZ.format(id="round").replace("mode: practice\npass_mark: 0.8", "mode: calibration")
    library = load_library(make_repo(tmp_path, quizzes={"round.yml": calibration}))
    with pytest.raises(MarkerError, match="open calibration round"):
        embeddable_case(library, "SPM-001")
    revealed = calibration.replace("mode: calibration", "mode: calibration\nrevealed: true")
    library = load_library(make_repo(tmp_path / "revealed", quizzes={"round.yml": revealed}))
    assert embeddable_case(library, "SPM-001").id == "SPM-001"


def test_a_practice_quiz_cannot_reuse_a_case_from_an_open_round(tmp_path: Path) -> None:
    calibration = QUIZ.format(id="round").replace("mode: practice\npass_mark: 0.8", "mode: calibration")
    root = make_repo(tmp_path, quizzes={"round.yml": calibration, "practice.yml": QUIZ.format(id="practice")})
    with pytest.raises(SourceValidationError) as exc:
        load_library(root)
    [error] = exc.value.errors
    assert (error.file.name, error.line, error.field) == ("practice.yml", 7, "select.cases[0]")
    assert "open calibration round 'round'" in error.message


def test_practice_filters_skip_cases_of_an_open_round(tmp_path: Path) -> None:
    cases = {"spam.yml": "cases:\n" + "".join(CASE.format(id=f"SPM-{n:03}") for n in range(1, 5))}
    calibration = QUIZ.format(id="round").replace("mode: practice\npass_mark: 0.8", "mode: calibration")
    calibration = calibration.replace("[SPM-001]", "[SPM-001, SPM-002]")
    practice = QUIZ.format(id="p").replace("  cases: [SPM-001]", "  policies: [spam]\n  count: 2")
    library = load_library(make_repo(tmp_path, cases, {"round.yml": calibration, "p.yml": practice}))
    assert library.quizzes["p"].case_ids == ("SPM-003", "SPM-004")
    too_many = practice.replace("count: 2", "count: 3")
    with pytest.raises(SourceValidationError, match="asks for 3 cases but only 2 match"):
        load_library(make_repo(tmp_path / "b", cases, {"round.yml": calibration, "p.yml": too_many}))


def test_unreadable_sources_are_reported_with_file_and_line(tmp_path: Path) -> None:
    """A NUL byte in one case file and an alias bomb in a quiz: both named with file and line in one run."""
    bomb = "id: bomb\nlol: &a [x, x]\nlol2: [*a, *a]\n"
    root = make_repo(
        tmp_path,
        cases={"spam.yml": "cases:\n" + CASE.format(id="SPM-001"), "nul.yml": b"cases:\n  - id: \x00\n"},
        quizzes={"practice.yml": QUIZ.format(id="practice"), "bomb.yml": bomb},
    )
    with pytest.raises(SourceValidationError) as exc:
        load_library(root)
    assert f"{root / 'quizzes' / 'cases' / 'nul.yml'}:2: control character U+0000" in str(exc.value)
    (root / "quizzes" / "cases" / "nul.yml").unlink()
    with pytest.raises(SourceValidationError) as exc:
        load_library(root)
    assert f"{root / 'quizzes' / 'definitions' / 'bomb.yml'}:2: YAML anchors and aliases" in str(exc.value)


def test_a_broken_link_among_case_files_is_reported_by_name(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "quizzes" / "cases" / "broken.yml").symlink_to(tmp_path / "gone.yml")
    with pytest.raises(SourceValidationError) as exc:
        load_library(root)
    assert str(exc.value).startswith(f"{root / 'quizzes' / 'cases' / 'broken.yml'}:1:")


def test_training_nav_groups_quizzes_by_kind_with_reports_outside_the_groups() -> None:
    """Reports are ``index.md`` pages: inside a group, the theme would take one as the group's own index page."""
    library = load_library(Path(__file__).parent.parent)
    reports = [PurePosixPath("reports/calibration-2026-q3/index.md")]
    index, practice, rounds, report = training_nav(library, reports, "ja")
    assert index == "quizzes/index.md"
    assert report == "reports/calibration-2026-q3/index.md"
    assert list(practice) == ["練習クイズ"]
    assert list(rounds) == ["キャリブレーション"]
    modes = {"練習クイズ": {"practice"}, "キャリブレーション": {"calibration"}}
    for group in (practice, rounds):
        ((label, pages),) = group.items()
        ids = [page.removeprefix("quizzes/").removesuffix(".md") for page in pages]
        assert ids == sorted(ids)
        assert {library.quizzes[quiz_id].mode for quiz_id in ids} == modes[label]
    assert len(practice["練習クイズ"]) + len(rounds["キャリブレーション"]) == len(library.quizzes)
    without_rounds = [q for q in library.quizzes.values() if q.mode == "practice"]
    practice_only = dataclasses.replace(library, quizzes={quiz.id: quiz for quiz in without_rounds})
    assert [list(entry) for entry in training_nav(practice_only, [], "en")[1:]] == [["Practice quizzes"]]
