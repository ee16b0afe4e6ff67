"""The period's report as titled grids of cells (see week_grids.py), drawn as plain text
in a pipe (`render_report_plain`, no Rich import) or with Rich on a terminal
(`report_renderables`). The calendar is a compact grid: a row per week."""

from __future__ import annotations

from typing import Any

from opslog.domain.report import ReportSummary
from opslog.i18n import _, joined
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
    tags_text,
    title,
)
from opslog.render.safe import inert
from opslog.render.week_grids import Block, Cell, Grid, Line, matrix_grid, user
from opslog.render.words import LEVEL_COLOURS, STATUS_COLOURS, percent

OUTCOME_COLOURS = {"achieved": "green", "missed": "red", None: "dim"}


def report_blocks(s: ReportSummary) -> list[Block]:
    who = joined(inert(a) for a in s.authors)
    blocks: list[Block] = [Line((Cell(title(s), "bold"), Cell("  "), Cell(who, "cyan")))]
    blocks += _checkins(s) + _goals(s)
    if s.kpis:
        blocks += _kpis(s)
    blocks += _risks(s) + _actions(s) + _recurring(s) + _retros(s)
    if s.feedback is not None and not s.feedback.is_empty:
        from opslog.render.feedback_views import section_blocks

        blocks += section_blocks(s.feedback)
    blocks.append(
        Line((Cell(f"{section('notes')}  ", "bold"), Cell(notes_line(s)), user(tags_text(s))))
    )
    return blocks


def render_report_plain(s: ReportSummary) -> str:
    from opslog.render.plain_table import render_blocks

    return render_blocks(report_blocks(s))


def report_renderables(s: ReportSummary) -> list[Any]:
    from opslog.render.week_table import _renderable

    return [_renderable(b) for b in report_blocks(s)]


def _line(head: str, text: str, style: str = "") -> Line:
    return Line((Cell(f"{head}  ", "bold"), Cell(text, style)))


def _checkins(s: ReportSummary) -> list[Block]:
    grid = Grid(section("checkins"), ["", *(_(d) for d in WEEKDAYS)], note=checkin_line(s))
    for label, week in calendar_weeks(s.checkins.calendar):
        cells = [Cell(label, "dim")]
        for d in week:
            text = calendar_cell(d, s.asof)
            cells.append(Cell(text, "green" if text.startswith("✓") else "dim"))
        grid.rows.append(cells)
    return [grid]


def _goals(s: ReportSummary) -> list[Block]:
    if not s.goals:
        return [_line(section("goals"), empty("goals"), "dim")]
    grid = Grid(
        section("goals"),
        ["#", _("Goal"), _("Start → end"), _("Progress"), _("Expected"), _("Status"),
         _("Outcome"), _("Weeks")],
        right=frozenset({0, 4}),
        note=strip_legend(),
    )  # fmt: skip
    for g in s.goals:
        grid.add(
            str(g.goal.id),
            user(g.goal.title),
            user(goal_values(g)),
            goal_progress(g),
            percent(g.end.expected),
            Cell(status_word(g), STATUS_COLOURS.get(g.end.status, "")),
            Cell(outcome_word(g), OUTCOME_COLOURS[g.outcome]),
            goal_strip(g),
        )
    return [grid]


def _kpis(s: ReportSummary) -> list[Block]:
    grid = Grid(
        section("kpis"),
        ["KPI", _("Value"), _("Previous"), _("Change"), _("Health"), _("Days unhealthy"),
         _("Weeks")],
        right=frozenset({1, 2, 3, 5}),
    )  # fmt: skip
    for k in s.kpis:
        line = k.line
        grid.add(
            user(line.kpi.name),
            user(value_text(line.value, line.kpi.unit)),
            user(value_text(line.previous, line.kpi.unit)),
            kpi_change(k),
            Cell(health_word(line.health), "red" if line.health == "unhealthy" else ""),
            "–" if k.unhealthy_days is None else str(k.unhealthy_days),
            kpi_weeks(k),
        )
    return [grid]


def _risks(s: ReportSummary) -> list[Block]:
    if risks_empty(s):
        return [_line(section("risks"), empty("risks"), "dim")]
    grid = Grid(
        section("risks"), ["#", _("Risk"), "P×I", _("Level"), _("Status"), _("Owner")],
        right=frozenset({0}), note=risk_line(s),
    )  # fmt: skip
    for r in s.risks.open_at_end:
        x = r.risk
        grid.add(
            str(x.id),
            user(x.title),
            f"{x.probability}×{x.impact}={x.score}",
            Cell(_(r.level), LEVEL_COLOURS[r.level]),
            _(x.status),
            user(x.owner or "–"),
        )
    if not s.risks.open_at_end:
        return [_line(section("risks"), risk_line(s))]
    counts = matrix_cells(s)
    return [grid, matrix_grid(counts, _("Risk matrix at the end"))]


def _actions(s: ReportSummary) -> list[Block]:
    if actions_empty(s):
        return [_line(section("actions"), empty("actions"), "dim")]
    if not s.actions.overdue_at_end:
        return [_line(section("actions"), action_line(s))]
    grid = Grid(
        section("actions"), ["#", _("Action"), _("Owner"), _("Due"), _("From")],
        right=frozenset({0}), note=action_line(s),
    )  # fmt: skip
    for a in s.actions.overdue_at_end:
        grid.add(
            str(a.action.id),
            user(a.action.text),
            user(a.action.owner or "–"),
            Cell(a.action.due.isoformat() if a.action.due else "–", "red"),
            a.from_week,
        )
    return [grid]


def _recurring(s: ReportSummary) -> list[Block]:
    if not s.recurring:
        return [_line(section("recurring"), empty("recurring"), "dim")]
    grid = Grid(section("recurring"), [_("Item"), _("From"), _("Weeks")])
    for r in s.recurring:
        grid.add(user(r.text, "yellow"), source_word(r.source), joined(r.weeks))
    return [grid]


def _retros(s: ReportSummary) -> list[Block]:
    if not s.retros:
        return [_line(section("retros"), empty("retros"), "dim")]
    team = len(s.authors) > 1
    grid = Grid(section("retros"), [_("Week"), _("Went well"), _("To improve")])
    for r in s.retros:
        week = r.week + (f"\n{inert(r.author)}" if team else "")
        grid.add(
            week,
            user("\n".join(f"• {t}" for t in r.went_well)),
            user("\n".join(f"• {t}" for t in r.to_improve)),
        )
    return [grid]
