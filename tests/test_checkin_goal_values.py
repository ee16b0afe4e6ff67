"""The check-in's goal values (issue 16 item 3): running it again the same day replaces
that day's value instead of adding a second one, and a value given without a confidence
keeps the latest confidence given, marked as carried, in every view."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run

GOAL = ("goal", "add", "Cut the refund rate", "--metric", "refund rate", "--unit", "%",
        "--baseline", "8", "--target", "5", "--start", "2026-11-02",
        "--due", "2026-12-31")  # fmt: skip


def progress(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        sql = "SELECT day, value, confidence, note FROM progress ORDER BY id"
        return conn.execute(sql).fetchall()


@pytest.fixture
def goal(run: Run) -> None:
    assert run(*GOAL).exit_code == 0
    assert run("goal", "checkin", "1", "7.4", "--date", "mon", "--confidence", "6").exit_code == 0


def test_an_amended_checkin_replaces_the_days_value(run: Run, db_path: Path, goal: None) -> None:
    assert run("checkin", "--done", "x", "--goal", "1=7.1").exit_code == 0
    r = run("checkin", "--goal", "1=6.9")
    assert r.stderr == "check-in 1 amended for 2026-11-27; 1 goal value\n"
    assert progress(db_path) == [("2026-11-23", 7.4, 6, ""), ("2026-11-27", 6.9, None, "")]
    week = json.loads(run("week", "--format", "json").stdout)
    assert week["goals"][0]["checkins"] == [{"day": "2026-11-23", "value": 7.4},
                                            {"day": "2026-11-27", "value": 6.9}]  # fmt: skip


def test_a_noted_goal_checkin_the_same_day_stays(run: Run, db_path: Path, goal: None) -> None:
    run("goal", "checkin", "1", "7.2", "--note", "after the campaign")
    run("checkin", "--goal", "1=7.0")
    run("checkin", "--goal", "1=6.9")
    assert progress(db_path)[1:] == [("2026-11-27", 7.2, None, "after the campaign"),
                                     ("2026-11-27", 6.9, None, "")]  # fmt: skip


def test_a_value_without_confidence_carries_the_latest_given(run: Run, goal: None) -> None:
    run("checkin", "--goal", "1=6.9")
    week = json.loads(run("week", "--format", "json").stdout)["goals"][0]
    assert (week["confidence"], week["confidence_carried"]) == (6, True)
    listed = json.loads(run("goal", "list", "--json").stdout)[0]
    assert (listed["confidence"], listed["confidence_carried"]) == (6, True)
    markdown = run("week", "--format", "markdown").stdout
    assert "| -1.1 | 6 (carried) | █▁ |" in markdown
    shown = run("goal", "show", "1").stdout
    assert "Confidence                  6/10 (carried)" in shown
    assert " 2026-11-23  7.4    20%       36%       at risk   6\n" in shown  # no padding
    assert " 2026-11-27  6.9    37%       42%       on track  6 (carried)\n" in shown
    assert run("goal", "checkin", "1", "6.8", "-c", "8").exit_code == 0
    week = json.loads(run("week", "--format", "json").stdout)["goals"][0]
    assert (week["confidence"], week["confidence_carried"]) == (8, False)


def test_carried_in_chinese(run: Run, goal: None) -> None:
    run("checkin", "--goal", "1=6.9")
    markdown = run("week", "--format", "markdown", env={"OPSLOG_LANG": "zh"}).stdout
    assert "| 6（沿用） |" in markdown
