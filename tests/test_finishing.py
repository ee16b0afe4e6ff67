"""Finishing things (issue 16 items 7, 8, 9): `--date` on every finishing command, one
rule for a repeat (exit 0, a note on stderr, nothing written), and a day in the future
asked about on a terminal, warned about off one. The clock is Friday 2026-11-27."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run

GOAL = ("goal", "add", "Sales", "-m", "sales", "--target", "120", "--baseline", "100",
        "--due", "2026-12-31", "--start", "2026-11-02")  # fmt: skip


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def dump(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def book(run: Run, db_path: Path) -> Path:
    for args in (GOAL, GOAL, ("action", "add", "call the supplier"),
                 ("risk", "add", "supplier may slip", "-p", "4", "-i", "5"),
                 ("kpi", "add", "GMV")):  # fmt: skip
        assert run(*args).exit_code == 0
    return db_path


def test_finishing_commands_take_the_day_it_happened(run: Run, book: Path) -> None:
    assert run("action", "done", "1", "--date", "yesterday").stderr == (
        "action 1 done on 2026-11-26: call the supplier\n")  # fmt: skip
    assert run("risk", "update", "1", "-p", "2", "--date", "wed").exit_code == 0
    assert run("risk", "close", "1", "--date", "2026-11-26").exit_code == 0
    assert run("goal", "done", "1", "--date", "mon").exit_code == 0
    assert run("goal", "drop", "2", "-d", "tue").exit_code == 0
    assert rows(book, "SELECT status, done_day FROM action") == [("done", "2026-11-26")]
    assert rows(book, "SELECT day, new_probability, new_status FROM risk_review") == [
        ("2026-11-27", 4, "open"), ("2026-11-25", 2, "open"), ("2026-11-26", 2, "closed")]
    assert rows(book, "SELECT status, done_day FROM goal ORDER BY id") == [
        ("done", "2026-11-23"), ("dropped", "2026-11-24")]  # fmt: skip


REPEATS = [
    (("action", "done", "1"), "action 1 is already done (2026-11-26); nothing changed"),
    (("risk", "close", "1"), "risk 1 is already closed; nothing changed"),
    (("risk", "update", "1", "--status", "closed"), "risk 1 is already closed; nothing changed"),
    (("risk", "update", "1", "-p", "4"), "risk 1 already has those values; nothing changed"),
    (("goal", "done", "1"), "goal 1 Sales is already done (2026-11-26); nothing changed"),
    (("goal", "drop", "2"), "goal 2 Sales is already dropped (2026-11-26); nothing changed"),
    (("kpi", "archive", "GMV"), "KPI 1 GMV is already archived; nothing changed"),
]


@pytest.fixture
def finished(run: Run, book: Path) -> Path:
    for args in (("action", "done", "1", "-d", "thu"), ("risk", "close", "1", "-d", "thu"),
                 ("goal", "done", "1", "-d", "thu"), ("goal", "drop", "2", "-d", "thu"),
                 ("kpi", "archive", "GMV")):  # fmt: skip
        assert run(*args).exit_code == 0, args
    return book


@pytest.mark.parametrize(("args", "said"), REPEATS, ids=[" ".join(a[:2]) for a, _s in REPEATS])
def test_a_repeat_exits_0_says_so_and_writes_nothing(
    run: Run, finished: Path, args: tuple[str, ...], said: str
) -> None:
    before = dump(finished)
    r = run(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", said + "\n")
    assert dump(finished) == before


def test_a_repeat_of_close_with_a_note_keeps_the_note(run: Run, finished: Path) -> None:
    r = run("risk", "close", "1", "--note", "confirmed by the supplier")
    assert r.exit_code == 0
    assert rows(finished, "SELECT old_status, new_status, note FROM risk_review")[-1] == (
        "closed", "closed", "confirmed by the supplier")  # fmt: skip


def test_a_repeat_in_chinese(run: Run, finished: Path) -> None:
    r = run("action", "done", "1", env={"OPSLOG_LANG": "zh"})
    assert (r.exit_code, r.stderr) == (0, "行动项 1 已经完成（2026-11-26）；没有修改\n")


# --- a day in the future ------------------------------------------------------------

FUTURE = [
    (("note", "--date", "next mon", "launch"), "SELECT day FROM note"),
    (("checkin", "--date", "next mon", "--done", "x"), "SELECT day FROM checkin"),
    (("goal", "checkin", "1", "105", "--date", "next mon"), "SELECT day FROM progress"),
    (("kpi", "record", "GMV", "120", "--date", "next mon"), "SELECT day FROM reading"),
    (("feedback", "add", "too slow", "--date", "next mon"), "SELECT day FROM feedback"),
]


@pytest.mark.parametrize(("args", "sql"), FUTURE, ids=[a[0] for a, _s in FUTURE])
def test_off_a_terminal_a_future_day_is_saved_with_a_warning(
    run: Run, book: Path, args: tuple[str, ...], sql: str
) -> None:
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[0] == (
        "warning: 2026-11-30 (Mon 11-30) is 3 days after today (was a past day meant?);"
        " saving it for that day")
    assert rows(book, sql) == [("2026-11-30",)]


def test_today_and_past_days_say_nothing_more(run: Run, book: Path) -> None:
    assert run("note", "--date", "last mon", "x").stderr == "note 1 saved for 2026-11-23\n"
    assert "warning" not in run("note", "x").stderr


@pytest.mark.parametrize(("args", "sql"), FUTURE, ids=[a[0] for a, _s in FUTURE])
def test_on_a_terminal_a_future_day_is_asked_and_no_saves_nothing(
    run: Run, book: Path, stdin_tty: Terminal, args: tuple[str, ...], sql: str
) -> None:
    before = dump(book)
    r = run(*args, input="n\n")
    assert r.exit_code == 2
    assert r.stderr == (
        "2026-11-30 (Mon 11-30) is 3 days after today: save it for that day? [y/N]: "
        "opslog: not saved: 2026-11-30 is in the future\n")
    assert dump(book) == before
    assert run(*args, input="y\n").exit_code == 0
    assert rows(book, sql) == [("2026-11-30",)]


def test_the_question_in_chinese(run: Run, book: Path, stdin_tty: Terminal) -> None:
    r = run("note", "--date", "tomorrow", "x", input="是\n", env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 0
    assert r.stderr.startswith("2026-11-28（周六 11-28）是今天之后 1 天：仍按那天保存吗？")
