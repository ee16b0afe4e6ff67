"""Records out of the database for `opslog export`, one cursor per kind, never a list.

The line format is the contract `opslog import` reads back (spec: "Export records"):
`{"kind": …, "uid": …, "id": …, …the other columns in dataclass order}`, days as
`YYYY-MM-DD` strings, lists as JSON arrays, UTF-8 as typed (`ensure_ascii=False`) with
DEL, C1, bidi and line-separator characters escaped (`jsontext.json_safe`, so a
line-based reader never splits a record), NaN and infinities never written.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from opslog.domain.kinds import BY_NAME, KINDS, referrers
from opslog.errors import OpslogError
from opslog.i18n import _
from opslog.jsontext import json_safe
from opslog.store.convert import JSON_FIELDS, columns
from opslog.store.db import Conn

SCHEMA = "opslog.export/1"
# The registry lists parents before their children (goal before progress, …): import
# relies on parents coming first.
EXPORT_ORDER = KINDS


def export_columns(kind: str) -> list[str]:
    """uid, id, then the record's other columns in dataclass order."""
    rest = [c for c in columns(kind) if c not in ("id", "uid")]
    return ["uid", "id", *rest]


def _window(col: str, since: date | None, until: date | None) -> str:
    parts = []
    if since is not None:
        parts.append(f'"{col}" >= :since')
    if until is not None:
        parts.append(f'"{col}" <= :until')
    return " AND ".join(parts)


def _where(
    kind: str, since: date | None, until: date | None, kinds: tuple[str, ...] = KINDS
) -> tuple[str, dict[str, str]]:
    """The window on the kind's day column. A dated export keeps the records that the
    records it holds refer to, however old, so that it can be imported on its own; a
    kind without a day column is kept whole."""
    params = {k: v.isoformat() for k, v in (("since", since), ("until", until)) if v}
    day = BY_NAME[kind].day_column
    window = _window(day, since, until) if day else ""
    if not window:
        return "", params
    kept = [(k, ref) for k, ref in referrers(kind) if k.name in kinds]
    if kept:
        window = f"({window})" + "".join(
            f' OR uid IN (SELECT "{ref.column}" FROM "{k.table}"'
            f" WHERE {_window(k.day_column, since, until) if k.day_column else '1 = 1'})"
            for k, ref in kept
        )
    return f" WHERE {window}", params


def stream_rows(
    conn: Conn,
    kind: str,
    since: date | None = None,
    until: date | None = None,
    kinds: tuple[str, ...] = KINDS,
    ids: tuple[int, int] | None = None,
) -> Iterator[dict[str, Any]]:
    """One kind's rows by id as `{"kind": kind, "uid": …, "id": …, …}`, made from the
    cursor's plain tuples (a Row made into a dict costs twice as much). `ids`: only
    those from the first to the last, included."""
    keys = ("kind", *export_columns(kind))
    cols = ", ".join(f'"{c}"' for c in keys[1:])
    where, params = _where(kind, since, until, kinds)
    if ids is not None:
        window = f"({where.removeprefix(' WHERE ')}) AND " if where else ""
        where = f" WHERE {window}id BETWEEN {int(ids[0])} AND {int(ids[1])}"
    sql = f"SELECT '{kind}', {cols} FROM \"{BY_NAME[kind].table}\"{where} ORDER BY id"
    for values in conn.stream_values(sql, params):
        yield dict(zip(keys, values, strict=True))


def export_objects(
    conn: Conn, kinds: tuple[str, ...], since: date | None = None, until: date | None = None
) -> Iterator[dict[str, Any]]:
    """`{"kind": …, …}` dicts in export order, one at a time."""
    for kind in EXPORT_ORDER:
        if kind in kinds:
            yield from kind_objects(conn, kind, kinds, since, until)


def kind_objects(
    conn: Conn,
    kind: str,
    kinds: tuple[str, ...],
    since: date | None = None,
    until: date | None = None,
    ids: tuple[int, int] | None = None,
) -> Iterator[dict[str, Any]]:
    """One kind's part of export_objects (`kinds`: every kind the export holds)."""
    list_cols = [c for c in columns(kind) if c in JSON_FIELDS]
    lists: dict[str, list[str]] = {}  # tag sets repeat: decode each text once
    for obj in stream_rows(conn, kind, since, until, kinds, ids):
        for c in list_cols:
            text = obj[c]
            value = lists.get(text)
            if value is None:
                if len(lists) > 4096:
                    lists.clear()
                value = lists[text] = json.loads(text) if text else []
            obj[c] = value
        yield obj


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


def _make_encoder() -> Callable[[Any], str]:
    """json.dumps(obj, ensure_ascii=False, allow_nan=False), exactly, minus the cost of
    building an encoder per call (a third of the export's time at a million rows)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    basestring = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or basestring is None:  # no C accelerator (PyPy): the same, slower
        return json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False).encode
    # markers=None: rows from a database hold no cycles.
    c_encode = make(None, _no_default, basestring, None, ": ", ", ", False, False, False)
    return lambda obj: "".join(c_encode(obj, 0))


_dumps = _make_encoder()


def _encode_raw(obj: dict[str, Any]) -> str:
    try:
        return _dumps(obj)
    except ValueError as exc:
        raise OpslogError(
            _("cannot export {get} {get2}: a number is not finite ({exc})").format(
                get=obj.get("kind"), get2=obj.get("id"), exc=exc
            )
        ) from exc


def encode(obj: dict[str, Any]) -> str:
    """One record as one JSON text (no newline); refuses NaN and infinities."""
    return json_safe(_encode_raw(obj))


def jsonl_chunks(objects: Iterator[dict[str, Any]], batch: int = 2000) -> Iterator[str]:
    """JSON Lines, a few thousand lines per chunk (fewer, bigger writes; json_safe runs
    once per chunk: it only rewrites characters inside strings, never a newline)."""
    lines: list[str] = []
    for obj in objects:
        lines.append(_encode_raw(obj))
        if len(lines) >= batch:
            lines.append("")
            yield json_safe("\n".join(lines))
            lines = []
    if lines:
        lines.append("")
        yield json_safe("\n".join(lines))


def json_document_chunks(objects: Iterator[dict[str, Any]], batch: int = 2000) -> Iterator[str]:
    """`{"schema": "opslog.export/1", "records": [...]}`, one record per line, streamed."""
    yield '{"schema": "' + SCHEMA + '", "records": [\n'
    first = True
    lines: list[str] = []
    for obj in objects:
        lines.append(("" if first else ",\n") + _encode_raw(obj))
        first = False
        if len(lines) >= batch:
            yield json_safe("".join(lines))
            lines = []
    lines.append("\n]}\n")
    yield json_safe("".join(lines))
