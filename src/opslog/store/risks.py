"""The risk register; every change is kept as a risk_review row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from opslog.domain.records import Risk, RiskReview
from opslog.store.crud import create, find, get, update
from opslog.store.db import Conn


def add_risk(
    conn: Conn,
    *,
    author: str,
    now: str,
    day: date,
    title: str,
    probability: int,
    impact: int,
    owner: str = "",
    mitigation: str = "",
    review_by: date | None = None,
) -> int:
    risk = create(
        conn,
        Risk,
        author=author,
        now=now,
        day=day,
        title=title,
        probability=probability,
        impact=impact,
        owner=owner,
        mitigation=mitigation,
        status="open",
        review_by=review_by,
    )
    create(
        conn,
        RiskReview,
        author=author,
        now=now,
        risk_uid=risk.uid,
        day=day,
        old_probability=None,
        new_probability=probability,
        old_impact=None,
        new_impact=impact,
        old_status=None,
        new_status="open",
        note="identified",
    )
    return risk.id


def reviews_due(conn: Conn, author: str, day: date) -> list[Risk]:
    return find(
        conn,
        Risk,
        "author = :a AND status <> 'closed' AND review_by IS NOT NULL AND review_by <= :d",
        {"a": author, "d": day.isoformat()},
        order="review_by, id",
    )


def get_risk(conn: Conn, risk_id: int) -> Risk:
    return get(conn, Risk, risk_id)


def list_risks(conn: Conn, author: str, *, include_closed: bool = False) -> list[Risk]:
    """The author's risks, open and mitigated ones first, highest score first."""
    where = "author = :a" if include_closed else "author = :a AND status <> 'closed'"
    risks = find(conn, Risk, where, {"a": author})
    return sorted(risks, key=lambda r: (r.status == "closed", -r.score, r.id))


def risk_history(conn: Conn, risk_uid: str) -> list[RiskReview]:
    return find(conn, RiskReview, "risk_uid = :u", {"u": risk_uid}, order="day, id")


def update_risk(
    conn: Conn,
    risk_id: int,
    requested: dict[str, Any],
    *,
    author: str,
    now: str,
    day: date,
    note: str = "",
) -> tuple[Risk, RiskReview | None]:
    """Apply the requested field values that differ from the risk's and keep the change
    as a risk_review row (old and new probability, impact and status; other fields
    changed are named in its note). When nothing would change and there is no note,
    nothing is written and the review is None (a repeat is not an error)."""
    risk = get(conn, Risk, risk_id)
    changes = {k: v for k, v in requested.items() if getattr(risk, k) != v}
    if not changes and not note:
        return risk, None
    described = [_describe(k, getattr(risk, k), v) for k, v in changes.items() if k in _OTHER]
    new = replace(risk, **changes, updated_at=now)
    if changes:
        update(conn, "risk", risk.id, changes, now)
    review = create(
        conn,
        RiskReview,
        author=author,
        now=now,
        risk_uid=risk.uid,
        day=day,
        old_probability=risk.probability,
        new_probability=new.probability,
        old_impact=risk.impact,
        new_impact=new.impact,
        old_status=risk.status,
        new_status=new.status,
        note="; ".join([note, *described] if note else described),
    )
    return new, review


_OTHER = {"owner": "owner", "mitigation": "mitigation", "review_by": "review by"}


def _describe(field: str, old: Any, new: Any) -> str:
    if field == "mitigation":
        return "mitigation updated" if old else "mitigation added"
    return f"{_OTHER[field]} {_plain(old)} → {_plain(new)}"


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return value.isoformat() if isinstance(value, date) else str(value)
