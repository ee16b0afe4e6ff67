"""The weekly summary as one self-contained HTML page (`opslog week --format html`):
the days, goals with their progress against the expected pace, KPIs, risks with the matrix
as a heatmap, the retro, open actions and the stats. Lays out the WeekSummary only."""

from __future__ import annotations

from opslog.domain.team import TeamWeek
from opslog.domain.week import WeekSummary
from opslog.i18n import _, aside, joined
from opslog.render.html_kit import (
    LEVEL_FILL,
    STATUS_FILL,
    esc,
    matrix_heatmap,
    page,
    pill,
    progress_bar,
    section,
    table,
)
from opslog.render.words import (
    MOODS,
    STATUS_WORDS,
    by_names,
    day_label,
    goal_values,
    note_text,
    percent,
    period_name,
    plural,
    risk_events,
    signed,
)

SECTIONS = ("Days", "Goals", "KPIs", "Risks", "Retro", "Actions", "Stats")


def render_week_html(
    summaries: list[WeekSummary], lang: str = "en", team: TeamWeek | None = None
) -> str:
    """One page: the team page first when given (`week --team`), then each report."""
    first = summaries[0]
    w = first.week
    title = f"{period_name('week', w.label, w.start, w.end)} · {w.start} – {w.end}"
    body = [f"<header><h1>{esc(title)}</h1></header>"]
    if team is not None:
        from opslog.render.team_views import team_html

        body.append(team_html(team, f"{first.week.label} · {first.week.start} – {first.week.end}"))
    for s in summaries:
        body += _week(s, team=len(summaries) > 1)
    return page(f"opslog · {title}", lang, body)


def _week(s: WeekSummary, team: bool) -> list[str]:
    who = joined(esc(a) for a in s.authors)
    out = [f"<h2>{who}</h2>" if team else f'<p class="sub">{who}</p>', _days(s)]
    out.append(_goals(s))
    if s.kpis:
        out.append(_kpis(s))
    out += [_risks(s), _retro(s), _actions(s)]
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_html import feedback_html

        out.append(feedback_html(s.feedback, _("Customer feedback")))
    out.append(_stats(s))
    return out


def _none(words: str) -> str:
    return f'<p class="muted">{esc(words)}</p>'


def _days(s: WeekSummary) -> str:
    rows = []
    for d in s.days:
        c = d.checkin
        notes = "<br>".join(f"• {esc(note_text(n))}" for n in d.notes)
        day = f'<span class="nw">{esc(day_label(d.day))}</span>'  # not "Mon 11-" / "16"
        if c is None:
            rows.append([day, "–", "", "", "", notes])
            continue
        mood = f'<span class="nw">{esc(MOODS.get(c.mood, ""))}</span>' if c.mood else ""
        rows.append([day, esc(c.done), esc(c.blockers), esc(c.plan), mood, notes])
    cols = [_("Day"), _("Done"), _("Blockers"), _("Plan"), _("Mood"), _("Notes")]
    return section("days", _("Days"), [table(cols, rows)])


def _goals(s: WeekSummary) -> str:
    if not s.goals:
        return section("goals", _("Goals"), [_none(_("No goals this week."))])
    rows = []
    for g in s.goals:
        st = g.state
        status = _(STATUS_WORDS[st.status]) + (aside(_("stale")) if st.stale else "")
        rows.append(
            [
                f"#{g.goal.id} {esc(g.goal.title)}",
                esc(goal_values(g)),
                f"{percent(st.progress)} / {percent(st.expected)}"
                + progress_bar(st.progress, st.expected),
                pill(status, STATUS_FILL.get(st.status, "#57606a")),
                esc(signed(st.delta)),
            ]
        )
    cols = [_("Goal"), _("Baseline → latest → target"), _("Progress"), _("Status"), _("Δ week")]
    words = _("The bar is the progress; the mark, the expected pace.")
    caption = f'<p class="muted line">{esc(words)}</p>'
    return section("goals", _("Goals"), [table(cols, rows), caption])


def _kpis(s: WeekSummary) -> str:
    """The KPI table of the Markdown week: value, last week, change, change %, health."""
    from opslog.render.kpi_views import change_pct_text, health_word, value_text

    rows = []
    for line in s.kpis:
        unit = line.kpi.unit
        health = (
            pill(health_word(line.health), "#c62828" if line.health == "unhealthy" else "#2e7d32")
            if line.health in ("ok", "unhealthy")
            else esc(health_word(line.health))
        )
        rows.append([esc(line.kpi.name), esc(value_text(line.value, unit)),
                     esc(value_text(line.previous, unit)), esc(signed(line.change)),
                     esc(change_pct_text(line.change_pct)), health])  # fmt: skip
    cols = [_("KPI"), _("Value"), _("Last week"), _("Change"), "%", _("Health")]
    return section("kpis", _("KPIs"), [table(cols, rows, numeric=frozenset({1, 2, 3, 4}))])


def _risks(s: WeekSummary) -> str:
    if not s.risks:
        return section("risks", _("Risks"), [_none(_("No open risks."))])
    rows = [
        [
            f"#{r.risk.id} {esc(r.risk.title)}",
            f"{r.risk.probability}×{r.risk.impact}={r.risk.score}",
            pill(_(r.level), LEVEL_FILL[r.level]),
            esc(_(r.risk.status)),
            esc(r.risk.owner or "–"),
            esc(risk_events(r)),
        ]
        for r in s.risks
    ]
    cols = [_("Risk"), "P×I", _("Level"), _("Status"), _("Owner"), _("This week")]
    counts = [[0] * 5 for _p in range(5)]
    for r in s.risks:
        if r.risk.status != "closed":
            counts[r.risk.probability - 1][r.risk.impact - 1] += 1
    from opslog.domain.risks import risk_level

    levels = [[risk_level(p * i) for i in range(1, 6)] for p in range(1, 6)]
    chart = matrix_heatmap(_("Risk matrix"), counts, levels, _("probability"), _("impact"))
    return section(
        "risks",
        _("Risks"),
        [table(cols, rows), f'<figure class="chart" id="chart-risks">{chart}</figure>'],
    )


def _retro(s: WeekSummary) -> str:
    if not s.retro:
        return section("retro", _("Retro"), [_none(_("No retro this week."))])
    well = "".join(f"<li>{esc(t)}</li>" for t in s.retro.went_well) or "<li>–</li>"
    improve = "".join(f"<li>{esc(t)}</li>" for t in s.retro.to_improve) or "<li>–</li>"
    return section(
        "retro",
        _("Retro"),
        [
            f"<p><strong>{esc(_('Went well'))}</strong></p><ul>{well}</ul>"
            f"<p><strong>{esc(_('To improve'))}</strong></p><ul>{improve}</ul>"
        ],
    )


def _actions(s: WeekSummary) -> str:
    if not s.actions:
        return section("actions", _("Actions"), [_none(_("No open actions."))])
    rows = []
    for a in s.actions:
        mark = _("overdue") if a.overdue else (_("done") if a.status == "done" else "")
        if a.done_by:
            mark = _("done {by}").format(by=by_names([a.done_by], str))
        rows.append(
            [
                f"#{a.action.id} {esc(a.action.text)}",
                esc(a.action.owner or "–"),
                a.action.due.isoformat() if a.action.due else "–",
                a.from_week,
                esc(mark),
            ]
        )
    cols = [_("Action"), _("Owner"), _("Due"), _("From"), _("Status")]
    return section("actions", _("Actions"), [table(cols, rows)])


def _stats(s: WeekSummary) -> str:
    st = s.stats
    tags = " ".join(f'<span class="tag">#{esc(t)} ×{n}</span>' for t, n in st.top_tags) or "–"
    line = (
        f"{esc(_('check-ins'))} {st.checkin_days}/7 · {esc(_('streak'))} "
        f"{esc(plural(st.streak, 'day'))} · {esc(_('notes'))} {st.notes} · "
        f"{esc(_('top tags'))} {tags}"
    )
    return section("stats", _("Stats"), [f'<p class="line">{line}</p>'])
