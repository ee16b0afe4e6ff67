"""Authors: who wrote how many records of each kind, who else wrote in a period, and
renaming an author everywhere. Every kind comes from the registry (domain/kinds.py), so
a new kind is counted and renamed without a change here."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from opslog.domain.kinds import ALL, REGISTRY, Kind
from opslog.errors import BadInput, NotFound
from opslog.i18n import _
from opslog.store.db import Conn

# Columns holding an author's name besides `author`: who a record is for, who did it.
NAME_COLUMNS = ("owner", "done_by")


def author_counts(conn: Conn) -> dict[str, dict[str, int]]:
    """author -> kind -> number of records, over every kind the commands know (one
    query)."""
    union = " UNION ALL ".join(
        f"SELECT author, '{k.name}' AS kind, COUNT(*) AS n FROM \"{k.table}\" GROUP BY author"
        for k in REGISTRY
    )
    counts: dict[str, dict[str, int]] = {}
    for r in conn.rows(union):
        counts.setdefault(r["author"], {})[r["kind"]] = int(r["n"])
    return {a: counts[a] for a in sorted(counts)}


def others_in(conn: Conn, start: date, end: date, exclude: str) -> list[tuple[str, int]]:
    """Authors other than `exclude` with records dated in [start, end], with how many,
    most first (one query over every dated kind)."""
    union = " UNION ALL ".join(
        f'SELECT author FROM "{k.table}" WHERE "{k.day_column}" >= :start'
        f' AND "{k.day_column}" <= :end AND author <> :me'
        for k in REGISTRY
        if k.day_column is not None
    )
    rows = conn.rows(
        f"SELECT author, COUNT(*) AS n FROM ({union}) AS dated GROUP BY author",
        {"start": start.isoformat(), "end": end.isoformat(), "me": exclude},
    )
    return sorted(((r["author"], int(r["n"])) for r in rows), key=lambda an: (-an[1], an[0]))


def _name_columns(kind: Kind) -> list[str]:
    have = {f.name for f in fields(kind.record)}
    return ["author", *(c for c in NAME_COLUMNS if c in have)]


def _collision(conn: Conn, old: str, new: str) -> str | None:
    """A record both would have one of (a check-in for a day, a retro for a week, a
    KPI reading for a day): the first such as "KIND VALUE…" (the kind as --kind names
    it), None when there is none."""
    for k in ALL:
        cols = k.one_per_author
        if not cols:
            continue
        if k.folded:  # a KPI's name: GMV and gmv are one, which no SQL `=` says
            clash = _folded_collision(conn, k, old, new)
            if clash is not None:
                return clash
            continue
        picked = ", ".join(f'a."{c}"' for c in cols)
        same = " AND ".join(f'a."{c}" = b."{c}"' for c in cols)
        hit = conn.one(
            f'SELECT {picked} FROM "{k.table}" a JOIN "{k.table}" b ON {same}'
            f" WHERE a.author = :old AND b.author = :new ORDER BY {picked} LIMIT 1",
            {"old": old, "new": new},
        )
        if hit is not None:
            return " ".join([k.name, *(str(v) for v in hit.values())])
    return None


def _folded_collision(conn: Conn, kind: Kind, old: str, new: str) -> str | None:
    from opslog.domain.text import normalize_key

    cols = kind.one_per_author
    picked = ", ".join(f'"{c}"' for c in cols)
    sql = f'SELECT author, {picked} FROM "{kind.table}" WHERE author IN (:old, :new)'
    seen: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {old: {}, new: {}}
    for r in conn.rows(sql + f" ORDER BY {picked}", {"old": old, "new": new}):
        values = tuple(str(r[c]) for c in cols)
        key = tuple(normalize_key(str(r[c])) if c in kind.folded else str(r[c]) for c in cols)
        seen[r["author"]][key] = values
    both = sorted(seen[old].keys() & seen[new].keys())
    return " ".join([kind.name, *seen[old][both[0]]]) if both else None


def rename_author(conn: Conn, old: str, new: str, *, me: str) -> dict[str, int]:
    """Rename `old` to `new` in every kind (author, owner, done_by, the roster), in the
    caller's one transaction. Returns kind -> records changed. Refused: on a shared
    PostgreSQL unless `old` is `me`; on a secured one (the author is the login); when
    both have a record there is one of per author (merge those first)."""
    if old == new:
        raise BadInput(_("{old!r} and {new!r} are the same name").format(old=old, new=new))
    if conn.dialect == "postgresql":
        from opslog.store.secure import MARK

        if conn.scalar("SELECT COUNT(*) FROM pg_proc WHERE proname = :m", {"m": MARK}):
            raise BadInput(
                _(
                    "this database has row-level security (opslog team secure): an author is a"
                    " database login, so rename the login instead"
                )
            )
        if old != me:
            raise BadInput(
                _(
                    "on a shared PostgreSQL database you can rename only your own name"
                    " ({me}), not {old!r}"
                ).format(me=me, old=old)
            )
    clash = _collision(conn, old, new)
    if clash is not None:
        raise BadInput(
            _(
                "{old} and {new} both have a record of one per author ({clash}): keep one"
                " (opslog rm), then rename"
            ).format(old=old, new=new, clash=clash)
        )
    changed: dict[str, int] = {}
    for k in ALL:
        n = _update(conn, k.table, _name_columns(k), old, new)
        if n:
            changed[k.name] = n
    # The roster names authors: the old name's place goes to the new one (kept once).
    if conn.scalar("SELECT COUNT(*) FROM team_member WHERE name = :n", {"n": new}):
        n = _count(conn.execute("DELETE FROM team_member WHERE name = :o", {"o": old}))
    else:
        n = _update(conn, "team_member", ["name"], old, new)
    if n:
        changed["team_member"] = changed.get("team_member", 0) + n
    if not changed:
        raise NotFound(_("no records by {old!r} (see: opslog author list)").format(old=old))
    return changed


def _update(conn: Conn, table: str, columns: list[str], old: str, new: str) -> int:
    """One UPDATE of every row naming `old` in any of `columns`: the rows changed."""
    sets = ", ".join(f'"{c}" = CASE WHEN "{c}" = :old THEN :new ELSE "{c}" END' for c in columns)
    where = " OR ".join(f'"{c}" = :old' for c in columns)
    return _count(
        conn.execute(f'UPDATE "{table}" SET {sets} WHERE {where}', {"old": old, "new": new})
    )


def _count(cursor: object) -> int:
    return int(getattr(cursor, "rowcount", 0) or 0)
