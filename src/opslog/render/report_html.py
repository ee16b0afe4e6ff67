"""The period's report as one self-contained HTML page: a section per part of the
report, charts as inline SVG (goal lines against the expected pace, the check-in
heatmap, the risk matrix, weekly KPI bars). Lays out the ReportSummary; computes nothing."""

from __future__ import annotations

from typing import Any

from opslog.domain.report import CalendarDay, GoalReport, ReportSummary
from opslog.domain.risks import risk_level
from opslog.domain.team import TeamWeek
from opslog.i18n import _, joined
from opslog.render.html_kit import (
    CHECKIN_FILL,
    EMPTY_FILL,
    LEVEL_FILL,
    MOOD_FILL,
    STATUS_FILL,
    bar_chart,
    chart_legend,
    esc,
    heatmap,
    line_chart,
    matrix_heatmap,
    muted_aside,
    page,
    pill,
    progress_bar,
    section,
    table,
)
from opslog.render.kpi_views import health_word, value_text
from opslog.render.report_words import (
    WEEKDAYS,
    action_line,
    actions_empty,
    calendar_weeks,
    checkin_line,
    empty,
    goal_progress,
    goal_values,
    kpi_change,
    outcome_word,
    risk_line,
    risks_empty,
    source_word,
    status_word,
    title,
)
from opslog.render.report_words import section as heading
from opslog.render.words import number


def render_report_html(s: ReportSummary, lang: str = "en", team: TeamWeek | None = None) -> str:
    who = joined(esc(a) for a in s.authors)
    body = [
        f"<header><h1>{esc(title(s))}</h1>"
        f'<p class="sub">{who} · {esc(_("as of"))} {s.asof.isoformat()}</p></header>'
    ]
    if team is not None:  # `report --team`: the team page first
        from opslog.render.team_views import team_html

        p = s.period
        body.append(team_html(team, f"{p.label} · {p.start.isoformat()} – {p.end.isoformat()}"))
    body += [_checkins(s), _goals(s)]
    if s.kpis:
        body.append(_kpis(s))
    body += [_risks(s), _actions(s), _recurring(s), _retros(s)]
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_html import feedback_html

        body.append(feedback_html(s.feedback, heading("feedback")))
    body.append(_notes(s))
    return page(f"opslog · {title(s)}", lang, body)


def _empty_line(key: str) -> str:
    return f'<p class="muted">{esc(empty(key))}</p>'


def _checkins(s: ReportSummary) -> str:
    def cell(d: CalendarDay | None) -> tuple[Any, str, str] | None:
        if d is None:
            return None
        if d.checkin:
            fill = CHECKIN_FILL if d.mood is None else MOOD_FILL[max(1, min(5, round(d.mood)))]
            mood = "" if d.mood is None else f" · {_('mood')} {d.mood:.1f}"
            return (d.day, fill, _("check-in") + mood)
        future = d.day > s.asof
        return (d.day, "#ffffff" if future else EMPTY_FILL, "" if future else _("no check-in"))

    rows = calendar_weeks(s.checkins.calendar)
    weeks = [(label, [cell(d) for d in days]) for label, days in rows]
    chart = heatmap(_("Check-in calendar"), weeks, [_(d) for d in WEEKDAYS])
    legend = " ".join(
        f'<span class="pill" style="background:{MOOD_FILL[m]}">{m}</span>' for m in range(1, 6)
    )
    return section(
        "checkins",
        heading("checkins"),
        [
            f'<p class="line">{esc(checkin_line(s))}</p>',
            f'<figure class="chart" id="chart-checkins">{chart}'
            f"<figcaption>{esc(_('mood'))} {legend}</figcaption></figure>",
        ],
    )


def _goals(s: ReportSummary) -> str:
    if not s.goals:
        return section("goals", heading("goals"), [_empty_line("goals")])
    rows = [
        [
            f"#{g.goal.id} {esc(g.goal.title)}",
            esc(goal_values(g)),
            esc(goal_progress(g)) + progress_bar(g.end.progress, g.end.expected),
            pill(status_word(g), STATUS_FILL.get(g.end.status, "#57606a")),
            esc(outcome_word(g)),
        ]
        for g in s.goals
    ]
    cols = [_("Goal"), _("Start → end"), _("Progress"), _("Status"), _("Outcome")]
    parts = [
        table(cols, rows),
        '<div class="goals">' + "".join(_goal(s, g) for g in s.goals) + "</div>",
    ]
    return section("goals", heading("goals"), parts)


def _goal(s: ReportSummary, g: GoalReport) -> str:
    first = max(s.period.start, g.goal.start)  # a goal starting inside starts there
    values = ([(first, g.start_value)] if g.start_value is not None else []) + g.checkins
    chart = line_chart(g.goal.title, s.period.start, s.period.end, values, g.pace, g.goal.target)
    legend = chart_legend(
        [
            ("#0969da", "solid", _("value")),
            ("#8c959f", "dashed", _("expected pace")),
            ("#1b5e20", "dotted", f"{_('target')} {number(g.goal.target)}"),
        ]
    )
    strip = " ".join(
        f'<span class="pill" title="{w.week}" style="background:{STATUS_FILL.get(w.status)}">'
        f"{w.week[-3:]}</span>"
        for w in g.weeks
    )
    unit = f" {esc(g.goal.unit)}" if g.goal.unit else ""
    return (
        f'<div class="goal"><h3>#{g.goal.id} {esc(g.goal.title)}</h3>'
        f'<p class="line muted">{number(g.goal.baseline)} → {number(g.goal.target)}{unit} · '
        f"{g.goal.start.isoformat()} – {g.goal.due.isoformat()}</p>"
        f'<figure class="chart" id="chart-goal-{g.goal.id}">{chart}{legend}</figure>'
        f'<p class="line">{strip}</p></div>'
    )


def _kpis(s: ReportSummary) -> str:
    rows = []
    charts = []
    for k in s.kpis:
        line = k.line
        name = esc(line.kpi.name)
        health = line.health or "–"
        rows.append(
            [
                name,
                esc(value_text(line.value, line.kpi.unit)),
                esc(value_text(line.previous, line.kpi.unit)),
                esc(kpi_change(k)),
                pill(health_word(health), "#c62828" if health == "unhealthy" else "#2e7d32")
                if line.health in ("ok", "unhealthy")
                else esc(health_word(line.health)),
                "–" if k.unhealthy_days is None else str(k.unhealthy_days),
            ]
        )
        chart = bar_chart(line.kpi.name, k.weeks)
        charts.append(
            f'<div class="goal"><h3>{name}</h3>'
            f'<figure class="chart" id="chart-kpi-{line.kpi.id}">{chart}</figure></div>'
        )
    cols = ["KPI", _("Value"), _("Previous"), _("Change"), _("Health"), _("Days unhealthy")]
    grid = '<div class="goals">' + "".join(charts) + "</div>"
    return section("kpis", heading("kpis"), [table(cols, rows, frozenset({1, 2, 3, 5})), grid])


def _risks(s: ReportSummary) -> str:
    if risks_empty(s):
        return section("risks", heading("risks"), [_empty_line("risks")])
    parts = [f'<p class="line">{esc(risk_line(s))}</p>']
    if s.risks.open_at_end:
        rows = [
            [
                f"#{r.risk.id} {esc(r.risk.title)}",
                f"{r.risk.probability}×{r.risk.impact}={r.risk.score}",
                pill(_(r.level), LEVEL_FILL[r.level]),
                esc(_(r.risk.status)),
                esc(r.risk.owner or "–"),
            ]
            for r in s.risks.open_at_end
        ]
        parts.append(table([_("Risk"), "P×I", _("Level"), _("Status"), _("Owner")], rows))
    levels = [[risk_level(p * i) for i in range(1, 6)] for p in range(1, 6)]
    chart = matrix_heatmap(
        _("Risk matrix at the end"), s.risks.matrix, levels, _("probability"), _("impact")
    )
    parts.append(
        f"<h3>{esc(_('Risk matrix at the end'))}</h3>"
        f'<figure class="chart" id="chart-risks">{chart}</figure>'
    )
    return section("risks", heading("risks"), parts)


def _actions(s: ReportSummary) -> str:
    if actions_empty(s):
        return section("actions", heading("actions"), [_empty_line("actions")])
    parts = [f'<p class="line">{esc(action_line(s))}</p>']
    if s.actions.overdue_at_end:
        rows = [
            [
                f"#{a.action.id} {esc(a.action.text)}",
                esc(a.action.owner or "–"),
                a.action.due.isoformat() if a.action.due else "–",
                a.from_week,
            ]
            for a in s.actions.overdue_at_end
        ]
        parts.append(f"<h3>{esc(_('Overdue at the end'))}</h3>")
        parts.append(table([_("Action"), _("Owner"), _("Due"), _("From")], rows))
    return section("actions", heading("actions"), parts)


def _recurring(s: ReportSummary) -> str:
    if not s.recurring:
        return section("recurring", heading("recurring"), [_empty_line("recurring")])
    items = "".join(
        f"<li><strong>{esc(r.text)}</strong>{muted_aside(esc(source_word(r.source)))}"
        f" — {joined(r.weeks)}</li>"
        for r in s.recurring
    )
    return section("recurring", heading("recurring"), [f"<ul>{items}</ul>"])


def _retros(s: ReportSummary) -> str:
    if not s.retros:
        return section("retros", heading("retros"), [_empty_line("retros")])
    team = len(s.authors) > 1
    parts = []
    for r in s.retros:
        who = f" · {esc(r.author)}" if team else ""
        well = "".join(f"<li>{esc(t)}</li>" for t in r.went_well) or "<li>–</li>"
        improve = "".join(f"<li>{esc(t)}</li>" for t in r.to_improve) or "<li>–</li>"
        parts.append(
            f'<div class="retro"><h3>{r.week}{who}</h3>'
            f"<div><p><strong>{esc(_('Went well'))}</strong></p><ul>{well}</ul></div>"
            f"<div><p><strong>{esc(_('To improve'))}</strong></p><ul>{improve}</ul></div></div>"
        )
    return section("retros", heading("retros"), parts)


def _notes(s: ReportSummary) -> str:
    tags = " ".join(f'<span class="tag">#{esc(t)} ×{n}</span>' for t, n in s.top_tags) or "–"
    return section(
        "notes",
        heading("notes"),
        [f'<p class="line">{esc(_("notes"))} {s.notes} · {esc(_("top tags"))} {tags}</p>'],
    )
