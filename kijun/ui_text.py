"""Interface strings Kijun adds to pages, in every published language."""

from __future__ import annotations

from kijun.languages import DEFAULT_LANGUAGE, LANGUAGES

UI_TEXT: dict[str, dict[str, str]] = {
    "search_dialog": {"en": "Search the handbook", "ja": "ハンドブックを検索"},
    "table_scrolls": {"en": "Table (scrolls sideways)", "ja": "表（横にスクロールできます）"},
    "search_empty": {
        "en": "No page matches these words. Try fewer or other words, or look here:",
        "ja": "この言葉に一致するページはありません。言葉を減らすか言い換えて検索するか、次のページから探してください。",
    },
    "search_empty_situations": {
        "en": "Find the policy by what happened",
        "ja": "起きたことからポリシーを探す",
    },
    "search_empty_policies": {"en": "All policies by area", "ja": "分野別のポリシー一覧"},
    "search_empty_glossary": {
        "en": "Glossary: terms in both languages",
        "ja": "用語集（英語と日本語の対訳）",
    },
    "permalink_title": {"en": "Link to this section", "ja": "この見出しへのリンク"},
    "meta_label": {"en": "Policy details", "ja": "ポリシー情報"},
    "meta_policy_id": {"en": "Policy ID", "ja": "ポリシーID"},
    "meta_version": {"en": "Version", "ja": "版"},
    "meta_owner": {"en": "Owner", "ja": "担当"},
    "meta_effective": {"en": "Effective", "ja": "施行日"},
    "meta_last_reviewed": {"en": "Last reviewed", "ja": "最終確認日"},
    "case_judgement": {"en": "Judgement call:", "ja": "判断による決定："},
    "scope_not_covered": {"en": "Not covered here", "ja": "この記事では扱わない事項"},
    "review_overdue": {
        "en": "This article was due for review on {due}. Its owner ({owner}) has been asked to review it; until"
        " then, ask them before relying on it for a case it does not clearly settle.",
        "ja": "この記事は{due}までに見直す予定でしたが、まだ見直されていません。担当チーム（{owner}）が見直すまでは、"
        "記事で判断がはっきりしないケースについては担当チームに確認してください。",
    },
    "area_reviews-and-promotion": {"en": "Reviews and promotion", "ja": "レビューと宣伝"},
    "area_course-content": {"en": "Course content", "ja": "コースの内容"},
    "area_conduct-and-safety": {"en": "Conduct and safety", "ja": "行為と安全"},
    "area_accounts-and-payments": {"en": "Accounts, data and payments", "ja": "アカウント・個人情報・支払い"},
    "index_policy": {"en": "Policy", "ja": "ポリシー"},
    "index_decides": {"en": "What it decides", "ja": "定めている内容"},
    # Quiz pages (server-rendered part; the runtime gets the "js_" strings as data).
    "quiz_case": {"en": "Case {n} of {total}", "ja": "ケース {n} / {total}"},
    "quiz_decision": {"en": "Your decision", "ja": "あなたの判定"},
    "quiz_clause": {"en": "Which policy clause applies?", "ja": "適用されるポリシーの条項"},
    "quiz_confidence": {"en": "How sure are you?", "ja": "判定への確信度"},
    "quiz_confidence_low": {"en": "Not sure", "ja": "自信がない"},
    "quiz_confidence_medium": {"en": "Fairly sure", "ja": "おおむね自信がある"},
    "quiz_confidence_high": {"en": "Very sure", "ja": "自信がある"},
    "quiz_reason": {"en": "Your reason (optional, one or two sentences)", "ja": "判断の理由（任意、1〜2文）"},
    "quiz_check": {"en": "Check answer", "ja": "解答を確認"},
    "quiz_mode_practice": {
        "en": "Practice quiz: you see the reference decision and the reasoning after each case.",
        "ja": "練習クイズです。各ケースに解答すると、基準判定とその理由が表示されます。",
    },
    "quiz_mode_calibration": {
        "en": "Calibration round: answer every case on your own. There is no feedback until the round is "
        "closed; then export your answers and send them to your lead.",
        "ja": "キャリブレーションです。他の人と相談せず、すべてのケースに解答してください。ラウンドが終わるまで"
        "正解は表示されません。解答後、結果をエクスポートしてチームリーダーに提出してください。",
    },
    "quiz_mode_revealed": {
        "en": "This calibration round is closed: the reference decisions and reasoning are shown below each case.",
        "ja": "このキャリブレーションは終了しました。各ケースの下に基準判定とその理由を掲載しています。",
    },
    "quiz_reference": {"en": "Reference decision", "ja": "基準判定"},
    "quiz_reference_clause": {"en": "Clause", "ja": "条項"},
    "quiz_rationale": {"en": "Why", "ja": "理由"},
    "quiz_policy_link": {"en": "Read the policy section", "ja": "該当するポリシーの節を読む"},
    "quiz_results": {"en": "Your results", "ja": "結果"},
    "quiz_agent": {"en": "Your name or agent ID", "ja": "氏名または担当者ID"},
    "quiz_export_json": {"en": "Download answers (JSON)", "ja": "解答をダウンロード（JSON）"},
    "quiz_export_csv": {"en": "Download answers (CSV for Excel)", "ja": "解答をダウンロード（Excel 用 CSV）"},
    "quiz_submit": {"en": "Send answers", "ja": "解答を送信"},
    "quiz_noscript": {
        "en": "This quiz needs JavaScript to record and score your answers.",
        "ja": "このクイズで解答を記録・採点するには JavaScript を有効にしてください。",
    },
    "quiz_index_title": {"en": "Training quizzes", "ja": "研修クイズ"},
    "quiz_index_description": {
        "en": "Practice quizzes, the onboarding exam and calibration rounds built from real-looking grey-area cases.",
        "ja": "実際に近いグレーゾーン事例で構成した練習問題、新任者向け確認テスト、キャリブレーションの一覧です。",
    },
    "quiz_index_mode": {"en": "Type", "ja": "種類"},
    "quiz_index_cases": {"en": "Cases", "ja": "ケース数"},
    "quiz_index_quiz": {"en": "Quiz", "ja": "クイズ"},
    "nav_practice_quizzes": {"en": "Practice quizzes", "ja": "練習クイズ"},
    "nav_calibration_rounds": {"en": "Calibration rounds", "ja": "キャリブレーション"},
    "quiz_kind_practice": {"en": "Practice", "ja": "練習"},
    "quiz_kind_calibration": {"en": "Calibration (open)", "ja": "キャリブレーション（実施中）"},
    "quiz_kind_revealed": {
        "en": "Calibration (closed, key published)",
        "ja": "キャリブレーション（終了・正解公開）",
    },
    "quiz_pass_mark": {"en": "Pass mark: {percent}%", "ja": "合格ライン: {percent}%"},
    "example_case": {"en": "Example case {id}", "ja": "事例 {id}"},
    # Runtime strings (passed to kijun-quiz.js).
    "reading_mark": {"en": "changed", "ja": "更新あり"},
    "reading_notice": {
        "en": "This article has changed since you last read it (version {old} → {new}).",
        "ja": "前回読んだ後に、この記事が更新されました（{old}版 → {new}版）。",
    },
    "reading_link": {"en": "See what changed", "ja": "変更内容を見る"},
    "updates_version": {"en": "version {version}", "ja": "{version}版"},
    "updates_feed": {
        "en": "Follow these changes in a feed reader or chat tool (Atom feed)",
        "ja": "この更新履歴をフィードリーダーやチャットツールで受け取る（Atomフィード）",
    },
    "updates_feed_title": {"en": "Kijun policy updates", "ja": "Kijun ポリシーの更新履歴"},
    # Diff pages (what changed in each version of an article) and the links to them.
    "diff_title": {"en": "{title}: what changed", "ja": "{title}：変更履歴"},
    "diff_description": {
        "en": "Each version of {title} compared with the one before it: the rules and the text that changed.",
        "ja": "「{title}」の各版を一つ前の版と比べ、変わったルールと本文を示します。",
    },
    "diff_intro": {
        "en": "Each version of {title} compared with the one before it, newest first. Only what changed is shown, "
        "under the section it is in.",
        "ja": "「{title}」の各版を一つ前の版と比べて、新しい版から順に示します。変わった箇所だけを、その節ごとに示します。",
    },
    "diff_legend": {
        "en": "Inserted text is {inserted}; deleted text is {deleted}.",
        "ja": "追加された文字は{inserted}、削除された文字は{deleted}で示します。",
    },
    "diff_legend_inserted": {"en": "underlined", "ja": "下線"},
    "diff_legend_deleted": {"en": "struck through", "ja": "取り消し線"},
    "diff_inserted": {"en": "inserted:", "ja": "追加："},
    "diff_deleted": {"en": "deleted:", "ja": "削除："},
    "diff_version": {"en": "Version {version}", "ja": "{version}版"},
    "diff_compared": {"en": "compared with version {version}", "ja": "{version}版との比較"},
    "diff_rules": {"en": "Rules", "ja": "ルール"},
    "diff_text": {"en": "Text", "ja": "本文"},
    "diff_no_text_change": {
        "en": "The text of the article did not change.",
        "ja": "記事の本文に変更はありません。",
    },
    "diff_matrix_first": {
        "en": "The enforcement matrix decides this article's cases from this version on ({n} rules).",
        "ja": "この版から、この記事のケースは執行マトリクス（ルール{n}件）で判断します。",
    },
    "diff_rule_name": {"en": "“{label}” ({id})", "ja": "「{label}」（{id}）"},
    "diff_rule_added": {"en": "New rule {rule}: {outcome}", "ja": "新しいルール{rule}：{outcome}"},
    "diff_rule_removed": {
        "en": "Rule removed: {rule} (was {outcome})",
        "ja": "削除されたルール：{rule}（{outcome}）",
    },
    "diff_rule_outcome": {"en": "{old} → {new} for {rule}", "ja": "{rule}：{old} → {new}"},
    "diff_rule_threshold": {
        "en": "Threshold of {rule}: {old} → {new}",
        "ja": "{rule}のしきい値：{old} → {new}",
    },
    "diff_topic_added": {
        "en": "Now decided here: {topic}",
        "ja": "このポリシーで判断するトピックに追加：{topic}",
    },
    "diff_topic_removed": {
        "en": "No longer decided here: {topic}",
        "ja": "このポリシーで判断するトピックから削除：{topic}",
    },
    "diff_hand_off_added": {
        "en": "Now handed off to {article}: {label}",
        "ja": "「{article}」に引き継ぐ事項に追加：{label}",
    },
    "diff_hand_off_removed": {
        "en": "No longer handed off to {article}: {label}",
        "ja": "「{article}」に引き継ぐ事項から削除：{label}",
    },
    "diff_link": {"en": "What changed", "ja": "変更箇所"},
    "diff_meta": {"en": "Changes", "ja": "変更点"},
    "diff_meta_link": {"en": "What changed in each version", "ja": "版ごとの変更箇所"},
    "draft_title": {"en": "Draft", "ja": "下書き"},
    "draft_body": {
        "en": "Only the preview shows this page: the published site, its navigation, search, the policy index and "
        "the quizzes leave it out. Finish the text, then remove `draft: true` from its front matter.",
        "ja": "このページはプレビューにだけ表示されます。公開サイト、ナビゲーション、検索、ポリシー一覧、クイズには"
        "含まれません。本文を仕上げてから、フロントマターの `draft: true` を削除してください。",
    },
    "js_correct": {"en": "Correct.", "ja": "正解です。"},
    "js_incorrect": {"en": "Not the reference decision.", "ja": "基準判定とは異なります。"},
    "js_clause_wrong": {"en": "The clause that applies is: {clause}", "ja": "適用される条項: {clause}"},
    "js_progress": {
        "en": "{answered} of {total} cases answered",
        "ja": "{total} 件中 {answered} 件に解答済み",
    },
    "js_score": {
        "en": "Score: {correct} of {total} ({percent}%)",
        "ja": "得点: {total} 問中 {correct} 問正解（{percent}%）",
    },
    "js_passed": {"en": "Passed (pass mark {pass}%).", "ja": "合格です（合格ライン {pass}%）。"},
    "js_failed": {"en": "Not passed yet (pass mark {pass}%).", "ja": "不合格です（合格ライン {pass}%）。"},
    "js_cbm": {
        "en": "Certainty-based score: {score} (average {average} per case; range −6 to +3)",
        "ja": "確信度を加味した得点: {score}（1件あたり平均 {average}、範囲は −6〜+3）",
    },
    "js_need_agent": {
        "en": "Enter your name or agent ID first.",
        "ja": "先に氏名または担当者IDを入力してください。",
    },
    "js_need_decision": {
        "en": "Choose a decision and how sure you are.",
        "ja": "判定と確信度を選んでください。",
    },
    "js_sent": {"en": "Answers sent.", "ja": "解答を送信しました。"},
    "js_queued": {
        "en": "Could not send now; your answers are kept in this browser and will be sent automatically.",
        "ja": "現在送信できません。解答はこのブラウザに保存され、接続が回復すると自動で送信されます。",
    },
    "js_sending": {"en": "Sending your answers…", "ja": "解答を送信しています…"},
    "js_refused": {
        "en": "Your answers were not accepted: {reason} They are still saved in this browser; download them and "
        "send the file to your lead.",
        "ja": "解答は受け付けられませんでした。{reason} 解答はこのブラウザに保存されています。ダウンロードして、"
        "ファイルをチームリーダーに送ってください。",
    },
    "js_refused_unknown_quiz": {
        "en": "The answer collector does not know this quiz.",
        "ja": "このクイズは解答の収集先に登録されていません。",
    },
    "js_refused_too_large": {
        "en": "The answers are larger than the collector accepts.",
        "ja": "解答のデータ量が収集先の上限を超えています。",
    },
    "js_refused_no_answers": {
        "en": "No case has been answered yet.",
        "ja": "まだどのケースにも解答していません。",
    },
    "js_refused_conflict": {
        "en": "Other answers were already sent under the same submission number.",
        "ja": "同じ送信番号で、別の解答がすでに送信されています。",
    },
    "js_refused_other": {
        "en": "The answers did not pass the collector's checks.",
        "ja": "解答が収集先の確認を通りませんでした。",
    },
    "js_storage_failed": {
        "en": "This browser is not saving answers (private mode or storage full): export before you leave.",
        "ja": "このブラウザでは解答を保存できません（プライベートモードまたは容量不足）。ページを閉じる前にエクスポートしてください。",
    },
    "js_version_changed": {
        "en": "This quiz has changed since you answered some of its cases. Your answers are kept; the ones given "
        "on the earlier version are marked.",
        "ja": "一部のケースに解答した後で、このクイズの内容が更新されました。解答はそのまま保存されています。"
        "更新前に解答したケースには、その旨を表示しています。",
    },
    "quiz_older_version_answer": {
        "en": "Answered on an earlier version of this quiz.",
        "ja": "このケースには、クイズの更新前に解答しています。",
    },
    # Translation banners and the status page.
    "translation_stale": {
        "en": "This translation may be out of date: the English version changed on {date}.",
        "ja": "この翻訳は古い可能性があります。英語版は{date}に更新されています。",
    },
    "translation_stale_link": {"en": "Read the English page", "ja": "英語版を確認する"},
    "translation_fallback": {
        "en": "This page has not been translated yet; it is shown in English.",
        "ja": "このページはまだ翻訳されていないため、英語版を表示しています。",
    },
    "status_page": {"en": "Page", "ja": "ページ"},
    "status_case": {"en": "Case", "ja": "ケース"},
    "status_state": {"en": "Japanese translation", "ja": "日本語訳の状態"},
    "status_changed": {"en": "English last changed", "ja": "英語版の最終更新"},
    "status_details": {"en": "What changed in English", "ja": "英語版の変更内容"},
    "state_translated": {"en": "up to date", "ja": "最新"},
    "state_stale": {"en": "out of date", "ja": "要更新"},
    "state_untracked": {"en": "not checked yet", "ja": "未確認"},
    "state_missing": {"en": "missing (English shown)", "ja": "未翻訳（英語版を表示）"},
    "status_summary": {
        "en": "{translated} of {total} pages and {cases_translated} of {cases_total} cases are up to date.",
        "ja": "{total} ページ中 {translated} ページ、{cases_total} 件のケース中 {cases_translated} 件が最新です。",
    },
    "glossary_term": {"en": "English", "ja": "日本語"},
    "glossary_other_term": {"en": "Japanese", "ja": "英語"},  # on source-language pages: the first target
    "glossary_source_term": {"en": "English", "ja": "英語"},  # on target-language pages: the source
    "glossary_meaning": {"en": "Meaning", "ja": "意味"},
    "confirm_notice": {
        "en": "Every agent must confirm by {date} that they have read version {version} of this article.",
        "ja": "この記事の{version}版は、{date}までに全エージェントが読んだことを確認する必要があります。",
    },
    "confirm_notice_link": {"en": "Confirm at the end of the article", "ja": "記事の最後で確認する"},
    "confirm_title": {"en": "Confirm you have read this version", "ja": "この版を読んだことの確認"},
    "confirm_agent": {"en": "Your name or agent ID", "ja": "氏名またはエージェントID"},
    "confirm_button": {"en": "I have read version {version}", "ja": "{version}版を読みました"},
    "confirm_name_first": {
        "en": "Enter your name or agent ID first.",
        "ja": "先に氏名またはエージェントIDを入力してください。",
    },
    "confirm_sending": {"en": "Sending your confirmation…", "ja": "確認を送信しています…"},
    "confirm_queued": {
        "en": "Saved in this browser: it will be sent as soon as the collector can be reached.",
        "ja": "このブラウザに保存しました。送信先に接続でき次第、自動で送信します。",
    },
    "confirm_sent": {"en": "Thank you: your confirmation is recorded.", "ja": "確認を記録しました。"},
    "feedback_question": {"en": "Was this page clear?", "ja": "このページはわかりやすかったですか？"},
    "feedback_clear": {"en": "Clear", "ja": "わかりやすい"},
    "feedback_unclear": {"en": "Unclear", "ja": "わかりにくい"},
    "feedback_section": {"en": "Which part? (optional)", "ja": "どの部分ですか（任意）"},
    "feedback_whole_page": {"en": "The page as a whole", "ja": "ページ全体"},
    "feedback_comment": {
        "en": "What was unclear? (optional; no names, e-mail addresses or case numbers)",
        "ja": "どこがわかりにくかったですか（任意。氏名・メールアドレス・案件番号は書かないでください）",
    },
    "feedback_send": {"en": "Send", "ja": "送信"},
    "feedback_thanks": {
        "en": "Thank you: the authors will see this.",
        "ja": "ありがとうございます。記事の担当者に届きます。",
    },
    "feedback_queued": {
        "en": "Thank you: saved in this browser, and sent as soon as the collector can be reached.",
        "ja": "ありがとうございます。このブラウザに保存し、送信先に接続でき次第送信します。",
    },
    "confirm_refused": {
        "en": "The confirmation was not recorded (reason: {code}). Tell your lead.",
        "ja": "確認は記録されませんでした（理由：{code}）。リーダーに連絡してください。",
    },
}


def text_in(table: dict[str, dict[str, str]], key: str, language: str) -> str:
    """``table[key]`` in ``language``, or in the source language where ``language`` has no string yet (a newly
    added language reads English, as its untranslated pages do)."""
    try:
        texts = table[key]
    except KeyError:
        raise KeyError(f"no interface text {key!r}") from None
    return texts.get(language) or texts[DEFAULT_LANGUAGE]


def ui_text(key: str, language: str) -> str:
    """Return the interface string ``key`` in ``language`` (falling back to the source language)."""
    return text_in(UI_TEXT, key, language)


def missing_texts(table: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """List (key, language) pairs of a text table that have no string, so a test can keep it complete.

    Complete means: every key in the source language, and every key in each language the table has begun to
    translate. A language with no strings at all is simply not translated yet and falls back."""
    started = {DEFAULT_LANGUAGE} | {lang for texts in table.values() for lang in texts}
    languages = [lang for lang in LANGUAGES if lang in started] + sorted(started - set(LANGUAGES))
    return [(key, lang) for key, texts in table.items() for lang in languages if not texts.get(lang)]


def missing_ui_text() -> list[tuple[str, str]]:
    return missing_texts(UI_TEXT)
