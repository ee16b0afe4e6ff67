"""Schema v2's new kinds (kpi, reading, feedback, feedback_link, team_member) and
`action.done_by`, on every driver; the v1 -> v2 upgrade on PostgreSQL; the search index
that other tools (sqlite-utils, Datasette) recognise."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from opslog.domain import records
from opslog.errors import StoreError
from opslog.store import crud, ddl_v1, migrations
from opslog.store.db import Database, Location
from opslog.store.open import open_database
from tests.conftest import Run
from tests.fixtures.clock import NOW

FRI = date(2026, 11, 27)
FIXTURES = Path(__file__).parent / "fixtures"


def test_every_new_kind_round_trips(database: Database) -> None:
    with database.write() as conn:
        visits = crud.create(conn, records.Kpi, author="ann", now=NOW, name="流量",
                             unit="visits")  # fmt: skip
        orders = crud.create(conn, records.Kpi, author="ann", now=NOW, name="订单")
        rate = crud.create(
            conn, records.Kpi, author="ann", now=NOW, name="转化率", unit="%",
            ratio_num_uid=orders.uid, ratio_den_uid=visits.uid, keep_above=3.0, why="双11",
        )  # fmt: skip
        reading = crud.create(conn, records.Reading, author="ann", now=NOW,
                              kpi_uid=visits.uid, day=FRI, value=12800.5, note="备注")  # fmt: skip
        action = crud.create(conn, records.Action, author="ann", now=NOW, day=FRI,
                             text="faster shipping", status="done", done_day=FRI,
                             done_by="李雷")  # fmt: skip
        fb = crud.create(conn, records.Feedback, author="ann", now=NOW, day=FRI,
                         text="发货太慢", channel="微信", category="物流", count=3,
                         sentiment="neg", action_uid=action.uid)  # fmt: skip
        link = crud.create(conn, records.FeedbackLink, author="ann", now=NOW,
                           category="物流", day=FRI, action_uid=action.uid)  # fmt: skip
        member = crud.create(conn, records.TeamMember, author="ann", now=NOW, name="李雷",
                             workdays=["sat", "sun"])  # fmt: skip
    with database.read() as conn:
        assert crud.get(conn, records.Kpi, rate.id) == rate
        assert crud.get(conn, records.Kpi, rate.id).is_ratio
        assert not crud.get(conn, records.Kpi, visits.id).is_ratio
        assert crud.get(conn, records.Reading, reading.id) == reading
        assert crud.get(conn, records.Action, action.id).done_by == "李雷"
        assert crud.get(conn, records.Feedback, fb.id) == fb
        assert crud.get(conn, records.FeedbackLink, link.id) == link
        assert crud.get(conn, records.TeamMember, member.id).workdays == ["sat", "sun"]
        default = records.TeamMember(0, "u", "a", NOW, NOW, name="x")
        assert default.workdays == ["mon", "tue", "wed", "thu", "fri"]


def test_one_reading_per_kpi_author_and_day(database: Database) -> None:
    with database.write() as conn:
        kpi = crud.create(conn, records.Kpi, author="ann", now=NOW, name="GMV")
        crud.create(conn, records.Reading, author="ann", now=NOW, kpi_uid=kpi.uid, day=FRI,
                    value=1.0)  # fmt: skip
        crud.create(conn, records.Reading, author="bob", now=NOW, kpi_uid=kpi.uid, day=FRI,
                    value=2.0)  # another author's reading of the same day: allowed
    with pytest.raises(StoreError), database.write() as conn:
        crud.create(conn, records.Reading, author="ann", now=NOW, kpi_uid=kpi.uid, day=FRI,
                    value=3.0)  # fmt: skip
    with database.read() as conn:
        values = [r["value"] for r in conn.rows("SELECT value FROM reading ORDER BY value")]
    assert values == [1.0, 2.0]


@pytest.mark.parametrize(("count", "sentiment"), [(0, None), (1, "bad")])
def test_the_database_refuses_impossible_feedback(
    database: Database, count: int, sentiment: str | None
) -> None:
    with pytest.raises(StoreError), database.write() as conn:
        crud.create(conn, records.Feedback, author="ann", now=NOW, day=FRI, text="x",
                    count=count, sentiment=sentiment)  # fmt: skip
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM feedback") == 0


def test_a_team_member_is_listed_once(database: Database) -> None:
    with database.write() as conn:
        crud.create(conn, records.TeamMember, author="ann", now=NOW, name="李雷")
    with pytest.raises(StoreError), database.write() as conn:
        crud.create(conn, records.TeamMember, author="bob", now=NOW, name="李雷")


def test_a_v1_postgresql_database_is_upgraded_in_place(pg_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as c:
        for statement in ddl_v1.POSTGRESQL:
            c.execute(text(statement))
        c.execute(text("INSERT INTO opslog_meta (key, value) VALUES ('app', 'opslog'),"
                       " ('schema_version', '1')"))  # fmt: skip
        c.execute(text(
            "INSERT INTO action (uid, author, created_at, updated_at, day, text, owner,"
            " status) VALUES ('u1', 'ann', :t, :t, '2026-11-27', '写复盘', '', 'open')"
        ), {"t": NOW})  # fmt: skip
    engine.dispose()
    db = open_database(Location(url=pg_url))
    try:
        with db.read() as conn:
            assert migrations.read_version(conn) == migrations.SCHEMA_VERSION
            row = conn.one("SELECT text, done_by FROM action")
            assert row == {"text": "写复盘", "done_by": None}
            for table in ("kpi", "reading", "feedback", "feedback_link", "team_member"):
                assert conn.scalar(f"SELECT count(*) FROM {table}") == 0
    finally:
        db.close()


def test_the_v1_upgrade_rebuilds_the_search_index(tmp_path: Path) -> None:
    path = tmp_path / "opslog.db"
    shutil.copy(FIXTURES / "v1.db", path)
    open_database(Location(path=path)).close()
    conn = sqlite3.connect(path)
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'note_fts'").fetchone()[0]
        assert 'content="note"' in sql
        found = conn.execute(
            "SELECT n.id FROM note AS n JOIN note_fts ON note_fts.rowid = n.id"
            " WHERE note_fts MATCH '\"ban\" AND \"ner\"'"
        ).fetchall()
        # the index was rebuilt from the rows: note 1 ("双11 banner live") is found
        assert found == [(1,)]
        # an integrity check of every index against its table passes
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%!_fts' ESCAPE '!'"
        ).fetchall():
            conn.execute(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def sqlite_utils_search(path: Path, table: str, term: str) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(path), table, term],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_sqlite_utils_search_finds_notes_in_a_logbook(run: Run, db_path: Path) -> None:
    assert run("note", "双11 banner live 供应商").exit_code == 0
    assert run("note", "another day").exit_code == 0
    assert run("checkin", "--done", "问了供应商", "--no-input").exit_code == 0
    hits = sqlite_utils_search(db_path, "note", "供应商")
    assert [h["text"] for h in hits] == ["双11 banner live 供应商"]
    assert [h["done"] for h in sqlite_utils_search(db_path, "checkin", "供应商")] == ["问了供应商"]
