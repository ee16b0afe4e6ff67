"""Goal values in the end-of-day `opslog checkin`: by flags and by questions, always in
the check-in's one transaction."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import Run


def progress_rows(db_path: Path) -> list[tuple[int, str, float]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(
            "SELECT goal.id, progress.day, progress.value FROM progress"
            " JOIN goal ON goal.uid = progress.goal_uid ORDER BY progress.id"
        ).fetchall()


def checkins(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return int(conn.execute("SELECT count(*) FROM checkin").fetchone()[0])


@pytest.fixture
def two_goals(run: Run) -> None:
    run("goal", "add", "Sales", "-m", "sales", "--baseline", "100", "--target", "120", "-u", "k",
        "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("goal", "add", "Refunds", "-m", "refund rate", "--baseline", "8", "--target", "5",
        "-u", "%", "--start", "2026-10-01", "--due", "2026-12-31")  # fmt: skip


@pytest.mark.usefixtures("two_goals")
def test_goal_flags_record_values_with_the_checkin(run: Run, db_path: Path) -> None:
    r = run("checkin", "--done", "report sent", "--goal", "1=110", "--goal", "2=-0.5", "--no-input")
    assert r.exit_code == 0, r.stderr
    assert "2 goal values" in r.stderr
    assert progress_rows(db_path) == [(1, "2026-11-27", 110.0), (2, "2026-11-27", -0.5)]
    assert checkins(db_path) == 1


@pytest.mark.usefixtures("two_goals")
@pytest.mark.parametrize(("goal", "code"), [("9=5", 1), ("1=abc", 2), ("1=nan", 2), ("x=5", 2)])
def test_a_bad_goal_writes_nothing_not_even_the_checkin(
    run: Run, db_path: Path, goal: str, code: int
) -> None:
    r = run("checkin", "--done", "x", "--goal", "1=110", "--goal", goal, "--no-input")
    assert r.exit_code == code and r.stderr
    assert (checkins(db_path), progress_rows(db_path)) == (0, [])


@pytest.mark.usefixtures("two_goals")
@pytest.mark.usefixtures("stdin_tty")
def test_the_questions_ask_each_active_goal_and_enter_skips(run: Run, db_path: Path) -> None:
    run("goal", "checkin", "1", "104", "--date", "2026-11-20")
    r = run("checkin", input="shipped\nnone\nsupplier call\n4\n110\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Goal #1 Sales (last 104, target 120 k)" in r.stderr
    assert "Goal #2 Refunds (last none yet, target 5 %)" in r.stderr
    assert progress_rows(db_path) == [(1, "2026-11-20", 104.0), (1, "2026-11-27", 110.0)]
    day = json.loads(run("week", "--format", "json").stdout)["days"][4]
    assert day["checkin"] == {
        "done": "shipped", "blockers": "none", "plan": "supplier call", "mood": 4
    }  # fmt: skip


@pytest.mark.usefixtures("two_goals")
@pytest.mark.usefixtures("stdin_tty")
def test_questions_skip_goals_no_longer_active(run: Run, db_path: Path) -> None:
    run("goal", "drop", "1")
    r = run("checkin", input="d\n\n\n\n6.5\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Goal #1" not in r.stderr
    assert progress_rows(db_path) == [(2, "2026-11-27", 6.5)]


@pytest.mark.usefixtures("two_goals")
@pytest.mark.usefixtures("stdin_tty")
def test_a_bad_answer_asks_again(run: Run, db_path: Path) -> None:
    r = run("checkin", input="d\n\n\n\nlots\n111\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "value: 'lots' is not a number" in r.stderr
    assert progress_rows(db_path) == [(1, "2026-11-27", 111.0)]


@pytest.mark.usefixtures("two_goals")
@pytest.mark.usefixtures("stdin_tty")
def test_interrupted_questions_write_nothing(run: Run, db_path: Path) -> None:
    r = run("checkin", input="d\n\n\n\n110\n")  # input ends at the second goal
    assert r.exit_code == 130
    assert (checkins(db_path), progress_rows(db_path)) == (0, [])


def test_a_dropped_goal_takes_no_checkin_and_the_day_is_not_written(run: Run) -> None:
    add = ("goal", "add", "Old", "--metric", "m", "--target", "5", "--due", "+2w")
    assert run(*add).exit_code == 0
    assert run("goal", "drop", "1").exit_code == 0
    r = run("checkin", "--done", "x", "--goal", "1=3")
    assert r.exit_code == 2 and "goal 1 is dropped" in r.stderr
    assert run("goal", "checkin", "1", "4").exit_code == 2
    assert json.loads(run("week", "-f", "json").stdout)["days"][4]["checkin"] is None
