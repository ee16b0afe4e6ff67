"""Day and week arithmetic for the command line. Pure: no I/O, no clock.

Every function that needs "today" takes it as an argument; callers read the clock
once and pass it down. python-dateutil is imported lazily, only by the code paths
that need it (month/year offsets and the month-name fallback), so importing this
module stays cheap.

Accepted date forms (case-insensitive, surrounding whitespace ignored):
  2026-11-27, 2026/11/27        year first, so never ambiguous
  today, yesterday, tomorrow
  fri, friday                   most recent such day, today included
  last fri, next fri            strictly before / strictly after today
  -3d, +2w, -1m, +1y, 3d        signed offsets; unsigned means ago (3d == -3d)
  3 days ago, in 2 weeks        units: day(s), week(s), month(s), year(s)
  Nov 27, 27 Nov 2026           a month name and a day, optional 4-digit year
Refused: day/month numeric forms (01/02/2026), anything with a time, years outside
1970..2100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from opslog.errors import BadInput

WEEK_STARTS = ("monday", "sunday")

MIN_YEAR = 1970
MAX_YEAR = 2100

_DATE_HELP = (
    "expected YYYY-MM-DD, today, yesterday, tomorrow, a weekday (fri, last fri, next fri), "
    "-3d, +2w, -1m, 3 days ago, in 2 weeks or Nov 27"
)
_WEEK_HELP = "expected this, last, next, -N, +N, YYYY-Www or a date"

_WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_UNITS: dict[str, str] = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "week": "w", "weeks": "w",
    "m": "m", "month": "m", "months": "m",
    "y": "y", "year": "y", "years": "y",
}  # fmt: skip

# [0-9] rather than \d: \d also matches non-ASCII digits, which int() would accept.
_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YMD_RE = re.compile(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})")
_NUMERIC_DMY_RE = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}([/.-][0-9]{1,4})?")
_OFFSET_RE = re.compile(r"([+-]?)([0-9]+) ?([a-z]+)")
_AGO_RE = re.compile(r"([0-9]+) ?([a-z]+) ago")
_IN_RE = re.compile(r"in ([0-9]+) ?([a-z]+)")
_WEEK_LABEL_RE = re.compile(r"([0-9]{4})-?w([0-9]{1,2})")
_WEEK_OFFSET_RE = re.compile(r"([+-])([0-9]+)")
_TOKEN_RE = re.compile(r"[0-9]+(?:st|nd|rd|th)?|[a-z]+|\S")


@dataclass(frozen=True)
class Week:
    """Seven days from `start` (a Monday, or a Sunday for Sunday weeks).

    `label` is the ISO week of the week's Monday: `start` itself for Monday weeks,
    `start + 1 day` for Sunday weeks (derived, so it can never disagree with `start`).
    """

    start: date

    def __post_init__(self) -> None:
        if self.start.weekday() not in (0, 6):
            raise ValueError(f"week start {self.start} is neither a Monday nor a Sunday")

    @property
    def label(self) -> str:
        return iso_week_label(self._monday)

    @property
    def _monday(self) -> date:
        return self.start if self.start.weekday() == 0 else self.start + timedelta(days=1)

    @property
    def week_start(self) -> str:
        """The convention this week was built with: "monday" or "sunday"."""
        return "monday" if self.start.weekday() == 0 else "sunday"

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def shift(self, n: int) -> Week:
        return week_of(self.start + timedelta(weeks=n), self.week_start)


def iso_week_label(d: date) -> str:
    """`2026-W48`. ISO year and week from isocalendar(), never strftime's %Y-W%W."""
    iso = d.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def week_of(d: date, week_start: str = "monday") -> Week:
    """The week holding `d`."""
    first = _first_weekday(week_start)
    return Week(start=d - timedelta(days=(d.weekday() - first) % 7))


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """One day from the command line; see the module docstring for the forms.

    A bare weekday (`fri`) is the most recent one, today included: what a log entry
    means. With `ahead` (a due or review date) it is the next one, today included."""
    found = _parse_date(text, today, ahead)
    if found is None:
        raise BadInput(f"bad date {text!r}: {_DATE_HELP}")
    return found


def parse_week(text: str | None, today: date, week_start: str = "monday") -> Week:
    """A week from the command line: None/this, last, next, -N, +N, 2026-W48 or a date."""
    first = _first_weekday(week_start)
    if text is None:
        return week_of(today, week_start)
    s = " ".join(text.lower().split())
    if not s:
        raise BadInput(f"bad week {text!r}: empty; {_WEEK_HELP}")
    if s in ("this", "this week"):
        return week_of(today, week_start)
    if s in ("last", "last week"):
        return _checked_week(text, week_of(today, week_start), -1)
    if s in ("next", "next week"):
        return _checked_week(text, week_of(today, week_start), 1)
    m = _WEEK_OFFSET_RE.fullmatch(s)
    if m:
        n = _count(m.group(2))
        return _checked_week(text, week_of(today, week_start), -n if m.group(1) == "-" else n)
    m = _WEEK_LABEL_RE.fullmatch(s)
    if m:
        year, num = int(m.group(1)), int(m.group(2))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise BadInput(f"bad week {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}")
        weeks = date(year, 12, 28).isocalendar().week  # Dec 28 is always in the last week
        if not 1 <= num <= weeks:
            raise BadInput(f"bad week {text!r}: {year} has ISO weeks W01..W{weeks}")
        monday = date.fromisocalendar(year, num, 1)
        return week_of(monday if first == 0 else monday - timedelta(days=1), week_start)
    found = _parse_date(text, today)
    if found is None:
        raise BadInput(f"bad week {text!r}: {_WEEK_HELP}")
    return week_of(found, week_start)


# --- internals -----------------------------------------------------------------------


def _first_weekday(week_start: str) -> int:
    if week_start not in WEEK_STARTS:
        raise BadInput(f"bad week start {week_start!r}: expected monday or sunday")
    return 0 if week_start == "monday" else 6


def _checked_week(text: str, week: Week, n: int) -> Week:
    try:
        shifted = week.shift(n)
    except OverflowError:
        shifted = None
    if shifted is None or not MIN_YEAR <= int(shifted.label[:4]) <= MAX_YEAR:
        raise BadInput(f"bad week {text!r}: outside the years {MIN_YEAR}..{MAX_YEAR}")
    return shifted


def _in_range(text: str, d: date) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise BadInput(f"bad date {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}")
    return d


def _ymd(text: str, y: int, m: int, d: int) -> date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise BadInput(f"bad date {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}")
    try:
        return date(y, m, d)
    except ValueError:
        raise BadInput(f"bad date {text!r}: no such day") from None


def _parse_date(text: str, today: date, ahead: bool = False) -> date | None:
    """The date `text` names; None when it is no recognised form at all.

    Raises BadInput for recognised forms that name no valid day (2026-02-30, years out
    of range, numeric day/month forms).
    """
    s = " ".join(text.lower().split())
    if not s:
        raise BadInput(f"bad date {text!r}: empty; {_DATE_HELP}")
    m = _ISO_RE.fullmatch(s) or _YMD_RE.fullmatch(s)
    if m:
        return _ymd(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if _NUMERIC_DMY_RE.fullmatch(s):
        raise BadInput(
            f"bad date {text!r}: day/month order is ambiguous; use YYYY-MM-DD or a month "
            "name (Jan 2)"
        )
    if s in ("today", "yesterday", "tomorrow"):
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[s]
        return _in_range(text, today + timedelta(days=delta))
    if s in _WEEKDAYS and ahead:
        return _in_range(text, today + timedelta(days=(_WEEKDAYS[s] - today.weekday()) % 7))
    if s in _WEEKDAYS:
        return _in_range(text, today - timedelta(days=(today.weekday() - _WEEKDAYS[s]) % 7))
    word, _, name = s.partition(" ")
    if word in ("last", "next") and name in _WEEKDAYS:
        if word == "last":
            back = (today.weekday() - _WEEKDAYS[name]) % 7 or 7
            return _in_range(text, today - timedelta(days=back))
        forward = (_WEEKDAYS[name] - today.weekday()) % 7 or 7
        return _in_range(text, today + timedelta(days=forward))
    offset = _parse_offset(s)
    if offset is not None:
        return _shift(text, today, *offset)
    return _parse_month_name(text, s, today)


def _parse_offset(s: str) -> tuple[int, str] | None:
    """(signed count, unit letter) for -3d, +2w, 3d, 3 days ago, in 3 days."""
    m = _OFFSET_RE.fullmatch(s)
    if m and m.group(3) in _UNITS:
        n = _count(m.group(2))
        return (n if m.group(1) == "+" else -n), _UNITS[m.group(3)]
    m = _AGO_RE.fullmatch(s)
    if m and m.group(2) in _UNITS:
        return -_count(m.group(1)), _UNITS[m.group(2)]
    m = _IN_RE.fullmatch(s)
    if m and m.group(2) in _UNITS:
        return _count(m.group(1)), _UNITS[m.group(2)]
    return None


def _count(digits: str) -> int:
    """int(digits), clamped: any count past 10**7 days leaves 1970..2100 anyway, and
    clamping keeps int() off absurdly long digit strings."""
    return int(digits) if len(digits) <= 7 else 10**7


def _shift(text: str, today: date, n: int, unit: str) -> date:
    try:
        if unit == "d":
            return _in_range(text, today + timedelta(days=n))
        if unit == "w":
            return _in_range(text, today + timedelta(weeks=n))
        from dateutil.relativedelta import relativedelta

        delta = relativedelta(months=n) if unit == "m" else relativedelta(years=n)
        result: date = today + delta
        return _in_range(text, result)
    except (OverflowError, ValueError):
        raise BadInput(f"bad date {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}") from None


def _parse_month_name(text: str, s: str, today: date) -> date | None:
    """`Nov 27`, `27 Nov 2026`, `November 27, 2026`, `27th of November` via dateutil.

    Only a month name, one day number and an optional 4-digit year (plus `of` and
    punctuation) get that far: no weekdays, times, two-digit years or other words, so
    dateutil has nothing to guess. Its answer is cross-checked against the tokens.
    """
    month = day = year = None
    for tok in _TOKEN_RE.findall(s):
        if tok in _MONTHS and month is None:
            month = _MONTHS[tok]
        elif tok[0].isdigit():
            digits = tok.rstrip("stndrh")
            if len(digits) <= 2 and day is None:
                day = int(digits)
            elif len(digits) == 4 and digits == tok and year is None:
                year = int(digits)
            else:
                return None
        elif tok not in ("of", ",", ".", "-", "/"):
            return None
    if month is None or day is None:
        return None
    if year is None:
        year = today.year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(f"bad date {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}")

    from dateutil.parser import parse

    parsed: datetime | None
    try:
        parsed = parse(s, default=datetime(today.year, 1, 1))
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        parsed = None
    if parsed is None or (parsed.year, parsed.month, parsed.day) != (year, month, day):
        # dateutil refuses or disagrees with the tokens: name an impossible day
        # precisely, else treat the text as unrecognised.
        try:
            date(year, month, day)
        except ValueError:
            raise BadInput(f"bad date {text!r}: no such day") from None
        return None
    return parsed.date()
