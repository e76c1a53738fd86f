"""Quiz pages in the built site: both languages, no published key for open rounds, hostile text inert."""

from __future__ import annotations

import csv
import html
import json
import re
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO_ROOT, BuiltSite, build_site, parsed, starter_library
from repo_factory import copy_site

from kijun.answers import results_document
from kijun.contracts import CSV_COLUMNS
from kijun.markdown.cjk_linebreaks import join_cjk_lines
from kijun.quiz_render import runtime_strings
from kijun.quizzes import Quiz
from kijun.report.inputs import read_results

LIBRARY = starter_library()
PREFIX = {"en": "", "ja": "ja/"}
OPEN_ROUNDS = [quiz for quiz in LIBRARY.quizzes.values() if quiz.hides_key]


def soup_of(path: Path) -> BeautifulSoup:
    return parsed(path)


def quiz_page(built_site: BuiltSite, language: str, quiz_id: str) -> BeautifulSoup:
    return soup_of(built_site.page(f"{PREFIX[language]}quizzes/{quiz_id}/"))


def quiz_data(page: BeautifulSoup) -> dict:
    return json.loads(page.select_one("script#kijun-quiz-data").string)


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("quiz_id", sorted(LIBRARY.quizzes))
def test_quiz_page_exists_in_both_languages_with_its_cases(
    built_site: BuiltSite, language: str, quiz_id: str
) -> None:
    quiz = LIBRARY.quizzes[quiz_id]
    page = quiz_page(built_site, language, quiz_id)
    assert page.html["lang"] == language
    assert page.select_one("h1").get_text(strip=True).startswith(quiz.title[language])
    sections = page.select(".kijun-case[data-case-id]")
    assert [s["data-case-id"] for s in sections] == list(quiz.case_ids)
    data = quiz_data(page)
    assert (data["quizId"], data["language"], data["version"]) == (quiz_id, language, quiz.version)
    assert [entry["id"] for entry in data["cases"]] == list(quiz.case_ids)
    # The answer fields are in the page as built: options in ladder order, labelled in this language.
    for section in sections:
        case = LIBRARY.cases[section["data-case-id"]]

        def choices(field: str, section: Tag = section) -> list[tuple[str, str]]:
            return [
                (box["value"], box.find_parent("label").get_text(strip=True))
                for box in section.select(f'input[type=radio][data-kijun-field="{field}"]')
            ]

        assert choices("decision") == [
            (a, LIBRARY.actions[a].label[language]) for a in LIBRARY.actions if a in case.options
        ]
        assert choices("clause") == [(c.id, c.label[language]) for c in case.clauses]
        assert [value for value, _ in choices("confidence")] == ["low", "medium", "high"]
        assert section.select_one('textarea[data-kijun-field="reason"]') is not None
        assert bool(section.select('[data-kijun-action="check"]')) == quiz.shows_feedback
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.endswith("assets/javascripts/kijun-quiz.js") for src in scripts)


def nav_quiz_ids(page: BeautifulSoup) -> set[str]:
    """The quizzes the page's sidebar links to."""
    hrefs = [a["href"] for a in page.select(".md-nav--primary a.md-nav__link[href]")]
    return {href.strip("/").split("/")[-1] for href in hrefs} & set(LIBRARY.quizzes)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_quiz_index_lists_every_quiz_and_sits_in_the_nav(built_site: BuiltSite, language: str) -> None:
    page = soup_of(built_site.page(f"{PREFIX[language]}quizzes/"))
    linked = {a["href"].strip("/").split("/")[-1] for a in page.select(".md-content table a[href]")}
    assert linked == set(LIBRARY.quizzes)
    groups = {"en": {"Practice quizzes", "Calibration rounds"}, "ja": {"練習クイズ", "キャリブレーション"}}[
        language
    ]
    labels = {item.get_text(strip=True) for item in page.select(".md-nav--primary .md-nav__item--pruned")}
    assert labels == groups


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_quiz_page_lists_its_group_and_other_pages_do_not_list_quizzes(
    built_site: BuiltSite, language: str
) -> None:
    """Each group of quizzes is written out in full on its own pages only (the theme's navigation.prune)."""
    for mode in ("practice", "calibration"):
        group = {q.id for q in LIBRARY.quizzes.values() if q.mode == mode}
        page = quiz_page(built_site, language, min(group))
        assert group - {min(group)} <= nav_quiz_ids(page), mode  # the page itself is linked as "./"
    policy = soup_of(built_site.page(f"{PREFIX[language]}policies/harassment/"))
    assert len(nav_quiz_ids(policy)) == 2  # one link per group, to its first page


def test_practice_quiz_data_carries_the_key_and_a_working_policy_link(built_site: BuiltSite) -> None:
    practice = next(q for q in LIBRARY.quizzes.values() if q.mode == "practice")
    page_dir = built_site.page(f"ja/quizzes/{practice.id}/").parent
    page = quiz_page(built_site, "ja", practice.id)
    for entry in quiz_data(page)["cases"]:
        case = LIBRARY.cases[entry["id"]]
        assert entry["key"]["decision"] == case.decision
        template = page.select_one(f"#case-{case.id} template[data-kijun-reference]")
        url, _, anchor = template.select_one("a.kijun-policy-link")["href"].partition("#")
        target = (page_dir / url / "index.html").resolve()
        assert target.is_file(), url
        assert soup_of(target).find(id=anchor), anchor


def test_runtime_gets_every_string_it_uses() -> None:
    script = (REPO_ROOT / "docs" / "assets" / "javascripts" / "kijun-quiz.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\.text\.(\w+)", script))
    for language in ("en", "ja"):
        assert used <= set(runtime_strings(language)), used - set(runtime_strings(language))


def _plain_fragments(text: str) -> list[str]:
    """The two longest sentences of author text, without Markdown marks: distinctive enough that finding one
    anywhere else in the site means the text was published."""
    plain = re.sub(r"\(policy:[^)]*\)|[*_`>\[\]]", "", join_cjk_lines(text))
    sentences = [" ".join(s.split()) for s in re.split(r"(?<=[.。!?！？])\s*|\n\s*\n", plain)]
    return sorted((s for s in sentences if len(s) >= 25), key=len, reverse=True)[:2]


def _searchable_text(file: Path) -> str:
    """A built file's text as a reader would see it: JSON unescaped (the search index), HTML entities decoded."""
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return " ".join(html.unescape(text).split())


def test_the_starter_content_has_an_open_calibration_round() -> None:
    assert OPEN_ROUNDS


@pytest.mark.parametrize("quiz_id", [q.id for q in OPEN_ROUNDS])
def test_open_calibration_round_leaks_no_key_anywhere_in_the_site(
    built_site: BuiltSite, quiz_id: str
) -> None:
    quiz = LIBRARY.quizzes[quiz_id]
    fragments = [
        fragment
        for case_id in quiz.case_ids
        for language in ("en", "ja")
        for fragment in _plain_fragments(LIBRARY.cases[case_id].rationale[language])
    ]
    assert fragments
    leaks = []
    for file in built_site.root.rglob("*"):
        if file.suffix in {".html", ".js", ".json", ".xml", ".css", ".txt"}:
            text = _searchable_text(file)
            leaks += [f"{file}: {f}" for f in fragments if f in text]
    assert not leaks, "\n".join(leaks[:10])
    for language in ("en", "ja"):
        page = quiz_page(built_site, language, quiz_id)
        assert all("key" not in entry for entry in quiz_data(page)["cases"])
        assert not page.select(".kijun-reference, .kijun-check")
    for file in built_site.html_files():
        examples = {e["data-case-id"] for e in soup_of(file).select(".kijun-example[data-case-id]")}
        assert not examples & set(quiz.case_ids), file


@pytest.mark.parametrize("language", ["en", "ja"])
def test_article_embeds_a_case_as_a_worked_example(built_site: BuiltSite, language: str) -> None:
    page = soup_of(built_site.page(f"{PREFIX[language]}policies/review-manipulation/"))
    example = page.select_one('.kijun-example[data-case-id="REV-001"]')
    assert example is not None
    case = LIBRARY.cases["REV-001"]
    assert LIBRARY.actions[case.decision].label[language] in example.get_text()
    assert _plain_fragments(case.rationale[language])[0] in " ".join(example.get_text().split())


HOSTILE_CASE = """\
cases:
  - id: XSS-001
    policy: review-manipulation
    anchor: grey-areas
    written: 2026-11-01
    policy_version: "1.2"
    difficulty: easy
    tags: [hostile]
    scenario:
      en: |
        <script>window.__xss = 1</script> A review says <img src=x onerror="window.__xss=2">
        and [click](javascript:window.__xss=3) </script><script>window.__xss=4</script>
      ja: <script>window.__xss = 5</script><svg onload="window.__xss=6"></svg>
    options: [no-action, notice]
    decision: notice
    rationale:
      en: <iframe src="javascript:window.__xss=7"></iframe> "quoted" & </p>
      ja: <a href="#" onclick="window.__xss=8">x</a>
"""
HOSTILE_QUIZ = """\
id: hostile
mode: practice
pass_mark: 0.5
title: {en: "<script>window.__xss=9</script> Hostile", ja: "<b onmouseover=alert(1)>敵対的</b>"}
intro: {en: "<style>body{display:none}</style>Intro", ja: "<script>window.__xss=10</script>紹介"}
select: {cases: [XSS-001]}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("hostile-repo"))
    (root / "quizzes" / "cases" / "hostile.yml").write_text(HOSTILE_CASE, encoding="utf-8")
    (root / "quizzes" / "definitions" / "hostile.yml").write_text(HOSTILE_QUIZ, encoding="utf-8")
    site = root / "site"
    result = build_site(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.slow  # builds its own site
@pytest.mark.parametrize("language", ["en", "ja"])
def test_hostile_case_text_is_escaped_in_the_built_page(hostile_site: Path, language: str) -> None:
    page = soup_of(hostile_site / PREFIX[language] / "quizzes" / "hostile" / "index.html")
    # The title shows as typed wherever the theme prints it (tab title, header, nav, heading).
    title = {"en": "<script>window.__xss=9</script> Hostile", "ja": "<b onmouseover=alert(1)>敵対的</b>"}[
        language
    ]
    assert page.title.string.startswith(title)
    assert [
        s
        for s in page.find_all("script")
        if "__xss" in (s.string or "") and s.get("type") != "application/json"
    ] == []
    assert not [
        tag.name for tag in page.find_all(True) for name in tag.attrs if name.lower().startswith("on")
    ]
    content = page.select_one(".md-content")
    assert not [
        (tag.name, name)
        for tag in content.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    assert not content.find_all(["iframe", "svg", "img", "style", "b"])
    scripts = content.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json"]
    assert "<script" not in scripts[0].string
    assert "</" not in scripts[0].string
    assert not [a for a in content.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    reference = content.select_one("template[data-kijun-reference]")  # revealed after a check, as built
    assert {"en": "&lt;iframe", "ja": "&lt;a href"}[language] in str(reference)
    assert "window.__xss" in content.get_text()  # shown as text, not run


@pytest.mark.slow  # builds its own site
def test_embedding_a_case_from_an_open_round_fails_the_build(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    for definition in (root / "quizzes" / "definitions").glob("*.yml"):
        definition.unlink()  # only the round below, so nothing else competes for its case
    (root / "quizzes" / "definitions" / "round.yml").write_text(
        "id: round\nmode: calibration\ntitle: {en: R, ja: R}\nintro: {en: I, ja: I}\nselect: {cases: [REV-002]}\n",
        encoding="utf-8",
    )
    article = root / "docs" / "en" / "policies" / "review-manipulation.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n<!-- kijun:case REV-002 -->\n", encoding="utf-8"
    )
    result = build_site(root / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = article.read_text(encoding="utf-8").splitlines().index("<!-- kijun:case REV-002 -->") + 1
    assert f"{article}:{line}: kijun:case: case REV-002 is in an open calibration round" in output


RESULTS_SCHEMA_FILE = REPO_ROOT / "quizzes" / "results.schema.json"
EARLIER_VERSION = "0123456789ab"


def _answers_across_a_quiz_change() -> tuple[Quiz, list[dict]]:
    """Two answers as the runtime exports them: the first given before the quiz changed, the second after."""
    quiz = LIBRARY.quizzes[sorted(LIBRARY.quizzes)[0]]
    assert quiz.version != EARLIER_VERSION
    answers = [
        {
            "case_id": case_id,
            "decision": LIBRARY.cases[case_id].options[0],
            "clause": None,
            "confidence": "medium",
            "reason": "",
            "time_ms": 1500,
            "answered_at": answered_at,
            "quiz_version": version,
        }
        for case_id, version, answered_at in (
            (quiz.case_ids[0], EARLIER_VERSION, "2026-11-02T09:00:00Z"),
            (quiz.case_ids[1], quiz.version, "2026-11-03T09:00:00Z"),
        )
    ]
    return quiz, answers


def test_a_json_export_with_answers_on_an_earlier_quiz_version_validates_and_is_read(tmp_path: Path) -> None:
    quiz, answers = _answers_across_a_quiz_change()
    document = results_document(quiz, "A-031", "ja", "2026-11-03T10:00:00Z", answers)
    schema = json.loads(RESULTS_SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    (tmp_path / "a-031.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    inputs = read_results(tmp_path, RESULTS_SCHEMA_FILE)

    [submission] = inputs.submissions
    assert (submission.agent, submission.quiz_version) == ("A-031", quiz.version)
    # The answer given on the earlier version gets the rule for other-version submissions: excluded, reported.
    assert list(submission.answers) == [quiz.case_ids[1]]
    assert submission.answers[quiz.case_ids[1]].quiz_version == quiz.version
    [problem] = inputs.problems
    assert quiz.case_ids[0] in problem.message
    assert EARLIER_VERSION in problem.message
    assert "excluded" in problem.message


def test_a_csv_export_mixing_quiz_versions_is_one_submission(tmp_path: Path) -> None:
    quiz, answers = _answers_across_a_quiz_change()
    with (tmp_path / "a-031.csv").open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, CSV_COLUMNS)
        writer.writeheader()
        for answer in answers:
            writer.writerow(answer | {"quiz_id": quiz.id, "language": "ja", "agent": "A-031"})

    inputs = read_results(tmp_path, RESULTS_SCHEMA_FILE)

    [submission] = inputs.submissions  # not one submission per version, which would read as a resubmission
    assert submission.quiz_version == quiz.version  # the version of the latest answer
    assert list(submission.answers) == [quiz.case_ids[1]]
    [problem] = inputs.problems
    assert quiz.case_ids[0] in problem.message
    assert EARLIER_VERSION in problem.message


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_revealed_round_shows_its_key_once_in_the_page_not_again_in_the_data(
    built_site: BuiltSite, language: str
) -> None:
    revealed = [quiz for quiz in LIBRARY.quizzes.values() if quiz.revealed]
    assert revealed
    for quiz in revealed:
        page = quiz_page(built_site, language, quiz.id)
        assert len(page.select(".kijun-reference")) == len(quiz.case_ids)
        assert all("key" not in entry for entry in quiz_data(page)["cases"])


def test_search_finds_a_quiz_page_by_title_and_intro_only(built_site: BuiltSite) -> None:
    """A quiz page is one search entry: its title, and as text exactly its intro. No case, answer field or
    rationale is indexed (a practice rationale appears only after the trainee answers; search must not show it
    first)."""

    def letters(text: str) -> str:  # the index stores text NFKC-normalised (full-width brackets become ASCII)
        return "".join(unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", " ", text))).split())

    for prefix, language in (("", "en"), ("ja/", "ja")):
        index = json.loads(
            (built_site.root / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
        )
        for quiz in LIBRARY.quizzes.values():
            entries = [doc for doc in index["docs"] if doc["location"].startswith(f"quizzes/{quiz.id}/")]
            assert [doc["location"] for doc in entries] == [f"quizzes/{quiz.id}/"], quiz.id
            [entry] = entries
            assert letters(entry["title"]) == letters(quiz.title[language])
            intro = quiz_page(built_site, language, quiz.id).select_one(".kijun-quiz-intro")
            assert letters(entry["text"]) == letters(intro.get_text()), quiz.id
            for case_id in quiz.case_ids:
                case = LIBRARY.cases[case_id]
                for fragment in _plain_fragments(case.scenario[language] + "\n\n" + case.rationale[language]):
                    assert letters(fragment)[:20] not in letters(entry["text"]), case_id


def _all_pages(language: str) -> str:
    return "\n".join(
        file.read_text(encoding="utf-8") for file in (REPO_ROOT / "docs" / language).rglob("*.md")
    )
