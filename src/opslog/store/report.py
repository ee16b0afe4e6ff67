"""Load what a period's report needs, in one read transaction, with a handful of indexed
queries whatever the period's length (day ranges use the (author, day) and day indexes).
The same shapes as store/week.py, widened to the period."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from opslog.domain.feedback import Span
from opslog.domain.periods import Period, thursday_weeks
from opslog.domain.records import Action, Checkin, Goal, Kpi, Retro, Risk, RiskReview
from opslog.domain.report import ReportData
from opslog.store.crud import author_filter, find
from opslog.store.db import Conn
from opslog.store.feedback import section as feedback_section
from opslog.store.week import _progress_of


def load_report(
    conn: Conn,
    period: Period,
    authors: list[str] | None,
    today: date | None = None,
    *,
    week_start: str,
) -> ReportData:
    """`authors` None means everyone (the team view); `today` ends what the feedback's
    improvements are judged on (default: the period's end); `week_start` makes the
    weeks whose values a goal following a KPI takes, as the week and `goal show` do."""
    who, params = author_filter(authors)
    span = {**params, "start": period.start.isoformat(), "end": period.end.isoformat()}
    inside = f"{who} AND day >= :start AND day <= :end"
    data = ReportData(checkins=find(conn, Checkin, inside, span, order="day, id"))
    data.checkin_days = [  # newest first, for the streak; plain tuples: 1,826 rows in five years
        date.fromisoformat(day)
        for (day,) in conn.stream_values(
            f"SELECT DISTINCT day FROM checkin WHERE {who} AND day <= :end"
            " ORDER BY day DESC LIMIT 4000",
            span,
        )
    ]
    data.goals = find(
        conn,
        Goal,
        f"{who} AND start <= :end AND (status = 'active' OR done_day IS NULL"
        " OR done_day >= :start)",
        span,
    )
    data.progress = _progress_of(conn, data.goals, period.end, week_start)
    data.risks = find(
        conn,
        Risk,
        f"{who} AND day <= :end AND (status <> 'closed' OR uid IN"
        " (SELECT risk_uid FROM risk_review WHERE day >= :start))",
        span,
    )
    data.reviews = _in(conn, RiskReview, "risk_uid", [r.uid for r in data.risks], span)
    data.actions = find(
        conn,
        Action,
        f"{who} AND day <= :end AND (day >= :start OR status = 'open' OR done_day >= :start)",
        span,
        order="day, id",
    )
    retro_uids = sorted({a.retro_uid for a in data.actions if a.retro_uid})
    if retro_uids:
        keys = {f"u{i}": u for i, u in enumerate(retro_uids)}
        marks = ", ".join(f":{k}" for k in keys)
        data.retro_weeks = {
            r["uid"]: r["week"]
            for r in conn.rows(f"SELECT uid, week FROM retro WHERE uid IN ({marks})", keys)
        }
    labels = {f"w{i}": w for i, w in enumerate(thursday_weeks(period))}
    if labels:
        marks = ", ".join(f":{k}" for k in labels)
        data.retros = find(conn, Retro, f"{who} AND week IN ({marks})", {**params, **labels})
    tags: Counter[str] = Counter()
    notes = 0
    for row in conn.rows(f"SELECT tags FROM note WHERE {inside}", span):
        notes += 1
        if row["tags"] and row["tags"] != "[]":
            tags.update(json.loads(row["tags"]))
    data.notes, data.tags = notes, tags
    data.kpis = find(conn, Kpi, f"{who} AND status = 'active'", params, order="id")
    if data.kpis:
        from opslog.store.kpis import load_series

        first = period.previous().start
        data.kpi_series = load_series(conn, authors, data.kpis, first, period.end)
    data.weekdays = _weekdays(conn, authors)
    asof = period.end if today is None else min(period.end, today)
    data.feedback = feedback_section(conn, authors, Span.of(period), asof)
    return data


def _weekdays(conn: Conn, authors: list[str] | None) -> frozenset[int] | None:
    """The weekdays the authors work, from the roster (`team add --workdays`): any of
    theirs for several, everyone's for the team; None when none of them is on it."""
    from opslog.domain.team import WEEKDAYS
    from opslog.store.team import roster

    members = [m for m in roster(conn) if authors is None or m.author in authors]
    if not members:
        return None
    return frozenset(WEEKDAYS.index(d) for m in members for d in m.workdays)


def _in(conn: Conn, cls: type[RiskReview], column: str, uids: list[str], span: dict[str, str]
        ) -> list[RiskReview]:  # fmt: skip
    if not uids:
        return []
    keys = {f"r{i}": u for i, u in enumerate(uids)}
    marks = ", ".join(f":{k}" for k in keys)
    return find(conn, cls, f"{column} IN ({marks}) AND day <= :end", {**keys, **span})
