"""The roster (`team_member`, schema v2) and what `team status` needs, in a fixed number
of queries whatever the team's size (no query per member or per day)."""

from __future__ import annotations

import json
from datetime import date

from opslog.domain.dates import Week
from opslog.domain.team import CheckinMark, Member
from opslog.domain.week import WeekData
from opslog.errors import NotFound
from opslog.i18n import _
from opslog.store.db import Conn

_WROTE = ("checkin", "note", "progress", "risk", "risk_review", "retro", "action")


def roster(conn: Conn) -> list[Member]:
    return [
        Member(r["name"], json.loads(r["workdays"]))
        for r in conn.rows("SELECT name, workdays FROM team_member ORDER BY name")
    ]


def add_members(conn: Conn, names: list[str], workdays: list[str] | None, *, author: str,
                now: str) -> tuple[list[str], list[str]]:  # fmt: skip
    """Add the names (or set the workdays of those already there): (added, updated)."""
    import uuid

    added, updated = [], []
    for name in names:
        row = conn.one("SELECT id, workdays FROM team_member WHERE name = :n", {"n": name})
        if row is None:
            conn.insert(
                "team_member",
                {"uid": str(uuid.uuid4()), "author": author, "created_at": now,
                 "updated_at": now, "name": name,
                 "workdays": json.dumps(workdays or ["mon", "tue", "wed", "thu", "fri"])},
            )  # fmt: skip
            added.append(name)
        elif workdays is not None and json.loads(row["workdays"]) != workdays:
            conn.execute(
                "UPDATE team_member SET workdays = :w, updated_at = :now WHERE id = :id",
                {"w": json.dumps(workdays), "now": now, "id": row["id"]},
            )
            updated.append(name)
    return added, updated


def remove_members(conn: Conn, names: list[str]) -> None:
    for name in names:
        if conn.one("SELECT id FROM team_member WHERE name = :n", {"n": name}) is None:
            raise NotFound(
                _("{name!r} is not on the team (see: opslog team list)").format(name=name)
            )
        conn.execute("DELETE FROM team_member WHERE name = :n", {"n": name})


def writers(conn: Conn, start: date, end: date) -> list[str]:
    """Everyone who wrote anything dated in [start, end]: the team without a roster."""
    union = " UNION ".join(
        f'SELECT author FROM "{k}" WHERE day >= :start AND day <= :end' for k in _WROTE
    )
    span = {"start": start.isoformat(), "end": end.isoformat()}
    return [r["author"] for r in conn.rows(f"{union} ORDER BY 1", span)]


def checkin_marks(conn: Conn, start: date, end: date) -> list[CheckinMark]:
    rows = conn.rows(
        "SELECT author, day, created_at FROM checkin WHERE day >= :start AND day <= :end",
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    return [
        CheckinMark(r["author"], date.fromisoformat(str(r["day"])), str(r["created_at"]))
        for r in rows
    ]


def last_checkins(conn: Conn, end: date) -> dict[str, date]:
    rows = conn.rows(
        "SELECT author, MAX(day) AS last FROM checkin WHERE day <= :end GROUP BY author",
        {"end": end.isoformat()},
    )
    return {r["author"]: date.fromisoformat(str(r["last"])) for r in rows}


def team_members(conn: Conn, start: date, end: date) -> tuple[list[Member], bool]:
    """The roster, or (without one) everyone who wrote in the period; and which it is."""
    members = roster(conn)
    if members:
        return members, True
    return [Member(name, on_roster=False) for name in writers(conn, start, end)], False


def team_roster(conn: Conn) -> list[Member]:
    """The roster, or (without one) everyone who has written anything, working Monday
    to Friday."""
    from opslog.store.week import team_authors

    return roster(conn) or [Member(name, on_roster=False) for name in team_authors(conn)]


STREAK_DAYS = 400  # the team page's streaks look back this far (one query for everyone)


def load_team_week(conn: Conn, week: Week, authors: list[str]) -> dict[str, WeekData]:
    """Every member's week from one load of the whole team's (no query per member)."""
    from datetime import timedelta

    from opslog.domain.records import Retro
    from opslog.domain.team import split_week
    from opslog.store.crud import find
    from opslog.store.week import load_week

    data = load_week(conn, week, None)
    retros = find(conn, Retro, "week = :week", {"week": week.label})
    since = week.end - timedelta(days=STREAK_DAYS)
    days: dict[str, list[date]] = {}
    for r in conn.rows(
        "SELECT DISTINCT author, day FROM checkin WHERE day >= :since AND day <= :end"
        " ORDER BY day DESC",
        {"since": since.isoformat(), "end": week.end.isoformat()},
    ):
        days.setdefault(r["author"], []).append(date.fromisoformat(str(r["day"])))
    return split_week(data, retros, days, authors)
