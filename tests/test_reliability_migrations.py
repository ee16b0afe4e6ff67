"""Reliability matrix, 6: every schema version ever shipped opens with every row intact.

`tests/fixtures/vN.db` is a database as version N wrote it (v1.db from
`tests/fixtures/make_v1.py`). The current code opens a copy (upgrading it if the
schema moved on, with a backup left beside it) and every row of the old tables is
still there, value for value. When a v2 ships, add `make_v2.py` and `v2.db`: the first
test below fails until there is a fixture for every version.

The fixtures are only ever opened as copies: opening a WAL database, even read-only,
writes -wal/-shm files beside it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opslog.store import migrations
from opslog.store.db import Conn, Location
from opslog.store.open import open_database
from tests.conftest import Run
from tests.fixtures.harness import HERE, dump, integrity, rows


def fixture_copy(version: int, tmp_path: Path) -> Path:
    target = tmp_path / f"copy-v{version}" / "opslog.db"
    target.parent.mkdir()
    shutil.copy(HERE / f"v{version}.db", target)
    return target


def old_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows, by the columns it had (a later version may add columns)."""
    out = {}
    for table in dump(path):
        cols = [r[1] for r in rows(path, f'PRAGMA table_info("{table}")')]
        out[table] = (cols, sorted(rows(path, f'SELECT * FROM "{table}"'), key=repr))
    return out  # type: ignore[return-value]


def same_rows(before: dict[str, Any], after_path: Path) -> None:
    for table, (cols, old) in before.items():
        if table == "opslog_meta":
            continue
        select = ", ".join(f'"{c}"' for c in cols)
        new = sorted(rows(after_path, f'SELECT {select} FROM "{table}"'), key=repr)
        assert new == old, f"{table} changed"


def test_every_shipped_schema_version_has_a_fixture() -> None:
    for version in range(1, migrations.SCHEMA_VERSION + 1):
        assert (HERE / f"v{version}.db").is_file(), f"no tests/fixtures/v{version}.db"
        assert (HERE / f"make_v{version}.py").is_file()


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION + 1))
def test_a_shipped_database_opens_with_every_row_intact(version: int, tmp_path: Path) -> None:
    path = fixture_copy(version, tmp_path)
    before = old_rows(path)
    assert sum(len(r) for _, r in before.values()) > 20
    assert all(r for t, (_, r) in before.items()), "a kind of row is missing from the fixture"
    db = open_database(Location(path=path))
    with db.read() as conn:
        assert migrations.read_version(conn) == migrations.SCHEMA_VERSION
    db.close()
    assert integrity(path) == "ok"
    same_rows(before, path)
    backups = list(path.parent.glob("*.bak"))
    if version < migrations.SCHEMA_VERSION:
        assert len(backups) == 1
        same_rows(before, backups[0])
    else:
        assert backups == []


def test_the_v1_fixture_upgraded_by_a_new_version_keeps_rows_and_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the next real migration will do, rehearsed with a test-only v2."""
    path = fixture_copy(1, tmp_path)
    before = old_rows(path)

    def v2(conn: Conn) -> None:
        conn.execute("ALTER TABLE note ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")
        conn.execute("CREATE INDEX ix_note_pinned ON note (pinned)")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, v2)
    open_database(Location(path=path)).close()
    assert rows(path, "SELECT value FROM opslog_meta WHERE key = 'schema_version'") == [("2",)]
    same_rows(before, path)
    (backup,) = path.parent.glob("opslog.db.v1-*.bak")
    assert integrity(backup) == "ok"
    same_rows(before, backup)
    assert rows(backup, "SELECT value FROM opslog_meta WHERE key = 'schema_version'") == [("1",)]
    assert rows(backup, "PRAGMA journal_mode") == [("delete",)]  # one file, nothing beside


def test_the_v1_fixture_reads_back_through_the_commands(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    shutil.copy(HERE / "v1.db", db_path)
    r = run("week", "2026-W48", "--format", "json")
    assert r.exit_code == 0, r.stderr
    week = json.loads(r.stdout)
    assert week["days"][0]["checkin"]["done"] == "发完周报"
    assert week["days"][0]["notes"][0]["tags"] == ["release", "发布"]
    assert week["days"][4]["checkin"]["blockers"] == "supplier late\nQA"
    assert "\u202eevil" in week["days"][2]["notes"][0]["text"]
    assert [g["title"] for g in week["goals"]][:1] == ["GMV 双11"]
    for fmt in ("table", "markdown"):
        r = run("week", "2026-W48", "--format", fmt)
        assert r.exit_code == 0 and "发完周报" in r.stdout, r.stderr
    r = run("--author", "李雷", "week", "2026-W48", "--format", "json")
    assert json.loads(r.stdout)["days"][4]["notes"][0]["text"] == "长" * 5000
    # and it takes new writes, which search finds next to the old rows
    assert run("note", "after the fixture 周报").exit_code == 0
    assert run("checkin", "--done", "amended", "--goal", "1=115").exit_code == 0
    found = json.loads(run("search", "周报", "--json").stdout)
    assert {f["kind"] for f in found} >= {"note", "checkin"} and len(found) >= 2
    assert run("info", "--check").exit_code == 0


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION + 1))
def test_the_fixture_is_what_its_generator_builds(version: int, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    subprocess.run([sys.executable, str(HERE / f"make_v{version}.py"), str(fresh)],
                   check=True, capture_output=True)  # fmt: skip
    committed = fixture_copy(version, tmp_path)
    assert dump(fresh) == dump(committed)
    assert rows(fresh, "PRAGMA application_id") == rows(committed, "PRAGMA application_id")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert rows(fresh, schema) == rows(committed, schema)
