"""The weekly report as plain text, for a pipe or a file: the grids of `week_grids.py`
in aligned columns, no colour, no box drawing, nothing cut (long text makes long
lines). Wide characters (Chinese) count two columns, as a terminal shows them."""

from __future__ import annotations

from opslog.domain.week import WeekSummary
from opslog.render.cells import pad as _pad
from opslog.render.cells import width
from opslog.render.week_grids import NARROW, Block, Grid, Line, week_blocks

GAP = "  "


def render_grid(grid: Grid) -> list[str]:
    cells = [[c.text.split("\n") for c in row] for row in grid.rows]
    # Each line's width measured once, for the column sizes and again for its padding.
    widths = [[[width(line) for line in lines] for lines in row] for row in cells]
    sizes = [width(name) for name in grid.columns]
    for row_widths in widths:
        for i, ws in enumerate(row_widths):
            sizes[i] = max(sizes[i], *ws)
    out = [grid.title]
    header = GAP.join(_pad(n, sizes[i], i in grid.right) for i, n in enumerate(grid.columns))
    out.append(header.rstrip())
    out.append(GAP.join("-" * size for size in sizes))
    for row, row_widths in zip(cells, widths, strict=True):
        for k in range(max(len(lines) for lines in row)):
            parts = []
            for i, lines in enumerate(row):
                text, used = (lines[k], row_widths[i][k]) if k < len(lines) else ("", 0)
                fill = " " * (sizes[i] - used)
                parts.append(fill + text if i in grid.right else text + fill)
            out.append(GAP.join(parts).rstrip())
    if grid.note:
        out += grid.note.split("\n")
    return out


def render_blocks(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            if out:
                out.append("")
            out.append("".join(c.text for c in block.pieces).strip("\n").rstrip())
        else:
            out += ["", *render_grid(block)]
    return "\n".join(out) + "\n"


def render_week_plain(s: WeekSummary, columns: int | None = None) -> str:
    """The week as plain text; stacked blocks where `columns` (COLUMNS in a pipe) is
    narrow, lines as long as their text without it."""
    blocks = week_blocks(s)
    if columns is not None and columns < NARROW:  # (a pipe's wide page needs no import)
        from opslog.render.stacked import fit

        blocks = fit(blocks, columns, pipe=True)
    return render_blocks(blocks)
