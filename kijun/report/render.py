"""The report page (Markdown) and its charts (SVG) in one language."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Sequence

from kijun.case_text import rationale_markdown
from kijun.contracts import REPORT_PAGE_KEY
from kijun.languages import registry
from kijun.library import Library
from kijun.markdown_text import escape_inline, front_matter_text
from kijun.matrix.render import rule_anchor
from kijun.policies import PolicyMeta
from kijun.report.columns import AGENT_COLUMNS, case_columns, number, page_table, percent
from kijun.report.figures import CHART_FILES, round_charts
from kijun.report.inputs import InputProblem
from kijun.report.results import (
    OUTLIER_ALPHA_GAIN,
    Agreement,
    CaseResult,
    RoundReport,
    TrendPoint,
)
from kijun.report.text import REPORT_TEXT, report_text
from kijun.safe_markdown import render_safe_markdown
from kijun.ui_text import ui_text
from kijun.urls import policy_url, site_path

QUEUE_LENGTH = 10
REASONS_SHOWN = 6
CSV_FILES = {"agents": "agents.csv", "cases": "cases.csv"}


class ReportWriter:
    """Writes one language's report page and charts for a round."""

    def __init__(
        self,
        report: RoundReport,
        trends: Sequence[TrendPoint],
        problems: Sequence[InputProblem],
        library: Library,
        policies: dict[str, PolicyMeta],
        language: str,
        source_folder: str,
    ) -> None:
        self.report = report
        self.trends = trends
        self.problems = problems
        self.library = library
        self.policies = policies
        self.language = language
        self.source_folder = source_folder  # the page's folder, relative to docs/<lang>/
        self.page_url = site_path(language, f"{source_folder}/")

    def t(self, key: str, **values: object) -> str:
        return report_text(key, self.language, **values)

    def language_name(self, language: str) -> str:
        """A language's name in the report's language; a language the report text does not name yet is called
        by its own name from the registry."""
        key = f"language_{language}"
        if key in REPORT_TEXT:
            return self.t(key)
        return next((known.name for known in registry().languages if known.code == language), language)

    def action(self, action_id: str) -> str:
        return (
            self.library.actions[action_id].label[self.language]
            if action_id in self.library.actions
            else action_id
        )

    def area(self, area: str) -> str:
        return ui_text(f"area_{area}", self.language)

    def band(self, key: str | None) -> str:
        return self.t(f"band_{key}") if key else self.t("not_available")

    # ---- page ------------------------------------------------------------------------------------

    def page(self) -> str:
        quiz_title = self.report.quiz.title[self.language]
        title = self.t("title", quiz=quiz_title)
        front = (
            "---\n"
            f"title: {front_matter_text(title)}\n"
            f"description: {front_matter_text(self.t('description', quiz=quiz_title))}\n"
            f"{REPORT_PAGE_KEY}: {self.report.quiz.id}\n"
            "---\n\n"
        )
        sections = [
            f"# {escape_inline(title)}\n",
            self.t(
                "meta",
                round=self.report.quiz.id,
                version=self.report.quiz.version,
                start=self.report.started[:10] or "–",
                end=self.report.finished[:10] or "–",
            ),
            self.summary(),
            self.agreement(),
            self.rules(),
            self.queue(),
            self.agents(),
            self.cases(),
            self.confusion(),
            self.confidence(),
            self.golden(),
            self.trend_section(),
            self.problem_section(),
            self.files(),
        ]
        return front + "\n\n".join(sections) + "\n"

    def summary(self) -> str:
        report = self.report
        lines = [
            f"## {self.t('summary')} {{#summary}}",
            "",
            self.t(
                "summary_line",
                agents=len(report.agents),
                cases=len(report.cases),
                answers=report.answered,
                missing=report.missing_answers,
            ),
            "",
            self.t(
                "summary_accuracy",
                accuracy=percent(report.accuracy),
                percent=percent(report.overall.percent),
                alpha=number(report.overall.alpha),
                alpha_band=self.band(report.overall.alpha_band),
            ),
        ]
        if report.queue:
            top = ", ".join(f"[{c.case_id}](#{c.case_id.lower()})" for c in report.queue[:3])
            lines += ["", "- " + self.t("summary_queue", cases=top)]
        split = [r for r in report.by_rule if r.agreement.percent < 1.0][:3]
        if split:
            names = ", ".join(
                f"[`{r.rule}`]({html.escape(self._rule_link(r.policy, r.rule))})" for r in split
            )
            lines += ["- " + self.t("summary_rules", rules=names)]
        if report.outliers:
            names = ", ".join(escape_inline(a.agent) for a in report.outliers)
            lines += ["- " + self.t("summary_outliers", gain=f"{OUTLIER_ALPHA_GAIN:.2f}", agents=names)]
        if report.reference_in_doubt:
            lines += [
                "- " + self.t("summary_doubt", cases=", ".join(c.case_id for c in report.reference_in_doubt))
            ]
        return "\n".join(lines)

    def agreement(self) -> str:
        header = [
            self.t("group"),
            self.t("cases"),
            self.t("agents"),
            self.t("percent_agreement"),
            self.t("alpha"),
            self.t("kappa"),
        ]
        rows = [(self.t("overall"), self.report.overall)]
        rows += [(self.area(area), agreement) for area, agreement in self.report.by_area.items()]
        rows += [
            (self.t("language_group", name=self.language_name(language)), agreement)
            for language, agreement in self.report.by_language.items()
        ]
        body = [
            [label, str(a.cases), str(a.agents), percent(a.percent), self._alpha(a), self._kappa(a)]
            for label, a in rows
        ]
        return f"## {self.t('agreement')} {{#agreement}}\n\n{self.t('agreement_intro')}\n\n" + _table(
            header, body
        )

    def rules(self) -> str:
        """Agreement per matrix rule, least first: the rules to clarify, each linked to its row in its article."""
        header = [
            self.t("rule"),
            self.t("cases"),
            self.t("percent_agreement"),
            self.t("accuracy"),
            self.t("alpha"),
        ]
        body = [
            [
                f"[`{result.rule}`]({html.escape(self._rule_link(result.policy, result.rule))})",
                ", ".join(
                    f"[{case_id}](#{case_id.lower()})" if self._queued(case_id) else case_id
                    for case_id in result.case_ids
                ),
                percent(result.agreement.percent),
                percent(result.accuracy),
                self._alpha(result.agreement),
            ]
            for result in self.report.by_rule
        ]
        intro = self.t("rules_intro")
        if not body:
            return f"## {self.t('rules')} {{#rules}}\n\n{intro}\n\n{self.t('rules_none')}"
        return f"## {self.t('rules')} {{#rules}}\n\n{intro}\n\n" + _table(header, body)

    def _queued(self, case_id: str) -> bool:
        return any(c.case_id == case_id for c in self.report.queue[:QUEUE_LENGTH])

    def _rule_link(self, policy: str, rule: str) -> str:
        """A Markdown link to the rule's row in its article's source, so MkDocs checks the page exists."""
        source = posixpath.relpath(f"policies/{policy}.md", self.source_folder)
        return f"{source}#{rule_anchor(rule)}"

    def _alpha(self, agreement: Agreement) -> str:
        return f"{number(agreement.alpha)} ({self.band(agreement.alpha_band)})"

    def _kappa(self, agreement: Agreement) -> str:
        if agreement.kappa is None:
            return self.t("not_available")
        value = f"{number(agreement.kappa)} ({self.band(agreement.kappa_band)})"
        if agreement.kappa_agents < agreement.agents:
            return self.t("kappa_partial", kappa=value, used=agreement.kappa_agents, agents=agreement.agents)
        return value

    def queue(self) -> str:
        lines = [f"## {self.t('queue')} {{#disagreement-queue}}", "", self.t("queue_intro")]
        if not self.report.queue:
            return "\n".join([*lines, "", self.t("queue_empty")])
        for case in self.report.queue[:QUEUE_LENGTH]:
            lines += ["", *self._queue_entry(case)]
        return "\n".join(lines)

    def _queue_entry(self, result: CaseResult) -> list[str]:
        case = self.library.cases[result.case_id]
        policy = self.policies[case.policy]
        # A Markdown link to the article's source, so MkDocs checks the page and the anchor exist.
        source = posixpath.relpath(f"policies/{case.policy}.md", self.source_folder)
        link = f"{source}#{case.anchor[self.language]}"
        spread = " · ".join(
            f"{escape_inline(self.action(d))} {n}"
            for d, n in sorted(result.distribution.items(), key=lambda i: -i[1])
        )
        entry = [
            f"### {self.t('queue_case', case=result.case_id, policy=escape_inline(policy.title))} {{#{result.case_id.lower()}}}",
            "",
            self.t(
                "queue_stats",
                agreement=percent(result.agreement),
                accuracy=percent(result.accuracy),
                wrong=result.confident_wrong,
                answers=result.answered,
            ),
            "",
            f"**{self.t('queue_spread')}:** {spread}",
            "",
            self.t("queue_reference", decision=escape_inline(self.action(result.reference)))
            + f" · [{self.t('queue_policy_link')}]({html.escape(link)})"
            + (
                f" · {self.t('rule')} [`{result.rule}`]({html.escape(self._rule_link(case.policy, result.rule))})"
                if result.rule
                else ""
            ),
            "",
            '<div class="kijun-rationale" markdown="0">'
            + render_safe_markdown(rationale_markdown(case, self.language), self._policy_link)
            + "</div>",
            "",
            f"**{self.t('queue_reasons')}:**",
            "",
        ]
        if result.reasons:
            entry += [
                f"- {escape_inline(agent)} ({escape_inline(self.action(decision))}): {escape_inline(reason)}"
                for agent, decision, reason in result.reasons[:REASONS_SHOWN]
            ]
        else:
            entry.append(self.t("queue_no_reasons"))
        return entry

    def _policy_link(self, policy: str, anchor: str | None) -> str:
        return policy_url(self.page_url, self.language, policy, anchor)

    def policy_title(self, policy: str) -> str:
        return self.policies[policy].title

    def agents(self) -> str:
        header, body = page_table(AGENT_COLUMNS, self.report.agents, self, self.t)
        chart = f"![{self.t('chart_accuracy_desc')}]({CHART_FILES['agents']})"
        return (
            f"## {self.t('agents_heading')} {{#agents}}\n\n{self.t('agents_intro')}\n\n{chart}\n\n"
            + _table(header, body)
        )

    def cases(self) -> str:
        header, body = page_table(case_columns(self.report.decisions), self.report.cases, self, self.t)
        chart = f"![{self.t('chart_spread_desc')}]({CHART_FILES['spread']})"
        return f"## {self.t('cases_heading')} {{#cases}}\n\n{chart}\n\n" + _table(header, body)

    def confusion(self) -> str:
        chosen = [
            d for d in self.report.decisions if any(row.get(d) for row in self.report.confusion.values())
        ]
        header = [self.t("reference_chosen")] + [escape_inline(self.action(d)) for d in chosen]
        body = [
            [f"**{escape_inline(self.action(reference))}**"]
            + [f"**{row.get(d, 0)}**" if d == reference else str(row.get(d, 0)) for d in chosen]
            for reference, row in self.report.confusion.items()
        ]
        return f"## {self.t('confusion')} {{#confusion-matrix}}\n\n{self.t('confusion_intro')}\n\n" + _table(
            header, body
        )

    def confidence(self) -> str:
        header = [self.t("confidence_level"), self.t("answers"), self.t("accuracy")]
        body = [
            [
                self.t(f"confidence_{row.level}"),
                str(row.answers),
                percent(row.correct / row.answers if row.answers else float("nan")),
            ]
            for row in self.report.confidence
        ]
        chart = f"![{self.t('chart_confidence_desc')}]({CHART_FILES['confidence']})"
        return (
            f"## {self.t('confidence')} {{#confidence}}\n\n{self.t('confidence_intro')}\n\n{chart}\n\n"
            + _table(header, body)
        )

    def golden(self) -> str:
        def ids(cases: Sequence[CaseResult]) -> str:
            return ", ".join(c.case_id for c in cases) or self.t("none")

        return (
            f"## {self.t('golden')} {{#golden-set-health}}\n\n"
            f"- {self.t('golden_easy', cases=ids(self.report.too_easy))}\n"
            f"- {self.t('golden_doubt', cases=ids(self.report.reference_in_doubt))}"
        )

    def trend_section(self) -> str:
        heading = f"## {self.t('trends')} {{#trends}}\n\n{self.t('trends_intro')}\n\n"
        rounds = list(dict.fromkeys(p.round_id for p in self.trends))
        header = [
            self.t("round"),
            self.t("date"),
            self.t("area"),
            self.t("agents"),
            self.t("accuracy"),
            self.t("alpha"),
        ]
        body = [
            [
                p.round_id,
                p.date,
                self.t("overall") if p.area == "overall" else self.area(p.area),
                str(p.agents),
                percent(p.accuracy),
                number(p.alpha),
            ]
            for p in self.trends
        ]
        chart = (
            f"![{self.t('chart_trend_desc')}]({CHART_FILES['trend']})\n\n"
            if len(rounds) > 1
            else f"{self.t('trend_single')}\n\n"
        )
        return heading + chart + _table(header, body)

    def problem_section(self) -> str:
        lines = [f"## {self.t('problems')} {{#input-problems}}", ""]
        if not self.problems:
            return "\n".join([*lines, self.t("problems_none")])
        return "\n".join(
            lines + [f"- `{escape_inline(p.file.name)}`: {escape_inline(p.message)}" for p in self.problems]
        )

    def files(self) -> str:
        return (
            f"## {self.t('files')} {{#files}}\n\n{self.t('files_intro')}\n\n"
            f"- [{CSV_FILES['agents']}]({CSV_FILES['agents']}) ({self.t('file_agents')})\n"
            f"- [{CSV_FILES['cases']}]({CSV_FILES['cases']}) ({self.t('file_cases')})"
        )

    def charts(self) -> dict[str, str]:
        """Chart file name → SVG (:mod:`kijun.report.figures`)."""
        return round_charts(self)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
