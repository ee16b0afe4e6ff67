"""opslog goal add / checkin / list / show / done / drop / edit, end to end.

The clock is Friday 2026-11-27 (conftest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.fixtures.harness import count

SALES = ("goal", "add", "Weekly sales +20%", "--metric", "weekly sales", "--baseline", "100",
         "--target", "120", "--unit", "k", "--start", "2026-11-01",
         "--due", "2026-12-31")  # fmt: skip


def listed(run: Run, *flags: str) -> list[dict[str, Any]]:
    r = run("goal", "list", "--json", *flags)
    assert r.exit_code == 0, r.stderr
    goals = json.loads(r.stdout)
    for g in goals:
        g.pop("uid")
    return goals


def test_add_prints_the_id_and_list_shows_the_goal_and_its_state(run: Run) -> None:
    r = run(*SALES, "--owner", "ann", "--why", "Q4 plan")
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert "goal 1 added: Weekly sales +20% (100 → 120 k" in r.stderr
    r = run("goal", "checkin", "1", "110", "--confidence", "7", "--date", "2026-11-26")
    assert r.exit_code == 0, r.stderr
    assert listed(run) == [{
        "id": 1, "title": "Weekly sales +20%", "metric": "weekly sales", "unit": "k",
        "baseline": 100, "target": 120, "start": "2026-11-01", "due": "2026-12-31",
        "owner": "ann", "why": "Q4 plan", "goal_status": "active", "done_day": None,
        "value": 110, "progress": 0.5, "expected": 0.4333, "status": "on_track",
        "confidence": 7, "confidence_carried": False, "stale": False,
        "last_checkin": "2026-11-26",
    }]  # fmt: skip


def test_add_defaults_to_baseline_zero_starting_today_without_data(run: Run) -> None:
    r = run("goal", "add", "Members", "-m", "members", "--target", "500", "--due", "+4w")
    assert r.exit_code == 0, r.stderr
    [g] = listed(run)
    assert (g["baseline"], g["start"], g["due"]) == (0, "2026-11-27", "2026-12-25")
    assert (g["value"], g["progress"], g["expected"], g["status"]) == (None, None, 0, "no_data")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--target", "100", "--due", "+2w"), "target 100 equals baseline 100"),
        (("--target", "nan", "--due", "+2w"), "'nan'"),
        (("--target", "inf", "--due", "+2w"), "'inf'"),
        (("--target", "120", "--baseline", "-inf", "--due", "+2w"), "'-inf'"),
        (("--target", "1e400", "--due", "+2w"), "'1e400'"),
        (("--target", "5%", "--due", "+2w"), "'5%'"),
        (("--target", "120", "--due", "today"), "due 2026-11-27 is not after start"),
        (("--target", "120", "--due", "+1w", "--start", "+2w"), "due 2026-12-04 is not after"),
        (("--target", "120", "--due", "2026-13-01"), "'2026-13-01'"),
        (("--target", "120", "--due", "+2w", "--start", "someday"), "'someday'"),
        (("--target", "120", "--due", "+2w", "--unit", "u" * 41), "--unit is too long"),
    ],
)
def test_add_refusals_exit_2_and_write_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], named: str
) -> None:
    assert run(*SALES).exit_code == 0
    r = run("goal", "add", "X", "--metric", "m", "--baseline", "100", *args)
    assert (r.exit_code, r.stdout) == (2, "")
    assert named in r.stderr
    assert count(db_path, "goal") == 1


def test_checkin_takes_a_negative_value_for_a_goal_going_down(run: Run) -> None:
    run("goal", "add", "Net loss to zero", "-m", "profit", "--baseline", "-10", "--target", "0",
        "--start", "2026-11-01", "--due", "2026-12-01")  # fmt: skip
    r = run("goal", "checkin", "1", "-5", "-c", "6", "--note", "halfway", "--date", "2026-11-16")
    assert r.exit_code == 0, r.stderr
    [g] = listed(run)
    got = (g["value"], g["progress"], g["confidence"], g["last_checkin"])
    assert got == (-5, 0.5, 6, "2026-11-16")
    assert run("goal", "checkin", "1", "-2.5e0").exit_code == 0
    assert listed(run)[0]["value"] == -2.5


@pytest.mark.parametrize(
    "args",
    [("abc",), ("nan",), ("-inf",), ("5", "--confidence", "0"), ("5", "--confidence", "11"),
     ("5", "--confidence", "7.5"), ("5", "--date", "nope"), ("--bogus",)],
)  # fmt: skip
def test_checkin_refusals_exit_2_and_write_nothing(
    run: Run, db_path: Path, args: tuple[str, ...]
) -> None:
    run(*SALES)
    r = run("goal", "checkin", "1", *args)
    assert r.exit_code == 2 and r.stderr
    assert count(db_path, "progress") == 0


@pytest.mark.parametrize(
    "args",
    [("checkin", "9", "5"), ("show", "9"), ("done", "9"), ("drop", "9"),
     ("edit", "9", "--title", "x")],
)  # fmt: skip
def test_an_unknown_id_exits_1_naming_it(run: Run, args: tuple[str, ...]) -> None:
    run(*SALES)
    r = run("goal", *args)
    assert r.exit_code == 1
    assert "no goal with id 9" in r.stderr


def test_list_shows_active_goals_and_all_shows_done_and_dropped(run: Run) -> None:
    for title in ("A", "B", "C"):
        run("goal", "add", title, "-m", "m", "--target", "10", "--due", "+2w")
    assert run("goal", "done", "1").exit_code == 0
    assert run("goal", "drop", "2", "--date", "2026-11-26").exit_code == 0
    assert [g["title"] for g in listed(run)] == ["C"]
    closed = [(g["title"], g["goal_status"], g["done_day"], g["status"])
              for g in listed(run, "--all")]  # fmt: skip
    assert closed == [("A", "done", "2026-11-27", "done"),
                      ("B", "dropped", "2026-11-26", "dropped"),
                      ("C", "active", None, "no_data")]  # fmt: skip


def test_done_twice_changes_nothing_the_second_time(run: Run) -> None:
    run(*SALES)
    run("goal", "done", "1", "--date", "2026-11-20")
    r = run("goal", "done", "1")
    assert r.exit_code == 0 and "already done" in r.stderr
    assert listed(run, "--all")[0]["done_day"] == "2026-11-20"


def test_list_table_and_empty_list(run: Run) -> None:
    r = run("goal", "list")
    assert (r.exit_code, r.stdout) == (0, "")
    assert "No active goals" in r.stderr
    assert run("goal", "list", "--json").stdout == "[]\n"
    run(*SALES)
    run("goal", "checkin", "1", "110")
    table = run("goal", "list").stdout
    assert "Weekly sales +20%" in table and "100 → 110 → 120 k" in table and "on track" in table


def test_show_has_record_history_and_a_chart_without_colour(run: Run) -> None:
    run(*SALES, "--why", "Q4 plan")
    run("goal", "checkin", "1", "104", "--date", "2026-11-16", "--note", "slow start")
    run("goal", "checkin", "1", "110", "--date", "2026-11-26", "--confidence", "7")
    r = run("goal", "show", "1")
    assert r.exit_code == 0, r.stderr
    for text in ("Goal #1  Weekly sales +20%", "100 → 110 → 120 k", "Q4 plan", "on track",
                 "2026-11-16", "slow start", "● value (k)  · expected pace",
                 "^ 2026-11-27"):  # fmt: skip
        assert text in r.stdout
    assert r.stdout.count("●") == 3  # two check-ins and the legend
    assert "\x1b" not in r.stdout


def test_show_prints_user_text_inert(run: Run) -> None:
    run("goal", "add", "[bold]boom[/bold] \x1b[31mred", "-m", "m", "--target", "5", "--due", "+1w")
    out = run("goal", "show", "1").stdout
    assert "[bold]boom[/bold] ^[[31mred" in out and "\x1b" not in out
    assert "No check-ins yet: opslog goal checkin 1 VALUE" in out


def test_edit_changes_show_and_list(run: Run) -> None:
    run(*SALES)
    r = run("goal", "edit", "1", "--title", "Sales up", "--target", "130", "--due", "2027-01-31",
            "--owner", "bob")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "target 120 → 130" in r.stderr
    [g] = listed(run)
    assert (g["title"], g["target"], g["due"], g["owner"]) == ("Sales up", 130, "2027-01-31", "bob")
    out = run("goal", "show", "1").stdout
    assert "Goal #1  Sales up" in out and "100 → – → 130 k" in out and "due 2027-01-31" in out


@pytest.mark.parametrize(
    ("args", "named"),
    [(("--target", "100"), "equals baseline"), (("--due", "2026-10-31"), "not after start"),
     (("--target", "nan"), "'nan'"), (("--title", "  "), "empty"), ((), "nothing to change")],
)  # fmt: skip
def test_edit_refusals_exit_2_and_change_nothing(
    run: Run, args: tuple[str, ...], named: str
) -> None:
    run(*SALES)
    before = listed(run)
    r = run("goal", "edit", "1", *args)
    assert r.exit_code == 2 and named in r.stderr
    assert listed(run) == before


def test_a_back_dated_checkin_is_judged_on_its_own_day(run: Run) -> None:
    run("goal", "add", "Sales", "--metric", "gmv", "--baseline", "100", "--target", "120",
        "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("goal", "checkin", "1", "115")
    r = run("goal", "checkin", "1", "112", "--date", "2026-11-18")
    assert "112 on 2026-11-18; progress 60%, expected 28%" in r.stderr
