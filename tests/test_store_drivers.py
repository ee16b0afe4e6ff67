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

NOW = "2026-11-27T18:00:00.000000+00:00"
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
    both items stay. SQLite has BEGIN IMMEDIATE; PostgreSQL an advisory lock."""
    import threading
    import time

    from opslog.store.retros import add_to_retro

    open_database(Location(url=pg_url)).close()

    def writer(item: str) -> None:
        db = open_database(Location(url=pg_url))
        with db.write() as conn:
            add_to_retro(conn, author="ann", now=NOW, week="2026-W48", day=FRI,
                         went_well=[item], to_improve=[])  # fmt: skip
            time.sleep(0.3)  # hold the transaction while the other one tries to write
        db.close()

    threads = [threading.Thread(target=writer, args=(x,)) for x in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db = open_database(Location(url=pg_url))
    with db.read() as conn:
        (row,) = conn.rows("SELECT went_well FROM retro")
    db.close()
    assert sorted(json.loads(row["went_well"])) == ["a", "b"]
