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


CHECKIN_FIELDS = ("done", "blockers", "plan", "mood")


def save_checkin(
    conn: Conn, *, author: str, now: str, day: date, **values: str | int | None
) -> tuple[int, bool]:
    """Create the day's check-in or amend it with `values` (some of done, blockers,
    plan, mood; the others keep what the day has). The read and the write are in the
    caller's one transaction, so a concurrent amendment is never lost. Returns
    (id, created)."""
    unknown = set(values) - set(CHECKIN_FIELDS)
    if unknown:
        raise TypeError(f"not check-in fields: {sorted(unknown)}")
    existing = get_checkin(conn, author, day)
    if existing is not None:
        if values:
            update(conn, "checkin", existing.id, values, now)
        return existing.id, False
    fields = {"done": "", "blockers": "", "plan": "", "mood": None, **values}
    checkin = create(conn, Checkin, author=author, now=now, day=day, **fields)
    return checkin.id, True
