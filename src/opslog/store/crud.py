"""Generic record access shared by every kind: insert, fetch by id, update, delete."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from opslog.domain import records
from opslog.domain.kinds import kind_for_class
from opslog.domain.records import MAX_ID
from opslog.errors import NotFound, OpslogError, StoreError
from opslog.i18n import _
from opslog.store.convert import R, from_row, new_uid, select_sql, to_row, to_values
from opslog.store.db import Conn

MAX_ROW_ID = 2**63 - 1  # SQLite's INTEGER PRIMARY KEY (PostgreSQL's SERIAL is smaller)


def create(conn: Conn, cls: type[R], *, author: str, now: str, **fields: Any) -> R:
    """A new record of `cls` (a fresh uid, created/updated now), inserted; with its id."""
    record = cls(id=0, uid=new_uid(), author=author, created_at=now, updated_at=now, **fields)
    return replace(record, id=insert(conn, record))


def insert(conn: Conn, record: records.Common) -> int:
    """Insert without its id; returns the id the database gave it."""
    row = to_row(record)
    row.pop("id")
    kind = kind_of(record)
    top = conn.scalar(f'SELECT MAX(id) FROM "{kind}"')  # the primary key's last entry
    if top is not None and int(top) >= MAX_ID:
        row["id"] = free_id(conn, kind)
    return conn.insert(kind, row)


def free_id(conn: Conn, kind: str) -> int:
    """The lowest id not in use (ids past MAX_ID are not opslog's to give; an import's
    temporary ids below 1 are not gaps)."""
    return free_ids(conn, kind, 1)[0]


def free_ids(conn: Conn, kind: str, count: int) -> list[int]:
    """The `count` lowest ids not in use, below MAX_ID and from 1 (free_id is this for
    one; kpi import takes a batch when the table's top id is near MAX_ID). Two queries:
    the lowest id, then each gap (an id whose next is free) with where it ends, at most
    `count` of them."""
    found: list[int] = []
    first = conn.scalar(f'SELECT MIN(id) FROM "{kind}" WHERE id >= 1')
    if first is None or int(first) > 1:
        found.extend(range(1, min(int(first or MAX_ID + 1), count + 1)))
    gaps = conn.rows(
        f'SELECT a.id + 1 AS lo, (SELECT MIN(b.id) FROM "{kind}" b WHERE b.id > a.id) AS hi'
        f' FROM "{kind}" a WHERE a.id >= 1 AND a.id < :top'
        f' AND NOT EXISTS (SELECT 1 FROM "{kind}" b WHERE b.id = a.id + 1)'
        " ORDER BY a.id LIMIT :n",
        {"top": MAX_ID, "n": count},
    )
    for gap in gaps:
        if len(found) >= count:
            break
        end = min(int(gap["hi"] or MAX_ID + 1), MAX_ID + 1)  # the first id past the gap
        found.extend(range(int(gap["lo"]), min(end, int(gap["lo"]) + count - len(found))))
    if len(found) < count:
        raise StoreError(
            _("not saved: every {kind} id up to {max_id} is in use").format(
                kind=kind, max_id=MAX_ID
            )
        )
    return found


def kind_of(record: records.Common) -> str:
    return kind_for_class(type(record))


def get(conn: Conn, cls: type[R], record_id: int) -> R:
    kind = kind_for_class(cls)
    # An id past 64 bits names no record: say so, rather than let the driver refuse
    # to bind it ("a number is too large").
    in_range = 0 < record_id <= MAX_ROW_ID
    row = conn.one(select_sql(kind) + " WHERE id = :id", {"id": record_id}) if in_range else None
    if row is None:
        raise NotFound(
            _("no {replace} with id {record_id}").format(
                replace=kind.replace("_", " "), record_id=record_id
            )
        )
    return from_row(cls, row)


def find(
    conn: Conn,
    cls: type[R],
    where: str = "",
    params: dict[str, Any] | None = None,
    order: str = "id",
) -> list[R]:
    kind = kind_for_class(cls)
    sql = select_sql(kind) + (f" WHERE {where}" if where else "") + f" ORDER BY {order}"
    return [from_row(cls, row) for row in conn.rows(sql, params or {})]


def update(
    conn: Conn,
    kind: str,
    record_id: int,
    values: dict[str, Any],
    now: str,
    *,
    expected_updated_at: str | None = None,
    expected: dict[str, Any] | None = None,
) -> None:
    """Set some fields of a record, given as the record holds them (days as `date`,
    lists as lists). With `expected_updated_at`, refuse (OpslogError) if the record
    changed since it was read (in the caller's transaction: nothing can come between).
    With `expected` (field -> the value it held when read), refuse naming the first of
    those fields that another opslog changed since; changes to other fields are fine."""
    if expected:
        from opslog.domain.kinds import BY_NAME

        held = get(conn, BY_NAME[kind].record, record_id)
        for name, was in expected.items():
            if getattr(held, name) != was:
                raise OpslogError(
                    _("{kind} {record_id}: {field} changed while you were editing; not saved")
                    .format(kind=kind, record_id=record_id, field=name.replace("_", " "))
                )  # fmt: skip
    if expected_updated_at is not None:
        current = conn.scalar(f'SELECT updated_at FROM "{kind}" WHERE id = :id', {"id": record_id})
        if current is None:
            raise NotFound(
                _("no {replace} with id {record_id}").format(
                    replace=kind.replace("_", " "), record_id=record_id
                )
            )
        if current != expected_updated_at:
            raise OpslogError(
                _("{kind} {record_id} changed while you were editing; not saved").format(
                    kind=kind, record_id=record_id
                )
            )
    values = {**to_values(values), "updated_at": now}
    sets = ", ".join(f'"{c}" = :{c}' for c in values)
    conn.execute(f'UPDATE "{kind}" SET {sets} WHERE id = :id', {**values, "id": record_id})


def delete(conn: Conn, kind: str, record_id: int) -> None:
    conn.execute(f'DELETE FROM "{kind}" WHERE id = :id', {"id": record_id})


def author_filter(authors: list[str] | None, column: str = "author") -> tuple[str, dict[str, Any]]:
    """SQL and parameters for 'these authors' (None: everyone)."""
    if authors is None:
        return "1 = 1", {}
    names = {f"author{i}": a for i, a in enumerate(authors)}
    marks = ", ".join(f":{n}" for n in names) or "NULL"
    return f"{column} IN ({marks})", names
