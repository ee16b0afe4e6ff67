"""The report for any period (a month, a quarter, a year, a week, a range): one plain
object built from the period's records, like the weekly summary. Every view (table,
Markdown, JSON, HTML) renders this and computes nothing of its own; the JSON view is
`ReportSummary.to_json()`, the contract `opslog.report/1` in spec.md.

Days are judged "as of" `asof` = the period's end, or today when that is earlier: a
report of the running month shows the month so far.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from datetime import date, timedelta
from typing import Any

from opslog.domain.dates import week_of
from opslog.domain.feedback import FeedbackSection, section_json
from opslog.domain.goals import EPS, GoalState, goal_state, latest_per_day
from opslog.domain.kpis import KpiLine, Series, kpi_line, period_value
from opslog.domain.kpis import health as kpi_health
from opslog.domain.periods import MONDAY_TO_FRIDAY, Period, period_weeks, workdays
from opslog.domain.plain import plain
from opslog.domain.records import (
    Action,
    Checkin,
    Goal,
    Kpi,
    Progress,
    Retro,
    Risk,
    RiskReview,
)
from opslog.domain.risks import matrix_counts, risk_level
from opslog.domain.week import ActionLine, json_number, risk_core_json, streak

SCHEMA = "opslog.report/1"
TOP_TAGS = 5
# A blocker written as "none" every day is not a bottleneck.
NOT_A_BLOCKER = frozenset(
    {"", "none", "no", "nothing", "na", "nil", "无", "没有", "暂无", "无阻碍"}
)


@plain
class ReportData:
    """Everything the store loads for one period (see store/report.py)."""

    checkins: list[Checkin] = field(default_factory=list)  # in the period
    checkin_days: list[date] = field(default_factory=list)  # every check-in day up to the end
    goals: list[Goal] = field(default_factory=list)  # active at some point in the period
    progress: list[Progress] = field(default_factory=list)  # of those goals, up to the end
    risks: list[Risk] = field(default_factory=list)  # not closed before the period
    reviews: list[RiskReview] = field(default_factory=list)  # of those risks, up to the end
    actions: list[Action] = field(default_factory=list)  # made in it, done in it, or open
    retro_weeks: dict[str, str] = field(default_factory=dict)  # retro uid -> week label
    retros: list[Retro] = field(default_factory=list)  # of the weeks whose Thursday is inside
    notes: int = 0
    tags: Counter[str] = field(default_factory=Counter)
    kpis: list[Kpi] = field(default_factory=list)  # active ones
    kpi_series: Mapping[str, Series] = field(default_factory=dict)  # from the previous period
    feedback: FeedbackSection | None = None  # None only when built without the store
    # The weekdays (Monday 0) the authors work: their roster's `--workdays` (for a team,
    # any member's); None: Monday to Friday.
    weekdays: frozenset[int] | None = None


@plain
class KpiReport:
    """A KPI over the period against the previous one, and week by week."""

    line: KpiLine  # value, previous, change, health, days with a value
    unhealthy_days: int | None  # days whose own value is unhealthy; None without threshold
    weeks: list[tuple[str, float | None]]

    def to_json(self) -> dict[str, Any]:
        doc = self.line.to_json()
        del doc["days"]
        doc["unhealthy_days"] = self.unhealthy_days
        doc["weeks"] = [{"week": w, "value": json_number(v)} for w, v in self.weeks]
        return doc


@plain
class CalendarDay:
    day: date
    checkin: bool
    mood: float | None  # the mean of the authors' moods that day


@plain
class CheckinSection:
    days: int  # days with a check-in, workday or not
    workdays: int  # the authors' workdays (Monday to Friday unless set), up to asof
    on_workdays: int  # the days with a check-in that are among `workdays`: <= workdays
    streak: int  # running at asof
    longest_streak: int  # the longest run reaching into the period, counted whole; >= streak
    mood_avg: float | None
    calendar: list[CalendarDay]


@plain
class GoalWeek:
    week: str
    asof: date
    value: float | None
    progress: float | None
    expected: float | None  # None for a dropped goal
    status: str


@plain
class GoalReport:
    goal: Goal
    # As of the day before the period; a goal starting inside the period starts at its
    # baseline (progress 0). None: an older goal without a check-in by then.
    start_value: float | None
    start_progress: float | None
    end: GoalState  # as of asof
    outcome: str | None  # achieved / missed for a goal due inside the period (and past)
    weeks: list[GoalWeek]
    checkins: list[tuple[date, float]]  # inside the period, the latest of each day
    pace: list[tuple[date, float]]  # the expected value, as a line through the period


@plain
class RiskAtEnd:
    risk: Risk  # as it stood at the end
    level: str


@plain
class RiskSection:
    opened: list[int]
    closed: list[int]
    escalated: list[int]
    open_at_end: list[RiskAtEnd]
    matrix: list[list[int]]  # matrix[p-1][i-1]


@plain
class ActionSection:
    created: int
    done: int
    done_with_due: int
    done_on_time: int
    overdue_at_end: list[ActionLine]

    @property
    def on_time_rate(self) -> float | None:
        return self.done_on_time / self.done_with_due if self.done_with_due else None


@plain
class Recurring:
    text: str  # as first written
    source: str  # blocker | to_improve
    weeks: list[str]


@plain
class ReportSummary:
    period: Period
    asof: date
    authors: list[str]
    checkins: CheckinSection
    goals: list[GoalReport]
    risks: RiskSection
    actions: ActionSection
    recurring: list[Recurring]
    retros: list[Retro]
    notes: int
    top_tags: list[tuple[str, int]]
    kpis: list[KpiReport] = field(default_factory=list)
    feedback: FeedbackSection | None = None

    @property
    def is_empty(self) -> bool:
        r = self.risks
        return not (
            self.checkins.days
            or self.goals
            or r.opened
            or r.closed
            or r.open_at_end
            or self.actions.created
            or self.actions.done
            or self.actions.overdue_at_end
            or self.retros
            or self.notes
            or (self.feedback is not None and not self.feedback.is_empty)
        )

    def to_json(self) -> dict[str, Any]:
        p = self.period
        doc: dict[str, Any] = {
            "schema": SCHEMA,
            "period": {
                "kind": p.kind,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
            },
            "asof": self.asof.isoformat(),
            "authors": self.authors,
            "checkins": _checkins_json(self.checkins),
            "goals": [_goal_json(g) for g in self.goals],
        }
        doc["kpis"] = [k.to_json() for k in self.kpis]
        doc["risks"] = _risks_json(self.risks)
        doc["actions"] = _actions_json(self.actions)
        doc["recurring"] = [
            {"text": r.text, "source": r.source, "weeks": r.weeks} for r in self.recurring
        ]
        doc["retros"] = [
            {"week": r.week, "author": r.author, "went_well": r.went_well,
             "to_improve": r.to_improve}
            for r in self.retros
        ]  # fmt: skip
        doc["feedback"] = None if self.feedback is None else section_json(self.feedback)
        doc["stats"] = {"notes": self.notes, "top_tags": [[t, n] for t, n in self.top_tags]}
        return doc


def build_report(
    data: ReportData,
    period: Period,
    today: date,
    authors: list[str],
    week_start: str = "monday",
    stale_days: int = 7,
) -> ReportSummary:
    asof = min(period.end, today)
    weeks = [w for w in period_weeks(period, week_start) if w[1] <= asof]
    return ReportSummary(
        period=period,
        asof=asof,
        authors=authors,
        checkins=_checkin_section(data, period, asof),
        goals=[_goal_report(g, data.progress, period, asof, weeks, stale_days) for g in data.goals],
        risks=_risk_section(data.risks, data.reviews, period, asof),
        actions=_action_section(data.actions, data.retro_weeks, period, asof, week_start),
        recurring=recurring(data.checkins, data.retros, week_start),
        retros=sorted(data.retros, key=lambda r: (r.week, r.author, r.id)),
        notes=data.notes,
        top_tags=sorted(data.tags.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TAGS],
        kpis=[_kpi_report(k, data.kpi_series, period, asof, weeks) for k in data.kpis],
        feedback=data.feedback,
    )


# --- KPIs -------------------------------------------------------------------------------


def _kpi_report(
    kpi: Kpi,
    series: Mapping[str, Series],
    period: Period,
    asof: date,
    weeks: list[tuple[str, date, date]],
) -> KpiReport:
    before = period.previous()
    line = kpi_line(kpi, series, period.start, asof, before.start, before.end)
    unhealthy = None
    if kpi.keep_above is not None or kpi.keep_below is not None:
        unhealthy = sum(1 for _d, v in line.days if kpi_health(kpi, v) == "unhealthy")
    by_week = [(label, period_value(kpi, series, first, last)) for label, first, last in weeks]
    return KpiReport(line, unhealthy, by_week)


# --- check-ins --------------------------------------------------------------------------


def _checkin_section(data: ReportData, period: Period, asof: date) -> CheckinSection:
    moods: dict[date, list[int]] = {}
    for c in data.checkins:
        moods.setdefault(c.day, [])
        if c.mood is not None:
            moods[c.day].append(c.mood)
    calendar = [
        CalendarDay(d, d in moods, sum(moods[d]) / len(moods[d]) if moods.get(d) else None)
        for d in period.days()
    ]
    all_moods = [m for ms in moods.values() for m in ms]
    weekdays = data.weekdays or MONDAY_TO_FRIDAY
    running = streak(data.checkin_days, asof) if asof >= period.start else 0
    return CheckinSection(
        days=len(moods),
        workdays=workdays(period.start, asof, weekdays),
        # A check-in on a Saturday is not one of the workdays it is counted against (the
        # report said "4/3 workdays"); `team status` counts the same way.
        on_workdays=sum(1 for d in moods if period.start <= d <= asof and d.weekday() in weekdays),
        streak=running,
        # The running streak counts its days before the period; so does the longest, and
        # it is never shorter (the running one may end yesterday, the day before a period).
        longest_streak=max(running, longest_streak(data.checkin_days, period.start)),
        mood_avg=sum(all_moods) / len(all_moods) if all_moods else None,
        calendar=calendar,
    )


def longest_streak(checkin_days: Sequence[date], start: date) -> int:
    """The longest run of consecutive days in `checkin_days` (distinct, newest first, as
    the store loads them for the streak) that has a day on or after `start`, counted
    whole: a run that began before `start` counts its earlier days too, as the running
    streak does. Reads the days from `start` on and the one run crossing it."""
    best = run = 0
    for i, d in enumerate(checkin_days):
        if i and (checkin_days[i - 1] - d).days == 1:
            run += 1
        elif d < start:
            break  # a run that begins before `start` and never reaches it
        else:
            run = 1
        best = max(best, run)
    return best


# --- goals ------------------------------------------------------------------------------


def _goal_report(
    goal: Goal,
    progress: list[Progress],
    period: Period,
    asof: date,
    weeks: list[tuple[str, date, date]],
    stale_days: int,
) -> GoalReport:
    mine = sorted(
        (p for p in progress if p.goal_uid == goal.uid), key=lambda p: (p.day, p.created_at, p.id)
    )
    days = [p.day for p in mine]

    def at(day: date) -> GoalState:
        """The goal on `day` from its latest check-in then: one bisect per lookup."""
        k = bisect.bisect_right(days, day)
        return goal_state(goal, mine[k - 1 : k], day, stale_days=stale_days)

    before = at(period.start - timedelta(days=1))
    start_value, start_progress = before.value, before.progress
    if start_value is None and goal.start >= period.start:
        start_value, start_progress = goal.baseline, 0.0
    end = goal_state(goal, mine, asof, week_start=period.start, stale_days=stale_days)
    goal_weeks = []
    for label, _first, last in weeks:
        state = at(min(last, asof))
        goal_weeks.append(
            GoalWeek(label, min(last, asof), state.value, state.progress, state.expected,
                     state.status)
        )  # fmt: skip
    return GoalReport(
        goal=goal,
        start_value=start_value,
        start_progress=start_progress,
        end=end,
        outcome=_outcome(goal, at, period, asof),
        weeks=goal_weeks,
        checkins=[(d, v) for d, v in latest_per_day(mine) if period.start <= d <= asof],
        pace=pace(goal, period),
    )


def pace(goal: Goal, period: Period) -> list[tuple[date, float]]:
    """The expected value (baseline + expected × (target − baseline)) at the period's
    ends and at the goal's start and due days inside it: the corners of the pace line."""
    days = sorted({period.start, period.end} | {d for d in (goal.start, goal.due)
                                                if period.contains(d)})  # fmt: skip
    span = (goal.due - goal.start).days
    out = []
    for d in days:
        share = min(1.0, max(0.0, (d - goal.start).days / span)) if span > 0 else 1.0
        out.append((d, goal.baseline + share * (goal.target - goal.baseline)))
    return out


def _outcome(goal: Goal, at: Any, period: Period, asof: date) -> str | None:
    """achieved / missed for a goal due inside the period whose due date has come;
    None otherwise, and for a goal dropped by then."""
    if not period.contains(goal.due) or goal.due > asof:
        return None
    closed_by_due = goal.done_day is None or goal.done_day <= goal.due
    if goal.status == "dropped" and closed_by_due:
        return None
    if goal.status == "done" and closed_by_due:
        return "achieved"
    state: GoalState = at(goal.due)
    reached = state.progress is not None and state.progress >= 1.0 - EPS
    return "achieved" if reached else "missed"


# --- risks ------------------------------------------------------------------------------


def _risk_section(
    risks: list[Risk], reviews: list[RiskReview], period: Period, asof: date
) -> RiskSection:
    by_risk: dict[str, list[RiskReview]] = {}
    for r in sorted(reviews, key=lambda r: (r.day, r.id)):
        by_risk.setdefault(r.risk_uid, []).append(r)
    opened, closed, escalated, at_end = [], [], [], []
    for risk in sorted(risks, key=lambda r: r.id):
        mine = [r for r in by_risk.get(risk.uid, []) if r.day <= period.end]
        inside = [r for r in mine if period.contains(r.day)]
        if period.contains(risk.day):
            opened.append(risk.id)
        if any(r.new_status == "closed" and r.old_status != "closed" for r in inside):
            closed.append(risk.id)
        if any(_score_up(r) for r in inside):
            escalated.append(risk.id)
        if mine:
            last = mine[-1]
            risk = replace(
                risk, probability=last.new_probability, impact=last.new_impact,
                status=last.new_status,
            )  # fmt: skip
        if risk.status != "closed" and risk.day <= period.end:
            at_end.append(RiskAtEnd(risk, risk_level(risk.score)))
    at_end.sort(key=lambda r: (-r.risk.score, r.risk.id))
    counts = matrix_counts(r.risk for r in at_end)
    matrix = [[counts[(p, i)] for i in range(1, 6)] for p in range(1, 6)]
    return RiskSection(opened, closed, escalated, at_end, matrix)


def _score_up(r: RiskReview) -> bool:
    if r.old_probability is None or r.old_impact is None:
        return False
    return r.new_probability * r.new_impact > r.old_probability * r.old_impact


# --- actions ----------------------------------------------------------------------------


def _action_section(
    actions: list[Action],
    retro_weeks: dict[str, str],
    period: Period,
    asof: date,
    week_start: str,
) -> ActionSection:
    done = [a for a in actions if a.done_day is not None and period.contains(a.done_day)]
    with_due = [a for a in done if a.due is not None]
    overdue = []
    for a in actions:
        open_at_end = a.day <= period.end and (
            a.status == "open" or (a.done_day is not None and a.done_day > period.end)
        )
        if open_at_end and a.due is not None and a.due < asof:
            from_week = retro_weeks.get(a.retro_uid or "", "") or week_of(a.day, week_start).label
            overdue.append(ActionLine(a, "open", True, from_week))
    overdue.sort(key=lambda line: (line.action.due or asof, line.action.id))
    return ActionSection(
        created=sum(1 for a in actions if period.contains(a.day)),
        done=len(done),
        done_with_due=len(with_due),
        done_on_time=sum(1 for a in with_due if a.done_day and a.due and a.done_day <= a.due),
        overdue_at_end=overdue,
    )


# --- what keeps coming back -------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"[\n;；]+")


def normalise(text: str) -> str:
    """The key two spellings of one item share: NFKC (full-width letters and
    punctuation made plain), case folded, punctuation and symbols dropped, no spaces
    (Chinese is written without them, and "export-late" then meets "export late")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PSZC")


def recurring(
    checkins: Iterable[Checkin], retros: Iterable[Retro], week_start: str = "monday"
) -> list[Recurring]:
    """Blockers (one per line or `;` in a check-in) and "to improve" items written in at
    least two different weeks, matched by `normalise`; most weeks first."""
    seen: dict[tuple[str, str], tuple[str, set[str], str]] = {}

    def add(source: str, item: str, week: str, order: str) -> None:
        key = normalise(item)
        if key in NOT_A_BLOCKER:
            return
        text, weeks, first = seen.get((source, key), (item.strip(), set(), order))
        if order < first:
            text, first = item.strip(), order
        weeks.add(week)
        seen[(source, key)] = (text, weeks, first)

    for c in checkins:
        for item in _ITEM_SPLIT.split(c.blockers):
            add("blocker", item, week_of(c.day, week_start).label, c.day.isoformat())
    for r in retros:
        for item in r.to_improve:
            add("to_improve", item, r.week, r.week)
    found = [
        (first, Recurring(text, source, sorted(weeks)))
        for (source, _key), (text, weeks, first) in seen.items()
        if len(weeks) >= 2
    ]
    found.sort(key=lambda f: (-len(f[1].weeks), f[1].source, f[0], f[1].text))
    return [r for _first, r in found]


# --- JSON -------------------------------------------------------------------------------


def _ratio(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _checkins_json(c: CheckinSection) -> dict[str, Any]:
    return {
        "days": c.days,
        "workdays": c.workdays,
        "on_workdays": c.on_workdays,
        "streak": c.streak,
        "longest_streak": c.longest_streak,
        "mood_avg": _ratio(c.mood_avg),
        "calendar": [
            {"day": d.day.isoformat(), "checkin": d.checkin, "mood": json_number(d.mood)}
            for d in c.calendar
        ],
    }


def _goal_json(g: GoalReport) -> dict[str, Any]:
    return {
        "id": g.goal.id,
        "uid": g.goal.uid,
        "title": g.goal.title,
        "metric": g.goal.metric,
        "unit": g.goal.unit,
        "owner": g.goal.owner,
        "baseline": json_number(g.goal.baseline),
        "target": json_number(g.goal.target),
        "start": g.goal.start.isoformat(),
        "due": g.goal.due.isoformat(),
        "start_value": json_number(g.start_value),
        "end_value": json_number(g.end.value),
        "start_progress": _ratio(g.start_progress),
        "end_progress": _ratio(g.end.progress),
        "expected": _ratio(g.end.expected),
        "status": g.end.status,
        "outcome": g.outcome,
        "weeks": [
            {
                "week": w.week,
                "asof": w.asof.isoformat(),
                "value": json_number(w.value),
                "progress": _ratio(w.progress),
                "expected": _ratio(w.expected),
                "status": w.status,
            }
            for w in g.weeks
        ],
        "checkins": [{"day": d.isoformat(), "value": json_number(v)} for d, v in g.checkins],
        "pace": [{"day": d.isoformat(), "value": json_number(v)} for d, v in g.pace],
    }


def risk_json(r: RiskAtEnd) -> dict[str, Any]:
    return risk_core_json(r.risk, r.level)


def _risks_json(r: RiskSection) -> dict[str, Any]:
    return {
        "opened": r.opened,
        "closed": r.closed,
        "escalated": r.escalated,
        "open_at_end": [risk_json(x) for x in r.open_at_end],
        "matrix": r.matrix,
    }


def _actions_json(a: ActionSection) -> dict[str, Any]:
    return {
        "created": a.created,
        "done": a.done,
        "done_with_due": a.done_with_due,
        "done_on_time": a.done_on_time,
        "on_time_rate": _ratio(a.on_time_rate),
        "overdue_at_end": [
            {
                "id": x.action.id,
                "uid": x.action.uid,
                "text": x.action.text,
                "owner": x.action.owner,
                "due": x.action.due.isoformat() if x.action.due else None,
                "from_week": x.from_week,
            }
            for x in a.overdue_at_end
        ],
    }
