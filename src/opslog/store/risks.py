"""The risk register; every change is kept as a risk_review row."""

from __future__ import annotations

from datetime import date

from opslog.domain.records import Risk, RiskReview
from opslog.store.convert import new_uid
from opslog.store.crud import find, insert
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
    risk = Risk(
        id=0,
        uid=new_uid(),
        author=author,
        created_at=now,
        updated_at=now,
        day=day,
        title=title,
        probability=probability,
        impact=impact,
        owner=owner,
        mitigation=mitigation,
        status="open",
        review_by=review_by,
    )
    risk_id = insert(conn, risk)
    review = RiskReview(
        id=0,
        uid=new_uid(),
        author=author,
        created_at=now,
        updated_at=now,
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
    insert(conn, review)
    return risk_id


def reviews_due(conn: Conn, author: str, day: date) -> list[Risk]:
    return find(
        conn,
        Risk,
        "author = :a AND status <> 'closed' AND review_by IS NOT NULL AND review_by <= :d",
        {"a": author, "d": day.isoformat()},
        order="review_by, id",
    )
