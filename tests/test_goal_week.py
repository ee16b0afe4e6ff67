"""The goals section of `opslog week --format json`, end to end from the CLI.

Week 2026-W48 runs Mon 11-23 .. Sun 11-29; the clock is Friday 11-27, so asof = 11-27."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Run


def week_goals(run: Run, *args: str) -> list[dict[str, Any]]:
    r = run("week", *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    goals = json.loads(r.stdout)["goals"]
    for g in goals:
        g.pop("uid")
    return goals


def add(run: Run, *args: str) -> None:
    assert run("goal", "add", *args).exit_code == 0


def checkin(run: Run, goal: str, value: str, day: str, *more: str) -> None:
    assert run("goal", "checkin", goal, value, "--date", day, *more).exit_code == 0


def test_week_json_goals_going_up_and_going_down(run: Run) -> None:
    add(run, "Sales +20%", "-m", "weekly sales", "-u", "k", "--baseline", "100", "--target", "120",
        "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    add(run, "Refunds 8→5", "-m", "refund rate", "-u", "%", "--baseline", "8", "--target", "5",
        "--start", "2026-10-01", "--due", "2026-12-31")  # fmt: skip
    checkin(run, "1", "104", "2026-11-16")
    checkin(run, "1", "108", "2026-11-24", "-c", "6")
    checkin(run, "1", "110", "2026-11-26", "-c", "7")
    checkin(run, "2", "7.5", "2026-10-15")
    checkin(run, "2", "7.2", "2026-11-10")
    checkin(run, "2", "7", "2026-11-25", "-c", "5")
    checkin(run, "2", "6.9", "2026-11-28")  # after asof: not counted yet
    assert week_goals(run) == [
        {"id": 1, "title": "Sales +20%", "metric": "weekly sales", "unit": "k", "baseline": 100,
         "target": 120, "value": 110, "progress": 0.5, "expected": 0.4333, "status": "on_track",
         "delta": 6, "confidence": 7, "confidence_carried": False, "stale": False,
         "checkins": [{"day": "2026-11-16", "value": 104}, {"day": "2026-11-24", "value": 108},
                      {"day": "2026-11-26", "value": 110}], "value_by": None},
        {"id": 2, "title": "Refunds 8→5", "metric": "refund rate", "unit": "%", "baseline": 8,
         "target": 5, "value": 7, "progress": 0.3333, "expected": 0.6264, "status": "behind",
         "delta": -0.2, "confidence": 5, "confidence_carried": False,
             "stale": False,
         "checkins": [{"day": "2026-10-15", "value": 7.5}, {"day": "2026-11-10", "value": 7.2},
                      {"day": "2026-11-25", "value": 7}], "value_by": None},
    ]  # fmt: skip


def test_week_json_stale_no_data_and_last_week(run: Run) -> None:
    add(run, "Members", "-m", "members", "--baseline", "1000", "--target", "2000",
        "--start", "2026-11-01", "--due", "2027-01-30")  # fmt: skip
    add(run, "Fresh", "-m", "m", "--target", "10", "--start", "2026-11-20", "--due", "2026-12-20")
    checkin(run, "1", "1200", "2026-11-10")
    stale, fresh = week_goals(run)
    got = [(g["value"], g["progress"], g["delta"], g["stale"], g["status"]) for g in (stale, fresh)]
    assert got == [(1200, 0.2, None, True, "on_track"), (None, None, None, False, "no_data")]
    last_week = week_goals(run, "last")  # asof 2026-11-22: 12 days after the check-in
    assert [(g["title"], g["delta"], g["stale"]) for g in last_week] == [
        ("Members", None, True), ("Fresh", None, False)]  # fmt: skip


def test_week_json_a_goal_done_early_stays_in_its_week(run: Run) -> None:
    add(run, "Launch", "-m", "pages", "--target", "10", "--start", "2026-11-01", "--due", "+5w")
    checkin(run, "1", "4", "2026-11-24")
    assert run("goal", "done", "1", "--date", "2026-11-25").exit_code == 0
    [g] = week_goals(run)
    assert (g["status"], g["progress"], g["delta"]) == ("done", 0.4, 4)
    assert week_goals(run, "next") == []
