"""Report periods from what users type, and the small arithmetic the report leans on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.periods import (
    parse_period,
    period_weeks,
    thursday_weeks,
    workdays,
)
from opslog.domain.report import longest_streak, normalise
from opslog.domain.week import streak
from opslog.errors import BadInput

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(
    ("text", "kind", "label", "start", "end"),
    [
        (None, "month", "2026-11", "2026-11-01", "2026-11-30"),
        ("2026-11", "month", "2026-11", "2026-11-01", "2026-11-30"),
        ("2024-2", "month", "2024-02", "2024-02-01", "2024-02-29"),
        ("2026-Q4", "quarter", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("2026q1", "quarter", "2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026", "year", "2026", "2026-01-01", "2026-12-31"),
        ("this month", "month", "2026-11", "2026-11-01", "2026-11-30"),
        ("Last  Month", "month", "2026-10", "2026-10-01", "2026-10-31"),
        ("last quarter", "quarter", "2026-Q3", "2026-07-01", "2026-09-30"),
        ("this quarter", "quarter", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("last year", "year", "2025", "2025-01-01", "2025-12-31"),
        ("2026-W48", "week", "2026-W48", "2026-11-23", "2026-11-29"),
        ("last week", "week", "2026-W47", "2026-11-16", "2026-11-22"),
        ("2026-11-04", "week", "2026-W45", "2026-11-02", "2026-11-08"),
    ],
)
def test_forms(text: str | None, kind: str, label: str, start: str, end: str) -> None:
    p = parse_period(text, TODAY)
    assert (p.kind, p.label, p.start.isoformat(), p.end.isoformat()) == (kind, label, start, end)


def test_last_month_in_january_is_last_years_december() -> None:
    assert parse_period("last month", date(2026, 1, 15)).label == "2025-12"
    assert parse_period("last quarter", date(2026, 2, 1)).label == "2025-Q4"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "1969", "soon", ""])
def test_bad_periods_are_refused_naming_the_text(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_period(text, TODAY)
    assert repr(text) in str(refused.value)


def test_previous_is_the_period_of_the_same_length_before() -> None:
    assert parse_period("2026-03", TODAY).previous().label == "2026-02"
    assert parse_period("2026-Q1", TODAY).previous().label == "2025-Q4"
    assert parse_period("2026", TODAY).previous().label == "2025"
    assert parse_period("2026-W01", TODAY).previous().label == "2025-W52"
    from opslog.domain.periods import day_range

    r = day_range(date(2026, 11, 10), date(2026, 11, 12)).previous()
    assert (r.start, r.end) == (date(2026, 11, 7), date(2026, 11, 9))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("本月", "2026-11"),
        ("上季度", "2026-Q3"),
        ("2026年第四季度", "2026-Q4"),
        ("今年", "2026"),
        ("上周", "2026-W47"),
    ],
)
def test_chinese_forms_come_from_the_shared_parser(text: str, label: str) -> None:
    assert parse_period(text, TODAY).label == label


def test_weeks_straddling_the_edges_count_only_their_days_inside() -> None:
    weeks = period_weeks(parse_period("2026-11", TODAY))
    assert weeks[0] == ("2026-W44", date(2026, 11, 1), date(2026, 11, 1))
    assert weeks[-1] == ("2026-W49", date(2026, 11, 30), date(2026, 11, 30))
    assert len(weeks) == 6
    # A week's retro belongs to the month holding its Thursday.
    assert thursday_weeks(parse_period("2026-11", TODAY)) == [
        "2026-W45", "2026-W46", "2026-W47", "2026-W48"]  # fmt: skip
    assert thursday_weeks(parse_period("2026-12", TODAY))[0] == "2026-W49"


def test_workdays_and_streaks() -> None:
    assert workdays(date(2026, 11, 1), date(2026, 11, 30)) == 21
    assert workdays(date(2026, 11, 28), date(2026, 11, 29)) == 0  # a weekend
    assert workdays(date(2026, 11, 5), date(2026, 11, 4)) == 0
    # Sunday to Thursday: November 2026 starts on a Sunday; four full weeks (Nov 1–28)
    # hold 20, Nov 29 (Sun) and 30 (Mon) two more.
    assert workdays(date(2026, 11, 1), date(2026, 11, 30), frozenset({6, 0, 1, 2, 3})) == 22
    days = [date(2026, 11, d) for d in (10, 8, 7, 6, 5, 3, 2, 1)]  # newest first
    start = date(2026, 11, 1)
    assert longest_streak(days, start) == 4 and longest_streak([], start) == 0
    # A run crossing the start counts whole; one that ends before it does not count.
    before = [date(2026, 10, d) for d in (31, 30, 29, 28, 27, 26, 24, 23, 22, 21, 20, 19, 18)]
    assert longest_streak(days + before, start) == 9  # Oct 26 – Nov 3
    assert longest_streak(days[:2] + before, date(2026, 11, 8)) == 1
    assert longest_streak(before, start) == 0


def walked_streak(days: list[date], asof: date) -> int:
    """The streak counted day by day over a set, as it was before the bisection."""
    have = set(days)
    day = asof if asof in have else asof - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


@given(st.sets(st.integers(0, 60)), st.integers(0, 62))
def test_the_streak_found_by_bisection_is_the_walked_one(offsets: set[int], at: int) -> None:
    """Check-in days newest first (as the store loads them, some after `asof` too)."""
    days = sorted((date(2026, 10, 1) + timedelta(days=n) for n in offsets), reverse=True)
    asof = date(2026, 10, 1) + timedelta(days=at)
    assert streak(days, asof) == walked_streak(days, asof)


def walked_longest(days: list[date], start: date) -> int:
    """The longest run of consecutive days with a day on or after `start`, walked."""
    have, best = set(days), 0
    for d in have:
        if d + timedelta(days=1) in have:
            continue  # not the newest day of its run
        length = 0
        while d - timedelta(days=length) in have:
            length += 1
        if d >= start:
            best = max(best, length)
    return best


@given(st.sets(st.integers(0, 60)), st.integers(0, 62), st.integers(0, 62))
def test_the_longest_streak_holds_the_running_one(
    offsets: set[int], at: int, begin: int
) -> None:
    """Check-in days newest first; a period starting on `begin`, judged on `asof`: the
    longest run reaching into it is the walked one, and holds the running streak whenever
    that streak has a day in the period (a streak running into it from before too)."""
    days = sorted((date(2026, 10, 1) + timedelta(days=n) for n in offsets), reverse=True)
    asof = date(2026, 10, 1) + timedelta(days=at)
    start = date(2026, 10, 1) + timedelta(days=begin)
    longest = longest_streak(days, start)
    assert longest == walked_longest(days, start)
    running = streak(days, asof)
    if running and (asof if asof in days else asof - timedelta(days=1)) >= start:
        assert longest >= running


def test_a_five_year_streak() -> None:
    days = [TODAY - timedelta(days=n) for n in range(1826)]
    assert streak(days, TODAY) == 1826
    assert streak(days[1:], TODAY) == 1825  # not yet checked in today
    assert streak(days[2:], TODAY) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CS export late", "cs  export, late!"),
        ("export-late", "Export late"),
        ("仓库 发货慢", "仓库发货慢。"),
        ("ＣＳ导出晚", "cs导出晚"),  # full-width letters
        ("物流，慢", "物流慢"),
    ],
)
def test_normalise_matches_spellings_of_one_item(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert normalise("export late") != normalise("export slow")
