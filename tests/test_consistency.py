"""One policy, one answer: each consistency check fails on a seeded contradiction and passes on the starter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, BuiltSite
from repo_factory import copy_site

from kijun.cli import main
from kijun.glossary import load_glossary
from kijun.message_templates import sections_of, template_errors, templates_in
from kijun.pages import scan_pages
from kijun.paths import DOCS_DIR, GLOSSARY_FILE
from kijun.policies import PolicyMeta, check_policy_articles, served_articles
from kijun.policy_render import overdue_notice
from kijun.review_due import review_statuses
from kijun.sourcefile import SourceValidationError
from kijun.teams import team_names


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "site")


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def policy_errors(root: Path) -> list[str]:
    teams = team_names(load_glossary(root / GLOSSARY_FILE), "en")
    with pytest.raises(SourceValidationError) as exc:
        check_policy_articles(scan_pages(root / DOCS_DIR), teams)
    return [str(error) for error in exc.value.errors]


def check_output(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--root", str(root)])
    return code, capsys.readouterr().err


def test_the_starter_handbook_passes_every_consistency_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, errors = check_output(REPO_ROOT, capsys)
    assert (code, errors) == (0, "")


# --- Scope hand-offs (the matrix's own checks are in test_matrix.py) ---------------------------------------


def test_hand_offs_are_shown_under_scope_with_links(built_site: BuiltSite) -> None:
    for prefix, heading in (("", "Not covered here"), ("ja/", "この記事では扱わない事項")):
        soup = BeautifulSoup(
            built_site.page(f"{prefix}policies/review-manipulation/").read_text(), "html.parser"
        )
        box = soup.select_one(".kijun-hand-offs")
        assert box is not None
        assert heading in box.get_text()
        assert box.find_next("h2")["id"] == "definitions"  # the end of the Scope section
        links = {a["href"] for a in box.select("a")}
        assert "../harassment/" in links
        assert (built_site.page(f"{prefix}policies/harassment/")).exists()


def test_hand_off_links_point_at_the_article_a_reader_is_served() -> None:
    """A Japanese reader gets the Japanese article where there is one, else the English one under its title."""

    def meta(policy_id: str, title: str) -> PolicyMeta:
        return SimpleNamespace(policy_id=policy_id, title=title)  # type: ignore[return-value]

    metas = {
        ("en", PurePosixPath("policies/spam.md")): meta("POL-SPAM", "Spam"),
        ("en", PurePosixPath("policies/harassment.md")): meta("POL-HAR", "Harassment"),
        ("ja", PurePosixPath("policies/spam.md")): meta("POL-SPAM", "スパム"),
    }
    assert served_articles(metas, "ja") == {
        "POL-SPAM": ("スパム", "../spam/"),
        "POL-HAR": ("Harassment", "../harassment/"),
    }
    assert served_articles(metas, "en")["POL-SPAM"] == ("Spam", "../spam/")


# --- Decision-message templates ----------------------------------------------------------------------------

ARTICLE = """\
## Definitions {#definitions}

## Grey areas and judgement factors {#grey-areas}

## Decision messages {#decision-messages}

```text title="Good"
Under our Spam policy (section "Definitions"), we removed it.
Trust & Safety team
```

```text title="Bad"
Under our Spam rules policy (section "Grey areas and judgement factors"),
and our Spam policy (section "Appendix"), Legal asked us to tell you.
```

```text title="Silent"
We removed it.
```

## Escalation {#escalation}
"""


def test_templates_cite_the_own_title_a_real_user_section_and_no_team() -> None:
    templates = templates_in(ARTICLE, first_line=10)
    assert [(t.name, t.line) for t in templates] == [("Good", 16), ("Bad", 21), ("Silent", 26)]
    errors = template_errors(Path("spam.md"), "en", "Spam", sections_of(ARTICLE), templates, ["Legal"])
    messages = [(e.line, e.message) for e in errors]
    assert not [m for line, m in messages if line == 16]
    bad = [m for line, m in messages if line == 21]
    assert any("cites 'Spam rules'; the article's title is 'Spam'" in m for m in bad)
    assert any("a section for agents, not users" in m for m in bad)
    assert any("'Appendix', which the article does not have" in m for m in bad)
    assert any("internal team 'Legal'" in m for m in bad)
    assert [m for line, m in messages if line == 26] == [
        "cites no policy section; cite the article's title and a section users can read"
    ]


def test_a_japanese_template_that_cites_the_grey_areas_fails_kijun_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        site / "docs/ja/policies/review-manipulation.md",
        "ポリシー（「定義」のうち",
        "ポリシー（「グレーゾーンと判断要素」のうち",
    )
    code, errors = check_output(site, capsys)
    assert code == 1
    assert "ja/policies/review-manipulation.md" in errors
    assert "a section for agents, not users" in errors


# --- Terms to avoid ----------------------------------------------------------------------------------------


def test_a_variant_to_avoid_is_reported_in_pages_and_cases(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = load_glossary(site / GLOSSARY_FILE)
    variant = next(v for term in glossary.terms for v in term.text["ja"].avoid)
    edit(site / "docs/ja/guides/escalation.md", "\n\n", f"\n\n{variant}があります。\n\n")
    case_file = site / "quizzes/cases/harassment.yml"
    edit(case_file, "# Grey-area cases", f"# {variant}\n# Grey-area cases")
    code, errors = check_output(site, capsys)
    assert code == 1
    assert f"{variant!r} is a variant to avoid" in errors
    assert "ja/guides/escalation.md:" in errors
    assert "quizzes/cases/harassment.yml:" in errors


# --- Review dates ------------------------------------------------------------------------------------------


def test_overdue_articles_are_listed_by_owner_and_can_fail_ci(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review-due", "--root", str(REPO_ROOT), "--today", "2026-11-30", "--fail"]) == 0
    capsys.readouterr()
    assert main(["review-due", "--root", str(REPO_ROOT), "--today", "2030-01-01", "--fail"]) == 1
    lines = capsys.readouterr().out.splitlines()
    published = [
        page for page in scan_pages(REPO_ROOT / DOCS_DIR).under("en", "policies") if "policy_id" in page.data
    ]
    assert len(lines) == len([page for page in published if not page.draft]) >= 15
    assert all("overdue by" in line for line in lines)
    assert lines == sorted(lines, key=lambda line: line.split(":")[0])  # grouped by owner


def test_an_overdue_article_shows_a_notice_in_its_language() -> None:
    teams = team_names(load_glossary(REPO_ROOT / GLOSSARY_FILE), "ja")
    metas = check_policy_articles(scan_pages(REPO_ROOT / DOCS_DIR), teams)
    meta = metas[("ja", PurePosixPath("policies/harassment.md"))]
    [status] = [s for s in review_statuses(metas, "ja", dt.date(2030, 1, 1)) if s.meta is meta]
    assert status.overdue
    assert overdue_notice(meta, "<Legal>", "ja", status.due) == ""
    notice = overdue_notice(meta, "<Legal>", "ja", status.due + dt.timedelta(days=1))
    assert "見直す予定" in notice
    assert "&lt;Legal&gt;" in notice
    assert "<Legal>" not in notice


def test_a_language_without_a_citation_pattern_gets_the_team_check_only() -> None:
    """A newly added language (here Korean) has no citation grammar yet: its templates are not failed for citing
    nothing, but still for naming an internal team."""
    templates = templates_in(ARTICLE, first_line=10)
    errors = template_errors(Path("ko/spam.md"), "ko", "Spam", sections_of(ARTICLE), templates, ["Legal"])
    assert [(e.line, e.message) for e in errors] == [
        (21, "names the internal team 'Legal'; sign as the Trust & Safety team")
    ]


def test_a_citation_may_hold_commas_and_nested_japanese_quotes() -> None:
    """Titles such as "Hate, extremism and …" or 試験問題の流出と「本番問題」 are cited whole."""
    from kijun.message_templates import CITATIONS

    english = CITATIONS["en"].search('under our Hate, extremism and disinformation policy (section "Scope")')
    assert (english["title"], english["section"]) == ("Hate, extremism and disinformation", "Scope")
    japanese = CITATIONS["ja"].search("「試験問題の流出と「本番問題」」ポリシー（「対象範囲」）")
    assert (japanese["title"], japanese["section"]) == ("試験問題の流出と「本番問題」", "対象範囲")
