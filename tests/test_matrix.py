"""The enforcement matrix: one answer per set of facts. The ladder function, and every seeded contradiction the
issue names failing `kijun check` with file and line."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BuiltSite
from repo_factory import copy_site

from kijun.case_text import rationale_markdown
from kijun.cli import main
from kijun.csv_safety import restore
from kijun.handbook import Handbook
from kijun.languages import Localized
from kijun.library import load_library
from kijun.matrix.ladder import STUDENT, History, decide, record_under
from kijun.matrix.model import Rule, load_ladder, load_matrix
from kijun.matrix.render import fill_numbers, matrix_csv, rule_label, rules_table, severe_list
from kijun.translation import case_fingerprint

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ladder():
    return load_ladder(REPO)


def rule(**changes: object) -> Rule:
    base = Rule(
        "TST-RULE", "this", "topic", "step", 1, None, None, (), Localized({"en": "x"}), Path("t.yml"), 1
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("step", "history", "action", "expected_step"),
    [
        (1, History(), "notice", 1),
        (2, History(), "warning", 2),
        (1, History({"this": (1,)}), "warning", 2),  # one above the highest active strike
        (1, History({"this": (1, 2)}), "restrict", 3),
        (3, History({"this": (1,)}), "restrict", 3),  # the rule's own step when it is higher
        (1, History({"a": (1,), "b": (2,)}), "warning", 2),  # two strikes elsewhere raise by one
        (1, History({"a": (1,)}), "notice", 1),  # one strike elsewhere does not
        (1, History({"this": (3,), "a": (1,), "b": (1,)}), "unpublish", 4),  # raised to 4, not beyond
        (1, History({"this": (4,), "a": (1,), "b": (1,)}), "suspend", 5),  # 5 from the same policy itself
        (1, History({"this": (3,)}, STUDENT), "suspend", 5),  # students move past unpublishing
        (
            1,
            History({"this": (2,), "a": (1,), "b": (1,)}, STUDENT),
            "restrict",
            3,
        ),  # never to 5 on strikes elsewhere
        (1, History({"this": (2,)}, top_tier=True), "escalate", 3),  # top tier above step 2: another team
        (2, History(top_tier=True), "warning", 2),
        (1, History({"this": (5,)}), "escalate", 6),  # termination is never one agent's
    ],
)
def test_the_ladder_function_applies_every_rule_of_the_guide(
    ladder, step, history, action, expected_step
) -> None:
    decision = decide(rule(step=step), history, ladder)
    assert (decision.action, decision.step) == (action, expected_step)


def test_severe_escalate_and_outcome_rules_skip_the_ladder(ladder) -> None:
    busy = History({"this": (3,), "a": (2,), "b": (2,)}, top_tier=True)
    assert decide(rule(kind="severe", step=None, action="suspend"), busy, ladder).action == "suspend"
    assert decide(rule(kind="escalate", step=None, team="legal"), busy, ladder).action == "escalate"
    assert decide(rule(kind="outcome", step=None, action="no-action"), busy, ladder).action == "no-action"


def test_one_case_one_strike_goes_to_the_higher_step_then_the_area_that_comes_first(ladder) -> None:
    assert (
        record_under([("spam", "reviews-and-promotion", 2), ("steering", "reviews-and-promotion", 1)], ladder)
        == "spam"
    )
    tie = [("reviews", "reviews-and-promotion", 5), ("harassment", "conduct-and-safety", 5)]
    assert record_under(tie, ladder) == "harassment"
    assert record_under(list(reversed(tie)), ladder) == "harassment"


def test_labels_numbers_and_lists_are_escaped_and_filled() -> None:
    hostile = rule(
        kind="severe",
        step=None,
        action="suspend",
        thresholds=(),
        label=Localized({"en": '<script>alert(1)</script> [x](javascript:alert(1)) "q"'}),
    )
    from kijun.matrix.model import PolicyMatrix

    matrix = PolicyMatrix("this", ("topic",), (), (), Localized({"en": "<b>then</b>"}), (hostile,), None)  # type: ignore[arg-type]
    html = rules_table(matrix, load_ladder(REPO), lambda a: a, {}, "en") + severe_list(matrix, "en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html
    assert 'id="rule-tst-rule"' in html
    filled, unknown = fill_numbers("at least {{A.count}} and {{B.x}}", {"A.count": 1200})
    assert (filled, unknown) == ("at least 1,200 and {{B.x}}", ["B.x"])
    assert fill_numbers("write `{{A.count}}` for {{A.count}}", {"A.count": 3}) == (
        "write `{{A.count}}` for 3",
        [],
    )


def test_the_matrix_csv_is_excel_safe_and_reads_back_the_same() -> None:
    matrix = load_matrix(REPO)
    first = next(iter(matrix.policies.values()))
    evil = replace(first.rules[0], label=Localized({"en": '=HYPERLINK("http://x")', "ja": "=x"}))
    policy = replace(first, rules=(evil, *first.rules[1:]))
    matrix = replace(matrix, policies={**matrix.policies, first.policy: policy})
    text = matrix_csv(matrix, lambda a: a, {}, "en")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert [restore(cell) for cell in rows[1]][-1] == rule_label(evil, "en")
    assert len(rows) == 1 + len(matrix.rules)


# --- seeded contradictions in a copy of the starter handbook ------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "site")


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--root", str(root)])
    return code, capsys.readouterr().err


def edit(file: Path, old: str, new: str, count: int = 1) -> int:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line the edit starts on


def line_of(file: Path, pattern: str) -> int:
    return next(n for n, line in enumerate(file.read_text().splitlines(), 1) if re.search(pattern, line))


def test_the_starter_handbook_has_no_contradiction(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(REPO, capsys) == (0, "")


def test_one_topic_decided_by_two_rules_with_different_steps_fails(site: Path, capsys) -> None:
    matrix = site / "matrix/policies/refund-abuse.yml"
    text = matrix.read_text()
    matrix.write_text(
        text
        + "  - id: REF-SECOND-OPINION\n    topic: coupon-resale\n    step: 2\n"
        + "    label: {en: Selling one coupon, ja: クーポンを1枚売る}\n"
    )
    code, err = check(site, capsys)
    line = len(text.splitlines()) + 1
    assert code == 1
    assert f"refund-abuse.yml:{line}: rules[" in err
    assert "REF-SECOND-OPINION and REF-COUPON-SALE decide topic 'coupon-resale' differently" in err


def test_a_case_key_changed_to_another_of_its_options_fails(site: Path, capsys) -> None:
    cases = site / "quizzes/cases/refund-abuse.yml"
    edit(
        cases,
        "    decision: notice\n    rule: REF-REFUND-PATTERN",
        "    decision: warning\n    rule: REF-REFUND-PATTERN",
    )
    code, err = check(site, capsys)
    assert code == 1
    [message] = [line for line in err.splitlines() if "REF-002.decision" in line]
    assert f"refund-abuse.yml:{line_of(cases, 'id: REF-002')}:" in message
    assert "'warning', but REF-REFUND-PATTERN and the ladder give 'notice'" in message


def test_a_judgement_keeps_a_departing_key_and_is_counted(site: Path, capsys) -> None:
    cases = site / "quizzes/cases/refund-abuse.yml"
    edit(
        cases,
        "    decision: notice\n    rule: REF-REFUND-PATTERN",
        "    decision: warning\n    judgement: {en: Seeded., ja: 試験用です。}\n    rule: REF-REFUND-PATTERN",
    )
    code = main(["check", "--root", str(site)])
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    assert "REF-002" in out.out
    assert "rest on judgement" in out.out


def test_a_hand_written_ladder_row_fails(site: Path, capsys) -> None:
    page = site / "docs/en/policies/refund-abuse.md"
    line = (
        edit(
            page,
            "<!-- kijun:ladder -->\n",
            "<!-- kijun:ladder -->\n\n| 1 | First breach | Notice | 90 days |\n",
        )
        + 2
    )
    code, err = check(site, capsys)
    assert code == 1
    assert f"en/policies/refund-abuse.md:{line}: enforcement-ladder: hand-written ladder table" in err


def test_a_hand_written_severe_list_fails(site: Path, capsys) -> None:
    page = site / "docs/ja/policies/refund-abuse.md"
    line = edit(page, "<!-- kijun:severe -->\n", "<!-- kijun:severe -->\n\n- 手書きの重大な違反\n") + 2
    code, err = check(site, capsys)
    assert code == 1
    assert f"ja/policies/refund-abuse.md:{line}: severe-violations: hand-written severe list" in err


def test_a_threshold_typed_in_a_page_fails(site: Path, capsys) -> None:
    page = site / "docs/en/policies/refund-abuse.md"
    line = edit(page, "{{REF-REFUND-PATTERN.count}} or\nmore", "3 or\nmore")
    code, err = check(site, capsys)
    assert code == 1
    assert (
        f"en/policies/refund-abuse.md:{line}: threshold: '3 or more' types a number the matrix holds" in err
    )


def test_a_case_citing_a_rule_of_another_articles_topic_fails(site: Path, capsys) -> None:
    cases = site / "quizzes/cases/off-platform-steering.yml"
    text = cases.read_text()
    first = re.search(r"\n    rule: (\S+)\n", text)
    assert first is not None
    cases.write_text(text.replace(first.group(), "\n    rule: REF-REFUND-PATTERN\n", 1))
    *_, case_id = re.findall(r"\n  - id: (\S+)\n", text[: first.start()])  # the case the first rule is in
    code, err = check(site, capsys)
    assert code == 1
    assert (
        f"off-platform-steering.yml:{line_of(cases, f'- id: {case_id}$')}: {case_id}.rule: "
        "REF-REFUND-PATTERN decides 'refund-patterns', a topic of refund-abuse: the case belongs to that article"
        in err
    )


def test_a_hand_off_seam_with_no_case_on_it_fails(site: Path, capsys) -> None:
    """A new seam (Off-platform steering hands a topic to Refund abuse, which decides it by a new rule) that no
    case sits on: `kijun check` names the seam at the hand-off's line."""
    edit(site / "matrix/policies/refund-abuse.yml", "covers: [", "covers: [seeded-seam, ")
    edit(
        site / "matrix/policies/refund-abuse.yml",
        "  - id: REF-COUPON-SALE\n",
        "  - id: REF-SEEDED-SEAM\n    topic: seeded-seam\n    step: 1\n"
        "    label: {en: A seeded topic, ja: 試験用のトピック}\n  - id: REF-COUPON-SALE\n",
    )
    matrix = site / "matrix/policies/off-platform-steering.yml"
    line = edit(
        matrix,
        "hands_off:\n",
        "hands_off:\n  - topic: seeded-seam\n    policy: refund-abuse\n"
        "    label: {en: A seeded seam, ja: 試験用の境界}\n",
    )
    code, err = check(site, capsys)
    assert code == 1
    [message, summary] = err.splitlines()  # the seam is the only problem: the new rule and hand-off are sound
    assert summary == "1 problem(s) found."
    assert message.endswith(
        f"/matrix/policies/off-platform-steering.yml:{line + 1}: hands_off[0]: "
        "no case decided by the matrix sits on seam 'seeded-seam'"
    )


def test_a_topic_covered_twice_and_a_wrong_hand_off_fail(site: Path, capsys) -> None:
    edit(site / "matrix/policies/refund-abuse.yml", "covers: [", "covers: [direct-payment-requests, ")
    code, err = check(site, capsys)
    assert code == 1
    assert "hands off 'direct-payment-requests', which it also covers" in err
    assert "topic 'direct-payment-requests' is also covered by" in err


def test_a_number_the_matrix_does_not_know_fails(site: Path, capsys) -> None:
    page = site / "docs/en/policies/refund-abuse.md"
    line = edit(page, "{{REF-REFUND-PATTERN.count}}", "{{REF-NO-SUCH.count}}")
    code, err = check(site, capsys)
    assert code == 1
    assert f"en/policies/refund-abuse.md:{line}: {{{{REF-NO-SUCH.count}}}}: not a number of the matrix" in err


# --- what the built site shows ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "ja/"])
def test_every_article_renders_its_rules_ladder_and_hand_offs_from_the_matrix(
    built_site: BuiltSite, prefix: str
) -> None:
    matrix = Handbook(REPO).published_matrix  # a draft article is not built
    for name, policy in matrix.policies.items():
        soup = BeautifulSoup(built_site.page(f"{prefix}policies/{name}/").read_text(), "html.parser")
        rules = soup.select(".kijun-matrix-rules code[id]")
        assert [code.get_text() for code in rules] == [rule.id for rule in policy.rules], name
        steps = [row.select("td")[0].get_text() for row in soup.select(".kijun-matrix-ladder tbody tr")]
        assert steps == [str(row.step) for row in policy.ladder], name
        severe = [rule.id for rule in policy.rules if rule.kind == "severe"]
        assert [a.get_text() for a in soup.select(".kijun-matrix-severe a.kijun-rule-ref")] == severe, name
        assert len(soup.select(".kijun-hand-offs li")) == len(policy.hands_off), name
        assert "{{" not in soup.select_one("article").get_text(), name  # every number was filled


@pytest.mark.parametrize(("prefix", "header"), [("", "policy"), ("ja/", "ポリシー")])
def test_the_boundaries_page_lists_every_seam_and_offers_the_matrix_csv(
    built_site: BuiltSite, prefix: str, header: str
) -> None:
    matrix = Handbook(REPO).published_matrix
    page = built_site.page(f"{prefix}guides/boundaries/")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    rows = soup.select(".kijun-boundaries tbody tr")
    assert len(rows) == sum(len(policy.hands_off) for policy in matrix.policies.values())
    for row in rows:
        assert row.select("td")[3].select("a code"), (
            row.get_text()
        )  # every seam names the rule that decides it
    link = soup.select_one('a[href="enforcement-matrix.csv"]')
    assert link is not None
    raw = (page.parent / "enforcement-matrix.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert table[0][0] == header
    assert len(table) == 1 + len(matrix.rules)


def test_the_ladder_guide_table_is_generated_from_the_ladder_function(built_site: BuiltSite) -> None:
    ladder = load_ladder(REPO)
    for prefix in ("", "ja/"):
        soup = BeautifulSoup(
            built_site.page(f"{prefix}guides/enforcement-ladder/").read_text(), "html.parser"
        )
        steps = soup.select(".kijun-ladder-steps tbody tr")
        assert [row.select("td")[0].get_text() for row in steps] == [str(step.step) for step in ladder.steps]
        choice = soup.select(".kijun-ladder-choice tbody tr")
        # No active strike, instructor, no strikes elsewhere: a step-1 rule gives a notice.
        assert choice[0].select("td")[1].get_text().startswith("1")
        # Same row, two strikes elsewhere: one step up.
        assert choice[0].select("td")[2].get_text().startswith("2")


def test_a_coincidental_number_is_not_a_typed_threshold_but_a_ladder_day_count_is(site: Path, capsys) -> None:
    page = site / "docs/en/guides/escalation.md"
    line = edit(
        page, "\n# Escalation\n", "\n# Escalation\n\nAsk at least 2 questions. Answer within 14 days.\n"
    )
    code, err = check(site, capsys)
    assert code == 1
    assert f"escalation.md:{line + 3}: threshold: 'within 14' types a number the matrix holds" in err
    assert "'at least 2'" not in err  # 2 is the ladder's count of strikes elsewhere, and these are questions


def test_a_judgement_is_shown_after_the_rationale_and_marks_the_translation_stale(site: Path) -> None:
    cases = site / "quizzes/cases/refund-abuse.yml"
    before = case_fingerprint(load_library(site).cases["REF-002"])
    edit(
        cases,
        "    decision: notice\n    rule: REF-REFUND-PATTERN",
        "    decision: warning\n    judgement: {en: Seeded reason., ja: 試験用の理由です。}\n    rule: REF-REFUND-PATTERN",
    )
    case = load_library(site).cases["REF-002"]
    assert rationale_markdown(case, "ja").endswith("**判断による決定：** 試験用の理由です。")
    assert rationale_markdown(case, "en").startswith(case.rationale["en"].rstrip())
    assert case_fingerprint(case) != before  # a translator has the judgement to translate too
