"""The weekly query stays flat as the logbook grows (issue 6): every query that
`store/week.load_week` runs on SQLite is captured as it runs (the driver's trace callback,
with its real parameters) and explained; the notes and check-ins of the week must be
found through an index on `day`, never by scanning the table.

EXPLAIN QUERY PLAN is deterministic without ANALYZE (opslog never runs it, so users'
files have no sqlite_stat1 either), so a handful of rows show the plan of a million.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from opslog.domain.dates import week_of
from opslog.domain.records import Action, Goal, Progress, Retro
from opslog.store.crud import insert
from opslog.store.daily import add_note, save_checkin
from opslog.store.db import Location, SqliteDatabase
from opslog.store.open import open_database
from opslog.store.risks import add_risk
from opslog.store.week import load_week
from tests.fixtures.clock import NOW

FRI = date(2026, 11, 27)
WEEK = week_of(FRI)


def common(uid: str, author: str = "ann") -> dict[str, Any]:
    return {"id": 0, "uid": uid, "author": author, "created_at": NOW, "updated_at": NOW}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[SqliteDatabase]:
    """Two authors, a few weeks of every kind, so that every query of load_week runs."""
    db = open_database(Location(path=tmp_path / "plans.db"))
    assert isinstance(db, SqliteDatabase)
    with db.write() as conn:
        for author in ("ann", "bo"):
            for back in range(0, 21, 3):
                day = FRI - timedelta(days=back)
                add_note(conn, author=author, now=NOW, day=day, text="n #ops", tags=["ops"])
                save_checkin(
                    conn, author=author, now=NOW, day=day, done="d", blockers="", plan="", mood=3
                )
            add_risk(conn, author=author, now=NOW, day=FRI, title="r", probability=3, impact=4)
            goal_uid = f"goal-{author}"
            insert(
                conn,
                Goal(
                    **common(goal_uid, author),
                    title="GMV",
                    metric="GMV",
                    target=120.0,
                    baseline=100.0,
                    start=FRI - timedelta(days=30),
                    due=FRI + timedelta(days=30),
                ),
            )
            insert(
                conn,
                Progress(
                    **common(f"progress-{author}", author),
                    goal_uid=goal_uid,
                    day=FRI,
                    value=110.0,
                ),
            )
            retro_uid = f"retro-{author}"
            insert(
                conn,
                Retro(
                    **common(retro_uid, author),
                    week=WEEK.label,
                    day=FRI,
                    went_well=["w"],
                    to_improve=["i"],
                ),
            )
            insert(
                conn,
                Action(
                    **common(f"action-{author}", author),
                    day=FRI,
                    text="a",
                    retro_uid=retro_uid,
                ),
            )
    yield db
    db.close()


def traced_plans(db: SqliteDatabase, authors: list[str] | None) -> dict[str, list[str]]:
    """Every SELECT that load_week runs -> the detail lines of its query plan."""
    statements: list[str] = []
    db.raw.set_trace_callback(statements.append)
    try:
        with db.read() as conn:
            data = load_week(conn, WEEK, authors)
    finally:
        db.raw.set_trace_callback(None)
    assert data.notes and data.checkins and data.goals and data.risks and data.actions
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    return {
        sql: [row[3] for row in db.raw.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()]
        for sql in selects
    }


def queries_of(plans: dict[str, list[str]], table: str) -> dict[str, list[str]]:
    found = {
        sql: plan
        for sql, plan in plans.items()
        if re.search(rf'\bFROM "?{table}"?(\s|$)', sql, re.IGNORECASE)
    }
    assert found, f"load_week ran no query on {table}: {list(plans)}"
    return found


def full_scans(plan: list[str], table: str) -> list[str]:
    """SCAN lines: the whole table, or a whole index walked from end to end."""
    return [line for line in plan if re.match(rf"SCAN (TABLE )?{table}\b", line)]


@pytest.mark.parametrize("authors", [["ann"], None], ids=["one author", "team"])
@pytest.mark.parametrize("table", ["note", "checkin"])
def test_the_week_finds_notes_and_checkins_through_an_index(
    database: SqliteDatabase, table: str, authors: list[str] | None
) -> None:
    for sql, plan in queries_of(traced_plans(database, authors), table).items():
        assert not full_scans(plan, table), f"full scan of {table}:\n{sql}\n{plan}"
        searches = [line for line in plan if re.match(rf"SEARCH (TABLE )?{table} ", line)]
        assert searches, f"no index search on {table}:\n{sql}\n{plan}"
        assert all(
            re.search(r"USING (COVERING )?INDEX \S+ \([^)]*\bday\b", line) for line in searches
        ), f"{table} is not searched by day:\n{sql}\n{plan}"


def test_no_query_of_ones_own_week_scans_a_whole_table(database: SqliteDatabase) -> None:
    tables = {
        r[0] for r in database.raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for sql, plan in traced_plans(database, ["ann"]).items():
        scans = [line for line in plan for t in tables if full_scans([line], t)]
        assert not scans, f"a full scan in the weekly summary:\n{sql}\n{plan}"
