"""Views of goals for `opslog goal list` and `opslog goal show`: a Rich table, a JSON
array, the record with its history, and a small text chart of the value against the
expected pace.

All arithmetic comes from domain/goals.py (GoalLine, GoalDetail, expected_value); this
module only lays out.
Rich is imported inside the functions that draw (start-up rule); user text goes in as
`Text(inert(...))`, never as markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from opslog.domain.goals import (
    STATUS_RULE,
    GoalDetail,
    GoalLine,
    expected_value,
    latest_per_day,
)
from opslog.domain.records import Goal, Progress, by_other
from opslog.domain.week import json_number
from opslog.i18n import _, aside
from opslog.render.safe import inert
from opslog.render.week_json import dumps
from opslog.render.words import (
    STATUS_COLOURS,
    STATUS_WORDS,
    bar,
    by_names,
    confidence_text,
    goal_values,
    number,
    percent,
)

CHART_WIDTH = 48
CHART_HEIGHT = 8
VALUE_MARK = "●"
PACE_MARK = "·"
LIST_BAR = 6  # the list fits 80 columns


def goal_json(line: GoalLine) -> dict[str, Any]:
    """One goal for `goal list --json`: the record, and its state today. `status` is
    the computed status (as in the weekly JSON); `goal_status` is active/done/dropped."""
    g = line.goal
    last = line.checkins[-1][0] if line.checkins else None
    return {
        "id": g.id,
        "uid": g.uid,
        "title": g.title,
        "metric": g.metric,
        "unit": g.unit,
        "baseline": json_number(g.baseline),
        "target": json_number(g.target),
        "start": g.start.isoformat(),
        "due": g.due.isoformat(),
        "owner": g.owner,
        "why": g.why,
        "goal_status": g.status,
        "done_day": g.done_day.isoformat() if g.done_day else None,
        "value": json_number(line.state.value),
        "progress": None if line.state.progress is None else round(line.state.progress, 4),
        "expected": None if line.state.expected is None else round(line.state.expected, 4),
        "status": line.state.status,
        "confidence": line.state.confidence,
        "confidence_carried": line.state.confidence_carried,
        "stale": line.state.stale,
        "last_checkin": last.isoformat() if last else None,
    }


def render_goal_list_json(lines: Sequence[GoalLine]) -> str:
    return dumps([goal_json(line) for line in lines])


def _status_text(line: GoalLine) -> Any:
    from rich.text import Text

    if line.goal.status == "dropped":
        return Text(_("dropped"), style="dim")
    text = Text(_(STATUS_WORDS[line.state.status]), style=STATUS_COLOURS[line.state.status])
    if line.state.stale:
        text.append(" " + _("stale"), style="magenta")
    return text


def _user(text: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(inert(text), style=style)


def render_goal_list(lines: Sequence[GoalLine], console: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_("Goals"), title_justify="left", title_style="bold")
    table.add_column("#", no_wrap=True)
    table.add_column(_("Goal"), overflow="fold")
    table.add_column(_("Baseline → latest → target"), overflow="fold")
    table.add_column(_("Progress"), no_wrap=True)
    table.add_column(_("Expected"), no_wrap=True)
    table.add_column(_("Status"), overflow="fold")
    table.add_column(_("Due"), no_wrap=True)
    for line in lines:
        g = line.goal
        table.add_row(
            str(g.id),
            _user(g.title),
            _user(goal_values(line)),
            Text(f"{bar(line.state.progress, LIST_BAR)} {percent(line.state.progress)}"),
            percent(line.state.expected),
            _status_text(line),
            g.due.isoformat(),
        )
    console.print(table)


def render_goal_show(detail: GoalDetail, console: Any) -> None:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    line, asof, checkins = detail.line, detail.asof, detail.progress
    goal = line.goal
    header = Text.assemble(
        (_("Goal #{id}").format(id=goal.id) + "  ", "bold"), _user(goal.title, "bold")
    )

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    unit = aside(goal.unit) if goal.unit else ""
    facts.add_row(_("Metric"), _user(goal.metric + unit))
    facts.add_row(_("Baseline → latest → target"), _user(goal_values(line)))
    facts.add_row(_("Progress"), f"{bar(line.state.progress)} {percent(line.state.progress)}")
    facts.add_row(
        _("Expected"),
        _("none (dropped)")
        if line.state.expected is None
        else _("{percent} by {day}").format(
            percent=percent(line.state.expected), day=asof.isoformat()
        ),
    )
    facts.add_row(_("Status"), _status_text(line))
    facts.add_row(
        _("Dates"),
        _("start {start}, due {due}").format(
            start=goal.start.isoformat(), due=goal.due.isoformat()
        ),
    )
    if goal.status != "active":
        closed = goal.done_day.isoformat() if goal.done_day else "–"
        facts.add_row(_("Closed"), _("{status} on {day}").format(status=_(goal.status), day=closed))
    facts.add_row(_("Owner"), _user(goal.owner or "–"))
    if goal.why:
        facts.add_row(_("Why"), _user(goal.why))
    if line.state.confidence is not None:
        facts.add_row(_("Confidence"), confidence_text(line.state, "/10"))

    parts: list[Any] = [header, facts]
    if checkins:
        parts.append(_history_table(detail))
        pace = line.state.expected is not None
        chart = Text("\n".join(chart_lines(goal, checkins, asof, pace=pace)))
        chart.highlight_regex(VALUE_MARK, "cyan")
        parts.append(chart)
    else:
        parts.append(
            Text(_("No check-ins yet: opslog goal checkin {id} VALUE").format(id=goal.id), "dim")
        )
    parts.append(Text(_("How the status is judged: {rule}").format(rule=_(STATUS_RULE)), "dim"))
    console.print(Group(*parts))


def _history_table(detail: GoalDetail) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_("History"), title_justify="left", title_style="bold")
    for name in (
        _("Day"),
        _("Value"),
        _("Progress"),
        _("Expected"),
        _("Status"),
        _("Conf."),
        _("Note"),
    ):
        table.add_column(name, overflow="fold")
    goal = detail.line.goal
    for p, state in detail.history:
        table.add_row(
            p.day.isoformat(),
            number(p.value),
            percent(state.progress),
            percent(state.expected),
            Text(_(STATUS_WORDS[state.status]), style=STATUS_COLOURS[state.status]),
            confidence_text(state),
            _user(by_note(p, goal)),
        )
    return table


def by_note(p: Progress, goal: Goal) -> str:
    """A check-in written by neither the goal's author nor its owner says so: "by X"."""
    by = by_other(p.author, goal)
    if by is None:
        return p.note
    return by_names([by], str) + (f" · {p.note}" if p.note else "")


def chart_lines(
    goal: Goal,
    checkins: Sequence[Progress],
    asof: date,
    width: int = CHART_WIDTH,
    height: int = CHART_HEIGHT,
    *,
    pace: bool = True,
) -> list[str]:
    """The goal's check-ins (●) against the expected pace from baseline at the start to
    the target at the due date (·), as plain text lines: readable without colour.

    x runs from the start (or an earlier check-in) to the due date (or a later one),
    at most `width` columns; y from the lowest to the highest of baseline, target and
    values, `height` rows. A `^` under the axis marks `asof`. Without `pace` (a dropped
    goal) no expected line is drawn.
    """
    points = latest_per_day(checkins)
    first = min([goal.start, *(d for d, _ in points)])
    last = max([goal.due, *(d for d, _ in points)])
    span = max(1, (last - first).days)  # >= 1 for every goal opslog makes
    cols = min(width, span + 1)
    lo = min([goal.baseline, goal.target, *(v for _, v in points)])
    hi = max([goal.baseline, goal.target, *(v for _, v in points)])  # hi > lo

    def col(d: date) -> int:
        return round((d - first).days * (cols - 1) / span)

    def row(v: float) -> int:
        # Any stored number draws (an infinite or equal range puts it on the bottom row).
        try:
            at = (v - lo) / (hi - lo) * (height - 1)
        except (ZeroDivisionError, OverflowError):
            return 0
        return min(height - 1, max(0, round(at))) if math.isfinite(at) else 0

    grid = [[" "] * cols for _ in range(height)]
    for c in range(cols if pace else 0):
        day = first + timedelta(days=round(c * span / (cols - 1)))
        grid[row(expected_value(goal, day))][c] = PACE_MARK
    for d, v in points:
        grid[row(v)][col(d)] = VALUE_MARK

    from opslog.render.cells import pad as fill
    from opslog.render.cells import width as cells

    top, bottom = number(hi), number(lo)
    pad = max(cells(top), cells(bottom))
    lines = []
    for r in range(height - 1, -1, -1):
        label = top if r == height - 1 else bottom if r == 0 else ""
        lines.append(f"{fill(label, pad, right=True)} │{''.join(grid[r])}".rstrip())
    lines.append(" " * pad + " └" + "─" * cols)
    margin = " " * (pad + 2)
    left, right = first.isoformat(), last.isoformat()
    gap = cols - cells(left) - cells(right)
    lines.append(margin + (left + " " * gap + right if gap >= 2 else f"{left} – {right}"))
    if first <= asof <= last:
        lines.append(margin + " " * col(asof) + f"^ {asof.isoformat()}")
    unit = aside(inert(goal.unit)) if goal.unit else ""
    if pace:
        legend = _("{value_mark} value{unit}  {pace_mark} expected pace")
        lines.append(margin + legend.format(value_mark=VALUE_MARK, unit=unit, pace_mark=PACE_MARK))
    else:
        lines.append(
            margin + _("{value_mark} value{unit}").format(value_mark=VALUE_MARK, unit=unit)
        )
    return lines
