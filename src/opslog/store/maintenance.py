"""Looking after the data: a consistent backup copy, integrity checks, counts."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from opslog.domain.records import KINDS
from opslog.errors import BadInput, StoreError
from opslog.store import fulltext
from opslog.store.db import Conn, SqliteDatabase, create_private_file, translate_sqlite_error
from opslog.store.open import fsync_dir


def counts(conn: Conn) -> dict[str, int]:
    return {kind: int(conn.scalar(f'SELECT count(*) FROM "{kind}"') or 0) for kind in KINDS}


def integrity_problems(conn: Conn) -> list[str]:
    """SQLite's integrity and foreign-key checks and the search index's own check;
    empty when all is well. PostgreSQL looks after its own pages: nothing to run."""
    if conn.dialect != "sqlite":
        return []
    found = [str(v) for r in conn.rows("PRAGMA integrity_check") for v in r.values()]
    problems = [p for p in found if p != "ok"]
    for r in conn.rows("PRAGMA foreign_key_check"):
        problems.append(f"{r['table']} row {r['rowid']} refers to a missing {r['parent']}")
    return problems + fulltext.check_fulltext(conn)


def search_mode(conn: Conn) -> str:
    if conn.dialect == "postgresql":
        return "substring scan (PostgreSQL)"
    if fulltext.has_fulltext(conn):
        return "full-text index (FTS5 trigram)"
    return "substring scan (no trigram index in this database)"


def backup(db: SqliteDatabase, target: Path, *, force: bool = False) -> int:
    """Copy the database to `target` with SQLite's online backup API: one consistent
    snapshot even while other processes write. The copy is written beside `target`
    (mode 0600), synced, then moved into place in one step; an existing `target` is
    replaced only with `force`, and a symlink there is replaced, never followed.
    Returns the size of the copy in bytes."""
    if target.is_dir():
        raise BadInput(f"backup target {target} is a folder; name a file")
    exists = target.exists() or target.is_symlink()
    if exists and target.exists() and os.path.samefile(target, db.path):
        raise BadInput(f"backup target {target} is the database itself")
    if exists and not force:
        raise BadInput(f"{target} exists; add --force to replace it")
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        create_private_file(tmp)
    except OSError as exc:
        raise StoreError(f"cannot write the backup {target}: {exc.strerror}") from exc
    try:
        _copy(db, tmp)
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # refuses, race-free, if something appeared meanwhile
        fsync_dir(target.parent)
    except FileExistsError:
        raise BadInput(f"{target} exists; add --force to replace it") from None
    except OSError as exc:
        raise StoreError(f"cannot write the backup {target}: {exc.strerror}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return target.stat().st_size


def _copy(db: SqliteDatabase, path: Path) -> None:
    dest = sqlite3.connect(str(path), isolation_level=None)
    try:
        db.raw.backup(dest)  # pages=-1: the whole file in one step, under one read lock
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc) from exc
    finally:
        dest.close()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sqlite_version() -> str:
    return sqlite3.sqlite_version


# What hangs off a record: (kind, its reference column, what deleting the record does).
DEPENDENTS = {
    "goal": ("progress", "goal_uid", "delete"),
    "risk": ("risk_review", "risk_uid", "delete"),
    "retro": ("action", "retro_uid", "unlink"),
}


def dependents(conn: Conn, kind: str, uid: str) -> int:
    """How many records deleting this one would delete (or un-link, for a retro)."""
    if kind not in DEPENDENTS:
        return 0
    child, ref, _how = DEPENDENTS[kind]
    return int(conn.scalar(f'SELECT count(*) FROM "{child}" WHERE "{ref}" = :u', {"u": uid}))


def delete_record(conn: Conn, kind: str, record_id: int, uid: str, now: str) -> None:
    """Delete one record and what hangs off it, in the caller's transaction: a goal's
    progress, a risk's reviews; a retro's actions stay, un-linked from it."""
    if kind in DEPENDENTS:
        child, ref, how = DEPENDENTS[kind]
        if how == "delete":
            conn.execute(f'DELETE FROM "{child}" WHERE "{ref}" = :u', {"u": uid})
        else:
            conn.execute(
                f'UPDATE "{child}" SET "{ref}" = NULL, updated_at = :now WHERE "{ref}" = :u',
                {"u": uid, "now": now},
            )
    conn.execute(f'DELETE FROM "{kind}" WHERE id = :id', {"id": record_id})
