"""The store's queries run the same over both drivers: the stdlib sqlite3 one (the
everyday path) and the SQLAlchemy one (any other URL), so they cannot drift."""

import json
from datetime import date

import pytest

from opslog.domain.dates import parse_week
from opslog.domain.week import build_week_summary
from opslog.errors import NotFound
from opslog.store.daily import add_note, get_checkin, save_checkin
from opslog.store.db import Database, Location
from opslog.store.goals import record_progress
from opslog.store.open import open_database
from opslog.store.risks import add_risk, reviews_due
from opslog.store.week import load_week
from tests.fixtures.clock import NOW

FRI = date(2026, 11, 27)


def test_notes_and_checkins_round_trip_through_the_week(database: Database) -> None:
    with database.write() as conn:
        add_note(conn, author="ann", now=NOW, day=FRI, text="双11 #release", tags=["release"])
        save_checkin(conn, author="ann", now=NOW, day=FRI, done="d", blockers="", plan="p", mood=4)
    week = parse_week("this", FRI)
    with database.read() as conn:
        summary = build_week_summary(load_week(conn, week, ["ann"]), week, FRI, ["ann"])
    friday = summary.to_json()["days"][4]
    assert friday["checkin"] == {"done": "d", "blockers": "", "plan": "p", "mood": 4}
    assert friday["notes"][0]["text"] == "双11 #release"


def test_saving_a_checkin_twice_amends_the_same_row(database: Database) -> None:
    with database.write() as conn:
        first = save_checkin(
            conn, author="ann", now=NOW, day=FRI, done="a", blockers="", plan="", mood=None
        )
        second = save_checkin(
            conn, author="ann", now=NOW, day=FRI, done="b", blockers="", plan="", mood=2
        )
    assert first == (first[0], True) and second == (first[0], False)
    with database.read() as conn:
        checkin = get_checkin(conn, "ann", FRI)
    assert checkin is not None and (checkin.done, checkin.mood) == ("b", 2)


def test_a_failed_transaction_leaves_nothing(database: Database) -> None:
    with pytest.raises(NotFound), database.write() as conn:
        add_note(conn, author="ann", now=NOW, day=FRI, text="lost", tags=[])
        record_progress(conn, goal_id=99, author="ann", now=NOW, day=FRI, value=1.0)
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM note") == 0


def test_risks_due_for_review(database: Database) -> None:
    with database.write() as conn:
        add_risk(
            conn,
            author="ann",
            now=NOW,
            day=FRI,
            title="supplier",
            probability=4,
            impact=5,
            review_by=FRI,
        )
        add_risk(
            conn,
            author="ann",
            now=NOW,
            day=FRI,
            title="later",
            probability=1,
            impact=1,
            review_by=date(2026, 12, 30),
        )
    with database.read() as conn:
        assert [r.title for r in reviews_due(conn, "ann", FRI)] == ["supplier"]
        assert conn.scalar("SELECT count(*) FROM risk_review") == 2


def test_postgresql_writers_take_turns_so_no_update_is_lost(pg_url: str) -> None:
    """Two read-then-write transactions at once (`retro add` twice, from two machines):
    both items stay. SQLite has BEGIN IMMEDIATE; PostgreSQL an advisory lock.

    The overlap is certain, not timed: the first writer holds its transaction open until
    PostgreSQL shows the second one waiting for the lock (pg_locks, not granted)."""
    import threading
    import time

    import psycopg

    from opslog.store.retros import add_to_retro
    from opslog.store.sa_db import WRITE_LOCK

    open_database(Location(url=pg_url)).close()
    holding = threading.Event()  # the first writer is inside its transaction
    other_waits = threading.Event()  # the second writer is blocked on the lock
    errors: list[BaseException] = []

    def writer(item: str, first: bool) -> None:
        try:
            db = open_database(Location(url=pg_url))
            with db.write() as conn:
                add_to_retro(conn, author="ann", now=NOW, week="2026-W48", day=FRI,
                             went_well=[item], to_improve=[])  # fmt: skip
                if first:
                    holding.set()
                    assert other_waits.wait(30), "the second writer never queued for the lock"
            db.close()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            holding.set()

    def lock_waiters() -> int:
        with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as c:
            row = c.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND objid = %s",
                (WRITE_LOCK,),
            ).fetchone()
            return int(row[0]) if row else 0

    first = threading.Thread(target=writer, args=("a", True))
    first.start()
    assert holding.wait(30)
    second = threading.Thread(target=writer, args=("b", False))
    second.start()
    deadline = time.monotonic() + 30
    while lock_waiters() == 0:  # poll PostgreSQL's own view until it shows the wait
        assert time.monotonic() < deadline, "the second writer never waited for the lock"
    other_waits.set()
    for t in (first, second):
        t.join()
    assert errors == []
    db = open_database(Location(url=pg_url))
    with db.read() as conn:
        (row,) = conn.rows("SELECT went_well FROM retro")
    db.close()
    assert sorted(json.loads(row["went_well"])) == ["a", "b"]
