"""Connections and transactions.

Two drivers behind one small interface (`Database.read()` / `Database.write()` give a
`Conn`), so every query in `store/` is written once, as portable SQL with `:name`
parameters:
- SQLite files go through the stdlib `sqlite3` module: the everyday commands never pay
  for importing SQLAlchemy (~250 ms, more than the rest of a command together).
- Any other SQLAlchemy URL (PostgreSQL for a team) goes through `store/sa_db.py`.
The test suite runs the store tests over both drivers (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from opslog.config import expand_user
from opslog.domain.plain import plain
from opslog.errors import Busy, OpslogError, SchemaMismatch, StoreError
from opslog.i18n import _

BUSY_TIMEOUT_S = 5.0  # the default; OPSLOG_BUSY_TIMEOUT (seconds) overrides it
Params = Mapping[str, Any]


def busy_timeout() -> float:
    """Seconds a write waits for another process's lock before giving up (Busy)."""
    raw = os.environ.get("OPSLOG_BUSY_TIMEOUT", "").strip()
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:  # NaN fails this too
        from opslog.errors import BadInput

        raise BadInput(
            _("bad OPSLOG_BUSY_TIMEOUT {raw!r}: expected seconds, 0–3600").format(raw=raw)
        )
    return value


class Conn(Protocol):
    """One connection inside one transaction."""

    dialect: str

    def execute(self, sql: str, params: Params | None = None) -> Any: ...

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]: ...

    def one(self, sql: str, params: Params | None = None) -> dict[str, Any] | None: ...

    def scalar(self, sql: str, params: Params | None = None) -> Any: ...

    def insert(self, table: str, values: Params) -> int: ...

    # One INSERT (`sql`, :name parameters) run for each row, in one go where the driver
    # can (executemany); how many rows went in (ON CONFLICT DO NOTHING skips count 0).
    def insert_many(self, sql: str, rows: Sequence[Params]) -> int: ...

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], new: bool = False
    ) -> int:
        """Insert rows of `columns`, skipping any whose uid is already there; returns how
        many went in. `new`: the caller knows that no uid, id or other unique key of the
        rows is in the table or twice among them (written faster where copies(table))."""
        ...

    def copies(self, table: str) -> bool:
        """Does insert_rows(..., new=True) write `table` faster here (PostgreSQL's COPY)?
        Worth a lookup of every uid first."""
        ...

    def stream(self, sql: str, params: Params | None = None) -> Iterator[dict[str, Any]]: ...

    def stream_values(
        self, sql: str, params: Params | None = None
    ) -> Iterator[tuple[Any, ...]]: ...


class Database(Protocol):
    dialect: str
    where: str  # a path or a URL without its password, for messages

    def read(self) -> Any: ...  # context manager yielding Conn

    def write(self) -> Any: ...  # context manager yielding Conn

    def close(self) -> None: ...


@plain(frozen=True)
class Location:
    """Where the data is: a SQLite file path, or another SQLAlchemy URL."""

    path: Path | None = None
    url: str | None = None

    @property
    def where(self) -> str:
        if self.path is not None:
            return str(self.path)
        return _hide_password(self.url or "")


def parse_location(value: str) -> Location:
    value = value.strip()
    if value.startswith("sqlite:///"):
        rest = value[len("sqlite:///") :]
        if not rest or rest.startswith(":memory:"):
            from opslog.errors import BadInput

            raise BadInput(
                _("bad database {value!r}: opslog needs a file, not memory").format(value=value)
            )
        return Location(path=expand_user(rest.split("?", 1)[0]))
    if "://" in value:
        _check_url(value)
        return Location(url=value)
    return Location(path=expand_user(value))


# Query parameters whose value is a secret (libpq's `password`, tokens, keys).
_SECRET_PARAM = re.compile(r"(?i)((?:^|[&;])[^=&;]*(?:pass|pwd|token|secret|key)[^=&;]*=)([^&;]*)")
_SECRETS: set[str] = set()  # every secret seen in a URL this run: scrub() removes them


def _split_userinfo(url: str) -> tuple[str, str, str, str] | None:
    """(scheme://, user info, rest of the authority and path, ?query) or None."""
    head, sep, tail = url.partition("://")
    if not sep:
        return None
    base, q, query = tail.partition("?")
    at = base.rfind("@")
    if at < 0:
        return head + sep, "", base, q + query
    return head + sep, base[:at], base[at + 1 :], q + query


def _hide_password(url: str) -> str:
    """The URL with its password as `***` and without secret query parameters."""
    parts = _split_userinfo(url)
    if parts is None:
        return url
    scheme, userinfo, rest, query = parts
    if userinfo:
        user = userinfo.split(":", 1)[0]
        userinfo = f"{user}:***@" if ":" in userinfo else f"{user}@"
    kept = [
        p for p in query.lstrip("?").split("&") if p and not _SECRET_PARAM.match(f"&{p}")
    ]  # secret parameters are left out, not even named
    return scheme + userinfo + rest + ("?" + "&".join(kept) if kept else "")


hide_password = _hide_password


def url_secrets(url: str) -> list[str]:
    """The secrets in a URL (its password, secret parameters), as written and decoded."""
    from urllib.parse import unquote_plus

    parts = _split_userinfo(url)
    if parts is None:
        return []
    _scheme, userinfo, _rest, query = parts
    found = []
    if ":" in userinfo:
        found.append(userinfo.split(":", 1)[1])
    found += [m.group(2) for m in _SECRET_PARAM.finditer(query.lstrip("?"))]
    found += [unquote_plus(f) for f in found]
    return [f for f in dict.fromkeys(found) if f]


def scrub(text: str) -> str:
    """`text` with every secret from the URLs opslog was given replaced by `***`."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _check_url(value: str) -> None:
    """Remember the URL's secrets; refuse a raw `@` in its password (drivers split it
    at the first `@`, and would then show the rest of the password as the host)."""
    _SECRETS.update(url_secrets(value))
    parts = _split_userinfo(value)
    if parts is not None and "@" in parts[1]:
        from opslog.errors import BadInput

        raise BadInput(
            _(
                "bad database URL {hide_password}: write '@' in the user name or password as %40"
            ).format(hide_password=_hide_password(value))
        )


def insert_sql(table: str, values: Params) -> str:
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join(f":{c}" for c in values)
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'


class SqliteConn:
    dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection, where: str = "") -> None:
        self.raw = raw
        self.where = where
        self._max_variables: int | None = None

    def execute(self, sql: str, params: Params | None = None) -> sqlite3.Cursor:
        try:
            return self.raw.execute(sql, params or {})
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.where) from exc
        except (UnicodeEncodeError, OverflowError) as exc:
            # The last line of defence: commands validate their input, but a value the
            # driver cannot bind (a lone surrogate from undecodable argv or environment,
            # an integer past 64 bits) must not become a traceback.
            raise unbindable(exc) from exc

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        try:  # a damaged page shows while stepping through the rows, not at execute
            return [dict(r) for r in cur.fetchall()]
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.where) from exc

    def one(self, sql: str, params: Params | None = None) -> dict[str, Any] | None:
        row = self._first(sql, params)
        return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self._first(sql, params)
        return row[0] if row is not None else None

    def _first(self, sql: str, params: Params | None) -> Any:
        cur = self.execute(sql, params)
        try:
            return cur.fetchone()
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.where) from exc

    def insert(self, table: str, values: Params) -> int:
        cur = self.execute(insert_sql(table, values), values)
        return int(cur.lastrowid or 0)

    def insert_many(self, sql: str, rows: Sequence[Params]) -> int:
        return self._executemany(sql, rows)

    def _executemany(self, sql: str, rows: Sequence[Params] | Sequence[tuple[Any, ...]]) -> int:
        if not rows:
            return 0
        try:
            return int(self.raw.executemany(sql, rows).rowcount)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.where) from exc
        except (UnicodeEncodeError, OverflowError) as exc:
            raise unbindable(exc) from exc

    def stream(self, sql: str, params: Params | None = None) -> Iterator[dict[str, Any]]:
        cur = self.execute(sql, params)
        while True:
            try:
                batch = cur.fetchmany(1000)
            except sqlite3.Error as exc:
                raise translate_sqlite_error(exc, self.where) from exc
            if not batch:
                return
            for row in batch:
                yield dict(row)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], new: bool = False
    ) -> int:
        """One INSERT of many rows (`VALUES (…), (…), …`) for up to VALUES_ROWS rows:
        SQLite runs all of them in one step, with Python's lock (the GIL) released, so
        an import's writer thread goes on beside the thread that reads and checks.
        executemany releases it for one row at a time and then waits for it behind the
        busy thread, a switch interval (5 ms) per row. The parameters are positional,
        bound in C from one flat list (binding by name makes a str per parameter per
        row); the values stay as bound, floats exact (JSON read by SQLite rounds them)."""
        if not rows:
            return 0
        pick = itemgetter(*columns)
        per = max(1, min(VALUES_ROWS, self._variables() // len(columns)))
        added = 0
        for start in range(0, len(rows), per):
            part = rows[start : start + per]
            sql = _values_sql(table, tuple(columns), len(part))
            if len(columns) == 1:
                flat = [r[columns[0]] for r in part]
            else:
                flat = list(chain.from_iterable(map(pick, part)))
            try:
                added += int(self.raw.execute(sql, flat).rowcount)
            except sqlite3.Error as exc:
                raise translate_sqlite_error(exc, self.where) from exc
            except (UnicodeEncodeError, OverflowError) as exc:
                raise unbindable(exc) from exc
        return added

    def copies(self, table: str) -> bool:
        return False

    def _variables(self) -> int:
        """How many parameters one statement may have here (999 before SQLite 3.32)."""
        if self._max_variables is None:
            self._max_variables = self.raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return self._max_variables

    def stream_values(self, sql: str, params: Params | None = None) -> Iterator[tuple[Any, ...]]:
        """Like stream(), as plain tuples in the SELECT's order: no Row, no dict (half
        the cost of a million-row export)."""
        for batch in self.stream_batches(sql, params):
            yield from batch

    def stream_batches(
        self, sql: str, params: Params | None = None, size: int = 2000
    ) -> Iterator[list[tuple[Any, ...]]]:
        """stream_values() a list of up to `size` tuples at a time."""
        cur = self.raw.cursor()
        cur.row_factory = None
        try:
            cur.execute(sql, params or {})
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.where) from exc
        while True:
            try:
                batch = cur.fetchmany(size)
            except sqlite3.Error as exc:
                raise translate_sqlite_error(exc, self.where) from exc
            if not batch:
                return
            yield batch


VALUES_ROWS = 1000  # rows per INSERT of insert_rows


@functools.lru_cache(maxsize=64)
def _values_sql(table: str, columns: tuple[str, ...], count: int) -> str:
    """The INSERT of `count` rows: made once per shape, the same str each time (the
    driver's statement cache finds it by its hash, computed once)."""
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ", ".join("?" * len(columns)) + ")"
    values = ", ".join([one] * count)
    return f'INSERT INTO "{table}" ({names}) VALUES {values} ON CONFLICT ("uid") DO NOTHING'


def unbindable(exc: UnicodeEncodeError | OverflowError) -> OpslogError:
    from opslog.errors import BadInput

    if isinstance(exc, UnicodeEncodeError):
        return BadInput(
            _("not saved: some text is not valid UTF-8 (check the arguments and locale)")
        )
    return BadInput(_("not saved: a number is too large for the database ({exc})").format(exc=exc))


def _io_or_full(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None) or 0
    return (code & 0xFF) in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL) or (
        "disk i/o error" in str(exc).lower()
    )


def translate_sqlite_error(exc: sqlite3.Error, where: str = "") -> StoreError:
    """One clear line for a driver error; `where` names the file when known."""
    text = str(exc)
    low = text.lower()
    name = where or "the database"
    code = getattr(exc, "sqlite_errorcode", None)
    if "locked" in low or "busy" in low:
        return Busy(_("the database is busy (locked by another opslog); try again"))
    if code == sqlite3.SQLITE_FULL or "disk is full" in low:
        return StoreError(_("not saved: the disk is full ({name})").format(name=name))
    if "readonly" in low or "read-only" in low:
        culprit = read_only_part(Path(where)) if where else name
        return StoreError(_("not saved: {culprit} is read-only").format(culprit=culprit))
    if "not a database" in low or "malformed" in low or code == sqlite3.SQLITE_CORRUPT:
        return SchemaMismatch(
            _("{name} is damaged or not a database ({text}); opslog left it as it is").format(
                name=name, text=text
            )
        )
    if code == sqlite3.SQLITE_CANTOPEN or "unable to open" in low:
        return StoreError(_("cannot open {name} ({text})").format(name=name, text=text))
    if _io_or_full(exc) and where and disk_is_full(Path(where)):
        return StoreError(_("not saved: the disk is full ({name})").format(name=name))
    if code == sqlite3.SQLITE_IOERR or "disk i/o error" in low:
        return StoreError(
            _("not saved: cannot read or write {name} ({text})").format(name=name, text=text)
        )
    return StoreError(_("database error: {text}").format(text=text))


def as_read_error(exc: StoreError) -> StoreError:
    """The same error in a reader's words: a read never says "not saved"."""
    text = str(exc)
    for said in ("not saved: ", "; nothing was saved"):
        text = text.replace(said, "")
    if text == str(exc):
        return exc
    if text.startswith("cannot read or write "):
        text = "cannot read " + text[len("cannot read or write ") :]
    return type(exc)(text)


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}-wal"), Path(f"{path}-shm")]


def read_only_part(path: Path) -> Path:
    """Which of the database file, its -wal and -shm, or its folder cannot be written
    (the file itself when none of them can be told apart)."""
    for part in (path, *side_files(path)):
        if part.exists() and not os.access(part, os.W_OK):
            return part
    if not os.access(path.parent, os.W_OK):
        return path.parent
    return path


def repair_side_files(path: Path) -> None:
    """SQLite makes -wal and -shm with the database file's mode: a read while the file
    was 0400 leaves them 0400, and every later write would fail as "read-only" once the
    file is 0600 again. Ours (same owner) are put back to 0600; others are left alone."""
    for side in side_files(path):
        try:
            st = side.stat()
            if st.st_uid == os.geteuid() and (st.st_mode & 0o777) != 0o600:
                os.chmod(side, 0o600)
        except OSError:
            pass  # not there, not ours, or a read-only file system: nothing to repair


class SqliteDatabase:
    """A SQLite file through the stdlib driver.

    Autocommit mode on the driver, explicit transactions here: `BEGIN IMMEDIATE` for
    every write, because a deferred transaction that reads and then writes fails with
    SQLITE_BUSY_SNAPSHOT at once under WAL, whatever the busy timeout.
    """

    dialect = "sqlite"

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.where = str(path)
        self.readonly = readonly
        self.full = False  # opened for reading only because the disk is full
        self.missing = False  # an empty stand-in for a file that does not exist
        try:
            self.raw = _connect(path, readonly)
        except DiskFull:
            # Reads need no room: open without the shared-memory file it could not make.
            self.readonly = self.full = True
            self.raw = _connect(path, True, immutable=True)

    @contextmanager
    def read(self) -> Iterator[SqliteConn]:
        try:
            with self._transaction("BEGIN") as conn:
                yield conn
        except StoreError as exc:
            raise as_read_error(exc) from exc

    @contextmanager
    def write(self) -> Iterator[SqliteConn]:
        if self.full:
            raise StoreError(_("not saved: the disk is full ({where})").format(where=self.where))
        if self.readonly:
            raise StoreError(
                _("not saved: {read_only_part} is read-only").format(
                    read_only_part=read_only_part(self.path)
                )
            )
        with self._transaction("BEGIN IMMEDIATE") as conn:
            yield conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[SqliteConn]:
        conn = SqliteConn(self.raw, self.where)
        conn.execute(begin)
        try:
            yield conn
        except BaseException:
            # Ctrl-C included: nothing of a failed transaction stays. (A SIGKILL or a
            # power cut leaves an uncommitted transaction that SQLite rolls back on the
            # next open.)
            self._rollback()
            raise
        try:
            self.raw.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise translate_sqlite_error(exc, self.where) from exc

    def _rollback(self) -> None:
        # SQLite may have rolled back already (SQLITE_FULL, I/O errors); a failing
        # rollback must not hide the error that caused it.
        with contextlib.suppress(sqlite3.Error):
            self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


def _open_immutable(path: Path) -> sqlite3.Connection:
    """A database whose -shm cannot be made (read-only folder or file system). When its
    -wal holds changes, they are read from a private copy of the two files (SQLite
    cannot read a WAL without shared memory); otherwise the file is opened immutable."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="opslog-ro-"))
        atexit.register(shutil.rmtree, folder, True)
        try:
            shutil.copyfile(path, folder / "copy.db")
            shutil.copyfile(wal, folder / "copy.db-wal")
        except OSError as exc:
            raise StoreError(
                _(
                    "cannot read the latest changes in {wal}: {parent} is "
                    "read-only and there is no room to read a copy ({strerror}); "
                    "nothing was changed"
                ).format(wal=wal, parent=path.parent, strerror=_(str(exc.strerror)))
            ) from exc
        uri = f"{(folder / 'copy.db').as_uri()}?mode=ro"
        raw = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return raw
    uri = f"{path.resolve().as_uri()}?immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


class DiskFull(Exception):
    """The first read could not make SQLite's shared-memory file: no room left."""


def disk_is_full(path: Path) -> bool:
    """No block left for this user on the file system holding `path`."""
    try:
        st = os.statvfs(path if path.is_dir() else path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def _connect(path: Path, readonly: bool, *, immutable: bool = False) -> sqlite3.Connection:
    # check_same_thread=False (here and in _open_immutable): the export hands the
    # connection to a second thread that makes its pages (store/export_lines.py), one
    # thread at a time.
    timeout = busy_timeout()
    raw: sqlite3.Connection | None = None
    try:
        if immutable:
            raw = _open_immutable(path)
        elif readonly:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            raw = sqlite3.connect(
                uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            try:
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # WAL readers need a writable -shm; an immutable open needs nothing,
                # but ignores the WAL: changes not yet checkpointed would not show.
                raw.close()
                raw = None
                raw = _open_immutable(path)
        else:
            # os.fsencode: a path that came from undecodable argv (lone surrogates)
            # still names the file the user meant.
            # check_same_thread=False: an import writes from its writer thread
            # (store/import_write.py), never while another thread uses the connection.
            raw = sqlite3.connect(
                os.fsencode(path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
            try:
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError as exc:
                if _io_or_full(exc) and disk_is_full(path):
                    raw.close()
                    raise DiskFull() from exc
                raise
        raw.row_factory = sqlite3.Row
        repair_side_files(path)
        raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        raw.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            raw.execute("PRAGMA synchronous = FULL")
        return raw
    except sqlite3.Error as exc:
        if raw is not None:
            # Closed now, not at exit: a file refused on its first read (damaged)
            # keeps no -wal/-shm that this connection made beside it.
            with contextlib.suppress(sqlite3.Error):
                raw.close()
        raise translate_sqlite_error(exc, str(path)) from exc


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 (SQLite gives -wal/-shm the same mode)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # whatever the umask
