"""Grids for a narrow terminal: each row as a block, its heading on a line and its fields
indented under it, broken between words (and between Chinese characters), never inside
one. `fit()` decides per grid: stacked below its `narrow` width (the week's days and
goals, below 100 columns) or when its table would not fit; drawn by both adapters
(Rich and plain text), as `Line` blocks already cut to the width.

    Days
    Mon 11-23  ✓
      Done: shipped the 双11 banner
      Blockers: supplier late
      Mood: 4 🙂
      Notes:
        • call 供应商 #ops
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from opslog.i18n import _
from opslog.render.cells import _words, width, wrap
from opslog.render.week_grids import NARROW, Block, Cell, Grid, Line

INDENT = "  "
SHORT = 24  # a field this wide or less may share its line with other short ones
EMPTY = ("", "–")  # a field with nothing to say is left out of a block


def fit(blocks: list[Block], columns: int | None, *, pipe: bool = False) -> list[Block]:
    """The blocks for a screen `columns` wide. None: a pipe, as they are; a pipe with
    COLUMNS at 100 or more keeps its tables too (long lines, as scripts read them)."""
    if columns is None or (pipe and columns >= NARROW):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(Line(tuple(_fill(list(block.pieces), columns, ""))))
        elif columns < block.narrow or table_width(block) > columns:
            out.append(stack(block, columns))
        else:
            out.append(_shared_out(block, columns))
    return out


def _shared_out(grid: Grid, columns: int) -> Grid:
    """A table that fits, its columns given the room as Rich would (the widest cut
    down first, to one cap, short ones left whole) but never below a column's widest
    word; its note folded to the screen too."""
    if grid.note and any(width(line) > columns for line in grid.note.split("\n")):
        grid = replace(grid, note="\n".join(wrap(grid.note, columns)))
    least, most = _least(grid), _sizes(grid, _widest_line)
    room = columns - (3 * len(least) + 1)
    if sum(most) <= room:
        return grid  # whole: nothing to share

    def capped(cap: int) -> list[int]:
        return [max(n, min(m, cap)) for n, m in zip(least, most, strict=True)]

    low, high = 0, max(most)  # the highest cap that fits (table_width says one does)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(capped(middle)) <= room else (low, middle - 1)
    shares = capped(low)
    for i in sorted(range(len(shares)), key=lambda i: most[i] - shares[i], reverse=True):
        if sum(shares) < room and shares[i] < most[i]:
            shares[i] += 1  # what the cap left over, one column each
    return replace(grid, widths=tuple(shares))


def _sizes(grid: Grid, measure: Callable[[str], int]) -> list[int]:
    sizes = [measure(name) for name in grid.columns]
    for row in grid.rows:
        for i, cell in enumerate(row):
            sizes[i] = max(sizes[i], measure(cell.text))
    return sizes


def _widest_line(text: str) -> int:
    return max(width(line) for line in text.split("\n"))


def table_width(grid: Grid) -> int:
    """The fewest columns the grid takes as a boxed table without breaking a word:
    each column as wide as its widest word (`_least`), a space either side of each and a rule
    between and around them. Narrower, a table would cut words ("Blocke/rs")."""
    sizes = _least(grid)
    return sum(sizes) + 3 * len(sizes) + 1


def _least(grid: Grid) -> list[int]:
    """Each column's narrowest: its widest word; the first column (a row's day, id or
    name: what the eye looks a row up by) its widest line, kept whole."""
    least = _sizes(grid, _widest_word)
    least[0] = _sizes(grid, _widest_line)[0]
    return least


def _widest_word(text: str) -> int:
    return max((cells for word, cells in _words(text) if not word.isspace()), default=0)


def stack(grid: Grid, columns: int) -> Line:
    # A blank line above, as a table's box would set it apart (plain text adds its own).
    pieces: list[Cell] = [Cell("\n"), *_fill([Cell(grid.title, "bold")], columns, "")]
    for row in grid.rows:
        pieces += [Cell("\n"), *_fill(_heading(grid, row), columns, "")]
        pieces += _fields(grid, row, columns)
    if grid.note:
        pieces += [Cell("\n"), *_fill([Cell(grid.note, "dim")], columns, "")]
    return Line(tuple(pieces))


def _heading(grid: Grid, row: list[Cell]) -> list[Cell]:
    """The row's first `heading` cells on one line: `#3 Sales`, `Mon 11-23  ✓`."""
    out: list[Cell] = []
    for i, cell in enumerate(row[: _heading_count(grid)]):
        text = cell.text.replace("\n", " ")
        if grid.columns[i] == "#":
            out.append(Cell(f"#{text} ", cell.style or "bold"))
            continue
        if out and not out[-1].text.endswith(" "):
            out.append(Cell("  "))
        out.append(Cell(text, cell.style or "bold"))
    return out


def _heading_count(grid: Grid) -> int:
    if grid.heading is not None:
        return grid.heading
    return 2 if grid.columns[0] == "#" else 1


def _fields(grid: Grid, row: list[Cell], columns: int) -> list[Cell]:
    """`Label: value` for each field that says something: short ones side by side
    while they fit, long ones on a line of their own, and text of several lines
    (a day's notes) under its label."""
    out: list[Cell] = []
    used = columns  # nothing on the current line yet that a short field may join
    first = _heading_count(grid)
    for name, cell in zip(grid.columns[first:], row[first:], strict=False):
        if cell.text in EMPTY:
            continue
        label = Cell(_("{label}: ").format(label=name), "dim")
        size = width(label.text) + width(cell.text)
        if "\n" in cell.text:
            out += [Cell("\n" + INDENT), Cell(label.text.rstrip(), "dim")]
            for line in cell.text.split("\n"):
                out += [Cell("\n"), *_fill([Cell(line, cell.style)], columns, INDENT * 2)]
            used = columns
        elif grid.flow and size <= SHORT and used + 2 + size <= columns:
            out += [Cell("  "), label, Cell(cell.text, cell.style)]
            used += 2 + size
        else:
            out += [Cell("\n"), *_fill([label, Cell(cell.text, cell.style)], columns, INDENT)]
            last = "".join(c.text for c in out).rsplit("\n", 1)[-1]
            used = width(last) if size <= SHORT else columns
    return out


def _fill(pieces: list[Cell], columns: int, indent: str) -> list[Cell]:
    """Styled pieces as lines of at most `columns`, the first after `indent` and the
    rest after two more spaces (a hanging indent), broken only between words."""
    room = max(columns - width(indent), 4)
    out: list[Cell] = [Cell(indent)] if indent else []
    used = 0
    pending = ""  # spaces waiting for the next word on the same line
    for piece in pieces:
        for word, cells in _words(piece.text):
            if word.isspace():
                pending += word if used else ""
                continue
            if used and used + width(pending) + cells > room:
                out.append(Cell("\n" + indent + "  "))
                room = max(columns - width(indent) - 2, 4)
                used, pending = 0, ""
            if pending:
                out.append(Cell(pending))
                used += width(pending)
                pending = ""
            while cells > room:  # a word wider than a line: cut, as nothing else can
                from opslog.render.cells import truncate

                head = truncate(word, room - used, ellipsis="") or word[0]
                out += [Cell(head, piece.style), Cell("\n" + indent + "  ")]
                room = max(columns - width(indent) - 2, 4)
                used = 0
                word = word[len(head) :]
                cells = width(word)
            out.append(Cell(word, piece.style))
            used += cells
    return out
