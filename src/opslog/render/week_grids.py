"""The weekly report laid out as titled grids of cells, before any drawing.

Two adapters draw these: `week_table.py` with Rich on a terminal (colours, boxes, a
pager) and `plain_table.py` as plain text when stdout is a pipe or a file (no Rich
import: a third of the command's time). Both draw the same cells, so they cannot
disagree. User text is made inert here, once.
"""

from __future__ import annotations

from dataclasses import field

from opslog.domain.goals import sparkline
from opslog.domain.plain import plain
from opslog.domain.risks import risk_level
from opslog.domain.week import WeekSummary
from opslog.i18n import _, aside, joined
from opslog.render.safe import inert
from opslog.render.words import (
    LEVEL_COLOURS,
    MOODS,
    STATUS_COLOURS,
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


@plain(frozen=True)
class Cell:
    text: str
    style: str = ""


@plain
class Grid:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    right: frozenset[int] = frozenset()  # columns aligned right
    note: str = ""  # a dim line below the grid
    # Narrow screens (render/stacked.py): below `narrow` columns, or when the table
    # would not fit, each row is a block; its first `heading` cells head it (None:
    # the "#" and the title when the grid starts with "#", else the first cell); short
    # fields side by side when `flow`, else one a line (a day's done, plan, mood).
    narrow: int = 0
    heading: int | None = None
    flow: bool = True
    # Set by render/stacked.fit for a table narrower than its text: each column's width,
    # never below its widest word (Rich alone would shrink the widest columns first).
    widths: tuple[int, ...] | None = None

    def add(self, *cells: Cell | str) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])


@plain(frozen=True)
class Line:
    """A line of text made of styled pieces."""

    pieces: tuple[Cell, ...]


Block = Grid | Line

NARROW = 100  # below this many columns the week's days and goals are stacked blocks


def user(text: str, style: str = "") -> Cell:
    return Cell(inert(text), style)


def week_blocks(s: WeekSummary) -> list[Block]:
    who = joined(inert(a) for a in s.authors)
    blocks: list[Block] = [
        Line(
            (
                Cell(period_name("week", s.week.label, s.week.start, s.week.end), "bold"),
                Cell(f"  {s.week.start.isoformat()} – {s.week.end.isoformat()}  "),
                Cell(who, "cyan"),
            )
        ),
        _days(s),
    ]
    if s.goals:
        blocks.append(_goals(s))
    if s.kpis:
        from opslog.render.kpi_views import kpi_grid

        blocks.append(kpi_grid(s.kpis))
    if s.risks:
        blocks += _risks(s)
    if s.retro:
        retro = Grid(_("Retro"), [_("Went well"), _("To improve")], heading=0)
        retro.add(
            user("\n".join(f"• {t}" for t in s.retro.went_well)),
            user("\n".join(f"• {t}" for t in s.retro.to_improve)),
        )
        blocks.append(retro)
    if s.actions:
        blocks.append(_actions(s))
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_views import section_blocks

        blocks += section_blocks(s.feedback)
    st = s.stats
    tags = "  ".join(f"#{t} ×{n}" for t, n in st.top_tags) or "–"
    blocks.append(
        Line(
            (
                Cell(f"{_('Stats')}  ", "bold"),
                Cell(
                    f"{_('check-ins')} {st.checkin_days}/7 · {_('streak')} "
                    f"{plural(st.streak, 'day')} · {_('notes')} {st.notes} · {_('top tags')} "
                ),
                user(tags),
            )
        )
    )
    return blocks


def _days(s: WeekSummary) -> Grid:
    grid = Grid(
        _("Days"),
        [_("Day"), "✓", _("Done"), _("Blockers"), _("Plan"), _("Mood"), _("Notes")],
        narrow=NARROW,
        heading=2,
        flow=False,
    )
    for d in s.days:
        c = d.checkin
        notes = user("\n".join(f"• {note_text(n)}" for n in d.notes))
        day = Cell(day_label(d.day), "bold" if c or d.notes else "dim")
        if c is None:
            grid.add(day, Cell("·", "dim"), Cell("–", "dim"), "", "", "", notes)
            continue
        mood = MOODS.get(c.mood, "") if c.mood else ""
        grid.add(day, Cell("✓", "green"), user(c.done), user(c.blockers, "yellow"),
                 user(c.plan), mood, notes)  # fmt: skip
    return grid


def _goals(s: WeekSummary) -> Grid:
    grid = Grid(
        _("Goals"),
        [
            "#",
            _("Goal"),
            _("Baseline → latest → target"),
            _("Progress"),
            _("Expected"),
            _("Status"),
            _("Δ week"),
            _("Conf."),
            _("Trend"),
        ],
        right=frozenset({0, 4, 6, 7}),
        narrow=NARROW,
    )
    for g in s.goals:
        status = _(STATUS_WORDS[g.state.status]) + (aside(_("stale")) if g.state.stale else "")
        grid.add(
            str(g.goal.id),
            user(g.goal.title),
            user(goal_values(g)),
            f"{bar(g.state.progress)} {percent(g.state.progress)}",
            percent(g.state.expected),
            Cell(status, "magenta" if g.state.stale else STATUS_COLOURS[g.state.status]),
            signed(g.state.delta),
            confidence_text(g.state),
            sparkline([v for _, v in g.checkins]),
        )
    return grid


def _risks(s: WeekSummary) -> list[Block]:
    grid = Grid(
        _("Risks"),
        ["#", _("Risk"), "P×I", _("Level"), _("Status"), _("Owner"), _("This week")],
        right=frozenset({0}),
    )
    for r in s.risks:
        grid.add(
            str(r.risk.id),
            user(r.risk.title),
            f"{r.risk.probability}×{r.risk.impact}={r.risk.score}",
            Cell(_(r.level), LEVEL_COLOURS[r.level]),
            _(r.risk.status),
            user(r.risk.owner or "–"),
            risk_events(r),
        )
    matrix = s.open_matrix
    if not matrix.total:
        return [grid]
    return [
        grid,
        matrix_grid(matrix.counts, _("Risk matrix ({n} not closed)").format(n=matrix.total)),
    ]


def matrix_grid(counts: dict[tuple[int, int], int], title: str) -> Grid:
    """Probability rows 5 → 1, impact columns 1 → 5; a level letter and a count per cell,
    so that it reads without colour."""
    from opslog.render.risk_views import CELL_STYLES, LEVEL_LETTERS, legend, matrix_axes

    note = matrix_axes() + "\n" + legend()
    grid = Grid(title, ["P \\ I", "1", "2", "3", "4", "5"], right=frozenset({0}), note=note)
    for p in range(5, 0, -1):
        cells = [Cell(str(p), "bold")]
        for i in range(1, 6):
            level = risk_level(p * i)
            n = counts.get((p, i), 0)
            style = CELL_STYLES[level] if n else LEVEL_COLOURS[level] + " dim"
            cells.append(Cell(f"{LEVEL_LETTERS[level]} {n or '·'}", style))
        grid.rows.append(cells)
    return grid


def _actions(s: WeekSummary) -> Grid:
    grid = Grid(
        _("Actions"),
        ["#", _("Action"), _("Owner"), _("Due"), _("From"), _("Status")],
        right=frozenset({0}),
    )
    for a in s.actions:
        if a.overdue:
            mark = Cell(_("overdue"), "red")
        elif a.done_by:
            mark = Cell(_("done {by}").format(by=by_names([a.done_by], inert)))
        else:
            mark = Cell(_("done") if a.status == "done" else "")
        grid.add(
            str(a.action.id),
            user(a.action.text),
            user(a.action.owner or "–"),
            a.action.due.isoformat() if a.action.due else "–",
            a.from_week,
            mark,
        )
    return grid
