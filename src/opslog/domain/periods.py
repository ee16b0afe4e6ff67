"""Report periods: a month, a quarter, a year, a week (what `opslog week` takes) or a
range of days (--since/--until). Pure: no I/O, no clock (today is passed in).

The words are read by `domain.dates.parse_period` (2026-11, 2026-Q4, 2026, this|last
month|quarter|year, 本月, 上季度, 2026年第四季度, 今年, a week form): one parser for every
command. This module adds what a report needs on top: the default (this month), any
date meaning its week, ranges, the previous period, the weeks a period touches and its
workdays.
"""

from __future__ import annotations

from datetime import date, timedelta

from opslog.domain import dates
from opslog.domain.dates import MAX_YEAR, MIN_YEAR, Week, iso_week_label, parse_week, week_of
from opslog.domain.plain import plain
from opslog.errors import BadInput
from opslog.i18n import _

KINDS = ("week", "month", "quarter", "year", "range")
MAX_RANGE_DAYS = 366 * 5 + 1


@plain(frozen=True)
class Period:
    """Days `start`..`end`, both included. `kind` is one of KINDS; `label` is how the
    period is written back (`2026-11`, `2026-Q4`, `2026`, `2026-W48`, `2026-10-01..2026-11-30`)."""

    kind: str
    label: str
    start: date
    end: date

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def previous(self) -> Period:
        """The period of the same length just before: the month, quarter, year or week
        before, or as many days before a range."""
        if self.kind == "month":
            return month(*_month_shift(self.start.year, self.start.month, -1))
        if self.kind == "quarter":
            y, m = _month_shift(self.start.year, self.start.month, -3)
            return quarter(y, (m - 1) // 3 + 1)
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "week":
            w = Week(self.start - timedelta(days=7))
            return Period("week", w.label, w.start, w.end)
        length = self.end - self.start + timedelta(days=1)
        return day_range(self.start - length, self.start - timedelta(days=1))


def month(y: int, m: int) -> Period:
    _check_year(f"{y}-{m:02d}", y)
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return Period("month", f"{y}-{m:02d}", date(y, m, 1), nxt - timedelta(days=1))


def quarter(y: int, q: int) -> Period:
    _check_year(f"{y}-Q{q}", y)
    first = month(y, 3 * q - 2)
    return Period("quarter", f"{y}-Q{q}", first.start, month(y, 3 * q).end)


def year(y: int) -> Period:
    _check_year(str(y), y)
    return Period("year", str(y), date(y, 1, 1), date(y, 12, 31))


def day_range(start: date, end: date) -> Period:
    if end < start:
        raise BadInput(
            _("bad range: --until {end} is before --since {start}").format(
                end=end.isoformat(), start=start.isoformat()
            )
        )
    if (end - start).days >= MAX_RANGE_DAYS:
        raise BadInput(
            _("bad range {start}..{end}: at most five years").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )
    return Period("range", f"{start.isoformat()}..{end.isoformat()}", start, end)


def this_unit(unit: str, today: date, back: int = 0) -> Period:
    """`this month` (back=0), `last quarter` (back=1), ..."""
    if unit == "month":
        return month(*_month_shift(today.year, today.month, -back))
    if unit == "quarter":
        y, m = _month_shift(today.year, today.month, -3 * back)
        return quarter(y, (m - 1) // 3 + 1)
    return year(today.year - back)


def parse_period(text: str | None, today: date, week_start: str = "monday") -> Period:
    """A period from the command line (None: this month); a date means its week."""
    if text is None:
        return this_unit("month", today)
    try:
        found = dates.parse_period(text, today, week_start)
    except BadInput as refused:
        try:
            w = parse_week(text, today, week_start)
        except BadInput:
            raise refused from None
        return Period("week", w.label, w.start, w.end)
    return Period(found.kind, found.label, found.start, found.end)


def period_weeks(period: Period, week_start: str = "monday") -> list[tuple[str, date, date]]:
    """The weeks touching the period as (label, first day, last day) clipped to the
    period: a week straddling the period's edge counts only its days inside."""
    out = []
    w = week_of(period.start, week_start)
    while w.start <= period.end:
        out.append((w.label, max(w.start, period.start), min(w.end, period.end)))
        w = w.shift(1)
    return out


def thursday_weeks(period: Period) -> list[str]:
    """Labels of the ISO weeks whose Thursday lies in the period: the weeks it owns
    (ISO's rule for years), so that a retro of a week straddling two months is in one."""
    first = period.start + timedelta(days=(3 - period.start.weekday()) % 7)
    if first > period.end:
        return []
    count = (period.end - first).days // 7 + 1
    return [iso_week_label(first + timedelta(weeks=k)) for k in range(count)]


MONDAY_TO_FRIDAY = frozenset(range(5))


def workdays(start: date, end: date, weekdays: frozenset[int] = MONDAY_TO_FRIDAY) -> int:
    """The days in start..end whose weekday (Monday 0) is in `weekdays` (Monday to Friday
    unless told); 0 when end is before start."""
    days = (end - start).days + 1
    if days <= 0:
        return 0
    full, rest = divmod(days, 7)
    extra = sum(1 for i in range(rest) if (start.weekday() + i) % 7 in weekdays)
    return full * len(weekdays) + extra


def _month_shift(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _check_year(text: str, y: int) -> None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise BadInput(
            _("bad period {text!r}: year must be {MIN_YEAR}..{MAX_YEAR}").format(
                text=text, MIN_YEAR=MIN_YEAR, MAX_YEAR=MAX_YEAR
            )
        )
