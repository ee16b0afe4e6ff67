"""Weekly retros (one per author per week) and the actions that come out of them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from opslog.domain.dates import week_of
from opslog.domain.records import Action, Retro
from opslog.store.crud import create, find, get, update
from opslog.store.db import Conn


def get_retro(conn: Conn, author: str, week: str) -> Retro | None:
    found = find(conn, Retro, "author = :a AND week = :w", {"a": author, "w": week})
    return found[0] if found else None


def list_retros(conn: Conn, author: str) -> list[Retro]:
    return find(conn, Retro, "author = :a", {"a": author}, order="week DESC")


def add_to_retro(
    conn: Conn,
    *,
    author: str,
    now: str,
    week: str,
    day: date,
    went_well: list[str],
    to_improve: list[str],
) -> tuple[Retro, bool]:
    """Create the author's retro for `week`, or append to it (an item already there is
    not added twice). Returns (retro, created)."""
    retro = get_retro(conn, author, week)
    if retro is None:
        retro = create(
            conn,
            Retro,
            author=author,
            now=now,
            week=week,
            day=day,
            went_well=_unique([], went_well),
            to_improve=_unique([], to_improve),
        )
        return retro, True
    retro.went_well = _unique(retro.went_well, went_well)
    retro.to_improve = _unique(retro.to_improve, to_improve)
    retro.updated_at = now
    values = {
        "went_well": json.dumps(retro.went_well, ensure_ascii=False),
        "to_improve": json.dumps(retro.to_improve, ensure_ascii=False),
    }
    update(conn, "retro", retro.id, values, now)
    return retro, False


def _unique(have: list[str], more: list[str]) -> list[str]:
    out = list(have)
    for item in more:
        if item not in out:
            out.append(item)
    return out


def add_action(
    conn: Conn,
    *,
    author: str,
    now: str,
    day: date,
    text: str,
    owner: str = "",
    due: date | None = None,
    retro_uid: str | None = None,
) -> int:
    action = create(
        conn,
        Action,
        author=author,
        now=now,
        day=day,
        text=text,
        owner=owner,
        due=due,
        status="open",
        retro_uid=retro_uid,
    )
    return action.id


def list_actions(conn: Conn, author: str, *, include_done: bool = False) -> list[Action]:
    """Open actions first, by due day (none last), then the order they were made."""
    where = "author = :a" if include_done else "author = :a AND status = 'open'"
    actions = find(conn, Action, where, {"a": author})
    return sorted(actions, key=lambda a: (a.status != "open", a.due is None, a.due or date.min))


def retro_actions(conn: Conn, retro_uid: str) -> list[Action]:
    return find(conn, Action, "retro_uid = :u", {"u": retro_uid})


def action_weeks(conn: Conn, actions: list[Action], week_start: str = "monday") -> dict[str, str]:
    """action uid -> the week it came from: its retro's week, else the week of its day."""
    keys = {f"u{i}": u for i, u in enumerate(sorted({a.retro_uid for a in actions if a.retro_uid}))}
    weeks: dict[str, str] = {}
    if keys:
        marks = ", ".join(f":{k}" for k in keys)
        weeks = {
            r["uid"]: r["week"]
            for r in conn.rows(f"SELECT uid, week FROM retro WHERE uid IN ({marks})", keys)
        }
    return {
        a.uid: weeks.get(a.retro_uid or "") or week_of(a.day, week_start).label for a in actions
    }


def mark_action_done(
    conn: Conn, action_id: int, *, now: str, day: date, by: str | None = None
) -> tuple[Action, bool]:
    """Mark an action done on `day`. `by`: who marked it done (kept in done_by; the
    action keeps its own author). Returns (action, changed): an action already done is
    left as it is (a repeat changes nothing, as for goals)."""
    action = get(conn, Action, action_id)
    if action.status == "done":
        return action, False
    values = {"status": "done", "done_day": day.isoformat(), "done_by": by}
    update(conn, "action", action.id, values, now)
    action.status, action.done_day, action.updated_at = "done", day, now
    action.done_by = by
    return action, True


def update_action(
    conn: Conn, action_id: int, requested: dict[str, Any], now: str
) -> tuple[Action, Action]:
    """Set some of an action's text, owner and due day; (before, after). Values equal to
    the action's are left out, and nothing is written when none is left."""
    before = get(conn, Action, action_id)
    changes = {k: v for k, v in requested.items() if getattr(before, k) != v}
    if changes:
        update(conn, "action", action_id, changes, now)
    return before, replace(before, **changes, updated_at=now if changes else before.updated_at)
