"""store/goals.py over both drivers (stdlib sqlite3, SQLAlchemy; PostgreSQL where a
server is available): the goal commands' queries must not drift between them."""

from __future__ import annotations

from datetime import date

import pytest

from opslog.errors import BadInput, NotFound
from opslog.store.db import Database
from opslog.store.goals import (
    add_goal,
    checkin_goal,
    close_goal,
    edit_goal,
    goal_histories,
    goal_history,
)
from tests.fixtures.clock import NOW

START, DUE, FRI = date(2026, 11, 1), date(2026, 12, 31), date(2026, 11, 27)


def add(conn: object, title: str, author: str = "ann") -> int:
    return add_goal(conn, author=author, now=NOW, title=title, metric="m",  # type: ignore[arg-type]
                    target=120, due=DUE, start=START, baseline=100)  # fmt: skip


def test_goals_with_their_checkins_and_closing(database: Database) -> None:
    with database.write() as conn:
        one, two, _ = add(conn, "one"), add(conn, "two"), add(conn, "bob's", author="bob")
        checkin_goal(conn, goal_id=one, author="ann", now=NOW, day=FRI, value=110, confidence=7)
        goal, checkins = checkin_goal(conn, goal_id=one, author="ann", now=NOW,
                                      day=date(2026, 11, 20), value=105)  # fmt: skip
        assert (goal.id, [p.value for p in checkins]) == (one, [105, 110])  # by day
        assert close_goal(conn, two, status="dropped", day=FRI, now=NOW)[1] is True
    with database.read() as conn:
        assert [g.title for g, _ in goal_histories(conn, "ann")] == ["one"]
        everything = goal_histories(conn, "ann", include_closed=True)
        assert [(g.title, g.status, g.done_day, len(p)) for g, p in everything] == [
            ("one", "active", None, 2), ("two", "dropped", FRI, 0)]  # fmt: skip


def test_edit_validates_and_a_refusal_writes_nothing(database: Database) -> None:
    with database.write() as conn:
        goal_id = add(conn, "one")
    with pytest.raises(BadInput, match="equals baseline"), database.write() as conn:
        edit_goal(conn, goal_id, {"title": "changed", "target": 100.0}, NOW)
    with database.write() as conn:
        before, after = edit_goal(conn, goal_id, {"due": date(2027, 1, 31), "owner": "bob"}, NOW)
    assert (before.due, after.due) == (DUE, date(2027, 1, 31))
    assert (after.owner, after.title) == ("bob", "one")
    with pytest.raises(NotFound, match="no goal with id 99"), database.read() as conn:
        goal_history(conn, 99)


def test_the_checkins_value_is_one_per_goal_author_and_day(database: Database) -> None:
    """Issue 16 item 3: a check-in run again replaces the day's value (keeping its
    confidence); a noted value, another author's or another day's stays."""
    from opslog.store.goals import set_day_value

    later = "2026-11-27T19:00:00.000000+00:00"
    with database.write() as conn:
        one = add(conn, "one")
        checkin_goal(conn, goal_id=one, author="ann", now=NOW, day=FRI, value=101, note="noon")
        first = set_day_value(conn, goal_id=one, author="ann", now=NOW, day=FRI, value=110)
        again = set_day_value(conn, goal_id=one, author="ann", now=later, day=FRI, value=112)
        set_day_value(conn, goal_id=one, author="bob", now=NOW, day=FRI, value=90)
        set_day_value(conn, goal_id=one, author="ann", now=NOW, day=date(2026, 11, 26), value=108)
    assert again == first
    with database.read() as conn:
        _goal, checkins = goal_history(conn, one)
    got = sorted((p.day.isoformat(), p.author, p.value, p.note) for p in checkins)
    assert got == [("2026-11-26", "ann", 108, ""), ("2026-11-27", "ann", 101, "noon"),
                   ("2026-11-27", "ann", 112, ""), ("2026-11-27", "bob", 90, "")]  # fmt: skip
