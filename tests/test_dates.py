from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.dates import (
    WEEK_STARTS,
    Week,
    iso_week_label,
    parse_date,
    parse_week,
    week_of,
)
from opslog.errors import BadInput

TODAY = date(2026, 11, 27)  # a Friday
D = date

dates = st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31))
week_starts = st.sampled_from(WEEK_STARTS)
WEEKDAY_NAMES = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", D(2026, 11, 27)),
        ("2028-02-29", D(2028, 2, 29)),
        ("2026/2/3", D(2026, 2, 3)),
        ("  TODAY ", TODAY),
        ("yesterday", D(2026, 11, 26)),
        ("tomorrow", D(2026, 11, 28)),
        ("fri", TODAY),
        ("Friday", TODAY),
        ("thu", D(2026, 11, 26)),
        ("thurs", D(2026, 11, 26)),
        ("tues", D(2026, 11, 24)),
        ("sat", D(2026, 11, 21)),
        ("last friday", D(2026, 11, 20)),
        ("last  thu", D(2026, 11, 26)),
        ("next fri", D(2026, 12, 4)),
        ("next sat", D(2026, 12, 5)),  # the Saturday of next week, not tomorrow
        ("-3d", D(2026, 11, 24)),
        ("3d", D(2026, 11, 24)),
        ("+2w", D(2026, 12, 11)),
        ("-1m", D(2026, 10, 27)),
        ("+1y", D(2027, 11, 27)),
        ("3 days ago", D(2026, 11, 24)),
        ("2 weeks ago", D(2026, 11, 13)),
        ("in 3 days", D(2026, 11, 30)),
        ("in 1 month", D(2026, 12, 27)),
        ("Nov 27", D(2026, 11, 27)),
        ("dec 25", D(2026, 12, 25)),
        ("27 Nov 2026", D(2026, 11, 27)),
        ("November 27, 2026", D(2026, 11, 27)),
        ("27th of November 2025", D(2025, 11, 27)),
    ],
)
def test_parse_date_good(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


BAD = [
    "2026-02-30",
    "yesterdayy",
    "13/13/2026",
    "01/02/2026",
    "1969-12-31",
    "2101-01-01",
    "",
    "   ",
    "2026-W60",
    "2025-W53",
    "2026-W00",
    "fri at 3pm",
    "\x00",
    "Nov 27 3pm",
    "nov 27 15:00",
    "nov",
    "Feb 29",
    "friday nov 27",
    "-99999999d",
    "+100y",
    "banana",
]


@pytest.mark.parametrize("text", BAD)
def test_parse_date_bad(text: str) -> None:
    with pytest.raises(BadInput) as exc:
        parse_date(text, TODAY)
    assert repr(text) in str(exc.value)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("text", [*BAD, "-99999999", "2101-W01"])
def test_parse_week_bad(text: str) -> None:
    with pytest.raises(BadInput) as exc:
        parse_week(text, TODAY)
    assert repr(text) in str(exc.value)


def test_month_offset_clamps_to_month_end() -> None:
    assert parse_date("-1m", D(2026, 3, 31)) == D(2026, 2, 28)
    assert parse_date("+1y", D(2028, 2, 29)) == D(2029, 2, 28)


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        (None, D(2026, 11, 23), "2026-W48"),
        ("this", D(2026, 11, 23), "2026-W48"),
        ("last", D(2026, 11, 16), "2026-W47"),
        ("next", D(2026, 11, 30), "2026-W49"),
        ("-2", D(2026, 11, 9), "2026-W46"),
        ("+5", D(2026, 12, 28), "2026-W53"),
        ("2026-W48", D(2026, 11, 23), "2026-W48"),
        ("2026-w48", D(2026, 11, 23), "2026-W48"),
        ("2026W48", D(2026, 11, 23), "2026-W48"),
        ("2026-W01", D(2025, 12, 29), "2026-W01"),
        ("yesterday", D(2026, 11, 23), "2026-W48"),
        ("Jan 1 2027", D(2026, 12, 28), "2026-W53"),
    ],
)
def test_parse_week_monday(text: str | None, start: date, label: str) -> None:
    week = parse_week(text, TODAY)
    assert (week.start, week.label) == (start, label)


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        (None, D(2026, 11, 22), "2026-W48"),
        ("last", D(2026, 11, 15), "2026-W47"),
        ("2026-W48", D(2026, 11, 22), "2026-W48"),
        ("2026-W53", D(2026, 12, 27), "2026-W53"),
        ("2026-11-22", D(2026, 11, 22), "2026-W48"),
        ("2026-11-29", D(2026, 11, 29), "2026-W49"),
    ],
)
def test_parse_week_sunday(text: str | None, start: date, label: str) -> None:
    week = parse_week(text, TODAY, "sunday")
    assert (week.start, week.label) == (start, label)


def test_w53_spans_the_year_boundary() -> None:
    week = parse_week("2026-W53", TODAY)
    assert (week.start, week.end) == (D(2026, 12, 28), D(2027, 1, 3))
    assert week_of(D(2027, 1, 1)) == week
    assert iso_week_label(D(2027, 1, 1)) == "2026-W53"
    assert week.shift(1).label == "2027-W01"


def test_iso_label_is_not_strftime_w() -> None:
    # %W would say 2027-W00 for Jan 1 2027 and 2026-W00 for Jan 1 2026.
    assert iso_week_label(D(2026, 1, 1)) == "2026-W01"
    assert iso_week_label(D(2024, 12, 30)) == "2025-W01"


def test_bad_week_start() -> None:
    with pytest.raises(BadInput, match="week start 'Monday'"):
        week_of(TODAY, "Monday")
    with pytest.raises(BadInput, match="week start 'tue'"):
        parse_week(None, TODAY, "tue")


def test_a_week_starts_on_monday_or_sunday_and_its_label_follows() -> None:
    with pytest.raises(ValueError):
        Week(D(2026, 11, 25))  # a Wednesday
    assert Week(D(2026, 11, 23)).label == "2026-W48"
    assert Week(D(2026, 11, 22)).label == "2026-W48"  # the Sunday before that Monday


def test_module_import_does_not_load_dateutil() -> None:
    code = "import sys, opslog.domain.dates; print('dateutil' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


@given(dates, week_starts)
def test_week_of_holds_the_day(d: date, ws: str) -> None:
    week = week_of(d, ws)
    assert week.contains(d)
    assert len(week.days()) == 7 and week.days()[-1] == week.end
    assert week.start.weekday() == (0 if ws == "monday" else 6)
    assert not week.contains(week.start - timedelta(days=1))
    assert not week.contains(week.end + timedelta(days=1))


@given(dates, week_starts)
def test_parse_week_of_iso_date(d: date, ws: str) -> None:
    assert parse_week(d.isoformat(), TODAY, ws) == week_of(d, ws)


@given(dates)
def test_label_round_trips(d: date) -> None:
    week = week_of(d)
    assert parse_week(week.label, TODAY) == week
    assert week.label == iso_week_label(d)


@given(dates)
def test_sunday_week_label_is_its_mondays(d: date) -> None:
    week = week_of(d, "sunday")
    assert week.label == iso_week_label(week.start + timedelta(days=1))
    assert parse_week(week.label, TODAY, "sunday") == week


@given(dates, week_starts, st.integers(-200, 200))
def test_shift_is_invertible_and_tiles(d: date, ws: str, n: int) -> None:
    week = week_of(d, ws)
    assert week.shift(n).shift(-n) == week
    assert week.shift(1).start == week.end + timedelta(days=1)
    assert week.shift(n).start == week.start + timedelta(weeks=n)


@given(dates)
def test_iso_date_round_trips(d: date) -> None:
    assert parse_date(d.isoformat(), TODAY) == d


@given(dates, st.sampled_from(sorted(WEEKDAY_NAMES)))
def test_weekday_names(today: date, name: str) -> None:
    got = parse_date(name, today)
    assert today - timedelta(days=6) <= got <= today
    assert got.weekday() == WEEKDAY_NAMES[name]
    assert parse_date(f"last {name}", today) == got - timedelta(days=7 if got == today else 0)
    # "next fri" is the Friday of next week (issue 16 item 10), whatever today is.
    next_week = week_of(today).start + timedelta(days=7)
    assert parse_date(f"next {name}", today) == next_week + timedelta(days=WEEKDAY_NAMES[name])


@given(st.dates(date(1972, 6, 1), date(2099, 6, 1)), st.integers(0, 500))
def test_relative_day_forms_agree(today: date, n: int) -> None:
    back = parse_date(f"-{n}d", today)
    assert back == today - timedelta(days=n)
    assert parse_date(f"{n} days ago", today) == back == parse_date(f"{n}d", today)
    assert parse_date(f"in {n} days", today) == parse_date(f"+{n}d", today)


def test_ahead_makes_a_bare_weekday_the_next_one() -> None:
    assert parse_date("mon", TODAY, ahead=True) == D(2026, 11, 30)
    assert parse_date("fri", TODAY, ahead=True) == TODAY
    assert parse_date("mon", TODAY) == D(2026, 11, 23)
    assert parse_date("last mon", TODAY, ahead=True) == D(2026, 11, 23)
