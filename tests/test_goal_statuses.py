"""Goal statuses explained and final after the due date (issue 16: 11): `goal --help`,
`goal show` and the README state the rule; past its due date a goal is `achieved` or
`missed` in every view and the JSON; a dropped goal shows no expected pace."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run

# The clock: Friday 2026-11-27 (week 2026-W48, Mon 11-23 .. Sun 11-29).


def goals(run: Run) -> None:
    for args in (
        ("goal", "add", "Reached", "-m", "x", "--target", "10", "--start", "2026-10-01",
         "--due", "2026-11-20"),
        ("goal", "add", "Short", "-m", "x", "--target", "10", "--start", "2026-10-01",
         "--due", "2026-11-20"),
        ("goal", "add", "Dropped", "-m", "x", "--target", "10", "--start", "2026-10-01",
         "--due", "2026-12-20"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    assert run("goal", "checkin", "1", "10", "--date", "2026-11-19").exit_code == 0
    assert run("goal", "checkin", "2", "9", "--date", "2026-11-19").exit_code == 0
    assert run("goal", "checkin", "2", "10", "--date", "2026-11-24").exit_code == 0  # late
    assert run("goal", "checkin", "3", "3", "--date", "2026-11-19").exit_code == 0
    assert run("goal", "drop", "3", "--date", "2026-11-25").exit_code == 0


def test_past_the_due_date_a_goal_is_achieved_or_missed_in_every_view(run: Run) -> None:
    goals(run)
    listed = {g["title"]: g for g in json.loads(run("goal", "list", "--all", "--json").stdout)}
    assert listed["Reached"]["status"] == "achieved"
    # 10 was reached on the 24th, after the due date (the 20th): missed, not done
    assert listed["Short"]["status"] == "missed"
    assert (listed["Dropped"]["status"], listed["Dropped"]["expected"]) == ("dropped", None)
    week = json.loads(run("week", "--format", "json").stdout)
    by_title = {g["title"]: g for g in week["goals"]}
    assert [by_title[t]["status"] for t in ("Reached", "Short", "Dropped")] == [
        "achieved", "missed", "dropped"]  # fmt: skip
    assert by_title["Dropped"]["expected"] is None
    assert by_title["Short"]["expected"] == 1.0
    markdown = run("week", "--format", "markdown").stdout
    assert "| achieved |" in markdown and "| missed |" in markdown  # and not stale
    table = run("goal", "list", "--all").stdout
    assert "achieved" in table and "missed" in table
    # a week before the due date still uses the pace rule
    before = json.loads(run("week", "2026-W46", "--format", "json").stdout)
    assert {g["title"]: g["status"] for g in before["goals"]}["Short"] == "no_data"


def test_a_dropped_goal_shows_no_expected_pace(run: Run) -> None:
    goals(run)
    shown = run("goal", "show", "3")
    assert shown.exit_code == 0, shown.stderr
    facts = shown.stdout.split("How the status is judged")[0]
    assert "none (dropped)" in facts
    assert "expected pace" not in facts
    chart = [line for line in shown.stdout.splitlines() if "│" in line]
    assert chart and not any("·" in line for line in chart)  # no pace line drawn
    active = run("goal", "show", "2").stdout
    assert "expected pace" in active and "100% by 2026-11-27" in active


def test_the_rule_is_stated_in_goal_help_and_goal_show(run: Run) -> None:
    goals(run)
    for out in (run("goal", "--help").stdout, run("goal", "show", "1").stdout):
        flat = " ".join(out.split())
        assert "at most 0.10 behind the pace" in flat
        assert "at risk up to 0.25 behind" in flat
        assert "achieved when the value on the due date had reached the target" in flat
        assert "missed otherwise" in flat


def test_the_readme_states_the_rule() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    flat = " ".join(readme.split())
    assert "at most 0.10 behind the pace, `at risk` up to 0.25 behind" in flat
    assert "`missed` otherwise; a dropped goal shows no expected pace" in flat
