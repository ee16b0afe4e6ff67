"""Load what one week's summary needs, in one read transaction, with indexed queries
(day ranges use the (author, day) and day indexes; see tests/test_query_plans.py)."""

from __future__ import annotations

from datetime import date

from opslog.domain.dates import Week
from opslog.domain.feedback import Span
from opslog.domain.records import (
    Action,
    Checkin,
    Goal,
    Kpi,
    Note,
    Progress,
    Retro,
    Risk,
    RiskReview,
)
from opslog.domain.week import WeekData
from opslog.store.crud import author_filter, find
from opslog.store.db import Conn
from opslog.store.feedback import section as feedback_section


def load_week(
    conn: Conn, week: Week, authors: list[str] | None, today: date | None = None
) -> WeekData:
    """`authors` None means everyone (the team view); `today` ends what the feedback's
    improvements are judged on (default: the week's end)."""
    who, params = author_filter(authors)
    span = {**params, "start": week.start.isoformat(), "end": week.end.isoformat()}
    in_week = f"{who} AND day >= :start AND day <= :end"
    data = WeekData(
        notes=find(conn, Note, in_week, span, order="day, id"),
        checkins=find(conn, Checkin, in_week, span, order="day, id"),
    )
    data.goals = find(
        conn,
        Goal,
        f"{who} AND start <= :end AND (status = 'active' OR done_day IS NULL"
        " OR done_day >= :start)",
        span,
    )
    data.progress = _progress_of(conn, data.goals, week.end, week.week_start)
    data.risks = find(
        conn,
        Risk,
        f"{who} AND day <= :end AND (status <> 'closed' OR uid IN"
        " (SELECT risk_uid FROM risk_review WHERE day >= :start))",
        span,
    )
    uids = {f"r{i}": r.uid for i, r in enumerate(data.risks)}
    if uids:
        marks = ", ".join(f":{k}" for k in uids)
        data.reviews = find(
            conn, RiskReview, f"risk_uid IN ({marks}) AND day <= :end", {**uids, **span}
        )
    retros = find(conn, Retro, f"{who} AND week = :week", {**params, "week": week.label})
    data.retro = retros[0] if retros else None  # one per author per week
    data.actions = find(
        conn,
        Action,
        f"{who} AND day <= :end AND (status = 'open' OR done_day >= :start)",
        span,
        order="day, id",
    )
    retro_uids = {a.retro_uid for a in data.actions if a.retro_uid}
    if retro_uids:
        keys = {f"u{i}": u for i, u in enumerate(sorted(retro_uids))}
        marks = ", ".join(f":{k}" for k in keys)
        data.retro_weeks = {
            r["uid"]: r["week"]
            for r in conn.rows(f"SELECT uid, week FROM retro WHERE uid IN ({marks})", keys)
        }
    data.checkin_days = [  # newest first, for the streak; plain tuples: 1,826 rows in five years
        date.fromisoformat(day)
        for (day,) in conn.stream_values(
            f"SELECT DISTINCT day FROM checkin WHERE {who} AND day <= :end"
            " ORDER BY day DESC LIMIT 4000",
            span,
        )
    ]
    data.kpis = find(conn, Kpi, f"{who} AND status = 'active'", params, order="id")
    if data.kpis:
        from datetime import timedelta

        from opslog.store.kpis import load_series

        prev_start = week.start - timedelta(days=7)
        data.kpi_series = load_series(conn, authors, data.kpis, prev_start, week.end)
    asof = week.end if today is None else min(week.end, today)
    data.feedback = feedback_section(conn, authors, Span(week.start, week.end), asof)
    return data


def _progress_of(
    conn: Conn, goals: list[Goal], end: date, week_start: str = "monday"
) -> list[Progress]:
    """The goals' check-ins up to `end`, day order; a goal following a KPI has the
    KPI's values instead (store.goals.kpi_values)."""
    from opslog.store.goals import kpi_values

    own = [g for g in goals if g.kpi_uid is None]
    found: list[Progress] = []
    if own:
        keys = {f"g{i}": g.uid for i, g in enumerate(own)}
        marks = ", ".join(f":{k}" for k in keys)
        found = find(
            conn,
            Progress,
            f"goal_uid IN ({marks}) AND day <= :end",
            {**keys, "end": end.isoformat()},
            order="day, id",
        )
    following = kpi_values(conn, goals, end, week_start)
    if following:
        found = sorted([*found, *(p for ps in following.values() for p in ps)], key=lambda p: p.day)
    return found


def team_authors(conn: Conn) -> list[str]:
    """Everyone who has written anything, for the team view."""
    kinds = ("checkin", "note", "goal", "risk", "retro", "action", "feedback")
    union = " UNION ".join(f'SELECT author FROM "{k}"' for k in kinds)
    return [r["author"] for r in conn.rows(f"{union} ORDER BY 1")]
