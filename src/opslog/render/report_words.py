"""Wording the report's views share (table, Markdown, HTML): section titles, the
summary lines, the calendar laid out in weeks. Formatting only, nothing computed."""

from __future__ import annotations

from datetime import date, timedelta

from opslog.domain.goals import sparkline
from opslog.domain.report import CalendarDay, GoalReport, KpiReport, ReportSummary
from opslog.i18n import _, aside, joined
from opslog.render.words import (
    STATUS_WORDS,
    checkin_days,
    number,
    percent,
    period_name,
    plural,
    signed,
    signed_percent,
)

SECTIONS = {
    "checkins": "Check-ins",
    "goals": "Goals",
    "kpis": "KPIs",
    "risks": "Risks",
    "actions": "Actions",
    "recurring": "What keeps coming back",
    "retros": "Retros",
    "feedback": "Customer feedback",
    "notes": "Notes",
}
OUTCOME_WORDS = {"achieved": "achieved", "missed": "missed", None: "–"}
# One letter per week in a goal's strip, so it reads without colour.
WEEK_MARKS = {
    "done": "★",
    "on_track": "●",
    "at_risk": "▲",
    "behind": "✖",
    "no_data": "·",
    "dropped": "–",
    "achieved": "✔",
    "missed": "✗",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def title(s: ReportSummary) -> str:
    """`November 2026 · 2026-11-01 – 2026-11-30` (2026年11月 · … in Chinese); a range is
    its two days."""
    p = s.period
    name = period_name(p.kind, p.label, p.start, p.end)
    if p.kind == "range":
        return name
    return f"{name} · {p.start.isoformat()} – {p.end.isoformat()}"


def section(key: str) -> str:
    return _(SECTIONS[key])


def checkin_line(s: ReportSummary) -> str:
    c = s.checkins
    mood = "–" if c.mood_avg is None else f"{c.mood_avg:.1f}"
    return (
        f"{_('check-ins')} {checkin_days(c.on_workdays, c.workdays, c.days, _('workdays'))}"
        f" · {_('streak')} "
        f"{plural(c.streak, 'day')} · {_('longest')} {plural(c.longest_streak, 'day')} · "
        f"{_('mood')} {mood}"
    )


def calendar_weeks(days: list[CalendarDay]) -> list[tuple[str, list[CalendarDay | None]]]:
    """The calendar as rows of seven (Monday first), None outside the period."""
    if not days:
        return []
    rows: list[tuple[str, list[CalendarDay | None]]] = []
    first = days[0].day - timedelta(days=days[0].day.weekday())
    by_day = {d.day: d for d in days}
    monday = first
    while monday <= days[-1].day:
        week = [by_day.get(monday + timedelta(days=i)) for i in range(7)]
        iso = monday.isocalendar()
        rows.append((f"W{iso.week:02d}", week))
        monday += timedelta(days=7)
    return rows


def calendar_cell(d: CalendarDay | None, asof: date) -> str:
    if d is None:
        return ""
    if d.checkin:
        return "✓" if d.mood is None else f"✓{d.mood:.0f}"
    return "·" if d.day <= asof else " "


def goal_values(g: GoalReport) -> str:
    unit = f" {g.goal.unit}" if g.goal.unit else ""
    return f"{number(g.start_value)} → {number(g.end.value)}{unit}"


def goal_progress(g: GoalReport) -> str:
    return f"{percent(g.start_progress)} → {percent(g.end.progress)}"


def goal_strip(g: GoalReport) -> str:
    return "".join(WEEK_MARKS.get(w.status, "?") for w in g.weeks)


def strip_legend() -> str:
    return "  ".join(f"{m} {_(STATUS_WORDS[k])}" for k, m in WEEK_MARKS.items())


def status_word(g: GoalReport) -> str:
    return _(STATUS_WORDS.get(g.end.status, g.end.status))


def outcome_word(g: GoalReport) -> str:
    return _(OUTCOME_WORDS[g.outcome])


def risk_line(s: ReportSummary) -> str:
    r = s.risks
    return (
        f"{_('opened')} {_ids(r.opened)} · {_('closed')} {_ids(r.closed)} · "
        f"{_('escalated')} {_ids(r.escalated)} · {_('open at the end')} {len(r.open_at_end)}"
    )


def _ids(ids: list[int]) -> str:
    if not ids:
        return "0"
    return f"{len(ids)}" + aside(joined(f"#{i}" for i in ids))


def action_line(s: ReportSummary) -> str:
    a = s.actions
    rate = "–" if a.on_time_rate is None else percent(a.on_time_rate)
    return (
        f"{_('created')} {a.created} · {_('done')} {a.done} · {_('done by the due date')} "
        f"{a.done_on_time}/{a.done_with_due}{aside(rate)} · {_('overdue at the end')} "
        f"{len(a.overdue_at_end)}"
    )


def notes_line(s: ReportSummary) -> str:
    return f"{_('notes')} {s.notes} · {_('top tags')} "


def tags_text(s: ReportSummary, sep: str = "  ") -> str:
    return sep.join(f"#{t} ×{n}" for t, n in s.top_tags) or "–"


def source_word(source: str) -> str:
    return _("blocker") if source == "blocker" else _("to improve")


def empty(key: str) -> str:
    return {
        "goals": _("No goals in this period."),
        "kpis": _("No KPIs."),
        "risks": _("No risks in this period."),
        "actions": _("No actions in this period."),
        "recurring": _("Nothing came back in two weeks or more."),
        "retros": _("No retros in this period."),
    }[key]


def risks_empty(s: ReportSummary) -> bool:
    r = s.risks
    return not (r.opened or r.closed or r.escalated or r.open_at_end)


def actions_empty(s: ReportSummary) -> bool:
    a = s.actions
    return not (a.created or a.done or a.overdue_at_end)


def matrix_cells(s: ReportSummary) -> dict[tuple[int, int], int]:
    """The matrix at the end as (probability, impact) -> count, as the risk views take it."""
    return {(p + 1, i + 1): n for p, row in enumerate(s.risks.matrix) for i, n in enumerate(row)}


def kpi_change(k: KpiReport) -> str:
    line = k.line
    pct = "" if line.change_pct is None else f" ({signed_percent(line.change_pct)})"
    return signed(line.change) + pct


def kpi_weeks(k: KpiReport) -> str:
    """A sparkline of the weekly values (a gap where a week has none)."""
    values = [v for _w, v in k.weeks if v is not None]
    if not values:
        return "–"
    bars = iter(sparkline(values))
    return "".join(next(bars) if v is not None else " " for _w, v in k.weeks)
