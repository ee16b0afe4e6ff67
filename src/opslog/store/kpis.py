"""KPIs and their readings: lookups by name or id, one reading per KPI, author and day
(recording again replaces it), the series a period's value is computed from, and the
batched writes of `kpi import`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from opslog.domain.kpis import KpiLine, check_name
from opslog.domain.records import MAX_ID, Kpi, Reading
from opslog.domain.text import normalize_key
from opslog.errors import BadInput, NotFound
from opslog.i18n import _
from opslog.store import crud
from opslog.store.convert import from_row, new_uid, select_sql
from opslog.store.db import Conn, SqliteConn, translate_sqlite_error

Series = dict[str, list[tuple[date, float]]]


def author_kpis(conn: Conn, author: str, *, archived: bool = True) -> list[Kpi]:
    sql = select_sql("kpi") + " WHERE author = :a"
    if not archived:
        sql += " AND status = 'active'"
    return [from_row(Kpi, r) for r in conn.rows(sql + " ORDER BY id", {"a": author})]


def find_kpi(conn: Conn, author: str, ref: str) -> Kpi:
    """A KPI by id (digits) or by name among `author`'s, case- and width-insensitively
    (domain.text.normalize_key: `gmv` and `ＧＭＶ` find GMV)."""
    ref = ref.strip()
    if ref.isdigit():
        kpi = crud.get(conn, Kpi, int(ref))
        if kpi.author != author:
            raise NotFound(
                _("KPI {ref} is {author}'s, not {author2}'s").format(
                    ref=ref, author=kpi.author, author2=author
                )
            )
        return kpi
    wanted = normalize_key(ref)
    for kpi in author_kpis(conn, author):
        if normalize_key(kpi.name) == wanted:
            return kpi
    raise NotFound(
        _("no KPI named {ref!r} (opslog kpi list shows them; kpi add makes one)").format(ref=ref)
    )


def _name_taken(conn: Conn, author: str, name: str, but: int | None = None) -> None:
    for kpi in author_kpis(conn, author):
        if normalize_key(kpi.name) == normalize_key(name) and kpi.id != but:
            raise BadInput(
                _("a KPI named {name!r} exists already (id {id})").format(name=kpi.name, id=kpi.id)
            )


def add_kpi(
    conn: Conn,
    *,
    author: str,
    now: str,
    name: str,
    unit: str = "",
    agg: str = "sum",
    ratio: tuple[str, str] | None = None,
    keep_above: float | None = None,
    keep_below: float | None = None,
    why: str = "",
) -> Kpi:
    name = check_name(name)
    _name_taken(conn, author, name)
    num_uid = den_uid = None
    if ratio is not None:
        num, den = (find_kpi(conn, author, r) for r in ratio)
        for part in (num, den):
            if part.is_ratio:
                raise BadInput(f"--ratio: {part.name} is itself a ratio; use plain KPIs")
        num_uid, den_uid, agg = num.uid, den.uid, "sum"
    return crud.create(
        conn, Kpi, author=author, now=now, name=name, unit=unit, agg=agg,
        ratio_num_uid=num_uid, ratio_den_uid=den_uid, keep_above=keep_above,
        keep_below=keep_below, why=why,
    )  # fmt: skip


def update_kpi(conn: Conn, kpi: Kpi, *, now: str, **changes: Any) -> Kpi:
    if "name" in changes:
        changes["name"] = check_name(changes["name"])
        _name_taken(conn, kpi.author, changes["name"], but=kpi.id)
    new = replace(kpi, **changes, updated_at=now)
    sets = ", ".join(f'"{c}" = :{c}' for c in [*changes, "updated_at"])
    conn.execute(
        f"UPDATE kpi SET {sets} WHERE id = :id",
        {**{c: getattr(new, c) for c in changes}, "updated_at": now, "id": kpi.id},
    )
    return new


def _writable(kpi: Kpi) -> None:
    if kpi.is_ratio:
        raise BadInput(
            _("{name} is a ratio, computed from its two KPIs: record those instead").format(
                name=kpi.name
            )
        )
    if kpi.status != "active":
        raise BadInput(
            _("{name} is archived: `opslog kpi edit {id} --active` first").format(
                name=kpi.name, id=kpi.id
            )
        )


def record_reading(
    conn: Conn, *, author: str, now: str, kpi: Kpi, day: date, value: float, note: str = ""
) -> tuple[Reading, bool]:
    """Save the day's reading, replacing an earlier one of the same day; (reading,
    replaced)."""
    _writable(kpi)
    row = conn.one(
        select_sql("reading") + " WHERE author = :a AND kpi_uid = :k AND day = :d",
        {"a": author, "k": kpi.uid, "d": day.isoformat()},
    )
    if row is None:
        reading = crud.create(conn, Reading, author=author, now=now, kpi_uid=kpi.uid,
                              day=day, value=value, note=note)  # fmt: skip
        return reading, False
    old = from_row(Reading, row)
    conn.execute(
        "UPDATE reading SET value = :v, note = :n, updated_at = :t WHERE id = :id",
        {"v": value, "n": note, "t": now, "id": old.id},
    )
    return replace(old, value=value, note=note, updated_at=now), True


def readings(conn: Conn, author: str, kpi_uid: str) -> list[Reading]:
    sql = select_sql("reading") + " WHERE author = :a AND kpi_uid = :k ORDER BY day"
    return [from_row(Reading, r) for r in conn.rows(sql, {"a": author, "k": kpi_uid})]


def latest_readings(
    conn: Conn, author: str, uids: Sequence[str], day: date
) -> dict[str, tuple[date, float]]:
    """Each KPI's latest reading on or before `day` (for the check-in's questions)."""
    out: dict[str, tuple[date, float]] = {}
    for uid in uids:
        row = conn.one(
            "SELECT day, value FROM reading WHERE kpi_uid = :k AND author = :a AND day <= :d"
            " ORDER BY day DESC LIMIT 1",
            {"k": uid, "a": author, "d": day.isoformat()},
        )
        if row is not None:
            out[uid] = (date.fromisoformat(row["day"]), float(row["value"]))
    return out


def count_readings(conn: Conn, kpi_uid: str) -> int:
    return int(conn.scalar("SELECT count(*) FROM reading WHERE kpi_uid = :k", {"k": kpi_uid}))


def parts(kpis: Iterable[Kpi]) -> set[str]:
    """The uids whose readings these KPIs' values are computed from."""
    uids: set[str] = set()
    for k in kpis:
        if k.is_ratio:
            assert k.ratio_num_uid is not None and k.ratio_den_uid is not None
            uids.update((k.ratio_num_uid, k.ratio_den_uid))
        else:
            uids.add(k.uid)
    return uids


def load_series(
    conn: Conn, authors: str | Sequence[str] | None, kpis: Sequence[Kpi], start: date, end: date
) -> Series:
    """Each needed KPI's readings in [start, end] in day order, and for the `last`
    KPIs the latest reading before `start` too (a stock carries its level in).
    Readings by `authors` (None: anyone's)."""
    uids = sorted(parts(kpis))
    out: Series = {u: [] for u in uids}
    if not uids:
        return out
    names = {f"k{i}": u for i, u in enumerate(uids)}
    marks = ", ".join(f":{n}" for n in names)
    listed = [authors] if isinstance(authors, str) else None if authors is None else list(authors)
    who, who_params = crud.author_filter(listed)
    params = {**names, **who_params, "s": start.isoformat(), "e": end.isoformat()}
    last = [k.uid for k in kpis if not k.is_ratio and k.agg == "last"]
    for uid in last:
        row = conn.one(
            f"SELECT day, value FROM reading WHERE kpi_uid = :k AND {who} AND day < :s"
            " ORDER BY day DESC LIMIT 1",
            {**who_params, "k": uid, "s": start.isoformat()},
        )
        if row is not None:
            out[uid].append((date.fromisoformat(row["day"]), float(row["value"])))
    for r in conn.stream(
        f"SELECT kpi_uid, day, value FROM reading WHERE kpi_uid IN ({marks})"
        f" AND {who} AND day >= :s AND day <= :e ORDER BY kpi_uid, day",
        params,
    ):
        out[r["kpi_uid"]].append((date.fromisoformat(r["day"]), float(r["value"])))
    return out


# --- import -------------------------------------------------------------------------

_UPSERT = (
    "INSERT INTO reading (uid, author, created_at, updated_at, kpi_uid, day, value, note)"
    " VALUES (:uid, :author, :now, :now, :kpi_uid, :day, :value, '')"
    " ON CONFLICT (author, kpi_uid, day) DO UPDATE SET value = excluded.value,"
    " updated_at = excluded.updated_at WHERE reading.value <> excluded.value"
)
_UPSERT_ID = _UPSERT.replace("(uid,", "(id, uid,").replace("(:uid,", "(:id, :uid,")
# A random (version 4) UUID made by SQLite, seeded from the OS: in C, for the million
# of a big import, where uuid.uuid4() in Python was a tenth of the time. One printf
# of six random() values (122 random bits; version 4, variant 10xx), a third of the
# cost of building it from randomblob() and hex() pieces.
SQLITE_UUID4 = (
    "printf('%08x-%04x-4%03x-%x%03x-%012x', random() & 4294967295, random() & 65535,"
    " random() & 4095, 8 + (random() & 3), random() & 4095, random() & 281474976710655)"
)
# The same with positional parameters (the stdlib driver binds them faster), the uid
# made by SQLite.
_UPSERT_SQLITE = (
    "INSERT INTO reading (uid, author, created_at, updated_at, kpi_uid, day, value, note)"
    f" VALUES ({SQLITE_UUID4}, ?, ?, ?, ?, ?, ?, '')"
    " ON CONFLICT (author, kpi_uid, day) DO UPDATE SET value = excluded.value,"
    " updated_at = excluded.updated_at WHERE reading.value <> excluded.value"
)
# A batch of `kpi import` on SQLite: its (kpi uid, day, value) rows go into a bare
# temporary table (three bound values a row, no index), then into `reading` by one
# INSERT ... SELECT, so the upsert's loop runs in SQLite rather than once a row from
# Python. `ORDER BY rowid` keeps the file's order: a day given twice ends as its last.
# (`WHERE true` tells SQLite's parser the ON CONFLICT is the upsert's.)
_STAGE = "opslog_reading_batch"
# A staged id is null (SQLite's next, max + 1) unless the top id is near MAX_ID.
_STAGE_CREATE = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (kpi_uid TEXT, day TEXT, value REAL, id INTEGER)"
)
_STAGE_INSERT = f"INSERT INTO temp.{_STAGE} (kpi_uid, day, value) VALUES (?, ?, ?)"
_STAGE_INSERT_IDS = f"INSERT INTO temp.{_STAGE} (id, kpi_uid, day, value) VALUES (?, ?, ?, ?)"
_UPSERT_STAGED = (
    "INSERT INTO reading (id, uid, author, created_at, updated_at, kpi_uid, day, value, note)"
    f" SELECT id, {SQLITE_UUID4}, ?1, ?2, ?2, kpi_uid, day, value, '' FROM temp.{_STAGE}"
    " WHERE true ORDER BY rowid"
    " ON CONFLICT (author, kpi_uid, day) DO UPDATE SET value = excluded.value,"
    " updated_at = excluded.updated_at WHERE reading.value <> excluded.value"
)


def upsert_readings(
    conn: Conn, *, author: str, now: str, batch: list[tuple[str, str, float]]
) -> int:
    """Write (kpi uid, day, value) readings: new days added, changed values replaced,
    equal ones left alone (so a second import of the same file changes nothing).
    Returns how many rows were added or changed. New rows take the database's next
    ids (max + 1) while those stay within MAX_ID, else the lowest free ones (crud.free_ids,
    as every insert does): an id past it would make an export no import reads."""
    if not batch:
        return 0
    top = int(conn.scalar("SELECT MAX(id) FROM reading") or 0)
    ids = crud.free_ids(conn, "reading", len(batch)) if top + len(batch) > MAX_ID else None
    if isinstance(conn, SqliteConn):
        import sqlite3

        raw = conn.raw
        try:
            raw.execute(_STAGE_CREATE)
            if ids is None:
                raw.executemany(_STAGE_INSERT, batch)
            else:
                staged = [(i, *r) for i, r in zip(ids, batch, strict=True)]
                raw.executemany(_STAGE_INSERT_IDS, staged)
            changed = int(raw.execute(_UPSERT_STAGED, (author, now)).rowcount)
            raw.execute(f"DELETE FROM temp.{_STAGE}")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, conn.where) from exc
        return changed
    rows = [
        {"uid": new_uid(), "author": author, "now": now, "kpi_uid": k, "day": d, "value": v}
        for k, d, v in batch
    ]
    if ids is not None:
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        return sum(int(conn.execute(_UPSERT_ID, row).rowcount) for row in rows)
    return sum(int(conn.execute(_UPSERT, row).rowcount) for row in rows)


def end_upserts(conn: Conn) -> None:
    """Drop upsert_readings' temporary table (after the last batch)."""
    if isinstance(conn, SqliteConn):
        conn.execute(f"DROP TABLE IF EXISTS temp.{_STAGE}")


def week_lines(
    conn: Conn, author: str, kpis: Sequence[Kpi], start: date, end: date
) -> list[KpiLine]:
    """Each KPI's line over [start, end] against the same number of days before."""
    from datetime import timedelta

    from opslog.domain.kpis import kpi_line

    length = end - start + timedelta(days=1)
    prev_start, prev_end = start - length, start - timedelta(days=1)
    series = load_series(conn, author, kpis, prev_start, end)
    return [kpi_line(k, series, start, end, prev_start, prev_end) for k in kpis]
