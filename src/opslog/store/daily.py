"""Notes and the end-of-day check-in (with its goal values, KPI readings and risks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from opslog.domain.records import Checkin, Note
from opslog.errors import StoreError
from opslog.i18n import _
from opslog.store.crud import create, find, update
from opslog.store.db import Conn, Database

if TYPE_CHECKING:  # a note does not pay for the check-in's feedback and risk arithmetic
    from opslog.domain.feedback import NewFeedback
    from opslog.domain.records import Risk
    from opslog.domain.risks import NewRisk


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


def checkin_fields(checkin: Checkin | None) -> dict[str, str | int | None]:
    """The day's done, blockers, plan and mood as stored (a day without a check-in
    holds what a new one starts with)."""
    if checkin is None:
        return {"done": "", "blockers": "", "plan": "", "mood": None}
    return {f: getattr(checkin, f) for f in CHECKIN_FIELDS}


def write_checkin(
    db: Database,
    *,
    author: str,
    now: str,
    day: date,
    changes: dict[str, str | int | None],
    goals: dict[int, float],
    kpis: dict[str, float],
    risks: list[NewRisk],
    feedback: Sequence[NewFeedback] = (),
    expected: dict[str, str | int | None] | None = None,
) -> tuple[int, bool, list[int], list[Risk]]:
    """The end-of-day check-in in one write transaction: the check-in (created or
    amended with `changes`), its goal values (goal id -> value; one per goal and day:
    running it again replaces the day's value), KPI readings (name or
    id -> value), new risks and customer feedback. Returns (check-in id, created, new risk ids, the
    author's risks whose review is due on `day`). `expected`: what some of the day's
    fields must still hold (else another opslog changed them at the last moment: a
    StoreError, nothing written)."""
    from opslog.store.goals import set_day_value
    from opslog.store.risks import add_risk, reviews_due

    with db.write() as conn:
        if expected:
            held = checkin_fields(get_checkin(conn, author, day))
            for name, was in expected.items():
                if held[name] != was:
                    raise StoreError(
                        _("the check-in's {field} for {day} changed meanwhile; not saved")
                        .format(field=_(name), day=day.isoformat())
                    )  # fmt: skip
        checkin_id, created = save_checkin(conn, author=author, now=now, day=day, **changes)
        for goal_id, value in goals.items():
            set_day_value(conn, goal_id=goal_id, author=author, now=now, day=day, value=value)
        if kpis:
            from opslog.store.kpis import find_kpi, record_reading

            for ref, value in kpis.items():
                kpi = find_kpi(conn, author, ref)
                record_reading(conn, author=author, now=now, kpi=kpi, day=day, value=value)
        risk_ids = [
            add_risk(
                conn,
                author=author,
                now=now,
                day=day,
                title=r.title,
                probability=r.probability,
                impact=r.impact,
                owner=r.owner,
                mitigation=r.mitigation,
            )
            for r in risks
        ]
        if feedback:
            from opslog.store.feedback import add_feedback, resolve_key

            for f in feedback:
                add_feedback(
                    conn, author=author, now=now, day=day, text=f.text, count=f.count,
                    channel=resolve_key(conn, "channel", f.channel).key,
                    category=resolve_key(conn, "category", f.category).key,
                    sentiment=f.sentiment,
                )  # fmt: skip
        due = reviews_due(conn, author, day)
    return checkin_id, created, risk_ids, due


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
    fields = {**checkin_fields(None), **values}
    checkin = create(conn, Checkin, author=author, now=now, day=day, **fields)
    return checkin.id, True
