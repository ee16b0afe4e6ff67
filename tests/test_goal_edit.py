"""`goal edit` takes --baseline, --unit, --start and --metric, checked like a new goal;
a change that turns the goal around asks first on a terminal and needs --yes off one
(issue 16: 6)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.harness import child_env
from tests.fixtures.pty_session import ENTER, PtySession, opslog_argv


def refunds(run: Run) -> None:
    r = run("goal", "add", "Refunds down", "-m", "refund rate", "-u", "%", "--baseline", "8",
            "--target", "5", "--start", "2026-11-02", "--due", "2026-12-31")  # fmt: skip
    assert r.exit_code == 0, r.stderr


def stored(db_path: Path) -> tuple[object, ...]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT metric, unit, baseline, target, start, due FROM goal WHERE id = 1"
        ).fetchone()


def test_the_new_fields_change_and_are_said(run: Run, db_path: Path) -> None:
    refunds(run)
    r = run("goal", "edit", "1", "--baseline", "9", "--unit", "‰", "--start", "2026-11-09",
            "--metric", "退款率")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (
        "goal 1 updated: metric refund rate → 退款率; unit % → ‰; baseline 8 → 9;"
        " start 2026-11-02 → 2026-11-09\n"
    )
    assert stored(db_path) == ("退款率", "‰", 9.0, 5.0, "2026-11-09", "2026-12-31")
    goal = json.loads(run("goal", "list", "--json").stdout)[0]
    assert (goal["baseline"], goal["start"], goal["unit"]) == (9, "2026-11-09", "‰")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "2027-01-31"), "due 2026-12-31 is not after start 2027-01-31"),
        (("--baseline", "5"), "target 5 equals baseline 5"),
        (("--baseline", "x"), "--baseline: 'x' is not a number"),
        (("--metric", ""), "--metric"),
        (("--unit", "u" * 41), "--unit"),
    ],
)
def test_a_bad_new_value_is_refused_and_nothing_changes(
    run: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    refunds(run)
    r = run("goal", "edit", "1", *args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert stored(db_path) == ("refund rate", "%", 8.0, 5.0, "2026-11-02", "2026-12-31")


def test_turning_the_goal_around_needs_yes_off_a_terminal(run: Run, db_path: Path) -> None:
    refunds(run)  # 8 → 5: going down
    r = run("goal", "edit", "1", "--target", "9")
    assert r.exit_code == 2
    assert r.stderr == (
        "opslog: goal 1 would turn around: 8 → 5 becomes 8 → 9;"
        " give --yes to change its direction\n"
    )
    assert stored(db_path)[2:4] == (8.0, 5.0)
    # the same direction needs no --yes; a baseline that turns it needs one too
    assert run("goal", "edit", "1", "--target", "4").exit_code == 0
    assert run("goal", "edit", "1", "--baseline", "3").exit_code == 2
    r = run("goal", "edit", "1", "--target", "9", "--yes")
    assert r.exit_code == 0, r.stderr
    assert stored(db_path)[2:4] == (8.0, 9.0)


@pytest.mark.slow
@pytest.mark.parametrize(("answer", "target"), [(b"y", 9.0), (b"n", 5.0)])
def test_turning_the_goal_around_asks_on_a_terminal(
    run: Run, db_path: Path, answer: bytes, target: float
) -> None:
    refunds(run)
    term = PtySession(opslog_argv("goal", "edit", "1", "--target", "9"), child_env(),
                      stderr_to=subprocess.PIPE)  # fmt: skip
    try:
        term.expect("Change the goal's direction? [y/N]")
        assert "goal 1 would turn around: 8 → 5 becomes 8 → 9" in term.text
        term.send(answer.decode() + ENTER)
        code, err = term.wait(), term.text
    finally:
        term.close()
    assert code == 0, err
    assert stored(db_path)[3] == target
    assert ("nothing changed" in err) == (answer == b"n")
