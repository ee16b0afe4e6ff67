"""The weekly report as Rich tables. User text goes in as `Text` (never markup),
through `inert()`; columns fold rather than cut, so nothing typed is lost."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from opslog.domain.goals import sparkline
from opslog.domain.risks import matrix_counts
from opslog.domain.week import WeekSummary
from opslog.i18n import _
from opslog.render.risk_views import matrix_table
from opslog.render.safe import inert
from opslog.render.words import (
    LEVEL_COLOURS,
    MOODS,
    STATUS_COLOURS,
    STATUS_WORDS,
    bar,
    day_label,
    goal_values,
    percent,
    plural,
    risk_events,
    signed,
)


def user(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=_(title), title_justify="left", title_style="bold", expand=False)
    for name in columns:
        table.add_column(_(name) if name else "", overflow="fold")
    return table


def week_renderables(s: WeekSummary, plain: bool = False) -> list[RenderableType]:
    """The report's parts; `plain` (output that is not a terminal) draws no boxes."""
    parts = _parts(s)
    if plain:
        for table in _tables(parts):
            table.box = None
            table.show_edge = False
    return parts


def _tables(parts: list[RenderableType]) -> list[Table]:
    found: list[Table] = []
    for part in parts:
        if isinstance(part, Table):
            found.append(part)
        elif isinstance(part, Group):
            found += _tables(list(part.renderables))
    return found


def _parts(s: WeekSummary) -> list[RenderableType]:
    who = ", ".join(inert(a) for a in s.authors)
    header = Text.assemble(
        (f"{_('Week')} {s.week.label}", "bold"),
        f"  {s.week.start.isoformat()} – {s.week.end.isoformat()}  ",
        (who, "cyan"),
    )
    parts: list[RenderableType] = [header, _days(s)]
    if s.goals:
        parts.append(_goals(s))
    if s.risks:
        parts.append(_risks(s))
    if s.retro:
        retro = _table("Retro", "Went well", "To improve")
        retro.add_row(
            user("\n".join(f"• {t}" for t in s.retro.went_well)),
            user("\n".join(f"• {t}" for t in s.retro.to_improve)),
        )
        parts.append(retro)
    if s.actions:
        parts.append(_actions(s))
    st = s.stats
    tags = "  ".join(f"#{t} ×{n}" for t, n in st.top_tags) or "–"
    parts.append(
        Text.assemble(
            (f"{_('Stats')}  ", "bold"),
            f"{_('check-ins')} {st.checkin_days}/7 · {_('streak')} {plural(st.streak, 'day')} · "
            f"{_('notes')} {st.notes} · {_('top tags')} ",
            user(tags),
        )
    )
    return parts


def render_week_table(s: WeekSummary, console: Console) -> None:
    console.print(Group(*week_renderables(s, plain=not console.is_terminal)))


def _days(s: WeekSummary) -> Table:
    table = _table("Days", "Day", "✓", "Done", "Blockers", "Plan", "Mood", "Notes")
    for d in s.days:
        c = d.checkin
        notes = user("\n".join(f"• {n.text}" for n in d.notes))
        day = Text(day_label(d.day), style="bold" if c or d.notes else "dim")
        if c is None:
            table.add_row(day, Text("·", style="dim"), Text("–", style="dim"), "", "", "", notes)
            continue
        table.add_row(
            day,
            Text("✓", style="green"),
            user(c.done),
            user(c.blockers, "yellow"),
            user(c.plan),
            MOODS.get(c.mood, "") if c.mood else "",
            notes,
        )
    return table


def _goals(s: WeekSummary) -> Table:
    table = _table(
        "Goals",
        "#",
        "Goal",
        "Baseline → latest → target",
        "Progress",
        "Expected",
        "Status",
        "Δ week",
        "Conf.",
        "Trend",
    )
    for g in s.goals:
        status = Text(_(STATUS_WORDS[g.status]), style=STATUS_COLOURS[g.status])
        if g.stale:
            status.append(f" {_('stale')}", style="magenta")
        table.add_row(
            str(g.goal.id),
            user(g.goal.title),
            user(goal_values(g)),
            Text(f"{bar(g.progress)} {percent(g.progress)}"),
            percent(g.expected),
            status,
            signed(g.delta),
            "–" if g.confidence is None else str(g.confidence),
            sparkline([v for _, v in g.checkins]),
        )
    return table


def _risks(s: WeekSummary) -> RenderableType:
    table = _table("Risks", "#", "Risk", "P×I", "Level", "Status", "Owner", "This week")
    for r in s.risks:
        table.add_row(
            str(r.risk.id),
            user(r.risk.title),
            f"{r.risk.probability}×{r.risk.impact}={r.risk.score}",
            Text(r.level, style=LEVEL_COLOURS[r.level]),
            r.risk.status,
            user(r.risk.owner or "–"),
            risk_events(r),
        )
    still_open = [r.risk for r in s.risks if r.risk.status != "closed"]
    if not still_open:
        return table
    title = f"Risk matrix ({len(still_open)} not closed)"
    return Group(table, matrix_table(matrix_counts(still_open), title, compact=True))


def _actions(s: WeekSummary) -> Table:
    table = _table("Actions", "#", "Action", "Owner", "Due", "From", "")
    for a in s.actions:
        mark = (
            Text(_("overdue"), style="red")
            if a.overdue
            else Text(_("done") if a.status == "done" else "")
        )
        table.add_row(
            str(a.action.id),
            user(a.action.text),
            user(a.action.owner or "–"),
            a.action.due.isoformat() if a.action.due else "–",
            a.from_week,
            mark,
        )
    return table
