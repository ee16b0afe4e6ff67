"""Log, search, delete and counts give the same answers over every driver: the stdlib
sqlite3 one, SQLAlchemy on SQLite, and PostgreSQL (a throw-away server)."""

import pytest

from opslog.domain.search import SearchQuery
from opslog.store.db import Database
from opslog.store.log import LogFilter, iter_log
from opslog.store.maintenance import counts, delete_record, integrity_problems
from opslog.store.search import search
from tests.fixtures.clock import NOW
from tests.fixtures.records import fill


def kinds_found(db: Database, query: str) -> list[str]:
    with db.read() as conn:
        return [h.entry.kind for h in search(conn, SearchQuery.parse(query))]


def test_the_log_is_in_date_order(database: Database) -> None:
    fill(database)
    with database.read() as conn:
        entries = list(iter_log(conn, LogFilter(tag="ops")))
        kinds = [e.kind for e in iter_log(conn, LogFilter())]
    assert [e.record.id for e in entries] == [1]
    assert kinds == [
        "goal",
        "note",
        "checkin",
        "progress",
        "risk",
        "risk_review",
        "retro",
        "action",
    ]


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("双11", ["goal"]),
        ("供应商", ["note"]),
        ("SUPPLIER late", ["checkin"]),
        ("supplier zz", []),
        ("provider", ["risk", "risk_review"]),
        ('hi"', ["retro"]),
        ("%", []),
        ("_", []),
    ],
)
def test_search_answers_alike(database: Database, query: str, kinds: list[str]) -> None:
    fill(database)
    assert kinds_found(database, query) == kinds


def test_deleting_a_goal_takes_its_progress(database: Database) -> None:
    made = fill(database)
    with database.write() as conn:
        delete_record(conn, "goal", made["goal"].id, made["goal"].uid, NOW)
        delete_record(conn, "retro", made["retro"].id, made["retro"].uid, NOW)
        found = counts(conn)
        assert integrity_problems(conn) == []
    assert (found["goal"], found["progress"], found["retro"], found["action"]) == (0, 0, 0, 1)
