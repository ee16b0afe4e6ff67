"""lang = "zh": the views speak Chinese; JSON, the contract, does not change."""

import json

import pytest

from tests.conftest import Run


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
