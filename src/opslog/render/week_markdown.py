"""The weekly report as GitHub-flavoured Markdown, to paste into chat or mail."""

from __future__ import annotations

from opslog.domain.goals import sparkline
from opslog.domain.week import WeekSummary
from opslog.i18n import _, aside, comma, joined
from opslog.render.risk_views import matrix_markdown
from opslog.render.safe import markdown_inline as md
from opslog.render.words import (
    MOODS,
    STATUS_WORDS,
    bar,
    by_names,
    confidence_text,
    day_label,
    goal_values,
    note_text,
    percent,
    period_name,
    plural,
    risk_events,
    signed,
)


def render_week_markdown(summary: WeekSummary) -> str:
    s = summary
    who = joined(md(a) for a in s.authors)
    out = [
        f"# {period_name('week', s.week.label, s.week.start, s.week.end)} · "
        f"{s.week.start.isoformat()} – {s.week.end.isoformat()}"
        f" · {who}",
        "",
    ]
    out += _days(s)
    if s.goals:
        out += [
            f"## {_('Goals')}",
            "",
            *header(
                "Goal",
                "Baseline → latest → target",
                "Progress",
                "Expected",
                "Status",
                "Δ week",
                "Conf.",
                "Trend",
            ),
        ]
        for g in s.goals:
            gs = g.state
            stale = aside(_("stale")) if gs.stale else ""
            out.append(
                f"| #{g.goal.id} {md(g.goal.title)} | {md(goal_values(g))} "
                f"| {bar(gs.progress)} {percent(gs.progress)} | {percent(gs.expected)} "
                f"| {_(STATUS_WORDS[gs.status])}{stale} | {signed(gs.delta)} "
                f"| {confidence_text(gs)} "
                f"| {sparkline([v for _, v in g.checkins])} |"
            )
        out.append("")
    if s.kpis:
        from opslog.render.kpi_views import kpi_markdown

        out += kpi_markdown(s.kpis)
    if s.risks:
        out += [
            f"## {_('Risks')}",
            "",
            *header("Risk", "P×I", "Level", "Status", "Owner", "This week"),
        ]
        for r in s.risks:
            out.append(
                f"| #{r.risk.id} {md(r.risk.title)} | {r.risk.probability}×{r.risk.impact}"
                f"={r.risk.score} | {_(r.level)} | {_(r.risk.status)} | {md(r.risk.owner) or '–'} "
                f"| {risk_events(r, md)} |"
            )
        out.append("")
        matrix = s.open_matrix
        if matrix.total:
            title = _("Risk matrix ({n} not closed)").format(n=matrix.total)
            out += [f"**{title}**", ""]
            out += [*matrix_markdown(matrix.counts), ""]
    if s.retro:
        out += [f"## {_('Retro')}", "", f"**{_('Went well')}**", ""]
        out += [f"- {md(t)}" for t in s.retro.went_well] or ["- –"]
        out += ["", f"**{_('To improve')}**", ""]
        out += [f"- {md(t)}" for t in s.retro.to_improve] or ["- –"]
        out.append("")
    if s.actions:
        out += [f"## {_('Actions')}", ""]
        for a in s.actions:
            box = "x" if a.status == "done" else " "
            extra = [_("from {week}").format(week=a.from_week)]
            if a.action.owner:
                extra.append(f"@{md(a.action.owner)}")
            if a.action.due:
                extra.append(_("due {day}").format(day=a.action.due.isoformat()))
            if a.overdue:
                extra.append(f"**{_('overdue')}**")
            if a.done_by:
                extra.append(_("done {by}").format(by=by_names([a.done_by], md)))
            out.append(f"- [{box}] #{a.action.id} {md(a.action.text)}{aside(comma().join(extra))}")
        out.append("")
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_views import section_markdown

        out += section_markdown(s.feedback)
    st = s.stats
    tags = joined(f"#{md(t)} ×{n}" for t, n in st.top_tags) or "–"
    out += [
        f"## {_('Stats')}",
        "",
        f"{_('check-ins').capitalize()} {st.checkin_days}/7 · {_('streak')} "
        f"{plural(st.streak, 'day')} · {_('notes')} {st.notes} · {_('top tags')} {tags}",
        "",
    ]
    return "\n".join(out)


def _days(s: WeekSummary) -> list[str]:
    out = [
        f"## {_('Days')}",
        "",
        *header("Day", "Done", "Blockers", "Plan", "Mood", "Notes"),
    ]
    for d in s.days:
        c = d.checkin
        notes = "<br>".join(f"• {md(note_text(n))}" for n in d.notes)
        label = day_label(d.day)
        if c is None:
            out.append(f"| {label} | – | | | | {notes} |")
            continue
        mood = MOODS.get(c.mood, "") if c.mood else ""
        out.append(
            f"| {label} | {md(c.done) or '–'} | {md(c.blockers)} | {md(c.plan)} "
            f"| {mood} | {notes} |"
        )
    out.append("")
    return out


def header(*columns: str) -> list[str]:
    return ["| " + " | ".join(_(c) for c in columns) + " |", "|" + "---|" * len(columns)]
