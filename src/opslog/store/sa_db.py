"""The SQLAlchemy driver: any URL that is not a plain SQLite file (PostgreSQL for a
team). It runs the same SQL text as the stdlib driver through `sqlalchemy.text`, so
the two cannot disagree about a query. Imported only when such a URL is used."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from operator import itemgetter
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from opslog.errors import Busy, MaybeSaved, StoreError
from opslog.i18n import _
from opslog.jsontext import compact_json
from opslog.store.db import Params, _hide_password, as_read_error, busy_timeout, insert_sql

WRITE_LOCK = 0x6F70736C  # "opsl": the advisory lock every opslog writer takes


class SaConn:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = "sqlite" if conn.dialect.name == "sqlite" else conn.dialect.name
        self._copies: dict[str, bool] = {}

    def execute(self, sql: str, params: Params | None = None) -> Any:
        try:
            return self.conn.execute(text(sql), dict(params or {}))
        except SQLAlchemyError as exc:
            raise _translate(exc) from exc

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in self.execute(sql, params)]

    def one(self, sql: str, params: Params | None = None) -> dict[str, Any] | None:
        row = self.execute(sql, params).first()
        return dict(row._mapping) if row is not None else None

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self.execute(sql, params).first()
        return row[0] if row is not None else None

    def insert(self, table: str, values: Params) -> int:
        return int(self.execute(insert_sql(table, values) + " RETURNING id", values).scalar_one())

    def insert_many(self, sql: str, rows: Sequence[Params]) -> int:
        if not rows:
            return 0
        if self.dialect == "postgresql":
            # psycopg's executemany sends the rows pipelined (one round trip per batch,
            # not per row: 15x faster) and its rowcount is the sum, skipped rows excluded.
            try:
                return int(self.conn.execute(text(sql), [dict(r) for r in rows]).rowcount)
            except SQLAlchemyError as exc:
                raise _translate(exc) from exc
        # Row by row elsewhere: a DBAPI executemany's rowcount is not the rows inserted
        # everywhere.
        return sum(int(self.execute(sql, row).rowcount) for row in rows)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Params], new: bool = False
    ) -> int:
        if not rows:
            return 0
        if self.dialect != "postgresql":
            sql = insert_sql(table, dict.fromkeys(columns)) + ' ON CONFLICT ("uid") DO NOTHING'
            return self.insert_many(sql, rows)
        if new and self.copies(table):
            data = copy_text(rows, columns)
            if data is not None:  # else a value COPY's text would not say as JSON does
                return self._copy_new_rows(table, columns, data, len(rows))
        return self._copy_rows(table, columns, rows)

    def _copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> int:
        """PostgreSQL: one INSERT ... SELECT FROM json_populate_recordset(the batch as one
        JSON text) that skips the uids already there: one round trip for a batch, the
        rows encoded in C (orjson) and decoded by the server into the table's own types.
        (A COPY into a staging table took four round trips: create, truncate, copy,
        insert; arrays of values cost a Python call per value in psycopg.)"""
        import psycopg

        raw = self.conn.connection.driver_connection
        assert raw is not None  # an open transaction's connection
        names = ", ".join(f'"{c}"' for c in columns)
        try:
            with raw.cursor() as cur:
                cur.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {names}'
                    f' FROM json_populate_recordset(NULL::"{table}", %s::json)'
                    ' ON CONFLICT ("uid") DO NOTHING',
                    [_json_rows(rows, columns)],
                )
                return int(cur.rowcount)
        except psycopg.Error as exc:
            raise _translate(DBAPIError.instance(None, None, exc, psycopg.Error)) from exc

    def copies(self, table: str) -> bool:
        """On PostgreSQL, unless row-level security applies to this login on `table`
        (`opslog team secure`): COPY FROM refuses such a table."""
        if self.dialect != "postgresql":
            return False
        if table not in self._copies:
            sql = "SELECT row_security_active(CAST(:t AS regclass))"
            self._copies[table] = not self.scalar(sql, {"t": f'"{table}"'})
        return self._copies[table]

    def _copy_new_rows(self, table: str, columns: Sequence[str], data: str, count: int) -> int:
        """Rows known to be new (insert_rows' `new`) by one COPY: no ON CONFLICT arbiter
        probed row by row (the caller looked every uid up in one query) and the rows
        written in multi-row steps: about a third less server CPU than the INSERT for a
        team's notes. A key there after all fails as the INSERT's would."""
        import psycopg

        raw = self.conn.connection.driver_connection
        assert raw is not None  # an open transaction's connection
        names = ", ".join(f'"{c}"' for c in columns)
        try:
            with raw.cursor() as cur:
                with cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    copy.write(data)
                return int(cur.rowcount) if cur.rowcount >= 0 else count
        except psycopg.Error as exc:
            raise _translate(DBAPIError.instance(None, None, exc, psycopg.Error)) from exc

    def stream(self, sql: str, params: Params | None = None) -> Iterator[dict[str, Any]]:
        try:
            result = self.conn.execution_options(yield_per=1000).execute(
                text(sql), dict(params or {})
            )
            for row in result:
                yield dict(row._mapping)
        except SQLAlchemyError as exc:
            raise _translate(exc) from exc

    def stream_values(self, sql: str, params: Params | None = None) -> Iterator[tuple[Any, ...]]:
        try:
            result = self.conn.execution_options(yield_per=1000).execute(
                text(sql), dict(params or {})
            )
            for row in result:
                yield tuple(row)
        except SQLAlchemyError as exc:
            raise _translate(exc) from exc


def _json_rows(rows: Sequence[Params], columns: Sequence[str]) -> str:
    """The rows as one JSON array of objects (other keys than `columns` are left for
    the server to ignore)."""
    picked = list(rows) if all(len(r) == len(columns) for r in rows) else [
        {c: r[c] for c in columns} for r in rows]  # fmt: skip
    return compact_json(picked)


_TEXT = {str}
_NUMBER = {int, float}
_COPYABLE = {str, int, float, type(None)}  # bool (a subclass of int) is not
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def copy_text(rows: Sequence[Params], columns: Sequence[str]) -> str | None:
    """The rows in COPY's text format (a line a row, tab between values, NULL as \\N;
    backslash, newline, carriage return and tab escaped), or None when a value is not
    text, a number or None (the caller writes those rows otherwise), or text holds a
    NUL (which COPY cannot carry; the import refuses it earlier). Floats are finite
    here (the import refuses others when it reads them). Built a column at a time in
    C (a column of text as it is, one of numbers by repr) and escaped only when the
    count of tabs, newlines or backslashes of the whole says that a value holds one,
    or a carriage return is there (rare: a few scans of the text otherwise)."""
    if not rows:
        return ""
    pick = itemgetter(*columns) if len(columns) > 1 else (lambda r: (r[columns[0]],))
    table = list(map(pick, rows))
    texts: list[Sequence[str]] = []
    nulls = 0
    for values in zip(*table, strict=True):
        kinds = set(map(type, values))
        if kinds == _TEXT:
            texts.append(values)
        elif kinds <= _NUMBER:
            texts.append(list(map(repr, values)))
        elif kinds <= _COPYABLE:
            nulls += values.count(None)
            texts.append(list(map(_copy_plain, values)))
        else:
            return None
    lines = list(map("\t".join, zip(*texts, strict=True)))
    lines.append("")
    text = "\n".join(lines)
    n = len(table)
    if (
        text.count("\t") != n * (len(columns) - 1)
        or text.count("\n") != n
        or text.count("\\") != nulls
        or "\r" in text
    ):
        text = "".join("\t".join(map(_copy_value, values)) + "\n" for values in table)
    return None if "\x00" in text else text


def _copy_plain(value: Any) -> str:
    if type(value) is str:
        return value
    return "\\N" if value is None else repr(value)


def _copy_value(value: Any) -> str:
    if type(value) is str:
        return value.translate(_COPY_ESCAPES)
    return "\\N" if value is None else repr(value)


_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "consuming input failed",
    "connection already closed",
    "the connection is lost",
    "ssl syscall error",
)


def _message(exc: SQLAlchemyError) -> str:
    """The driver's own first line, without SQLAlchemy's wrapping."""
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else repr(exc)


def _lost(exc: SQLAlchemyError) -> bool:
    low = _message(exc).lower()
    return (isinstance(exc, DBAPIError) and exc.connection_invalidated) or any(
        w in low for w in _LOST
    )


def _translate(exc: SQLAlchemyError) -> StoreError:
    msg = _message(exc)
    low = msg.lower()
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if isinstance(exc, OperationalError) and ("locked" in low or "timeout" in low):
        # SQLite's busy timeout, PostgreSQL's lock_timeout and statement_timeout.
        return Busy(_("the database is busy (locked by another opslog); try again"))
    if sqlstate == "42501":
        # Row-level security (opslog team secure) or a missing grant: say it plainly.
        return StoreError(_("not allowed: {msg}").format(msg=msg))
    if sqlstate == "25006":
        # default_transaction_read_only, a standby, a read-only database or role.
        return StoreError(_("not saved: the database is read-only here ({msg})").format(msg=msg))
    if _lost(exc):
        return StoreError(
            _("lost the connection to the database ({msg}); nothing was saved").format(msg=msg)
        )
    return StoreError(_("database error: {msg}").format(msg=msg))


def _lost_at_commit(exc: SQLAlchemyError) -> StoreError:
    """A COMMIT whose answer never came: the server may have made it durable before
    it died (PostgreSQL's sync-replication wait is one such window). "Nothing was
    saved" could be false, and a retry would write it twice."""
    if not _lost(exc):
        return _translate(exc)  # refused at commit (a deferred check): not saved
    return MaybeSaved(
        _(
            "lost the connection to the database while it saved ({msg}); the change may "
            "or may not be there: look before trying again"
        ).format(msg=_message(exc))
    )


def _timeouts_ms() -> int:
    """The busy timeout in ms for PostgreSQL's lock waits (0 there means never: at
    least 1 ms)."""
    return max(1, int(busy_timeout() * 1000))


class SqlAlchemyDatabase:
    def __init__(self, url: str) -> None:
        self.where = _hide_password(url)
        self.timeout_ms = _timeouts_ms()
        try:
            self.engine: Engine = create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(
                _("cannot use database {where}: {exc}").format(where=self.where, exc=exc)
            ) from exc
        self.dialect = "sqlite" if self.engine.dialect.name == "sqlite" else "postgresql"
        if self.engine.dialect.name == "sqlite":
            _sqlite_like_stdlib(self.engine)

    @contextmanager
    def read(self) -> Iterator[SaConn]:
        try:
            with self._begin() as conn:
                yield conn
        except StoreError as exc:
            raise as_read_error(exc) from exc

    @contextmanager
    def write(self) -> Iterator[SaConn]:
        with self._begin(immediate=True) as conn:
            yield conn

    @contextmanager
    def _begin(self, immediate: bool = False) -> Iterator[SaConn]:
        try:
            connection = self.engine.connect()
        except SQLAlchemyError as exc:
            # The server is down, restarting or unreachable: its own words, one line
            # (psycopg's "connection failed: " prefix and the FATAL's padding dropped).
            msg = " ".join(_message(exc).removeprefix("connection failed: ").split())
            raise StoreError(
                _("cannot connect to {where}: {msg}").format(where=self.where, msg=msg)
            ) from exc
        try:
            options = {"opslog_immediate": immediate}
            transaction = connection.execution_options(**options).begin()
            try:
                if self.dialect == "postgresql":
                    # SQLite's busy timeout, on every lock this transaction waits for
                    # (the write lock below, a table another session locked).
                    ms = self.timeout_ms
                    connection.execute(text(f"SET LOCAL lock_timeout = {ms}"))
                if immediate and self.dialect == "postgresql":
                    # PostgreSQL's BEGIN IMMEDIATE: one writer at a time, for the whole
                    # transaction, so a read-then-write never loses another's change.
                    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
                yield SaConn(connection)
            except BaseException:
                with suppress(SQLAlchemyError):
                    transaction.rollback()
                raise
            try:
                transaction.commit()
            except SQLAlchemyError as exc:
                raise _lost_at_commit(exc) if immediate else _translate(exc) from exc
        except SQLAlchemyError as exc:
            # The lock wait timed out, the server went away at BEGIN/COMMIT: one line.
            raise _translate(exc) from exc
        finally:
            with suppress(SQLAlchemyError):
                connection.close()

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_like_stdlib(engine: Engine) -> None:
    """Give SQLite through SQLAlchemy the stdlib driver's behaviour (the documented
    recipe: let SQLAlchemy emit BEGIN itself, IMMEDIATE for writes)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("opslog_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
