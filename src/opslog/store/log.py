"""The log by day: every record of the chosen kinds in day order, streamed. One stream
serves `opslog log` (within a day, in the order written) and `opslog export --format
markdown` (within a day, by section: the check-in first, then notes, goals, …; see
`Kind.log_section`).

One ordered query per kind, merged (heapq.merge holds one row per kind, not the log),
so memory stays flat however long the log. Kinds without a day column are not in it.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from opslog.domain.kinds import BY_NAME, KINDS
from opslog.domain.plain import plain
from opslog.domain.search import Entry, Parent
from opslog.store.convert import columns, from_row
from opslog.store.db import Conn

KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


@plain(frozen=True)
class LogFilter:
    kinds: tuple[str, ...] = KINDS
    since: date | None = None
    until: date | None = None
    authors: tuple[str, ...] = ()
    tag: str | None = None


def iter_log(conn: Conn, f: LogFilter, *, by_section: bool = False) -> Iterator[Entry]:
    """Every matching record in day order, streamed. Within a day: by time of writing
    (the log), or with `by_section` by the kind's section, then id (the Markdown log)."""
    kinds = [
        k
        for k in KINDS
        if k in f.kinds and BY_NAME[k].day_column and (f.tag is None or k == "note")
    ]
    streams = [_kind_stream(conn, kind, f, by_section) for kind in kinds]
    for _key, entry in heapq.merge(*streams, key=lambda pair: pair[0]):
        yield entry


def log_shape(conn: Conn, f: LogFilter) -> tuple[int, bool]:
    """The largest id and whether more than one author may show: enough to lay out a
    table before the rows stream (index lookups only; dates are not considered)."""
    top, authors = 0, set(f.authors)
    for kind in f.kinds:
        row = conn.one(f'SELECT max(id) AS top, min(author) AS lo, max(author) AS hi FROM "{kind}"')
        if row and row["top"] is not None:
            top = max(top, int(row["top"]))
            if not f.authors:
                authors.update((row["lo"], row["hi"]))
    return top, len(authors) > 1


def _kind_stream(
    conn: Conn, kind: str, f: LogFilter, by_section: bool
) -> Iterator[tuple[tuple[Any, ...], Entry]]:
    where, params = _filters(kind, f)
    day = BY_NAME[kind].day_column or "created_at"
    section = BY_NAME[kind].log_section
    for row in conn.stream(select(kind, where, written_order=not by_section), params):
        entry = entry_of(kind, row)
        if f.tag is not None and f.tag not in entry.record.tags:  # type: ignore[attr-defined]
            continue  # the LIKE below over-approximates; the list decides
        if by_section:
            yield (row[day], section, row["id"]), entry
        else:
            yield order_key(kind, row), entry


def _filters(kind: str, f: LogFilter) -> tuple[list[str], dict[str, Any]]:
    day = f'r."{BY_NAME[kind].day_column}"'
    where: list[str] = []
    params: dict[str, Any] = {}
    if f.since is not None:
        where.append(f"{day} >= :since")
        params["since"] = f.since.isoformat()
    if f.until is not None:
        where.append(f"{day} <= :until")
        params["until"] = f.until.isoformat()
    if f.authors:
        names = {f"author{i}": a for i, a in enumerate(f.authors)}
        where.append(f"r.author IN ({', '.join(':' + n for n in names)})")
        params.update(names)
    if f.tag is not None:
        where.append("r.tags LIKE :tag ESCAPE '!'")
        params["tag"] = "%" + _like_literal(json.dumps(f.tag, ensure_ascii=False)) + "%"
    return where, params


def _like_literal(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def select(kind: str, where: list[str], *, written_order: bool = True) -> str:
    """A kind's rows with their parent's id and label, ordered by day, then (with
    `written_order`) time of writing, then id."""
    k = BY_NAME[kind]
    cols = ", ".join(f'r."{c}"' for c in columns(kind))
    join = ""
    if k.parent is not None:
        parent = BY_NAME[k.parent.kind]
        cols += f', p.id AS parent_id, p."{k.parent.label}" AS parent_label'
        join = f' LEFT JOIN "{parent.table}" AS p ON p.uid = r."{k.parent.column}"'
    sql = f'SELECT {cols} FROM "{k.table}" AS r{join}'
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = [f'r."{k.day_column or "created_at"}"']
    if written_order:
        order.append("r.created_at")
    return sql + f" ORDER BY {', '.join(order)}, r.id"


def entry_of(kind: str, row: dict[str, Any]) -> Entry:
    k = BY_NAME[kind]
    record = from_row(k.record, row)
    parent = None
    if row.get("parent_id") is not None and k.parent is not None:
        parent = Parent(k.parent.kind, int(row["parent_id"]), str(row["parent_label"]))
    return Entry(kind, date.fromisoformat(_day(k.day_column, row)), record, parent)


def _day(column: str | None, row: dict[str, Any]) -> str:
    """The day a record is logged under: its day column, else the (UTC) day written."""
    return str(row[column] if column else row["created_at"][:10])


def order_key(kind: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return (_day(BY_NAME[kind].day_column, row), row["created_at"], KIND_ORDER[kind], row["id"])
