"""The weekly report drawn with Rich, for a terminal: the grids of `week_grids.py` as
tables. Cells go in as `Text` (never markup) and columns fold rather than cut."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from opslog.domain.week import WeekSummary
from opslog.render.week_grids import Block, Grid, Line, week_blocks


def week_renderables(s: WeekSummary, columns: int | None = None) -> list[RenderableType]:
    """The week's blocks as Rich renderables, stacked where `columns` is narrow."""
    from opslog.render.stacked import fit

    return [_renderable(block) for block in fit(week_blocks(s), columns)]


def block_renderables(blocks: list[Block], columns: int | None = None) -> list[RenderableType]:
    from opslog.render.stacked import fit

    return [_renderable(block) for block in fit(blocks, columns)]


def render_week_table(s: WeekSummary, console: Console) -> None:
    console.print(Group(*week_renderables(s)))


def _renderable(block: Block) -> RenderableType:
    if isinstance(block, Line):
        return Text.assemble(*((c.text, c.style) for c in block.pieces))
    return _table(block)


def _table(grid: Grid) -> RenderableType:
    table = Table(title=grid.title, title_justify="left", title_style="bold", expand=False)
    for i, name in enumerate(grid.columns):
        table.add_column(
            name,
            overflow="fold",
            justify="right" if i in grid.right else "left",
            width=grid.widths[i] if grid.widths else None,
        )
    for row in grid.rows:
        table.add_row(*(Text(c.text, style=c.style) for c in row))
    if grid.note:
        return Group(table, Text(grid.note, style="dim"))
    return table
