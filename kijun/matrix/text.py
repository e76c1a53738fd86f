"""Words the matrix's tables and lists need, in every published language (numbers and labels come from data)."""

from __future__ import annotations

from kijun.ui_text import text_in

MATRIX_TEXT: dict[str, dict[str, str]] = {
    "rule": {"en": "Rule", "ja": "ルール"},
    "list_separator": {"en": ", ", "ja": "、"},
    "situation": {"en": "Situation", "ja": "状況"},
    "first_violation": {"en": "First violation", "ja": "初回の違反"},
    "step": {"en": "Step", "ja": "段階"},
    "when": {"en": "When", "ja": "適用される場合"},
    "action": {"en": "Action", "ja": "措置"},
    "active_for": {"en": "Active for", "ja": "有効期間"},
    "days": {"en": "{n} days", "ja": "{n}日間"},
    "permanent": {"en": "Permanent record", "ja": "永続的に記録"},
    "step_n": {"en": "Step {n}: {action}", "ja": "段階{n}：{action}"},
    "severe_action": {
        "en": "Severe: {action}, then escalate to {team}",
        "ja": "重大な違反：{action}の後、{team}にエスカレーション",
    },
    "severe_action_only": {"en": "Severe: {action}", "ja": "重大な違反：{action}"},
    "escalate_to": {"en": "Escalate to {team}", "ja": "{team}にエスカレーション"},
    "no_strike": {"en": "{action} (no strike)", "ja": "{action}（違反記録なし）"},
    "starts_here": {"en": "First violation of {rules}", "ja": "{rules}の初回の違反"},
    "repeat_after": {
        "en": "A repeat while a step {n} strike is active",
        "ja": "段階{n}の違反記録が有効な間の再発",
    },
    "repeat_after_student": {
        "en": "A repeat while a step {n} strike is active (students: after step 3)",
        "ja": "段階{n}の違反記録が有効な間の再発（受講生は段階3の後）",
    },
    "termination": {"en": "Termination", "ja": "強制退会"},
    "termination_decided": {
        "en": "Termination, decided by the team the article names (a case records escalate)",
        "ja": "強制退会（記事が定めるチームが判断。ケースの判定はエスカレーション）",
    },
    "same_policy": {
        "en": "Highest active strike under the same policy",
        "ja": "同じポリシーで有効な最も高い違反記録",
    },
    "none": {"en": "None", "ja": "なし"},
    "strikes_elsewhere": {
        "en": "{who}, fewer than {n} active strikes under other policies",
        "ja": "{who}、ほかのポリシーで有効な違反記録が{n}件未満",
    },
    "strikes_elsewhere_many": {
        "en": "{who}, {n} or more active strikes under other policies",
        "ja": "{who}、ほかのポリシーで有効な違反記録が{n}件以上",
    },
    "instructor": {"en": "Instructor", "ja": "講師"},
    "student": {"en": "Student", "ja": "受講生"},
    "seam_topic": {"en": "Topic", "ja": "トピック"},
    "seam_from": {"en": "Readers may look in", "ja": "探されやすい記事"},
    "seam_decided_by": {"en": "Decided by", "ja": "判断する記事"},
    "seam_rules": {"en": "Rules and first violation", "ja": "ルールと初回の違反"},
    "csv_download": {
        "en": "The whole enforcement matrix as a spreadsheet (CSV)",
        "ja": "執行マトリクス全体（CSV、表計算ソフト用）",
    },
    "csv_policy": {"en": "policy", "ja": "ポリシー"},
    "csv_rule": {"en": "rule", "ja": "ルール"},
    "csv_topic": {"en": "topic", "ja": "トピック"},
    "csv_kind": {"en": "kind", "ja": "種類"},
    "csv_step": {"en": "first step", "ja": "初回の段階"},
    "csv_action": {"en": "action", "ja": "措置"},
    "csv_team": {"en": "team", "ja": "チーム"},
    "csv_thresholds": {"en": "thresholds", "ja": "しきい値"},
    "csv_label": {"en": "situation", "ja": "状況"},
    "at_least": {"en": "{quantity} ≥ {n}", "ja": "{quantity} ≥ {n}"},
    "at_most": {"en": "{quantity} ≤ {n}", "ja": "{quantity} ≤ {n}"},
}


def matrix_text(key: str, language: str, **values: object) -> str:
    text = text_in(MATRIX_TEXT, key, language)
    return text.format(**values) if values else text
