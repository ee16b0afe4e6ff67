"""The weekly summary: one plain object built from a week's records. Every view
(Rich table, Markdown, JSON) renders this and computes nothing of its own; the JSON
view is `WeekSummary.to_json()`, the contract in spec.md."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import field, replace
from datetime import date, timedelta
from typing import Any

from opslog.domain.dates import Week, week_of
from opslog.domain.feedback import FeedbackSection, section_json
from opslog.domain.goals import GoalLine, goal_line
from opslog.domain.kpis import KpiLine, kpi_line
from opslog.domain.plain import plain
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
    by_other,
)
from opslog.domain.risks import RiskMatrix, open_matrix, review_due, risk_level

SCHEMA = "opslog.week/1"


@plain
class WeekData:
    """Everything the store loads for one week (see store/week.py)."""

    notes: list[Note] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)  # open now, or touched this week
    reviews: list[RiskReview] = field(default_factory=list)  # of those risks, up to the end
    retro: Retro | None = None
    actions: list[Action] = field(default_factory=list)  # open at the end, or done this week
    retro_weeks: dict[str, str] = field(default_factory=dict)  # retro uid -> week label
    checkin_days: list[date] = field(default_factory=list)  # every check-in day up to the end
    kpis: list[Kpi] = field(default_factory=list)  # active KPIs
    kpi_series: dict[str, list[tuple[date, float]]] = field(default_factory=dict)  # by uid
    feedback: FeedbackSection | None = None


@plain
class DaySummary:
    day: date
    checkin: Checkin | None
    notes: list[Note]


@plain
class RiskLine:
    risk: Risk
    level: str
    new: bool
    changed: bool
    closed_this_week: bool
    review_due: bool
    old_score: int | None  # the score at the start of the week, when it changed
    changed_by: list[str] = field(default_factory=list)  # others who reviewed it this week


@plain
class ActionLine:
    action: Action
    status: str  # as of the week's end: an action done later was still open then
    overdue: bool
    from_week: str
    done_by: str | None = None  # who marked it done, when not its author or owner


@plain
class Stats:
    checkin_days: int
    streak: int
    notes: int
    top_tags: list[tuple[str, int]]


@plain
class WeekSummary:
    week: Week
    asof: date
    authors: list[str]
    days: list[DaySummary]
    goals: list[GoalLine]
    risks: list[RiskLine]
    retro: Retro | None
    actions: list[ActionLine]
    stats: Stats
    kpis: list[KpiLine] = field(default_factory=list)
    feedback: FeedbackSection | None = None

    @property
    def open_matrix(self) -> RiskMatrix:
        """The matrix of the week's risks that are not closed."""
        return open_matrix(r.risk for r in self.risks)

    @property
    def is_empty(self) -> bool:
        return not (
            any(d.checkin or d.notes for d in self.days)
            or self.goals
            or self.risks
            or self.retro
            or self.actions
            or any(k.value is not None for k in self.kpis)
            or (self.feedback is not None and not self.feedback.is_empty)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "week": self.week.label,
            "start": self.week.start.isoformat(),
            "end": self.week.end.isoformat(),
            "authors": self.authors,
            "days": [_day_json(d) for d in self.days],
            "goals": [_goal_json(g) for g in self.goals],
            "risks": [_risk_json(r) for r in self.risks],
            "retro": (
                {"went_well": self.retro.went_well, "to_improve": self.retro.to_improve}
                if self.retro
                else None
            ),
            "actions": [_action_json(a) for a in self.actions],
            "stats": {
                "checkin_days": self.stats.checkin_days,
                "streak": self.stats.streak,
                "notes": self.stats.notes,
                "top_tags": [[t, n] for t, n in self.stats.top_tags],
            },
            "kpis": [k.to_json() for k in self.kpis],
            "feedback": section_json(self.feedback) if self.feedback else None,
        }


def build_week_summary(
    data: WeekData,
    week: Week,
    today: date,
    authors: list[str],
    stale_days: int = 7,
) -> WeekSummary:
    asof = min(week.end, today)
    days = [
        DaySummary(
            day=d,
            checkin=next((c for c in data.checkins if c.day == d), None),
            notes=[n for n in data.notes if n.day == d],
        )
        for d in week.days()
    ]
    goals = [
        _goal_line(g, [p for p in data.progress if p.goal_uid == g.uid], week, asof, stale_days)
        for g in data.goals
    ]
    risk_lines = [_risk_line(r, data.reviews, week, asof) for r in data.risks]
    risks = sorted(
        (r for r in risk_lines if r.risk.status != "closed" or r.closed_this_week),
        key=lambda line: (line.risk.status != "open", -line.risk.score, line.risk.id),
    )
    actions = [_action_line(a, data.retro_weeks, week, asof) for a in data.actions]
    actions = [
        a
        for a in actions
        if a.status == "open"
        or (a.action.done_day is not None and week.contains(a.action.done_day))
    ]
    tags = Counter(t for n in data.notes for t in n.tags)
    stats = Stats(
        checkin_days=sum(1 for d in days if d.checkin),
        streak=streak(data.checkin_days, asof) if asof >= week.start else 0,  # a future week
        notes=len(data.notes),
        top_tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:5],
    )
    prev_start, prev_end = week.start - timedelta(days=7), week.start - timedelta(days=1)
    kpis = [
        kpi_line(k, data.kpi_series, week.start, week.end, prev_start, prev_end) for k in data.kpis
    ]
    return WeekSummary(
        week, asof, authors, days, goals, risks, data.retro, actions, stats, kpis, data.feedback
    )


def streak(checkin_days: list[date], asof: date) -> int:
    """Consecutive days with a check-in, ending at `asof` (or the day before it, so
    that the streak does not read 0 all day until the evening check-in).

    `checkin_days` are distinct and newest first, as the store loads them: day k of the
    run is `end - k` exactly while the run lasts and earlier ever after, so the run's
    length is found by bisection (a dozen comparisons for a five-year streak)."""
    at = bisect_left(checkin_days, True, key=lambda d: d <= asof)  # skip days after asof
    if at == len(checkin_days):
        return 0
    end = checkin_days[at]
    if end < asof - timedelta(days=1):
        return 0
    return bisect_left(
        range(len(checkin_days) - at),
        True,
        key=lambda k: checkin_days[at + k] != end - timedelta(days=k),
    )


def _goal_line(
    goal: Goal, checkins: list[Progress], week: Week, asof: date, stale_days: int
) -> GoalLine:
    return goal_line(goal, checkins, asof, week_start=week.start, stale_days=stale_days)


def _action_line(a: Action, retro_weeks: dict[str, str], week: Week, asof: date) -> ActionLine:
    done = a.status == "done" and a.done_day is not None and a.done_day <= week.end
    status = "done" if done or (a.status == "done" and a.done_day is None) else "open"
    return ActionLine(
        action=a,
        status=status,
        overdue=status == "open" and a.due is not None and a.due < asof,
        from_week=retro_weeks.get(a.retro_uid or "", "") or week_of(a.day, week.week_start).label,
        done_by=by_other(a.done_by, a) if status == "done" else None,
    )


def _risk_line(risk: Risk, reviews: list[RiskReview], week: Week, asof: date) -> RiskLine:
    mine = sorted((r for r in reviews if r.risk_uid == risk.uid), key=lambda r: (r.day, r.id))
    if mine:
        # A past week shows the risk as it stood at the week's end, not as it is now.
        last = mine[-1]
        risk = replace(
            risk, probability=last.new_probability, impact=last.new_impact, status=last.new_status
        )
    in_week = [r for r in mine if week.contains(r.day)]
    new = week.contains(risk.day)
    score_changes = [
        r
        for r in in_week
        if r.old_probability is not None
        and (r.old_probability, r.old_impact) != (r.new_probability, r.new_impact)
    ]
    old_score = None
    if score_changes:  # a risk new this week and re-scored in it shows the change too
        first = score_changes[0]
        old_score = (first.old_probability or 0) * (first.old_impact or 0)
    return RiskLine(
        risk=risk,
        level=risk_level(risk.score),
        new=new,
        changed=bool(in_week) and not new,
        closed_this_week=any(r.new_status == "closed" for r in in_week),
        review_due=review_due(risk, asof),
        old_score=old_score,
        changed_by=list(dict.fromkeys(n for r in in_week if (n := by_other(r.author, risk)))),
    )


def _day_json(d: DaySummary) -> dict[str, Any]:
    c = d.checkin
    return {
        "day": d.day.isoformat(),
        "checkin": (
            {"done": c.done, "blockers": c.blockers, "plan": c.plan, "mood": c.mood} if c else None
        ),
        "notes": [{"id": n.id, "uid": n.uid, "text": n.text, "tags": n.tags} for n in d.notes],
    }


def json_number(x: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (120, not 120.0); None stays null."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else round(x, 6)


def _goal_json(g: GoalLine) -> dict[str, Any]:
    return {
        "id": g.goal.id,
        "uid": g.goal.uid,
        "title": g.goal.title,
        "metric": g.goal.metric,
        "unit": g.goal.unit,
        "baseline": json_number(g.goal.baseline),
        "target": json_number(g.goal.target),
        "value": json_number(g.state.value),
        "progress": None if g.state.progress is None else round(g.state.progress, 4),
        "expected": None if g.state.expected is None else round(g.state.expected, 4),
        "status": g.state.status,
        "delta": json_number(g.state.delta),
        "confidence": g.state.confidence,
        "confidence_carried": g.state.confidence_carried,
        "stale": g.state.stale,
        "checkins": [{"day": d.isoformat(), "value": json_number(v)} for d, v in g.checkins],
        "value_by": g.value_by,
    }


def risk_core_json(risk: Risk, level: str) -> dict[str, Any]:
    """A risk's own keys, shared by the week's and the report's JSON."""
    return {
        "id": risk.id,
        "uid": risk.uid,
        "title": risk.title,
        "probability": risk.probability,
        "impact": risk.impact,
        "score": risk.score,
        "level": level,
        "status": risk.status,
        "owner": risk.owner,
    }


def _risk_json(r: RiskLine) -> dict[str, Any]:
    return {
        **risk_core_json(r.risk, r.level),
        "new": r.new,
        "changed": r.changed,
        "closed_this_week": r.closed_this_week,
        "review_due": r.review_due,
        "changed_by": r.changed_by,
    }


def _action_json(a: ActionLine) -> dict[str, Any]:
    return {
        "id": a.action.id,
        "uid": a.action.uid,
        "text": a.action.text,
        "owner": a.action.owner,
        "due": a.action.due.isoformat() if a.action.due else None,
        "status": a.status,
        "overdue": a.overdue,
        "from_week": a.from_week,
        "done_by": a.done_by,
    }
