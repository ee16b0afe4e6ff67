"""lang = "zh": the views speak Chinese; JSON, the contract, does not change."""

import json
import re

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_chinese_report_headings_and_weekdays(run: Run) -> None:
    run("checkin", "--done", "发完周报", "--mood", "4")
    out = run("week", "-f", "markdown", env={"OPSLOG_LANG": "zh"}).stdout
    assert out.startswith("# 2026年第48周 · 2026-11-23 – 2026-11-29")
    assert "## 每日" in out and "| 日期 | 完成 | 阻碍 | 计划 | 心情 | 笔记 |" in out
    assert "| 周五 11-27 | 发完周报 |" in out
    assert "打卡 1/7 · 连续 1 天" in out


def test_json_stays_english_in_any_language(run: Run) -> None:
    run("note", "x")
    en = json.loads(run("week", "-f", "json").stdout)
    zh = json.loads(run("week", "-f", "json", env={"OPSLOG_LANG": "zh"}).stdout)
    assert en == zh


def test_an_unknown_language_is_refused(run: Run) -> None:
    r = run("week", env={"OPSLOG_LANG": "fr"})
    assert r.exit_code == 2 and "'fr'" in r.stderr


@pytest.mark.usefixtures("stdin_tty")
def test_the_checkin_asks_in_chinese(run: Run) -> None:
    r = run("checkin", input="发完周报\n\n\n4\nn\n\n", env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 0, r.stderr
    assert "今天完成" in r.stderr and "有新的风险吗？" in r.stderr


def test_kinds_and_kpi_aggregations_speak_chinese(run: Run, stdout_tty: Terminal) -> None:
    """The words that printed in English in Chinese views: a KPI's aggregation (sum, avg,
    last, ratio) in `kpi list`, `kpi show`, `kpi add` and the log; a record's kind in the
    log's kind column and its parent, `info`, `author list`, the import's counts, `rm`
    and the Markdown export's headings."""
    zh = {"OPSLOG_LANG": "zh"}
    assert run("kpi", "add", "流量").exit_code == 0
    assert run("kpi", "add", "订单", "--agg", "avg").exit_code == 0
    added = run("kpi", "add", "转化率", "--unit", "%", "--ratio", "订单/流量", "--why", "转化",
                env=zh)
    assert "（比率 订单/流量, %）" in added.stderr, added.stderr
    assert run("kpi", "record", "流量", "100").exit_code == 0
    run("goal", "add", "退款率", "--metric", "r", "--baseline", "8", "--target", "5",
        "--due", "2026-12-31")  # fmt: skip
    assert run("goal", "checkin", "1", "7").exit_code == 0
    kpis = run("kpi", "list", env=zh).stdout
    assert "求和" in kpis and "平均" in kpis and " sum " not in kpis and " avg " not in kpis
    assert "计算方式：求和" in run("kpi", "show", "流量", env=zh).stdout
    log = plain(run("log", env=zh).stdout)
    assert "KPI 读数" in log and "目标进展" in log and "目标 #1 退款率" in log, log
    assert "reading" not in log and "progress" not in log
    found = plain(run("search", "转化", env=zh).stdout)  # a KPI is in no day's log
    assert "2026-11-27 周五" in found and "名称：转化率 · 原因：转化" in found, found
    stdout_tty.stdin = True  # `rm` asks, after the record as the log words it
    asked = plain(run("rm", "kpi", "3", input="n\n", env=zh).stderr)
    assert "KPI 3（2026-11-27）：KPI 转化率（比率，%） [进行中] — 转化" in asked, asked
    info = run("info", env=zh).stdout
    assert "  KPI 读数" in info and "  风险复查" in info and "reading" not in info
    assert "KPI 读数 1" in run("author", "list", env=zh).stdout
    md = run("export", "--format", "markdown", env=zh).stdout
    assert "### KPI 读数" in md and "- 流量：100" in md and "Reading" not in md
    jsonl = run("export").stdout
    assert run("rm", "goal", "1", "--yes", env=zh).stderr == "已删除 目标 1 及其 1 条目标进展记录\n"
    imported = run("import", "-", input=jsonl, env={**zh, "OPSLOG_AUTHOR": "bo"}).stderr
    assert "已导入" in imported and "目标进展 1" in imported and "progress" not in imported
