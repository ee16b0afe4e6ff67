"""Goals and their check-ins (progress)."""

from __future__ import annotations

from datetime import date

from opslog.domain.records import Goal, Progress
from opslog.store.convert import new_uid
from opslog.store.crud import find, get, insert
from opslog.store.db import Conn


def active_goals(conn: Conn, author: str) -> list[Goal]:
    return find(conn, Goal, "author = :a AND status = 'active'", {"a": author})


def latest_progress(conn: Conn, goal_uid: str) -> Progress | None:
    found = find(conn, Progress, "goal_uid = :g", {"g": goal_uid}, order="day DESC, id DESC")
    return found[0] if found else None


def record_progress(
    conn: Conn,
    *,
    goal_id: int,
    author: str,
    now: str,
    day: date,
    value: float,
    confidence: int | None = None,
    note: str = "",
) -> int:
    goal = get(conn, Goal, goal_id)
    progress = Progress(
        id=0,
        uid=new_uid(),
        author=author,
        created_at=now,
        updated_at=now,
        goal_uid=goal.uid,
        day=day,
        value=value,
        confidence=confidence,
        note=note,
    )
    return insert(conn, progress)
