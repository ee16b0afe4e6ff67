"""`opslog export --format jsonl|json` of a SQLite file, a line per record written by
SQLite itself (issue 18: a million notes in a few seconds).

A line made field by field in Python costs a Python object per field, a dict and an
encoder call per row. Here SQLite concatenates each line (`'{"kind": "note", "uid": "'
|| uid || …`) and a page of lines (`group_concat` over `WHERE id >= ? ORDER BY id LIMIT
n`), and hands the page over as one bytes object with the facts the checks need, all
computed in SQL: how many lines, the first and last id, how many nullable values are
quoted text, the list columns' texts. Python only checks each page against what the
stdlib encoder (store/export.py, `json.dumps(ensure_ascii=False)` then `json_safe`) would
have written; a page that fails a check is written that way instead, so the output is
the same bytes either way (tests/test_export_bytes.py).

A second thread makes the pages, up to AHEAD of the one being checked and written: the
driver lets go of the GIL while SQLite steps, and a step here is a whole page (a few ms
of C), so SQLite's work and Python's overlap on two cores. The connection is used by one
thread at a time (`_Ahead.lock`), all in the export's one read transaction. An export with
--since/--until reads rows one by one, in this thread (a page query per window could
make SQLite read the window's index again for each page).

A concatenated line equals the stdlib's when every text value needs no escape: no `"`,
`\\`, control character, DEL, C1, bidi or line separator, and valid UTF-8. Per page:
- values of an unexpected type (a float, a blob, a number in a text column, text in a
  number column) become the control character U+0001 in the line;
- one `bytes.translate` keeps the bytes that matter: a control character (U+0001 and
  NUL included) or a backslash sends the page the stdlib way; DEL and the lead bytes of
  C1, bidi and line separators (0x7F, 0xC2, 0xD8, 0xE2) send it through `json_safe`;
- the count of `"` must be the line's own (keys, quoted values, the JSON lists): one
  more means a value holds a quote;
- list columns (tags, retro items) are copied as stored when the stored text is what
  the encoder writes for it (each distinct text checked once);
- the page decodes as UTF-8.
Kinds with float columns (goal, progress, KPI, reading: few rows) go the stdlib way:
Python's shortest repr of a float is not SQLite's.

Why `||` and not printf(): printf's %s stops at a NUL inside a text, `||` keeps it.
Why the lines of a page come in id order: the page is a subquery with ORDER BY and
LIMIT, which SQLite never flattens into the aggregate around it; its rows reach
group_concat in the order it makes them (tests/test_export_bytes.py checks this on
tables filled in random id order).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterator
from datetime import date
from operator import itemgetter
from typing import Any

from opslog.domain.kinds import BY_NAME, KINDS
from opslog.domain.plain import plain
from opslog.jsontext import json_safe
from opslog.store.convert import JSON_FIELDS
from opslog.store.db import Conn, SqliteConn, translate_sqlite_error
from opslog.store.export import (
    EXPORT_ORDER,
    SCHEMA,
    _dumps,
    _where,
    export_columns,
    jsonl_chunks,
    kind_objects,
)

BATCH = 2000
AHEAD = 2  # pages made before they are checked: ~650 KB each at 2,000 notes


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# The second thread costs ~0.4 s of CPU per million notes (handing pages over): worth it
# on two cores, not on one. sqlite3.threadsafety 0: a library built without mutexes.
THREADED = sqlite3.threadsafety != 0 and _cores() > 1
_FIRST_ID, _LAST_ID = -(2**63), 2**63 - 1
_ODD = "char(1)"  # a value the line cannot hold as it is: the page goes the stdlib way
# Bytes that can make a line differ from the stdlib's: controls (newline: only between
# lines), backslash; DEL and the lead bytes of what json_safe escapes.
_KEPT = bytes([*range(0x20), 0x5C, 0x7F, 0xC2, 0xD8, 0xE2])
_DROP = bytes(b for b in range(256) if b not in _KEPT)
_SAFE_LEADS = b"\n\x7f\xc2\xd8\xe2"

# A page: (its lines, each ending in a newline, as bytes; how many; the first id; the
# last id; how many nullable values are quoted text; each list column's texts, joined by
# newlines, NULLs left out, or None)
Page = tuple[Any, ...]


def _is_text(col: str) -> str:
    # Two comparisons, no function call: NULL < numbers < text < blobs in SQLite.
    return f"{col} >= '' AND {col} < x''"


@plain(frozen=True)
class _Plan:
    table: str
    line: str  # SQL of one record's line, as text
    quoted: str  # SQL: how many nullable values of a row are quoted text ("0": none)
    lists: tuple[str, ...]  # list columns
    quotes: int  # `"` in every line (keys, kind, quoted columns that are never null)

    def page_sql(self) -> str:
        lists = "".join(f', {c} AS l{i}' for i, c in enumerate(self.lists))
        texts = "".join(
            f", CAST(group_concat(l{i}, char(10)) AS BLOB)" for i in range(len(self.lists))
        )
        return (
            "SELECT CAST(group_concat(line, char(10)) || char(10) AS BLOB), count(*),"
            f" min(id), max(id), total(q){texts} FROM (SELECT {self.line} AS line, id,"
            f' {self.quoted} AS q{lists} FROM "{self.table}" WHERE id >= :first_id'
            " ORDER BY id LIMIT :page_size)"
        )

    def rows_sql(self, where: str) -> str:
        lists = "".join(f", CAST({c} AS BLOB)" for c in self.lists)
        return (
            f"SELECT CAST({self.line} AS BLOB), id, {self.quoted}{lists}"
            f' FROM "{self.table}"{where} ORDER BY id'
        )


def _value(c: str, kind_of: str) -> tuple[str, str]:
    """("quoted" | "list" | "nullable" | "plain", the SQL of the value in the line)."""
    col = f'"{c}"'
    if c == "id":  # INTEGER PRIMARY KEY: always an integer
        return "plain", col
    if c in JSON_FIELDS:
        return "list", (
            f"CASE WHEN {_is_text(col)} THEN CASE WHEN {col} = '' THEN '[]' ELSE {col} END"
            f" WHEN {col} IS NULL THEN '[]' ELSE {_ODD} END"
        )
    if kind_of.startswith("int"):
        return "plain", (
            f"CASE typeof({col}) WHEN 'integer' THEN {col} WHEN 'null' THEN 'null' ELSE {_ODD} END"
        )
    if "None" in kind_of:
        return "nullable", (
            f"CASE WHEN {_is_text(col)} THEN '\"' || {col} || '\"'"
            f" WHEN {col} IS NULL THEN 'null' ELSE {_ODD} END"
        )
    # text, never null: its quotes go into the literals around it
    return "quoted", f"CASE WHEN {_is_text(col)} THEN {col} ELSE {_ODD} END"


def _plan(kind: str) -> _Plan | None:
    types = {f.name: str(f.type) for f in dataclasses.fields(BY_NAME[kind].record)}
    cols = export_columns(kind)
    if any("float" in types[c] for c in cols):
        return None
    # The line as 'literal' || value || 'literal' || …, as few `||` as can be (each
    # copies the line so far).
    literal, parts = f'{{"kind": "{kind}"', []
    quotes, nullable, lists = 4, [], []
    for c in cols:
        how, value = _value(c, types[c])
        literal += f', "{c}": '
        quotes += 2
        if how == "quoted":
            literal += '"'
            quotes += 2
        elif how == "nullable":
            nullable.append(f"(typeof(\"{c}\") = 'text')")
        elif how == "list":
            lists.append(f'"{c}"')
        parts += [f"'{literal}'", value]
        literal = '"' if how == "quoted" else ""
    parts.append(f"'{literal}}}'")
    quoted = " + ".join(nullable) or "0"
    return _Plan(BY_NAME[kind].table, " || ".join(parts), quoted, tuple(lists), quotes)


class _Lists:
    """Stored list texts that the encoder writes back unchanged (copied as they are),
    each distinct text checked once."""

    def __init__(self) -> None:
        self.same: set[bytes] = {b""}

    def as_stored(self, texts: set[bytes]) -> bool:
        for text in texts - self.same:
            try:
                stored = text.decode("utf-8")
                if _dumps(json.loads(stored)) != stored:
                    return False
            except (ValueError, TypeError, RecursionError):
                return False  # the stdlib way says what is wrong with it (NaN included)
            if len(self.same) > 4096:
                self.same = {b""}
            self.same.add(text)
        return True


def _checked(page: Page, plan: _Plan, lists: _Lists) -> bytes | None:
    """The page's lines, or None if the stdlib way must write them."""
    chunk: bytes = page[0]
    n, quoted, texts = page[1], page[4], page[5:]
    odd = chunk.translate(None, _DROP)
    if odd.count(b"\n") != n or odd.translate(None, _SAFE_LEADS):
        return None
    quotes = n * plan.quotes + 2 * int(quoted)
    for joined in texts:
        if joined is None:  # every value NULL: written as []
            continue
        if not lists.as_stored(set(joined.split(b"\n"))):
            return None
        quotes += joined.count(b'"')
    if chunk.count(b'"') != quotes:
        return None
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(odd) > n:  # DEL or a lead byte of something json_safe escapes
        chunk = json_safe(text).encode("utf-8")
    return chunk


class _Ahead:
    """The pages `make(first_id)` returns, in id order, made by a second thread up to
    AHEAD pages before they are read (or here, one at a time, if not `threaded`).
    Whoever uses the connection holds `lock`; close() stops and joins the thread."""

    def __init__(self, make: Callable[[int], Page | None], threaded: bool) -> None:
        self.lock = threading.Lock()
        self._make = make
        self._next: int | None = _FIRST_ID
        self._cond = threading.Condition(threading.Lock())
        self._pages: list[Page] = []
        self._end = self._closed = False
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="opslog-export", daemon=True)
            self._thread.start()

    def _one(self) -> Page | None:
        if self._next is None:
            return None
        with self.lock:
            page = self._make(self._next)
        if page is None or page[3] >= _LAST_ID:
            self._next = None
        else:
            self._next = page[3] + 1
        return page

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while len(self._pages) >= AHEAD and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        return
                page = self._one()
                if page is None:
                    return
                with self._cond:
                    self._pages.append(page)
                    self._cond.notify_all()
        except BaseException as exc:  # handed to the reader, raised there
            self._error = exc
        finally:
            with self._cond:
                self._end = True
                self._cond.notify_all()

    def __iter__(self) -> Iterator[Page]:
        return self

    def __next__(self) -> Page:
        if self._thread is None:
            page = self._one()
        else:
            with self._cond:
                while not self._pages and not self._end:
                    self._cond.wait()
                page = self._pages.pop(0) if self._pages else None
                self._cond.notify_all()
            if page is None and self._error is not None:
                raise self._error
        if page is None:
            raise StopIteration
        return page

    def close(self) -> None:
        if self._thread is not None:
            with self._cond:
                self._closed = True
                self._cond.notify_all()
            self._thread.join()


def _page_maker(conn: SqliteConn, plan: _Plan, size: int) -> Callable[[int], Page | None]:
    sql = plan.page_sql()

    def make(first_id: int) -> Page | None:
        cur = conn.execute(sql, {"first_id": first_id, "page_size": size})
        try:
            page = cur.fetchall()[0]
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, conn.where) from exc
        return page if page[1] else None

    return make


def _row_pages(conn: SqliteConn, sql: str, params: dict[str, str], size: int) -> Iterator[Page]:
    """Pages made in Python from rows (line, id, quoted, lists…)."""
    for rows in conn.stream_batches(sql, params, size):
        lines = list(map(itemgetter(0), rows))
        lines.append(b"")
        texts = [
            b"\n".join(filter(None, map(itemgetter(i), rows))) or None
            for i in range(3, len(rows[0]))
        ]
        quoted = sum(map(itemgetter(2), rows))
        yield (b"\n".join(lines), len(rows), rows[0][1], rows[-1][1], quoted, *texts)


def _stdlib_way(
    conn: Conn,
    kind: str,
    kinds: tuple[str, ...],
    span: tuple[date | None, date | None],
    batch: int,
    ids: tuple[int, int] | None = None,
) -> Iterator[bytes]:
    objects = kind_objects(conn, kind, kinds, span[0], span[1], ids)
    return (chunk.encode("utf-8") for chunk in jsonl_chunks(objects, batch))


def _kind_chunks(
    conn: Conn,
    kind: str,
    kinds: tuple[str, ...],
    span: tuple[date | None, date | None],
    batch: int,
) -> Iterator[bytes]:
    """One kind's lines, each ending in a newline, a batch at a time."""
    if not isinstance(conn, SqliteConn) or (plan := _plan(kind)) is None:
        yield from _stdlib_way(conn, kind, kinds, span, batch)
        return
    lists = _Lists()
    where, params = _where(kind, span[0], span[1], kinds)
    if where:
        for page in _row_pages(conn, plan.rows_sql(where), params, batch):
            chunk = _checked(page, plan, lists)
            if chunk is None:
                yield from _stdlib_way(conn, kind, kinds, span, batch, (page[2], page[3]))
            else:
                yield chunk
        return
    ahead = _Ahead(_page_maker(conn, plan, batch), THREADED)
    try:
        for page in ahead:
            chunk = _checked(page, plan, lists)
            if chunk is None:
                with ahead.lock:
                    chunks = list(_stdlib_way(conn, kind, kinds, span, batch, (page[2], page[3])))
                yield from chunks
            else:
                yield chunk
    finally:
        ahead.close()


def jsonl_bytes(
    conn: Conn,
    kinds: tuple[str, ...] = KINDS,
    since: date | None = None,
    until: date | None = None,
    batch: int = BATCH,
) -> Generator[bytes, None, None]:
    """The JSON Lines export, in chunks of `batch` lines."""
    for kind in EXPORT_ORDER:
        if kind in kinds:
            yield from _kind_chunks(conn, kind, kinds, (since, until), batch)


def json_document_bytes(
    conn: Conn,
    kinds: tuple[str, ...] = KINDS,
    since: date | None = None,
    until: date | None = None,
    batch: int = BATCH,
) -> Generator[bytes, None, None]:
    """`{"schema": "opslog.export/1", "records": [...]}`, one record per line: the same
    lines, a comma after each but the last."""
    yield b'{"schema": "' + SCHEMA.encode() + b'", "records": [\n'
    first = True
    for chunk in jsonl_bytes(conn, kinds, since, until, batch):
        # a newline is only ever between lines (one in a text is written as \n)
        yield (b"" if first else b",\n") + chunk[:-1].replace(b"\n", b",\n")
        first = False
    yield b"\n]}\n"
