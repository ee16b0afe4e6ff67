"""Wide characters take two columns everywhere (issue 15 item 5): the plain layout of a
pipe, Rich tables, the goal chart and every cut. Column positions are compared in
terminal columns, in tables that mix Chinese, emoji and ASCII."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.cells import cell_len
from rich.console import Console

from opslog.domain.records import Goal
from opslog.render.cells import clusters, pad, truncate, width
from opslog.render.goal_views import chart_lines
from opslog.render.log_views import shorten
from opslog.render.plain_table import render_grid
from opslog.render.week_grids import Grid
from opslog.render.week_table import _table
from tests.conftest import Run

SAMPLES = [
    "双11", "🚀", "✅ done", "❤️", "👍🏽", "👨\u200d👩\u200d👧", "e\u0301", "ｱｲ", "Ｗ４８",
    "a\u200bb", "你好！", "🇨🇳", "한국어", "上线了#双12。", "mixed 中文 and emoji 🎉",
]  # fmt: skip

ROWS = [
    ["周五 11-27", "发完周报 🎉", "3"],
    ["Thu 11-26", "shipped it", "12"],
    ["周三", "👨\u200d👩\u200d👧 家庭套餐上线", "1"],
    ["Tue", "✅ 供应商 call ok", "100"],
    ["Mon 一", "ｱｲｳ half-width kana", "7"],
]


def mixed_grid() -> Grid:
    grid = Grid("本周 Week", ["日期 Day", "完成 Done", "N"], right=frozenset({2}))
    for row in ROWS:
        grid.add(*row)
    return grid


@pytest.mark.parametrize("text", SAMPLES)
def test_width_is_what_rich_measures(text: str) -> None:
    assert width(text) == cell_len(text)


def test_widths_by_hand() -> None:
    assert [width(t) for t in ("双11", "🚀", "e\u0301", "ｱ", "a\u200bb")] == [4, 2, 1, 1, 2]


@pytest.mark.parametrize("size", range(1, 14))
def test_truncation_never_cuts_a_character_or_an_emoji(size: int) -> None:
    text = "上线了👨\u200d👩\u200d👧双12大促"  # 2+2+2+2+2+1+1+2+2 = 16 columns
    cut = truncate(text, size)
    assert width(cut) <= size and width(cut) >= size - 1  # a wide char may leave one free
    assert cut == text if size >= 16 else cut.endswith("…")
    kept = cut.rstrip("…")
    assert text.startswith(kept) and "\u200d" not in kept[-1:]
    assert kept.count("\u200d") in (0, 2)  # the family is whole or absent


def test_shorten_counts_columns() -> None:
    assert shorten("双" * 10, limit=9) == "双" * 3 + " …"  # 6 + 2 columns
    assert shorten("abc", limit=9) == "abc"


def test_pad_fills_columns() -> None:
    assert pad("双11", 6) == "双11  " and pad("🚀", 4, right=True) == "  🚀"


def column_starts(line: str, texts: list[str]) -> list[int]:
    return [width(line[: line.index(t)]) for t in texts]


def test_plain_layout_columns_line_up_in_terminal_columns() -> None:
    lines = render_grid(mixed_grid())
    header, rule, body = lines[1], lines[2], lines[3:]
    starts = column_starts(header, ["日期 Day", "完成 Done"])
    # the widest cells: "周五 11-27" 4+6 = 10 columns, "ｱｲｳ half-width kana" 3+16 = 19
    assert starts == [0, 12]
    assert [len(dashes) for dashes in rule.split("  ")] == [10, 19, 3]
    for row, line in zip(ROWS, body, strict=True):
        assert column_starts(line, row[:2]) == starts, line
        assert width(line) == 10 + 2 + 19 + 2 + 3  # the right column ends at the edge


def separators(line: str) -> list[int]:
    """Terminal columns of the box's vertical lines in one drawn line."""
    cols, at = [], 0
    for piece, cells in clusters(line):
        if piece in "│┃║|":
            cols.append(at)
        at += cells
    return cols


@pytest.mark.parametrize("console_width", [120, 40])
def test_rich_table_columns_line_up_with_chinese_and_emoji(console_width: int) -> None:
    console = Console(
        record=True, width=console_width, file=io.StringIO(), color_system=None, emoji=False
    )
    console.print(_table(mixed_grid()))
    drawn = [ln for ln in console.export_text().splitlines() if separators(ln)]
    assert len(drawn) >= 1 + len(ROWS)
    assert len({tuple(separators(ln)) for ln in drawn}) == 1, "\n".join(drawn)
    assert all(width(ln) <= console_width for ln in console.export_text().splitlines())


def test_goal_chart_labels_align_by_columns() -> None:
    goal = Goal(
        id=1, uid="u", author="ann", created_at="", updated_at="", title="转化率",
        metric="转化率", unit="个", baseline=1.0, target=2.0,
        start=date(2026, 11, 1), due=date(2026, 11, 30), status="active",
    )  # fmt: skip
    lines = chart_lines(goal, [], date(2026, 11, 15))
    axis = [ln.index("│") for ln in lines if "│" in ln]
    assert len(set(axis)) == 1


def test_week_piped_lines_up_chinese_rows(run: Run) -> None:
    run("checkin", "--date", "thu", "--done", "发完周报 🎉", "--mood", "4")
    run("checkin", "--done", "shipped it", "--mood", "3")
    out = run("week").stdout.splitlines()
    header = next(ln for ln in out if ln.startswith("Day "))
    rows = [ln for ln in out if ln.startswith(("Thu", "Fri"))]
    done_at = width(header[: header.index("Done")])
    found = zip(rows, ["发完周报", "shipped"], strict=True)
    assert [width(ln[: ln.index(t)]) for ln, t in found] == [done_at, done_at]
