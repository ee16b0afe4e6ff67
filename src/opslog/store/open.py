"""Open the database a command needs: create it on first use, refuse what is not
ours or is newer than this program, upgrade an older one after a backup copy."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from opslog.errors import SchemaMismatch, StoreError
from opslog.store import migrations
from opslog.store.db import Conn, Database, Location, SqliteDatabase, create_private_file


def open_database(location: Location) -> Database:
    if location.url is not None:
        from opslog.store.sa_db import SqlAlchemyDatabase

        sa_db = SqlAlchemyDatabase(location.url)
        ensure_schema(sa_db, allow_init=True)
        return sa_db
    assert location.path is not None
    path = location.path
    if not path.exists():
        initialise_sqlite_file(path)
    elif path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    db = SqliteDatabase(path, readonly=not writable)
    try:
        ensure_schema(db, allow_init=False)
    except BaseException:
        db.close()
        raise
    return db


def ensure_schema(db: Database, *, allow_init: bool) -> None:
    with db.read() as conn:
        version = migrations.read_version(conn)
        empty = version is None and allow_init and not _has_opslog_tables(conn)
    if version is None and not empty:
        raise SchemaMismatch(f"{db.where} is not an opslog database; refusing to touch it")
    current = migrations.SCHEMA_VERSION
    if version is not None and version > current:
        raise SchemaMismatch(
            f"{db.where} has schema v{version}, newer than this opslog (v{current});"
            " upgrade opslog to use it"
        )
    if version == current:
        return
    if isinstance(db, SqliteDatabase):
        if db.readonly:
            raise StoreError(f"{db.where} needs an upgrade to v{current} but is read-only")
        backup_copy(db, version or 0)
    with db.write() as conn:
        # Another process may have upgraded while we waited for the write lock.
        again = migrations.read_version(conn) or 0
        if again < current:
            migrations.upgrade(conn, again)


def _has_opslog_tables(conn: Conn) -> bool:
    return any(migrations.table_exists(conn, name) for name in ("note", "checkin", "goal"))


def initialise_sqlite_file(path: Path) -> None:
    """Build a new database beside `path` and move it into place in one step, so a
    crash mid-way never leaves a half-made file that would then be refused."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.init-{os.getpid()}")
    try:
        create_private_file(tmp)
        raw = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute(f"PRAGMA application_id = {migrations.SQLITE_APPLICATION_ID}")
        finally:
            raw.close()
        db = SqliteDatabase(tmp)
        try:
            with db.write() as conn:
                migrations.upgrade(conn, 0)
        finally:
            db.close()
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # fails if another process won the race: use theirs
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def backup_copy(db: SqliteDatabase, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db.path.with_name(f"{db.path.name}.v{version}-{stamp}.bak")
    create_private_file(target)
    dest = sqlite3.connect(str(target))
    try:
        db.raw.backup(dest)
    finally:
        dest.close()
    return target
