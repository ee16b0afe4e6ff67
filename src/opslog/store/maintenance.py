"""Looking after the data: a consistent backup copy, integrity checks, counts."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from opslog.domain.kinds import BY_NAME, KINDS, Kind, Ref, referrers
from opslog.errors import BadInput, StoreError
from opslog.i18n import _
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
        raise BadInput(_("backup target {target} is a folder; name a file").format(target=target))
    exists = target.exists() or target.is_symlink()
    if exists and target.exists() and os.path.samefile(target, db.path):
        raise BadInput(_("backup target {target} is the database itself").format(target=target))
    if exists and not force:
        raise BadInput(_("{target} exists; add --force to replace it").format(target=target))
    remove_stale_temporaries(target.parent)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        create_private_file(tmp)
    except OSError as exc:
        raise StoreError(
            _("cannot write the backup {target}: {strerror}").format(
                target=target, strerror=_(str(exc.strerror))
            )
        ) from exc
    try:
        problems = _copy(db, tmp)
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # refuses, race-free, if something appeared meanwhile
        fsync_dir(target.parent)
    except FileExistsError:
        raise BadInput(
            _("{target} exists; add --force to replace it").format(target=target)
        ) from None
    except OSError as exc:
        raise StoreError(
            _("cannot write the backup {target}: {strerror}").format(
                target=target, strerror=_(str(exc.strerror))
            )
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    if problems:
        first = " ".join(problems[0].split())
        raise DamagedSource(
            f"{db.where} is damaged ({first}); the copy {target} has the same damage."
            " Check with: opslog info --check"
        )
    return target.stat().st_size


_TEMPORARY = re.compile(r"\..+\.tmp-(\d+)(?:-journal|-wal|-shm)?")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the `.NAME.tmp-PID` copies that killed backups left in `folder` (their
    process is gone; only SQLite files or empty ones, never anything else)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMPORARY.fullmatch(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False) or _alive(int(m.group(1))):
            continue
        path = Path(entry.path)
        try:
            with path.open("rb") as f:
                head = f.read(16)
            if (
                head
                and not head.startswith(b"SQLite format 3\0")
                and not m.group(0).endswith(("-journal", "-wal", "-shm"))
            ):
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False  # (kill(0) would ask about our own process group)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # someone else's process: leave its file alone
    return True


class DamagedSource(StoreError):
    """The copy was written, but the database it copies is damaged."""


def _copy(db: SqliteDatabase, path: Path) -> list[str]:
    dest = sqlite3.connect(str(path), isolation_level=None)
    try:
        db.raw.backup(dest)  # pages=-1: the whole file in one step, under one read lock
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # The copy is page for page the source: a damaged copy means a damaged source.
        found = [str(r[0]) for r in dest.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, db.where) from exc
    finally:
        dest.close()
    return [p for p in found if p != "ok"]
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sqlite_version() -> str:
    return sqlite3.sqlite_version


def dependents(conn: Conn, kind: str, uid: str) -> list[tuple[Kind, Ref, int]]:
    """What deleting this record would delete (or un-link): (the kind referring to it,
    its reference, how many), for each reference with any (domain/kinds.py says which
    and how)."""
    found = []
    for child, ref in referrers(kind):
        sql = f'SELECT count(*) FROM "{child.table}" WHERE "{ref.column}" = :u'
        count = int(conn.scalar(sql, {"u": uid}) or 0)
        if count:
            found.append((child, ref, count))
    return found


def delete_record(conn: Conn, kind: str, record_id: int, uid: str, now: str) -> None:
    """Delete one record and what hangs off it, in the caller's transaction: children
    that go with their parent are deleted (a goal's progress, a risk's reviews), the
    others stay, un-linked (a retro's actions)."""
    for child, ref in referrers(kind):
        col = ref.column
        if ref.on_delete == "delete":
            conn.execute(f'DELETE FROM "{child.table}" WHERE "{col}" = :u', {"u": uid})
        else:
            conn.execute(
                f'UPDATE "{child.table}" SET "{col}" = NULL, updated_at = :now WHERE "{col}" = :u',
                {"u": uid, "now": now},
            )
    conn.execute(f'DELETE FROM "{BY_NAME[kind].table}" WHERE id = :id', {"id": record_id})
