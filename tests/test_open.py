"""Creating, refusing and upgrading database files."""

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from opslog.errors import SchemaMismatch, StoreError
from opslog.store import migrations
from opslog.store.db import Conn, Location, SqliteDatabase
from opslog.store.open import open_database
from tests.conftest import Run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_location_is_private_whatever_the_umask(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from opslog.cli.app import app

    old = os.umask(0)
    try:
        assert CliRunner().invoke(app, ["note", "hello"]).exit_code == 0
    finally:
        os.umask(old)
    data = private_home / ".local" / "share" / "opslog"
    assert mode(data) == 0o700
    assert mode(data / "opslog.db") == 0o600
    for extra in ("opslog.db-wal", "opslog.db-shm"):
        if (data / extra).exists():
            assert mode(data / extra) == 0o600


@pytest.mark.parametrize("content", [b"", b"hello, not a database", None])
def test_a_file_that_is_not_ours_is_never_initialised_over(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE accounts (id INTEGER)")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(SchemaMismatch, match=r"not an opslog database|not a database"):
        open_database(Location(path=path))
    assert path.read_bytes() == before


def test_a_newer_database_is_refused_naming_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE opslog_meta SET value = '99' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(SchemaMismatch, match=r"v99.*v3"):
        open_database(Location(path=path))
    assert path.read_bytes() == before


def test_cli_reports_a_foreign_file_in_one_line_exit_1(run: Run, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    r = run("week")
    assert r.exit_code == 1
    assert r.stderr.strip().endswith("is not an opslog database; refusing to touch it")
    assert db_path.read_bytes() == b""


def test_an_older_schema_is_upgraded_in_place_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "o.db"
    db = open_database(Location(path=path))
    with db.write() as conn:
        conn.execute(
            "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
            " VALUES ('u1', 'ann', 't', 't', '2026-11-27', 'kept', '[]')"
        )
    db.close()

    def v2(conn: Conn) -> None:
        conn.execute("ALTER TABLE note ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    nxt = migrations.SCHEMA_VERSION + 1  # a test-only next version
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, v2)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    db = open_database(Location(path=path))
    with db.read() as conn:
        assert migrations.read_version(conn) == nxt
        assert conn.rows("SELECT text, pinned FROM note") == [{"text": "kept", "pinned": 0}]
    db.close()
    backups = list(tmp_path.glob(f"o.db.v{nxt - 1}-*.bak"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT text FROM note").fetchall() == [("kept",)]


def test_a_failed_upgrade_leaves_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()

    def broken(conn: Conn) -> None:
        conn.execute("ALTER TABLE note ADD COLUMN pinned INTEGER")
        conn.execute("THIS IS NOT SQL")

    nxt = migrations.SCHEMA_VERSION + 1  # a test-only next version
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    with pytest.raises(StoreError):
        open_database(Location(path=path))
    with sqlite3.connect(path) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(note)")]
        version = conn.execute("SELECT value FROM opslog_meta WHERE key='schema_version'")
        assert "pinned" not in cols and version.fetchone() == (str(nxt - 1),)


def test_a_read_only_database_still_reads_and_refuses_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()
    # As root, chmod does not stop writes; pretend the file is not writable, which is
    # what open_database checks, and let SQLite's read-only mode do the rest.
    monkeypatch.setattr(os, "access", lambda p, m: False)
    db = open_database(Location(path=path))
    assert isinstance(db, SqliteDatabase) and db.readonly
    with db.read() as conn:
        assert conn.scalar("SELECT count(*) FROM note") == 0
    with pytest.raises(StoreError, match="read-only"), db.write():
        pass
    db.close()
