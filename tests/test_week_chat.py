"""`week --format chat`: headings and bullets only, in the chosen language."""

from __future__ import annotations

import pytest

from tests.conftest import Run


@pytest.fixture
def a_week(run: Run) -> None:
    run("checkin", "-d", "wed", "--done", "refund flow | v2", "--blocker", "supplier 延迟",
        "--plan", "call them", "--mood", "3")  # fmt: skip
    run("checkin", "--done", "weekly report\n- GMV review", "--plan", "rest", "--mood", "5")
    run("goal", "add", "GMV", "--metric", "gmv", "--target", "120", "--baseline", "100",
        "--unit", "k", "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("goal", "checkin", "1", "110")
    run("risk", "add", "供应商延迟", "--probability", "4", "--impact", "5", "--owner", "wang")
    run("retro", "add", "--well", "fast", "--improve", "CS export late",
        "--action", "fix export @lin due:2026-11-20")  # fmt: skip


EN = """\
# Weekly report 2026-W48 · ann

## Done this week

- Wed 11-25: refund flow \\| v2
- Fri 11-27: weekly report
- Fri 11-27: GMV review

## Next week

- rest
- #1 fix export (@lin, due 2026-11-20, **overdue**)

## Problems and risks

- Wed 11-25: supplier 延迟
- Risk #1 供应商延迟: 4×5=20 critical, @wang
- To improve: CS export late

## Goal progress

- #1 GMV: 110 / 120 k (50%, on track)

## Numbers

- Check-ins: 2/7
- Streak: 1 day
- Notes: 0
"""


def test_chat_is_headings_and_bullets(run: Run, a_week: None) -> None:
    result = run("week", "--format", "chat")
    assert (result.exit_code, result.stdout) == (0, EN)
    assert not any(line.startswith("|") for line in result.stdout.splitlines())


def test_chat_in_chinese_has_the_zhoubao_headings(run: Run, a_week: None) -> None:
    result = run("week", "--format", "chat", env={"OPSLOG_LANG": "zh"})
    assert result.exit_code == 0
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == ["# 周报 2026-W48 · ann", "## 本周完成", "## 下周计划", "## 问题与风险",
                        "## 目标进展", "## 数据"]  # fmt: skip
    assert "- #1 fix export（@lin，截止 2026-11-20，**已逾期**）" in result.stdout
    assert "- 风险 #1 供应商延迟：4×5=20 严重，@wang" in result.stdout


def test_an_empty_week_says_none_under_each_heading(run: Run) -> None:
    result = run("week", "--format", "chat")
    assert result.exit_code == 0
    assert result.stdout.count("- none\n") == 4  # numbers always has the counts


def test_markup_in_user_text_stays_text(run: Run) -> None:
    run("checkin", "--done", "<!channel> [x](javascript:alert) **b**")
    out = run("week", "--format", "chat").stdout
    assert "- Fri 11-27: \\<!channel\\> \\[x\\](javascript:alert) \\*\\*b\\*\\*" in out
