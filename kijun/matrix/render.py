"""The matrix on the page: rule tables, ladder tables, severe lists, hand-offs, numbers, seams and the CSV.

Every function returns HTML (a raw block Markdown passes through untouched) with every source value escaped:
the matrix is data, never markup, so a label reaches the reader as the text its author typed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from kijun.csv_safety import excel_csv
from kijun.matrix.ladder import INSTRUCTOR, STUDENT, History, decide
from kijun.matrix.model import ESCALATE, OUTCOME, SEVERE, Matrix, PolicyMatrix, Rule, SiteLadder
from kijun.matrix.text import matrix_text

ActionLabel = Callable[[str], str]  # action id → its label in the page's language
Articles = Mapping[str, tuple[str, str]]  # policy → title and URL relative to the page
NUMBER = re.compile(r"\{\{\s*(?P<key>[A-Za-z0-9_.-]+)\s*\}\}")
INLINE_CODE = re.compile(r"(`+[^`\n]*`+)")
BOUNDARIES_CLASS = "kijun-boundaries"  # the Boundaries page has the matrix CSV beside it
MATRIX_FILE = "enforcement-matrix.csv"
PLACEHOLDER = re.compile(r"\{(?P<quantity>[a-z][a-z_]*)(?:\.(?P<bound>min|max))?\}")


def rule_anchor(rule_id: str) -> str:
    """The id of a rule's row on its article's page (cases, the report and the Boundaries page link to it)."""
    return "rule-" + rule_id.lower()


def rule_label(rule: Rule, language: str) -> str:
    """The rule's label in ``language`` with each ``{quantity}`` replaced by its threshold's number."""

    def number(match: re.Match[str]) -> str:
        threshold = rule.threshold(match["quantity"])
        if threshold is None:
            return match.group()
        value = {"min": threshold.at_least, "max": threshold.at_most}.get(
            match["bound"] or "", threshold.shown
        )
        return match.group() if value is None else f"{value:,}"

    return PLACEHOLDER.sub(number, rule.label[language])


def outcome_text(
    rule: Rule, ladder: SiteLadder, action_label: ActionLabel, teams: Mapping[str, str], language: str
) -> str:
    """What a first violation of ``rule`` gets, in words."""
    if rule.kind == SEVERE:
        action = action_label(rule.action or "suspend")
        if rule.team:
            return matrix_text("severe_action", language, action=action, team=teams[rule.team])
        return matrix_text("severe_action_only", language, action=action)
    if rule.kind == ESCALATE:
        return matrix_text("escalate_to", language, team=teams[rule.team or ""])
    if rule.kind == OUTCOME:
        action = action_label(rule.action or "no-action")
        return action if rule.action == "no-action" else matrix_text("no_strike", language, action=action)
    return matrix_text(
        "step_n", language, n=rule.step, action=_step_name(rule.step or 1, ladder, action_label, language)
    )


def _step_name(step: int, ladder: SiteLadder, action_label: ActionLabel, language: str) -> str:
    """A step by the action it records (matrix/ladder.yml); termination, which records none, by its name."""
    action = ladder.step(step).action
    return matrix_text("termination", language) if action is None else action_label(action)


def _table(header: list[str], rows: list[list[str]], css: str) -> str:
    head = "".join(f"<th>{html.escape(cell_)}</th>" for cell_ in header)
    body = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in rows)
    return (
        f'\n\n<div class="{css}"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n\n'
    )


def rules_table(
    matrix: PolicyMatrix,
    ladder: SiteLadder,
    action_label: ActionLabel,
    teams: Mapping[str, str],
    language: str,
) -> str:
    """Every rule of one policy: its id (the row's anchor), the situation, what a first violation gets."""
    rows = [
        [
            f'<code id="{rule_anchor(rule.id)}">{html.escape(rule.id)}</code>',
            html.escape(rule_label(rule, language)),
            html.escape(outcome_text(rule, ladder, action_label, teams, language)),
        ]
        for rule in matrix.rules
    ]
    header = [matrix_text(key, language) for key in ("rule", "situation", "first_violation")]
    return _table(header, rows, "kijun-matrix-rules")


def ladder_table(matrix: PolicyMatrix, ladder: SiteLadder, language: str) -> str:
    """The policy's ladder: each step it uses, when it applies (generated from the rules), what it does, how long
    its strike stays active (from the site-wide ladder)."""
    rows = []
    previous: int | None = None
    for row in matrix.ladder:
        starting = [rule.id for rule in matrix.rules if rule.kind == "step" and rule.step == row.step]
        when = []
        if starting:
            when.append(
                matrix_text(
                    "starts_here", language, rules=matrix_text("list_separator", language).join(starting)
                )
            )
        if previous is not None:
            key = "repeat_after_student" if row.step == 5 and previous == 4 else "repeat_after"
            when.append(matrix_text(key, language, n=previous))
        days = ladder.step(row.step).active_days
        active = matrix_text("days", language, n=days) if days else matrix_text("permanent", language)
        rows.append(
            [
                str(row.step),
                "<br>".join(html.escape(item) for item in when),
                html.escape(row.action[language]),
                html.escape(active),
            ]
        )
        previous = row.step
    header = [matrix_text(key, language) for key in ("step", "when", "action", "active_for")]
    return _table(header, rows, "kijun-matrix-ladder")


def severe_list(matrix: PolicyMatrix, language: str) -> str:
    """The policy's severe violations (its severe rules), then what happens after one."""
    items = "".join(
        f"<li>{html.escape(rule_label(rule, language))} "
        f'<a class="kijun-rule-ref" href="#{rule_anchor(rule.id)}"><code>{html.escape(rule.id)}</code></a></li>'
        for rule in matrix.rules
        if rule.kind == SEVERE
    )
    procedure = f"<p>{html.escape(matrix.severe_procedure[language])}</p>" if matrix.severe_procedure else ""
    return f'\n\n<div class="kijun-matrix-severe"><ul>{items}</ul>{procedure}</div>\n\n'


def hand_offs(matrix: PolicyMatrix, articles: Articles, heading: str, language: str) -> str:
    """The "Not covered here" list under an article's Scope: each topic and the article that decides it."""
    if not matrix.hands_off:
        return ""
    items = []
    for hand_off in matrix.hands_off:
        title, url = articles[hand_off.policy]
        items.append(
            f"<li>{html.escape(hand_off.label[language])} → "
            f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a></li>'
        )
    return (
        f'\n\n<div class="kijun-hand-offs"><p><strong>{html.escape(heading)}</strong></p>'
        f"<ul>{''.join(items)}</ul></div>\n\n"
    )


def fill_numbers(text: str, numbers: Mapping[str, int]) -> tuple[str, list[str]]:
    """``text`` with every ``{{KEY}}`` replaced by the matrix's number, and the keys it does not know. Inline code
    (`` `{{KEY}}` ``, as a guide for authors writes it) is left as it is; fenced blocks (decision messages) are
    filled."""
    unknown: list[str] = []

    def number(match: re.Match[str]) -> str:
        value = numbers.get(match["key"])
        if value is None:
            unknown.append(match["key"])
            return match.group()
        return f"{value:,}"

    parts = INLINE_CODE.split(text)
    filled = [part if index % 2 else NUMBER.sub(number, part) for index, part in enumerate(parts)]
    return "".join(filled), unknown


def site_ladder_tables(ladder: SiteLadder, action_label: ActionLabel, language: str) -> str:
    """The guide's tables, generated from :func:`kijun.matrix.ladder.decide`: the steps with their strike lives,
    and the step a step-1 rule gets for every same-policy history, by actor and strikes elsewhere."""
    step_rows = []
    for step in ladder.steps:
        name = (
            matrix_text("termination_decided", language) if step.action is None else action_label(step.action)
        )
        days = (
            matrix_text("days", language, n=step.active_days)
            if step.active_days
            else matrix_text("permanent", language)
        )
        step_rows.append([str(step.step), html.escape(name), html.escape(days)])
    steps = _table(
        [matrix_text(key, language) for key in ("step", "action", "active_for")],
        step_rows,
        "kijun-ladder-steps",
    )
    probe = Rule("RULE", "this", "topic", "step", 1, None, None, (), {}, None, 0)  # type: ignore[arg-type]
    columns = [
        (actor, elsewhere)
        for actor in (INSTRUCTOR, STUDENT)
        for elsewhere in (0, ladder.cross_policy_strikes)
    ]
    header = [matrix_text("same_policy", language)] + [
        matrix_text(
            "strikes_elsewhere_many" if elsewhere else "strikes_elsewhere",
            language,
            who=matrix_text(actor, language),
            n=ladder.cross_policy_strikes,
        )
        for actor, elsewhere in columns
    ]
    rows = []
    for highest in range(0, 6):
        row = [
            html.escape(
                matrix_text("none", language)
                if highest == 0
                else _step_name(highest, ladder, action_label, language)
            )
        ]
        for actor, elsewhere in columns:
            if actor == STUDENT and highest and not ladder.step(highest).students:
                row.append("—")
                continue
            strikes = {"this": (highest,) if highest else (), "other": (1,) * elsewhere}
            decision = decide(probe, History(strikes, actor), ladder)
            text = _step_name(decision.step or 1, ladder, action_label, language)
            row.append(html.escape(f"{decision.step} — {text}"))
        rows.append(row)
    return steps + _table(header, rows, "kijun-ladder-choice")


def boundaries_table(
    matrix: Matrix, articles: Articles, action_label: ActionLabel, teams: Mapping[str, str], language: str
) -> str:
    """Every seam between two articles: the topic, the article a reader may look in, the article that decides it,
    and the rules that decide it with their first-violation outcome."""
    rows = []
    for name, policy in matrix.policies.items():
        for hand_off in policy.hands_off:
            owner = matrix.policies.get(hand_off.policy)
            rules = [rule for rule in owner.rules if rule.topic == hand_off.topic] if owner else []
            rows.append(
                [
                    html.escape(hand_off.label[language]),
                    _article_link(articles, name),
                    _article_link(articles, hand_off.policy),
                    "<br>".join(
                        f'<a href="{html.escape(articles[rule.policy][1], quote=True)}#{rule_anchor(rule.id)}">'
                        f"<code>{html.escape(rule.id)}</code></a> "
                        f"{html.escape(outcome_text(rule, matrix.ladder, action_label, teams, language))}"
                        for rule in rules
                    ),
                ]
            )
    header = [
        matrix_text(key, language) for key in ("seam_topic", "seam_from", "seam_decided_by", "seam_rules")
    ]
    return _table(header, rows, BOUNDARIES_CLASS)


def _article_link(articles: Articles, policy: str) -> str:
    title, url = articles[policy]
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(title)}</a>'


def matrix_csv(matrix: Matrix, action_label: ActionLabel, teams: Mapping[str, str], language: str) -> str:
    """The whole matrix as CSV (UTF-8 with BOM, for Excel); every text cell spreadsheet-safe."""
    header = [
        matrix_text(f"csv_{key}", language)
        for key in ("policy", "rule", "topic", "kind", "step", "action", "team", "thresholds", "label")
    ]
    rows = [
        [
            rule.policy,
            rule.id,
            rule.topic,
            rule.kind,
            rule.step if rule.step is not None else "",
            action_label(rule.action) if rule.action else "",
            teams.get(rule.team, rule.team) if rule.team else "",
            _thresholds_text(rule),
            rule_label(rule, language),
        ]
        for rule in matrix.rules.values()
    ]
    return excel_csv(header, rows)


def _thresholds_text(rule: Rule) -> str:
    return "; ".join(
        " ".join(
            part
            for part in (
                f"{t.quantity} >= {t.at_least}" if t.at_least is not None else "",
                f"{t.quantity} <= {t.at_most}" if t.at_most is not None else "",
            )
            if part
        )
        for t in rule.thresholds
    )
