"""Day, week, month and quarter arithmetic for the command line. Pure: no I/O, no clock.

Every function that needs "today" takes it as an argument; callers read the clock
once and pass it down. python-dateutil is imported lazily, only by the code paths
that need it (month/year offsets and the month-name fallback), so importing this
module stays cheap; the commands that parse no date do not import it at all.

English and Chinese forms are read whatever the interface language (a user of the
English interface may type 昨天); full-width digits and letters count as ASCII.
Case and surrounding whitespace are ignored.

  2026-11-27, 2026/11/27, 20261127      year first, so never ambiguous
  2026-11-27T10:00 (any time, any zone)  its day, as written
  today, now, yesterday, tomorrow, day before yesterday, day after tomorrow
  今天 昨天 前天 大前天 明天 后天 大后天
  fri, friday, 周五, 星期五, 礼拜五      the most recent one, today included; in a due or
                                         review date (`ahead`) the next one, today included
  this fri, 本周五, 这周五               that day of this week
  next fri, 下周五                       that day of NEXT week (on a Wednesday: not the
                                         Friday two days later but the one after)
  下下周五, 上周五, 上上周五             that day of the week after next / last week / the
                                         week before last
  last fri                               the most recent one before today (on a Saturday:
                                         yesterday); 上周五 is always last week's Friday
  -3d, +2w, -1m, +1y, 3d                 signed offsets; unsigned means ago (3d == -3d),
                                         but forward in a due or review date (due:3d)
  3 days ago, a week ago, in 2 weeks, 3 days from now
  3天前 3天后 两周前 2个星期后 三个月前 1年前   (Arabic or Chinese numerals)
  Nov 27, 27 Nov 2026                    a month name and a day, optional 4-digit year
  2026年11月27日 11月27日 11月27号 27号  (Chinese numerals too: 十一月二十七日)
  a week, month or quarter               its first day (the week's start day):
    this/last/next week, W48, 2026-W48, 本周 上周 下周 上上周 第48周 2026年第48周,
    this/last/next month, 本月 上月 上个月 下个月 2026年11月 2026-11,
    this/last/next quarter, 本季度 上季度 2026年第四季度 2026Q4
Several words may be joined by hyphens (`next-fri`, `3-days-ago`), as action markers
(`due:next-fri`) need them. Refused: day/month numeric forms (11/27, 01/02/2026: the
order is ambiguous), times without a date, years outside 1970..2100.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from opslog.domain.plain import plain
from opslog.errors import BadInput
from opslog.i18n import _

WEEK_STARTS = ("monday", "sunday")

MIN_YEAR = 1970
MAX_YEAR = 2100

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

_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "now": 0, "yesterday": -1, "tomorrow": 1,
    "day before yesterday": -2, "the day before yesterday": -2,
    "day after tomorrow": 2, "the day after tomorrow": 2,
    "今天": 0, "今日": 0, "现在": 0, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
    "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
}  # fmt: skip


class _Pattern:
    """A regular expression compiled the first time it is used (then cached by `re`): a
    start that parses no date, as a plain `opslog week`, does not compile twenty of them
    (three quarters of this module's import; issue 18)."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return re.fullmatch(self.pattern, text)

    def findall(self, text: str) -> list[Any]:
        return re.findall(self.pattern, text)


# [0-9] rather than \d: \d also matches non-ASCII digits, which int() would accept.
_ISO_RE = _Pattern(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YMD_RE = _Pattern(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})")
_COMPACT_RE = _Pattern(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DATETIME_RE = _Pattern(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[t ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
    r" ?(z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)
_NUMERIC_DMY_RE = _Pattern(r"[0-9]{1,2}[/.-][0-9]{1,2}([/.-][0-9]{1,4})?")
_COUNT = r"([0-9]+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_OFFSET_RE = _Pattern(r"([+-]?)([0-9]+) ?([a-z]+)")
_AGO_RE = _Pattern(_COUNT + r" ?([a-z]+) ago")
_IN_RE = _Pattern(r"in " + _COUNT + r" ?([a-z]+)")
_FROM_NOW_RE = _Pattern(_COUNT + r" ?([a-z]+) (?:from now|later|hence)")
_WEEK_LABEL_RE = _Pattern(r"(?:([0-9]{4})-?)?w([0-9]{1,2})")
_WEEK_OFFSET_RE = _Pattern(r"([+-])([0-9]+)")
_MONTH_NUM_RE = _Pattern(r"([0-9]{4})-([0-9]{1,2})")
_QUARTER_RE = _Pattern(r"(?:([0-9]{4}) ?-? ?)?q([1-4])")
_TOKEN_RE = _Pattern(r"[0-9]+(?:st|nd|rd|th)?|[a-z]+|\S")

# Chinese. Numbers in Arabic or Chinese numerals (三, 十二, 二十七, 两); years may be
# written digit by digit (二〇二六).
_CN_NUM = r"([0-9]+|[零〇一二两三四五六七八九十百]+)"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
# 上上周 -2, 上周 -1, 本周/这周 0, 下周 +1, 下下周 +2; 个 optional (上个星期).
_CN_SHIFT = {"上上": -2, "上": -1, "本": 0, "这": 0, "下": 1, "下下": 2}
_CN_WEEK_RE = _Pattern(r"(上上|下下|上|下|本|这)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])?")
_CN_OFFSET_RE = _Pattern(_CN_NUM + r"(?:个)?(天|日|周|星期|礼拜|月|年)(前|以前|之前|后|以后|之后)")
_CN_DATE_RE = _Pattern(
    r"(?:([0-9]{4}|[零〇一二三四五六七八九]{4})年)?"
    r"(?:" + _CN_NUM + r"月)?" + r"(?:" + _CN_NUM + r"[日号])?"
)
_CN_ISO_WEEK_RE = _Pattern(r"(?:([0-9]{4})年)?第" + _CN_NUM + r"周")
_CN_MONTH_RE = _Pattern(r"(上上|下下|上|下|本|这)个?月份?")
_CN_QUARTER_RE = _Pattern(r"(上上|下下|上|下|本|这)个?季度?")
_CN_YEAR_QUARTER_RE = _Pattern(r"(?:([0-9]{4})年)?第?([1-4一二三四])季度")
_CN_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2}
_EN_SHIFT = {"last": -1, "this": 0, "next": 1}

_DATE_EXAMPLES = (
    "YYYY-MM-DD, today, yesterday, tomorrow, a weekday (fri, last fri, next fri), "
    "-3d, +2w, -1m, 3 days ago, in 2 weeks, Nov 27, 昨天, 周五, 3天前 or 11月27日"
)
_WEEK_EXAMPLES = "this, last, next, -N, +N, YYYY-Www, W48, 本周, 上周, 第48周 or a date"
_PERIOD_EXAMPLES = (
    "this month, last month, 2026-11, 本月, 上个月, 2026年11月, this quarter, 2026Q4, "
    "本季度, 2026年第四季度, a week (this week, 2026-W48, 上周) or a year (2026, 今年)"
)


@plain(frozen=True)
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


@plain(frozen=True)
class Period:
    """A stretch of days for a report: a week, a month, a quarter or a year.

    `start` and `end` are both included; `label` is `2026-W48`, `2026-11`, `2026-Q4`
    or `2026`."""

    kind: str
    start: date
    end: date
    label: str

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def iso_week_label(d: date) -> str:
    """`2026-W48`. ISO year and week from isocalendar(), never strftime's %Y-W%W."""
    iso = d.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def week_of(d: date, week_start: str = "monday") -> Week:
    """The week holding `d`."""
    first = _first_weekday(week_start)
    return Week(start=d - timedelta(days=(d.weekday() - first) % 7))


def parse_date(text: str, today: date, *, ahead: bool = False, week_start: str = "monday") -> date:
    """One day from the command line; see the module docstring for the forms.

    A bare weekday (`fri`, 周五) is the most recent one, today included: what a log
    entry means. With `ahead` (a due or review date) it is the next one, today
    included, and an unsigned offset (`3d`) counts forward. `week_start` says where
    "this week", "next fri" and 上周五 begin."""
    found = _parse_date(text, today, ahead, week_start)
    if found is None:
        raise BadInput(_date_error(text))
    return found


def parse_week(text: str | None, today: date, week_start: str = "monday") -> Week:
    """A week from the command line: None/this, last, next, -N, +N, 2026-W48, W48,
    本周 上周 下周 上上周 第48周 2026年第48周, or any date (its week)."""
    this = week_of(today, week_start)
    if text is None:
        return this
    s = _normalize(text)
    if not s:
        raise BadInput(_("bad week {value}: empty; expected {examples}").format(
            value=repr(text), examples=_(_WEEK_EXAMPLES)))  # fmt: skip
    week = _parse_week_form(text, s, this)
    if week is not None:
        return week
    found = _parse_date(text, today, False, week_start)
    if found is None:
        raise BadInput(_("bad week {value}: expected {examples}").format(
            value=repr(text), examples=_(_WEEK_EXAMPLES)))  # fmt: skip
    return week_of(found, week_start)


def parse_period(text: str, today: date, week_start: str = "monday") -> Period:
    """A week, month, quarter or year for a report (see the module docstring):
    `this month`, 上个月, 2026年11月, 2026-11, 本季度, 2026年第四季度, 2026Q4,
    今年, 2026, or any week form (本周, last, 2026-W48)."""
    s = _normalize(text)
    if not s:
        raise BadInput(_("bad period {value}: empty; expected {examples}").format(
            value=repr(text), examples=_(_PERIOD_EXAMPLES)))  # fmt: skip
    period = _parse_period_form(text, s, today)
    if period is not None:
        return period
    week = _parse_week_form(text, s, week_of(today, week_start))
    if week is not None:
        return Period("week", week.start, week.end, week.label)
    raise BadInput(_("bad period {value}: expected {examples}").format(
        value=repr(text), examples=_(_PERIOD_EXAMPLES)))  # fmt: skip


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = _add_months(start, 1) - timedelta(days=1)
    return Period("month", start, end, f"{year}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = _add_months(start, 3) - timedelta(days=1)
    return Period("quarter", start, end, f"{year}-Q{quarter}")


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31), str(year))


# --- internals -----------------------------------------------------------------------


def _date_error(text: str) -> str:
    return _("bad date {value}: expected {examples}").format(
        value=repr(text), examples=_(_DATE_EXAMPLES)
    )


def _year_error(text: str, what: str = "date") -> str:
    message = (
        "bad week {value}: outside the years {low}..{high}"
        if what == "week"
        else "bad date {value}: year must be {low}..{high}"
    )
    return _(message).format(value=repr(text), low=MIN_YEAR, high=MAX_YEAR)


def _no_such_day(text: str) -> BadInput:
    return BadInput(_("bad date {value}: no such day").format(value=repr(text)))


def _normalize(text: str) -> str:
    """Lower case, single spaces, full-width digits/letters/spaces as ASCII (NFKC)."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _has_cjk(s: str) -> bool:
    return any(ord(ch) >= 0x3000 for ch in s)


def _first_weekday(week_start: str) -> int:
    if week_start not in WEEK_STARTS:
        raise BadInput(
            _("bad week start {value}: expected monday or sunday").format(value=repr(week_start))
        )
    return 0 if week_start == "monday" else 6


def _checked_week(text: str, week: Week, n: int) -> Week:
    try:
        shifted = week.shift(n)
    except OverflowError:
        shifted = None
    if shifted is None or not MIN_YEAR <= shifted.start.isocalendar().year <= MAX_YEAR:
        raise BadInput(_year_error(text, "week"))
    return shifted


def _in_range(text: str, d: date) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise BadInput(_year_error(text))
    return d


def _check_year(text: str, year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(_year_error(text))
    return year


def _ymd(text: str, y: int, m: int, d: int) -> date:
    _check_year(text, y)
    try:
        return date(y, m, d)
    except ValueError:
        raise _no_such_day(text) from None


def _parse_date(text: str, today: date, ahead: bool, week_start: str) -> date | None:
    """The date `text` names; None when it is no recognised form at all.

    Raises BadInput for recognised forms that name no valid day (2026-02-30, years out
    of range, numeric day/month forms).
    """
    s = _normalize(text)
    if not s:
        raise BadInput(_("bad date {value}: empty; expected {examples}").format(
            value=repr(text), examples=_(_DATE_EXAMPLES)))  # fmt: skip
    found = _parse_normalized(text, s, today, ahead, week_start)
    if found is None and s[0] not in "+-" and re.search(r"-[a-z]", s):
        # Hyphens joining words, as in action markers: next-fri, 3-days-ago.
        found = _parse_normalized(text, s.replace("-", " "), today, ahead, week_start)
    return found


def _parse_normalized(text: str, s: str, today: date, ahead: bool, week_start: str) -> date | None:
    for parse in (_parse_numeric, _parse_words, _parse_chinese):
        found = parse(text, s, today, ahead, week_start)
        if found is not None:
            return found
    return _parse_month_name(text, s, today)


def _parse_numeric(text: str, s: str, today: date, ahead: bool, week_start: str) -> date | None:
    m = _ISO_RE.fullmatch(s) or _YMD_RE.fullmatch(s) or _COMPACT_RE.fullmatch(s)
    m = m or _DATETIME_RE.fullmatch(s)
    if m:
        return _ymd(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if _NUMERIC_DMY_RE.fullmatch(s):
        raise BadInput(
            _(
                "bad date {value}: day/month order is ambiguous; use YYYY-MM-DD or a month "
                "name (Jan 2, 1月2日)"
            ).format(value=repr(text))
        )
    return None


def _parse_words(text: str, s: str, today: date, ahead: bool, week_start: str) -> date | None:
    """The English forms but month names: relative days, weekdays, offsets, periods."""
    if _has_cjk(s):
        return None
    if s in _RELATIVE_DAYS:
        return _in_range(text, today + timedelta(days=_RELATIVE_DAYS[s]))
    if s in _WEEKDAYS:
        return _bare_weekday(text, today, _WEEKDAYS[s], ahead)
    word, _sp, name = s.partition(" ")
    if word in ("this", "next") and name in _WEEKDAYS:
        return _weekday_of_week(text, today, _WEEKDAYS[name], _EN_SHIFT[word], week_start)
    if word == "last" and name in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS[name]) % 7 or 7
        return _in_range(text, today - timedelta(days=back))
    offset = _parse_offset(s, ahead)
    if offset is not None:
        return _shift(text, today, *offset)
    return _period_start(text, s, today, week_start)


def _parse_chinese(text: str, s: str, today: date, ahead: bool, week_start: str) -> date | None:
    if not _has_cjk(s):
        return None
    s = s.replace(" ", "")
    if s in _RELATIVE_DAYS:
        return _in_range(text, today + timedelta(days=_RELATIVE_DAYS[s]))
    m = _CN_WEEK_RE.fullmatch(s)
    if m and m.group(2):
        day = _CN_WEEKDAYS[m.group(2)]
        if m.group(1) is None:
            return _bare_weekday(text, today, day, ahead)
        return _weekday_of_week(text, today, day, _CN_SHIFT[m.group(1)], week_start)
    m = _CN_OFFSET_RE.fullmatch(s)
    if m and (m.group(2) != "月" or "个" in s):  # 3月前 would be "before March"
        n = _cn_number(m.group(1))
        if n is not None:
            unit = {"天": "d", "日": "d", "月": "m", "年": "y"}.get(m.group(2), "w")
            sign = -1 if "前" in m.group(3) else 1
            return _shift(text, today, sign * min(n, 10**7), unit)
    found = _parse_cn_date(text, s, today)
    if found is not None:
        return found
    return _period_start(text, s, today, week_start)


def _parse_cn_date(text: str, s: str, today: date) -> date | None:
    """2026年11月27日, 11月27日, 11月27号, 27号, 十一月二十七日; 2026年11月, 11月 (the 1st)."""
    m = _CN_DATE_RE.fullmatch(s)
    if not m or not any(m.groups()) or (m.group(1) and not m.group(2)):
        return None  # 2026年 alone is a year: a period, not a date
    year = _cn_year(m.group(1)) if m.group(1) else today.year
    month = _cn_number(m.group(2)) if m.group(2) else today.month
    day = _cn_number(m.group(3)) if m.group(3) else 1
    if year is None or month is None or day is None:
        return None
    return _ymd(text, year, month, day)


def _bare_weekday(text: str, today: date, day: int, ahead: bool) -> date:
    if ahead:
        return _in_range(text, today + timedelta(days=(day - today.weekday()) % 7))
    return _in_range(text, today - timedelta(days=(today.weekday() - day) % 7))


def _weekday_of_week(text: str, today: date, day: int, n: int, week_start: str) -> date:
    """`day` (0 = Monday) of the week `n` weeks from this one."""
    week = _checked_week(text, week_of(today, week_start), n)
    return _in_range(text, week.start + timedelta(days=(day - week.start.weekday()) % 7))


def _period_start(text: str, s: str, today: date, week_start: str) -> date | None:
    """A week, month or quarter named where a day is asked: its first day. Not the
    bare week words of `--week` (this, last, -2) nor a year alone (2026)."""
    if s in ("this", "last", "next") or _WEEK_OFFSET_RE.fullmatch(s):
        return None
    period = _parse_period_form(text, s, today)
    if period is not None:
        return period.start if period.kind != "year" else None
    week = _parse_week_form(text, s, week_of(today, week_start))
    return week.start if week is not None else None


def named_week(text: str, today: date, week_start: str = "monday") -> Week | None:
    """The week `text` names when it names only a week (this/last/next, -N, 2026-W48, W48,
    本周 上周 第48周 …); None for anything else, a day included."""
    s = _normalize(text)
    return _parse_week_form(text, s, week_of(today, week_start)) if s else None


def _parse_week_form(text: str, s: str, this: Week) -> Week | None:
    """The forms that only name a week: this/last/next (week), -N, +N, 2026-W48, W48,
    本周 上周 下周 上上周, 第48周, 2026年第48周. None for anything else."""
    if s in ("this", "this week"):
        return this
    if s in ("last", "last week", "next", "next week"):
        return _checked_week(text, this, -1 if s.startswith("last") else 1)
    m = _WEEK_OFFSET_RE.fullmatch(s)
    if m:
        n = _count(m.group(2))
        return _checked_week(text, this, -n if m.group(1) == "-" else n)
    m = _WEEK_LABEL_RE.fullmatch(s)
    if m:
        year = int(m.group(1)) if m.group(1) else int(this.label[:4])
        return _iso_week(text, year, int(m.group(2)), this.week_start)
    if not _has_cjk(s):
        return None
    s = s.replace(" ", "")
    m = _CN_WEEK_RE.fullmatch(s)
    if m and m.group(1) and not m.group(2):
        return _checked_week(text, this, _CN_SHIFT[m.group(1)])
    m = _CN_ISO_WEEK_RE.fullmatch(s)
    if m:
        num = _cn_number(m.group(2))
        year = int(m.group(1)) if m.group(1) else int(this.label[:4])
        return None if num is None else _iso_week(text, year, num, this.week_start)
    return None


def _iso_week(text: str, year: int, num: int, week_start: str) -> Week:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(_year_error(text, "week"))
    weeks = date(year, 12, 28).isocalendar().week  # Dec 28 is always in the last week
    if not 1 <= num <= weeks:
        raise BadInput(_("bad week {value}: {year} has ISO weeks W01..W{weeks}").format(
            value=repr(text), year=year, weeks=weeks))  # fmt: skip
    monday = date.fromisocalendar(year, num, 1)
    return week_of(monday if week_start == "monday" else monday - timedelta(days=1), week_start)


def _parse_period_form(text: str, s: str, today: date) -> Period | None:
    """Months, quarters and years (not weeks); None for anything else."""
    for parse in _PERIOD_PARSERS:
        period = parse(text, s, today)
        if period is not None:
            return period
    return None


def _en_period(text: str, s: str, today: date) -> Period | None:
    word, _sp, unit = s.partition(" ")
    if word in _EN_SHIFT and unit in ("month", "quarter", "year"):
        return _shifted_period(text, unit, _EN_SHIFT[word], today)
    m = _MONTH_NUM_RE.fullmatch(s)
    if m and 1 <= int(m.group(2)) <= 12:
        return month_period(_check_year(text, int(m.group(1))), int(m.group(2)))
    m = _QUARTER_RE.fullmatch(s)
    if m:
        year = int(m.group(1)) if m.group(1) else today.year
        return quarter_period(_check_year(text, year), int(m.group(2)))
    tokens = s.replace(",", " ").split()
    if len(tokens) == 2 and tokens[0] in _MONTHS and re.fullmatch("[0-9]{4}", tokens[1]):
        return month_period(_check_year(text, int(tokens[1])), _MONTHS[tokens[0]])
    return None


def _year_only(text: str, s: str, today: date) -> Period | None:
    """2026 and 2026年 (a year alone: only where a period is asked, and as its Jan 1)."""
    m = re.fullmatch(r"([0-9]{4})年?", s)
    return year_period(_check_year(text, int(m.group(1)))) if m else None


def _cn_period(text: str, s: str, today: date) -> Period | None:
    if not _has_cjk(s):
        return None
    s = s.replace(" ", "")
    m = _CN_MONTH_RE.fullmatch(s)
    if m:
        return _shifted_period(text, "month", _CN_SHIFT[m.group(1)], today)
    m = _CN_QUARTER_RE.fullmatch(s)
    if m:
        return _shifted_period(text, "quarter", _CN_SHIFT[m.group(1)], today)
    m = _CN_YEAR_QUARTER_RE.fullmatch(s)
    if m:
        year = int(m.group(1)) if m.group(1) else today.year
        quarter = _cn_number(m.group(2))
        return None if quarter is None else quarter_period(_check_year(text, year), quarter)
    if s in _CN_YEARS:
        return _shifted_period(text, "year", _CN_YEARS[s], today)
    m = _CN_DATE_RE.fullmatch(s)
    if m and m.group(2) and not m.group(3):  # 2026年11月, 11月
        found_year = _cn_year(m.group(1)) if m.group(1) else today.year
        month = _cn_number(m.group(2))
        if found_year is not None and month is not None and 1 <= month <= 12:
            return month_period(_check_year(text, found_year), month)
    return None


_PERIOD_PARSERS: tuple[Callable[[str, str, date], Period | None], ...] = (
    _en_period,
    _year_only,
    _cn_period,
)


def _shifted_period(text: str, unit: str, n: int, today: date) -> Period:
    if unit == "year":
        return year_period(_check_year(text, today.year + n))
    if unit == "month":
        start = _add_months(date(today.year, today.month, 1), n)
        return month_period(_check_year(text, start.year), start.month)
    index = (today.month - 1) // 3 + n  # zero-based quarter, may leave the year
    return quarter_period(_check_year(text, today.year + index // 4), index % 4 + 1)


def _add_months(d: date, n: int) -> date:
    """The first day of the month `n` months from `d`'s (d must be a 1st)."""
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _cn_number(text: str) -> int | None:
    """12 or 十二, 二十七, 两, 一百零五: a count or a day/month number; None if not one."""
    if text.isascii():
        return int(text) if text.isdigit() and len(text) <= 7 else None
    total = current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if ch in "零〇" else _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _cn_year(text: str) -> int | None:
    """2026 or 二〇二六 (digit by digit)."""
    if text.isascii():
        return int(text)
    digits = [_CN_DIGITS.get(ch) for ch in text]
    return None if None in digits else int("".join(str(d) for d in digits))


def _parse_offset(s: str, ahead: bool) -> tuple[int, str] | None:
    """(signed count, unit letter) for -3d, +2w, 3d, 3 days ago, in 3 days, a week ago,
    3 days from now. An unsigned `3d` is ago, but forward with `ahead`."""
    m = _OFFSET_RE.fullmatch(s)
    if m and m.group(3) in _UNITS:
        n = _count(m.group(2))
        forward = m.group(1) == "+" or (ahead and not m.group(1))
        return (n if forward else -n), _UNITS[m.group(3)]
    for pattern, sign in ((_AGO_RE, -1), (_IN_RE, 1), (_FROM_NOW_RE, 1)):
        m = pattern.fullmatch(s)
        if m and m.group(2) in _UNITS:
            return sign * _word_count(m.group(1)), _UNITS[m.group(2)]
    return None


def _word_count(word: str) -> int:
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return _count(word)


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
        raise BadInput(_year_error(text)) from None


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
    _check_year(text, year)

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
            raise _no_such_day(text) from None
        return None
    return parsed.date()
