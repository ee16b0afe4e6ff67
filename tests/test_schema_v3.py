"""Schema v3: `goal.kpi_uid` (a goal following a KPI), on every driver; the v2 -> v3
upgrade on PostgreSQL (the SQLite files of v1 and v2 are upgraded by
tests/test_reliability_migrations.py and tests/test_schema_drift.py)."""

from __future__ import annotations

from datetime import date

import pytest

from opslog.domain import records
from opslog.errors import StoreError
from opslog.store import crud, ddl_v2, migrations
from opslog.store.db import Database, Location
from opslog.store.open import open_database
from tests.fixtures.clock import NOW

FRI = date(2026, 11, 27)


def _goal(conn: object, **extra: object) -> records.Goal:
    return crud.create(conn, records.Goal, author="ann", now=NOW, title="转化率到4%",  # type: ignore[arg-type]
                       metric="转化率", target=4.0, baseline=3.0, start=FRI,
                       due=date(2026, 12, 31), **extra)  # fmt: skip


def test_a_goal_keeps_the_kpi_it_follows(database: Database) -> None:
    with database.write() as conn:
        kpi = crud.create(conn, records.Kpi, author="ann", now=NOW, name="转化率", unit="%")
        follows = _goal(conn, kpi_uid=kpi.uid)
        own = _goal(conn)
    with database.read() as conn:
        assert crud.get(conn, records.Goal, follows.id).kpi_uid == kpi.uid
        assert crud.get(conn, records.Goal, own.id).kpi_uid is None


def test_a_goal_cannot_follow_a_kpi_that_is_not_there(database: Database) -> None:
    with pytest.raises(StoreError), database.write() as conn:
        _goal(conn, kpi_uid="00000000-0000-4000-8000-000000000000")
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM goal") == 0


def test_a_v2_postgresql_database_is_upgraded_in_place(pg_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as c:
        for statement in ddl_v2.POSTGRESQL:
            c.execute(text(statement))
        c.execute(text("INSERT INTO opslog_meta (key, value) VALUES ('app', 'opslog'),"
                       " ('schema_version', '2')"))  # fmt: skip
        c.execute(text(
            "INSERT INTO goal (uid, author, created_at, updated_at, title, metric, unit,"
            " baseline, target, start, due, owner, status, why) VALUES ('g1', 'ann', :t, :t,"
            " 'GMV 双11', 'gmv', '万', 100, 120, '2026-11-01', '2026-12-31', '', 'active', '')"
        ), {"t": NOW})  # fmt: skip
    engine.dispose()
    db = open_database(Location(url=pg_url))
    try:
        with db.read() as conn:
            assert migrations.read_version(conn) == 3
            row = conn.one("SELECT title, target, kpi_uid FROM goal")
            assert row == {"title": "GMV 双11", "target": 120.0, "kpi_uid": None}
        with db.write() as conn:  # and the new column takes a KPI
            kpi = crud.create(conn, records.Kpi, author="ann", now=NOW, name="GMV")
            conn.execute("UPDATE goal SET kpi_uid = :k", {"k": kpi.uid})
        with db.read() as conn:
            assert crud.find(conn, records.Goal)[0].kpi_uid == kpi.uid
    finally:
        db.close()
