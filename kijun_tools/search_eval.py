"""`kijun search-eval`: score the site's own search, in Chromium, on queries written as agents type them.

Each query file (``benchmarks/search-queries/<lang>.yml``, schema beside it) lists queries with the pages that
answer them and a split: ``tune`` (may be looked at while improving search) or ``holdout`` (only measured). A
third set is made from the site itself: every article and guide title, typed as a phrase.

Every query goes through the real search box of the built site, served on loopback, and is read back from the
rendered result list, so the score covers the index, the worker, the ranking and the page together.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kijun_tools.browser import CHROMIUM_ARGS, chromium_path

if TYPE_CHECKING:
    from playwright.sync_api import Browser
from kijun.handbook import Handbook
from kijun.languages import DEFAULT_LANGUAGE, LANGUAGES
from kijun.pages import scan_pages
from kijun.schema import load_schema
from kijun.sourcefile import SourceValidationError, load_yaml, schema_errors
from kijun.urls import site_path
from kijun_tools.site_build import strict_build
from kijun_tools.static_server import serve_site

QUERY_DIR = Path("benchmarks") / "search-queries"
TITLE_FOLDERS = ("policies", "guides")
TOP = 3

# Runs in the page: clear the box, wait for the empty state, type the query, wait for its results, read them.
SEARCH_BOX_JS = """
async (query) => {
  const input = document.querySelector("[data-md-component=search-query]");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const placeholder = config.translations["search.result.placeholder"];
  const type = value => {
    input.value = value;
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  };
  // Generous: a busy machine may be slow, but a broken search must not hang the evaluation.
  const until = test => new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => reject(new Error(`no search result after 60 s: ${meta.textContent}`)), 60000);
    const observer = new MutationObserver(() => {
      if (test()) { observer.disconnect(); clearTimeout(timer); resolve(); }
    });
    observer.observe(meta, { childList: true, characterData: true, subtree: true });
  });
  type("");
  await until(() => meta.textContent === placeholder);
  const start = performance.now();
  type(query);
  await until(() => meta.textContent !== placeholder);
  const elapsed = performance.now() - start;
  const links = [...list.querySelectorAll(":scope > .md-search-result__item > a.md-search-result__link")];
  return { elapsed, results: links.map(a => new URL(a.href).pathname) };
}
"""


class SiteError(Exception):
    """The site to search is missing or incomplete."""


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]  # page paths relative to the language root, e.g. "policies/harassment"
    split: str  # tune | holdout | titles
    kind: str


@dataclass
class Outcome:
    query: Query
    results: list[str]  # result pages, best first, relative to the language root ("policies/harassment")
    elapsed_ms: float
    other_language: bool  # a result from another language's tree

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected page, or None."""
        for position, page in enumerate(self.results, start=1):
            if page in self.query.expect:
                return position
        return None

    @property
    def hit(self) -> bool:
        return self.rank is not None and self.rank <= TOP


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.outcomes)

    @property
    def hit_rate(self) -> float:
        return sum(o.hit for o in self.outcomes) / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / self.count if self.count else 0.0

    @property
    def zero_rate(self) -> float:
        return sum(not o.results for o in self.outcomes) / self.count if self.count else 0.0

    @property
    def other_language(self) -> int:
        return sum(o.other_language for o in self.outcomes)

    @property
    def median_ms(self) -> float:
        return statistics.median(o.elapsed_ms for o in self.outcomes) if self.outcomes else 0.0


def load_queries(file: Path) -> list[Query]:
    """Read a query file, checked against ``queries.schema.json`` beside it (errors name file, line, field)."""
    document = load_yaml(file)
    errors = schema_errors(document, load_schema(file.parent / "queries.schema.json"))
    if errors:
        raise SourceValidationError(errors)
    return [
        Query(item["query"], tuple(item["expect"]), item["split"], item["kind"])
        for item in document.data["queries"]
    ]


def title_queries(docs_dir: Path, language: str) -> list[Query]:
    """Every article and guide title of ``language``'s site, typed as a phrase; the answer is that page."""
    queries = []
    pages = scan_pages(docs_dir)
    for folder in TITLE_FOLDERS:
        for page in pages.under(language, folder):
            if page.path.name == "index.md":
                continue
            title = page.data.get("title")
            if isinstance(title, str):
                queries.append(Query(title, (page.path.with_suffix("").as_posix(),), "titles", "title"))
    return queries


def quiz_title_queries(root: Path, language: str) -> list[Query]:
    """Every quiz's title typed as a phrase; the answer is the quiz page (indexed by its title and intro)."""
    quizzes = Handbook(root).library.quizzes.values()
    return [Query(quiz.title[language], (f"quizzes/{quiz.id}",), "titles", "title") for quiz in quizzes]


def page_of(pathname: str, language: str) -> tuple[str, bool]:
    """The page a result links to, relative to ``language``'s root, and whether it lies outside that tree."""
    prefix = "/" + site_path(language, "")
    path = pathname.split("#")[0]
    others = [f"/{code}/" for code in LANGUAGES if code != language and code != DEFAULT_LANGUAGE]
    inside = path.startswith(prefix) and not any(path.startswith(other) for other in others)
    relative = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return relative.rstrip("/") or "index", not inside


@contextmanager
def built_site(root: Path, site: Path | None) -> Iterator[Path]:
    """The site to search: ``site`` if given, else a fresh strict build of ``root`` in a temporary folder."""
    if site is not None:
        if not (site / "search" / "search_index.json").is_file():
            raise SiteError(f"{site} is not a built Kijun site (no search/search_index.json)")
        yield site
        return
    with tempfile.TemporaryDirectory(prefix="kijun-search-eval-") as folder:
        strict_build(root / "mkdocs.yml", Path(folder))
        yield Path(folder)


def run_queries(site: Path, queries: dict[str, list[Query]]) -> dict[str, list[Outcome]]:
    """Serve ``site`` on loopback and run every query in Debian's chromium (see :func:`search_site`)."""
    from playwright.sync_api import sync_playwright

    with serve_site(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        try:
            return search_site(browser, base, queries)
        finally:
            browser.close()


def search_site(browser: Browser, base: str, queries: dict[str, list[Query]]) -> dict[str, list[Outcome]]:
    """Type every query into the search box of its language's home page; return what the result list showed."""
    outcomes: dict[str, list[Outcome]] = {}
    page = browser.new_page()
    for language, items in queries.items():
        page.goto(base + site_path(language, ""))
        outcomes[language] = []
        for query in items:
            answer = page.evaluate(SEARCH_BOX_JS, query.text)
            pages = [page_of(path, language) for path in answer["results"]]
            outcomes[language].append(
                Outcome(
                    query,
                    list(dict.fromkeys(p for p, _ in pages)),
                    answer["elapsed"],
                    any(other for _, other in pages),
                )
            )
    page.close()
    return outcomes


def scores(outcomes: Iterable[Outcome]) -> dict[str, Score]:
    """Scores per split (tune, holdout, titles) and for tune + holdout together ("all")."""
    by_split: dict[str, Score] = {}
    for outcome in outcomes:
        by_split.setdefault(outcome.query.split, Score()).outcomes.append(outcome)
        if outcome.query.split != "titles":
            by_split.setdefault("all", Score()).outcomes.append(outcome)
    return by_split


def render(outcomes: dict[str, list[Outcome]], show_misses: bool = True) -> str:
    """A table per language (hit@3, MRR, zero-result rate, other-language results, median time) and the misses."""
    lines = [
        f"| Language | Set | Queries | Hit@{TOP} | MRR | Zero results | Other-language results | Median ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    misses = []
    for language, items in outcomes.items():
        for split, score in sorted(scores(items).items()):
            lines.append(
                f"| {language} | {split} | {score.count} | {score.hit_rate:.1%} | {score.mrr:.3f} "
                f"| {score.zero_rate:.1%} | {score.other_language} | {score.median_ms:.1f} |"
            )
        misses += [
            f"- [{language}/{o.query.split}] {o.query.text!r} → expected {', '.join(o.query.expect)}; got "
            + (", ".join(o.results[:TOP]) or "nothing")
            for o in items
            if not o.hit
        ]
    if show_misses and misses:
        lines += ["", f"Misses ({len(misses)}):", *misses]
    return "\n".join(lines)


def evaluate(root: Path, languages: tuple[str, ...], site: Path | None = None) -> dict[str, list[Outcome]]:
    """Load the query files and the title set of each language, then run them on the (built) site."""
    queries = {
        language: [
            *load_queries(root / QUERY_DIR / f"{language}.yml"),
            *title_queries(root / "docs", language),
            *quiz_title_queries(root, language),
        ]
        for language in languages
    }
    with built_site(root, site) as folder:
        return run_queries(folder, queries)
