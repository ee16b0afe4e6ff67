"""`opslog export --format jsonl|json` of a SQLite file, a line per record written by
SQLite itself (issue 18: a million notes in a few seconds).

A line made field by field in Python costs a Python object per field, a dict and an
encoder call per row. Here SQLite concatenates each line (`'{"kind": "note", "uid": "'
|| uid || …`) and hands it over as UTF-8 bytes, and Python only checks each chunk of
lines against what the stdlib encoder (store/export.py, `json.dumps(ensure_ascii=False)`
then `json_safe`) would have written; a chunk that fails a check is written that way
instead, so the output is the same bytes either way (tests/test_export_bytes.py).

A concatenated line equals the stdlib's when every text value needs no escape: no `"`,
`\\`, control character, DEL, C1, bidi or line separator, and valid UTF-8. Per chunk:
- values of an unexpected type (a float, a blob, a number in a text column, text in a
  number column) become the control character U+0001 in the line;
- one `bytes.translate` keeps the bytes that matter: a control character (U+0001
  included) or a backslash sends the chunk the stdlib way; DEL and the lead bytes of
  C1, bidi and line separators (0x7F, 0xC2, 0xD8, 0xE2) send it through `json_safe`;
- the count of `"` must be the line's own (keys, quoted values, the JSON lists): one
  more means a value holds a quote;
- list columns (tags, retro items) are copied as stored when the stored text is what
  the encoder writes for it (each distinct text checked once);
- the chunk decodes as UTF-8.
Kinds with float columns (goal, progress, KPI, reading: few rows) go the stdlib way:
Python's shortest repr of a float is not SQLite's.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from typing import Any

from opslog.domain.kinds import BY_NAME, KINDS
from opslog.domain.plain import plain
from opslog.jsontext import json_safe
from opslog.store.convert import JSON_FIELDS
from opslog.store.db import Conn, SqliteConn
from opslog.store.export import (
    EXPORT_ORDER,
    SCHEMA,
    _encode_raw,
    _where,
    export_columns,
    jsonl_chunks,
    kind_objects,
)

BATCH = 2000
_ODD = "char(1)"  # a value the line cannot hold as it is: the chunk goes the stdlib way
# Bytes that can make a line differ from the stdlib's: controls (newline: only between
# lines), backslash; DEL and the lead bytes of what json_safe escapes.
_KEPT = bytes([*range(0x20), 0x5C, 0x7F, 0xC2, 0xD8, 0xE2])
_DROP = bytes(b for b in range(256) if b not in _KEPT)
_SAFE_LEADS = b"\n\x7f\xc2\xd8\xe2"


@plain(frozen=True)
class _Plan:
    sql: str  # SELECT line, id[, quoted][, list columns]
    quotes: int  # `"` in every line (keys, kind, quoted columns that are never null)
    quoted: bool  # a column of how many nullable values are quoted text (x2)
    lists: int  # list columns, last


def _value(c: str, kind_of: str) -> tuple[str, str]:
    """("quoted" | "list" | "nullable" | "plain", the SQL of the value in the line)."""
    col = f'"{c}"'
    if c == "id":  # INTEGER PRIMARY KEY: always an integer
        return "plain", col
    if c in JSON_FIELDS:
        return "list", (
            f"CASE WHEN {col} IS NULL OR {col} = '' THEN '[]'"
            f" WHEN typeof({col}) = 'text' THEN {col} ELSE {_ODD} END"
        )
    if kind_of.startswith("int"):
        return "plain", (
            f"CASE typeof({col}) WHEN 'integer' THEN {col} WHEN 'null' THEN 'null' ELSE {_ODD} END"
        )
    if "None" in kind_of:
        return "nullable", (
            f"CASE typeof({col}) WHEN 'text' THEN '\"' || {col} || '\"'"
            f" WHEN 'null' THEN 'null' ELSE {_ODD} END"
        )
    # text, never null: its quotes go into the literals around it
    return "quoted", f"CASE WHEN typeof({col}) = 'text' THEN {col} ELSE {_ODD} END"


def _plan(kind: str, where: str) -> _Plan | None:
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
            nullable.append(f'"{c}"')
        elif how == "list":
            lists.append(f'"{c}"')
        parts += [f"'{literal}'", value]
        literal = '"' if how == "quoted" else ""
    parts.append(f"'{literal}}}'")
    select = [f"CAST({' || '.join(parts)} AS BLOB)", "id"]
    if nullable:
        select.append(" + ".join(f"(typeof({c}) = 'text')" for c in nullable))
    select += lists
    table = BY_NAME[kind].table
    sql = f'SELECT {", ".join(select)} FROM "{table}"{where} ORDER BY id'
    return _Plan(sql, quotes, bool(nullable), len(lists))


class _Lists:
    """Stored list texts that the encoder writes back unchanged (copied as they are),
    each distinct text checked once."""

    def __init__(self) -> None:
        self.same: set[Any] = {None, ""}

    def as_stored(self, texts: set[Any]) -> bool:
        for text in texts - self.same:
            try:
                if not isinstance(text, str) or _encode_raw(json.loads(text)) != text:
                    return False
            except (ValueError, TypeError, RecursionError):
                return False  # the stdlib way says what is wrong with it
            if len(self.same) > 4096:
                self.same = {None, ""}
            self.same.add(text)
        return True


def _checked(rows: list[tuple[Any, ...]], plan: _Plan, lists: _Lists) -> bytes | None:
    """The chunk's lines joined by newlines, or None if the stdlib way must write it."""
    n = len(rows)
    chunk = b"\n".join(map(itemgetter(0), rows))
    odd = chunk.translate(None, _DROP)
    if odd.count(b"\n") != n - 1 or odd.translate(None, _SAFE_LEADS):
        return None
    quotes = n * plan.quotes
    if plan.quoted:
        quotes += 2 * sum(map(itemgetter(2), rows))
    for i in range(len(rows[0]) - plan.lists, len(rows[0])):
        texts = list(map(itemgetter(i), rows))
        if not lists.as_stored(set(texts)):
            return None
        quotes += "".join(filter(None, texts)).count('"')
    if chunk.count(b'"') != quotes:
        return None
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(odd) >= n:  # DEL or a lead byte of something json_safe escapes
        chunk = json_safe(text).encode("utf-8")
    return chunk


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
    where, params = _where(kind, span[0], span[1], kinds)
    if not isinstance(conn, SqliteConn) or (plan := _plan(kind, where)) is None:
        yield from _stdlib_way(conn, kind, kinds, span, batch)
        return
    lists = _Lists()
    for rows in conn.stream_batches(plan.sql, params, batch):
        chunk = _checked(rows, plan, lists)
        if chunk is None:
            yield from _stdlib_way(conn, kind, kinds, span, batch, (rows[0][1], rows[-1][1]))
        else:
            yield chunk + b"\n"


def jsonl_bytes(
    conn: Conn,
    kinds: tuple[str, ...] = KINDS,
    since: date | None = None,
    until: date | None = None,
    batch: int = BATCH,
) -> Iterator[bytes]:
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
) -> Iterator[bytes]:
    """`{"schema": "opslog.export/1", "records": [...]}`, one record per line: the same
    lines, a comma after each but the last."""
    yield b'{"schema": "' + SCHEMA.encode() + b'", "records": [\n'
    first = True
    for chunk in jsonl_bytes(conn, kinds, since, until, batch):
        # a newline is only ever between lines (one in a text is written as \n)
        yield (b"" if first else b",\n") + chunk[:-1].replace(b"\n", b",\n")
        first = False
    yield b"\n]}\n"
