"""Open the database a command needs: create it on first use, refuse what is not
ours or is newer than this program, upgrade an older one after a backup copy."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from opslog.errors import SchemaMismatch, StoreError
from opslog.i18n import _
from opslog.store import migrations
from opslog.store.db import Conn, Database, Location, SqliteDatabase, create_private_file

T = TypeVar("T")


def open_database(location: Location, *, create: bool = True) -> Database:
    """The database at `location`, made on first use unless `create` is False (a read:
    a mistyped path must not leave folders and an empty logbook behind)."""
    if location.url is not None:
        from opslog.store.sa_db import SqlAlchemyDatabase

        sa_db = SqlAlchemyDatabase(location.url)
        ensure_schema(sa_db, allow_init=True)
        return sa_db
    assert location.path is not None
    path = location.path
    if path.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=path))
    if not path.exists():
        if path.is_symlink():
            raise StoreError(
                _("{path} is a symbolic link to nothing; refusing to create it").format(path=path)
            )
        if not create:
            return empty_database(path)
        initialise_sqlite_file(path)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    db = SqliteDatabase(path, readonly=not writable)
    try:
        ensure_schema(db, allow_init=False)
    except BaseException:
        db.close()
        raise
    return db


def empty_database(path: Path) -> SqliteDatabase:
    """An empty logbook in memory standing for `path`, which does not exist: a command
    that only reads shows nothing, and creates no file or folder (a mistyped path must
    not leave an empty logbook behind). `missing` tells the caller."""
    db = SqliteDatabase(Path(":memory:"))
    db.path, db.where, db.missing = path, str(path), True
    with db.write() as conn:
        migrations.upgrade(conn, 0)
    return db


def ensure_schema(db: Database, *, allow_init: bool) -> None:
    with db.read() as conn:
        version = migrations.read_version(conn)
        empty = version is None and allow_init and not _has_opslog_tables(conn)
    if version is None and not empty:
        raise SchemaMismatch(
            _("{where} is not an opslog database; refusing to touch it").format(where=db.where)
        )
    current = migrations.SCHEMA_VERSION
    if version is not None and version < 1:
        # No opslog ever wrote this (a new file is made at v1 in one step): upgrading
        # "from" it would re-create tables, and back up the file on every start.
        raise SchemaMismatch(
            _(
                "{where} says schema v{version}, which no opslog writes: it "
                "is damaged; opslog left it as it is"
            ).format(where=db.where, version=version)
        )
    if version is not None and version > current:
        raise SchemaMismatch(
            _(
                "{where} has schema v{version}, newer than this opslog "
                "(v{current}); upgrade opslog to use it"
            ).format(where=db.where, version=version, current=current)
        )
    if version == current:
        return
    if isinstance(db, SqliteDatabase):
        if db.readonly:
            raise StoreError(
                _("{where} needs an upgrade to v{current} but is read-only").format(
                    where=db.where, current=current
                )
            )
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
    crash mid-way never leaves a half-made file that would then be refused. If another
    process made `path` meanwhile, theirs is kept."""
    create_sqlite_file(path)


def create_sqlite_file(
    path: Path, fill: Callable[[SqliteDatabase], T] | None = None
) -> tuple[bool, T | None]:
    """Build a new database under a private name beside `path` (and with `fill`, write
    into it: an import), then link it into place in one step. Returns (linked, what
    `fill` returned). Not linked when another process made `path` meanwhile: theirs is
    kept, untouched, and nothing `fill` wrote is in it. Whatever happens the private
    file goes: a failure (bad input in `fill`) removes only what this process made,
    never a database that another opslog created and wrote to meanwhile."""
    tmp = path.with_name(f".{path.name}.init-{os.getpid()}")
    try:
        make_private_dirs(path.parent)
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
            result = fill(db) if fill is not None else None
        finally:
            db.close()  # the last connection: checkpoints the WAL into the file
        _fsync(tmp)
        try:
            os.link(tmp, path)  # fails if another process won the race: use theirs
            linked = True
        except FileExistsError:
            linked = False
        fsync_dir(path.parent)
        return linked, result
    except OSError as exc:
        raise StoreError(
            _("cannot create the database {path}: {strerror}").format(
                path=path, strerror=_(str(exc.strerror))
            )
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(OSError):  # the folder may not exist at all
                leftover.unlink(missing_ok=True)


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and every missing parent 0700 (pathlib gives parents 0777 less
    the umask: under umask 0 they would be world-writable, and anyone could swap the
    folder holding the database)."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=0o700)
        except FileExistsError:
            pass  # another opslog made it meanwhile
        except OSError as exc:
            raise StoreError(
                _("cannot create the folder {each}: {strerror}").format(
                    each=each, strerror=_(str(exc.strerror))
                )
            ) from exc


def backup_copy(db: SqliteDatabase, version: int) -> Path:
    """A consistent copy beside the file before an upgrade, `NAME.vN-STAMP.bak`.

    Written under a temporary name and linked into place when complete, so a crash leaves no
    half-written file that looks like a backup; never overwrites an earlier backup."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    tmp = db.path.with_name(f".{db.path.name}.backup-{os.getpid()}")
    try:
        tmp.unlink(missing_ok=True)
        create_private_file(tmp)
        dest = sqlite3.connect(os.fsencode(tmp), isolation_level=None)
        try:
            db.raw.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        _fsync(tmp)
        for n in range(1000):
            suffix = f"-{n}" if n else ""
            target = db.path.with_name(f"{db.path.name}.v{version}-{stamp}{suffix}.bak")
            try:
                os.link(tmp, target)  # never replaces an existing backup
            except FileExistsError:
                continue
            fsync_dir(target.parent)
            return target
        raise StoreError(
            _("not upgraded: too many backups of {where} this second").format(where=db.where)
        )
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StoreError(
            _(
                "not upgraded: cannot write a backup copy beside {where} "
                "({reason}); the database is unchanged"
            ).format(where=db.where, reason=reason)
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a new directory entry durable (best effort: not every file system can)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
