"""Notes and the end-of-day check-in."""

from __future__ import annotations

from datetime import date

from opslog.domain.records import Checkin, Note
from opslog.store.crud import create, find, update
from opslog.store.db import Conn


def add_note(conn: Conn, *, author: str, now: str, day: date, text: str, tags: list[str]) -> int:
    note = create(
        conn,
        Note,
        author=author,
        now=now,
        day=day,
        text=text,
        tags=tags,
    )
    return note.id


def get_checkin(conn: Conn, author: str, day: date) -> Checkin | None:
    found = find(conn, Checkin, "author = :a AND day = :d", {"a": author, "d": day.isoformat()})
    return found[0] if found else None


def save_checkin(
    conn: Conn,
    *,
    author: str,
    now: str,
    day: date,
    done: str,
    blockers: str,
    plan: str,
    mood: int | None,
) -> tuple[int, bool]:
    """Create the day's check-in or amend it. Returns (id, created)."""
    existing = get_checkin(conn, author, day)
    if existing is not None:
        values = {"done": done, "blockers": blockers, "plan": plan, "mood": mood}
        update(conn, "checkin", existing.id, values, now)
        return existing.id, False
    checkin = create(
        conn,
        Checkin,
        author=author,
        now=now,
        day=day,
        done=done,
        blockers=blockers,
        plan=plan,
        mood=mood,
    )
    return checkin.id, True
