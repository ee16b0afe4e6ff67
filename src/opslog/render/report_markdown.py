"""The period's report as GitHub-flavoured Markdown (a 月报 or a 季度复盘 to paste)."""

from __future__ import annotations

from opslog.domain.report import ReportSummary
from opslog.i18n import _, aside, colon, comma, joined
from opslog.render.kpi_views import health_word, value_text
from opslog.render.report_words import (
    WEEKDAYS,
    action_line,
    actions_empty,
    calendar_cell,
    calendar_weeks,
    checkin_line,
    empty,
    goal_progress,
    goal_strip,
    goal_values,
    kpi_change,
    kpi_weeks,
    matrix_cells,
    notes_line,
    outcome_word,
    risk_line,
    risks_empty,
    section,
    source_word,
    status_word,
    strip_legend,
    title,
)
from opslog.render.risk_views import matrix_markdown
from opslog.render.safe import markdown_inline as md
from opslog.render.week_markdown import header
from opslog.render.words import percent


def render_report_markdown(s: ReportSummary) -> str:
    who = joined(md(a) for a in s.authors)
    out = [f"# {title(s)} · {who}", ""]
    out += _checkins(s) + _goals(s)
    if s.kpis:
        out += _kpis(s)
    out += _risks(s) + _actions(s) + _recurring(s) + _retros(s)
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_views import section_markdown

        out += section_markdown(s.feedback)
    tags = joined(f"#{md(t)} ×{n}" for t, n in s.top_tags) or "–"
    out += [f"## {section('notes')}", "", notes_line(s) + tags, ""]
    return "\n".join(out)


def _checkins(s: ReportSummary) -> list[str]:
    out = [f"## {section('checkins')}", "", checkin_line(s), ""]
    rows = calendar_weeks(s.checkins.calendar)
    if rows:
        out += header("", *WEEKDAYS)
        for label, week in rows:
            out.append(f"| {label} | " + " | ".join(calendar_cell(d, s.asof) for d in week) + " |")
        out.append("")
    return out


def _goals(s: ReportSummary) -> list[str]:
    out = [f"## {section('goals')}", ""]
    if not s.goals:
        return [*out, empty("goals"), ""]
    out += header("Goal", "Start → end", "Progress", "Expected", "Status", "Outcome", "Weeks")
    for g in s.goals:
        out.append(
            f"| #{g.goal.id} {md(g.goal.title)} | {md(goal_values(g))} | {goal_progress(g)} "
            f"| {percent(g.end.expected)} | {status_word(g)} | {outcome_word(g)} "
            f"| {goal_strip(g)} |"
        )
    return [*out, "", strip_legend(), ""]


def _kpis(s: ReportSummary) -> list[str]:
    out = [f"## {section('kpis')}", ""]
    out += header("KPI", "Value", "Previous", "Change", "Health", "Days unhealthy", "Weeks")
    for k in s.kpis:
        line = k.line
        bad = "–" if k.unhealthy_days is None else k.unhealthy_days
        value, previous = (md(value_text(v, line.kpi.unit)) for v in (line.value, line.previous))
        out.append(
            f"| {md(line.kpi.name)} | {value} | {previous} "
            f"| {kpi_change(k)} | {health_word(line.health)} | {bad} "
            f"| {kpi_weeks(k)} |"
        )
    return [*out, ""]


def _risks(s: ReportSummary) -> list[str]:
    out = [f"## {section('risks')}", ""]
    if risks_empty(s):
        return [*out, empty("risks"), ""]
    out += [risk_line(s), ""]
    if s.risks.open_at_end:
        out += header("Risk", "P×I", "Level", "Status", "Owner")
        for r in s.risks.open_at_end:
            x = r.risk
            out.append(
                f"| #{x.id} {md(x.title)} | {x.probability}×{x.impact}={x.score} "
                f"| {_(r.level)} | {_(x.status)} | {md(x.owner) or '–'} |"
            )
        counts = matrix_cells(s)
        out += ["", f"**{_('Risk matrix at the end')}**", "", *matrix_markdown(counts)]
    return [*out, ""]


def _actions(s: ReportSummary) -> list[str]:
    out = [f"## {section('actions')}", ""]
    if actions_empty(s):
        return [*out, empty("actions"), ""]
    out += [action_line(s), ""]
    for a in s.actions.overdue_at_end:
        owner = f" @{md(a.action.owner)}" if a.action.owner else ""
        due = a.action.due.isoformat() if a.action.due else "–"
        extra = [f"{_('due')} {due}", f"{_('from')} {a.from_week}", f"**{_('overdue')}**"]
        out.append(f"- [ ] #{a.action.id} {md(a.action.text)}{owner}{aside(comma().join(extra))}")
    if s.actions.overdue_at_end:
        out.append("")
    return out


def _recurring(s: ReportSummary) -> list[str]:
    out = [f"## {section('recurring')}", ""]
    if not s.recurring:
        return [*out, empty("recurring"), ""]
    for r in s.recurring:
        out.append(f"- {md(r.text)}{aside(source_word(r.source))}{colon()}{joined(r.weeks)}")
    return [*out, ""]


def _retros(s: ReportSummary) -> list[str]:
    out = [f"## {section('retros')}", ""]
    if not s.retros:
        return [*out, empty("retros"), ""]
    team = len(s.authors) > 1
    for r in s.retros:
        who = f" · {md(r.author)}" if team else ""
        out += [f"### {r.week}{who}", "", f"**{_('Went well')}**", ""]
        out += [f"- {md(t)}" for t in r.went_well] or ["- –"]
        out += ["", f"**{_('To improve')}**", ""]
        out += [f"- {md(t)}" for t in r.to_improve] or ["- –"]
        out.append("")
    return out
