"""One table of date expressions, English and Chinese, with the days they name under a
pinned clock (Friday 2026-11-27; its week is Mon 11-23 .. Sun 11-29). The whole table
runs in both interface languages: what a user may type does not depend on the language
of the messages. Each expected day was counted on a calendar by hand.

Columns: text, the day for a log entry, the day for a due/review date (`ahead`; None
means the same). Issue 15 items 2-3, issue 16 item 10.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from opslog import i18n
from opslog.domain.dates import parse_date, parse_period, parse_week
from opslog.errors import BadInput
from tests.conftest import Run

FRI = date(2026, 11, 27)
WED = date(2026, 11, 25)
D = date

TABLE: list[tuple[str, date, date | None]] = [
    # numeric, year first
    ("2026-11-27", D(2026, 11, 27), None),
    ("2026/11/27", D(2026, 11, 27), None),
    ("20261127", D(2026, 11, 27), None),
    ("2026-11-27T10:00", D(2026, 11, 27), None),
    ("2026-11-27 23:30:15+08:00", D(2026, 11, 27), None),
    ("２０２６－１１－２７", D(2026, 11, 27), None),
    # English words
    ("today", D(2026, 11, 27), None),
    ("now", D(2026, 11, 27), None),
    ("yesterday", D(2026, 11, 26), None),
    ("tomorrow", D(2026, 11, 28), None),
    ("day before yesterday", D(2026, 11, 25), None),
    ("the day after tomorrow", D(2026, 11, 29), None),
    ("fri", D(2026, 11, 27), D(2026, 11, 27)),
    ("mon", D(2026, 11, 23), D(2026, 11, 30)),
    ("sun", D(2026, 11, 22), D(2026, 11, 29)),
    ("this monday", D(2026, 11, 23), None),
    ("this sun", D(2026, 11, 29), None),
    ("next fri", D(2026, 12, 4), None),
    ("next mon", D(2026, 11, 30), None),
    ("next-fri", D(2026, 12, 4), None),
    ("last fri", D(2026, 11, 20), None),
    ("last thu", D(2026, 11, 26), None),
    ("-3d", D(2026, 11, 24), None),
    ("3d", D(2026, 11, 24), D(2026, 11, 30)),
    ("+2w", D(2026, 12, 11), None),
    ("-1m", D(2026, 10, 27), None),
    ("3 days ago", D(2026, 11, 24), None),
    ("a week ago", D(2026, 11, 20), None),
    ("in 2 weeks", D(2026, 12, 11), None),
    ("3 days from now", D(2026, 11, 30), None),
    ("3-days-ago", D(2026, 11, 24), None),
    ("3-days", D(2026, 11, 24), D(2026, 11, 30)),
    ("Nov 27", D(2026, 11, 27), None),
    ("27 Nov 2025", D(2025, 11, 27), None),
    # a week, month or quarter where a day is asked: its first day
    ("W48", D(2026, 11, 23), None),
    ("w49", D(2026, 11, 30), None),
    ("2026-W01", D(2025, 12, 29), None),
    ("last week", D(2026, 11, 16), None),
    ("next week", D(2026, 11, 30), None),
    ("this week", D(2026, 11, 23), None),
    ("last month", D(2026, 10, 1), None),
    ("this quarter", D(2026, 10, 1), None),
    ("2026Q3", D(2026, 7, 1), None),
    ("2026-11", D(2026, 11, 1), None),
    # Chinese: relative days
    ("今天", D(2026, 11, 27), None),
    ("昨天", D(2026, 11, 26), None),
    ("前天", D(2026, 11, 25), None),
    ("大前天", D(2026, 11, 24), None),
    ("明天", D(2026, 11, 28), None),
    ("后天", D(2026, 11, 29), None),
    ("大后天", D(2026, 11, 30), None),
    # weekdays: the most recent one; the next one in a due date
    ("周五", D(2026, 11, 27), D(2026, 11, 27)),
    ("周一", D(2026, 11, 23), D(2026, 11, 30)),
    ("星期三", D(2026, 11, 25), D(2026, 12, 2)),
    ("星期日", D(2026, 11, 22), D(2026, 11, 29)),
    ("星期天", D(2026, 11, 22), D(2026, 11, 29)),
    ("礼拜一", D(2026, 11, 23), D(2026, 11, 30)),
    ("礼拜天", D(2026, 11, 22), D(2026, 11, 29)),
    # weekdays of a named week
    ("上周五", D(2026, 11, 20), None),
    ("上周一", D(2026, 11, 16), None),
    ("本周一", D(2026, 11, 23), None),
    ("这周日", D(2026, 11, 29), None),
    ("下周一", D(2026, 11, 30), None),
    ("下周五", D(2026, 12, 4), None),
    ("上上周五", D(2026, 11, 13), None),
    ("下个星期二", D(2026, 12, 1), None),
    ("上个礼拜三", D(2026, 11, 18), None),
    # counts, Arabic or Chinese numerals
    ("3天前", D(2026, 11, 24), None),
    ("三天前", D(2026, 11, 24), None),
    ("３天前", D(2026, 11, 24), None),
    ("3天后", D(2026, 11, 30), None),
    ("两周前", D(2026, 11, 13), None),
    ("2周后", D(2026, 12, 11), None),
    ("2个星期前", D(2026, 11, 13), None),
    ("1个月前", D(2026, 10, 27), None),
    ("三个月前", D(2026, 8, 27), None),
    ("一年前", D(2025, 11, 27), None),
    ("十天后", D(2026, 12, 7), None),
    # calendar dates
    ("2026年11月27日", D(2026, 11, 27), None),
    ("11月27日", D(2026, 11, 27), None),
    ("11月27号", D(2026, 11, 27), None),
    ("十一月二十七日", D(2026, 11, 27), None),
    ("二〇二六年十一月二十七日", D(2026, 11, 27), None),
    ("2026年11月", D(2026, 11, 1), None),
    ("1号", D(2026, 11, 1), None),
    (" 上周五 ", D(2026, 11, 20), None),
    # weeks, months, quarters: their first day
    ("本周", D(2026, 11, 23), None),
    ("上周", D(2026, 11, 16), None),
    ("下周", D(2026, 11, 30), None),
    ("上上周", D(2026, 11, 9), None),
    ("第48周", D(2026, 11, 23), None),
    ("2026年第48周", D(2026, 11, 23), None),
    ("第一周", D(2025, 12, 29), None),
    ("本月", D(2026, 11, 1), None),
    ("上月", D(2026, 10, 1), None),
    ("上个月", D(2026, 10, 1), None),
    ("下个月", D(2026, 12, 1), None),
    ("本季度", D(2026, 10, 1), None),
    ("上季度", D(2026, 7, 1), None),
    ("2026年第四季度", D(2026, 10, 1), None),
    ("2026年第1季度", D(2026, 1, 1), None),
]


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def test_the_table_is_big_enough_and_has_no_duplicates() -> None:
    texts = [t for t, _, _ in TABLE]
    assert len(texts) >= 80 and len(set(texts)) == len(texts)


@pytest.mark.parametrize(("text", "day", "due"), TABLE, ids=[t for t, _, _ in TABLE])
def test_every_expression_in_both_languages(
    lang: str, text: str, day: date, due: date | None
) -> None:
    assert parse_date(text, FRI) == day
    assert parse_date(text, FRI, ahead=True) == (due or day)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("fri", D(2026, 11, 27)),  # the coming Friday, two days on
        ("next fri", D(2026, 12, 4)),  # the Friday of next week
        ("next-fri", D(2026, 12, 4)),
        ("下周五", D(2026, 12, 4)),
        ("周五", D(2026, 11, 27)),
        ("this fri", D(2026, 11, 27)),
    ],
)
def test_next_fri_is_next_weeks_friday_fri_the_coming_one(text: str, day: date) -> None:
    """Issue 16 item 10: on a Wednesday `--due fri` and `--due "next fri"` differ."""
    assert parse_date(text, WED, ahead=True) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [("本周", D(2026, 11, 22)), ("下周一", D(2026, 11, 30)), ("上周五", D(2026, 11, 20)),
     ("this week", D(2026, 11, 22)), ("next sun", D(2026, 11, 29))],
)  # fmt: skip
def test_named_weeks_follow_a_sunday_week_start(text: str, day: date) -> None:
    # Sunday weeks: this week is Sun 11-22 .. Sat 11-28, next week starts Sun 11-29.
    assert parse_date(text, FRI, week_start="sunday") == day


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("本周", D(2026, 11, 23), "2026-W48"),
        ("这周", D(2026, 11, 23), "2026-W48"),
        ("上周", D(2026, 11, 16), "2026-W47"),
        ("下周", D(2026, 11, 30), "2026-W49"),
        ("上上周", D(2026, 11, 9), "2026-W46"),
        ("第48周", D(2026, 11, 23), "2026-W48"),
        ("第四十七周", D(2026, 11, 16), "2026-W47"),
        ("2026年第48周", D(2026, 11, 23), "2026-W48"),
        ("W48", D(2026, 11, 23), "2026-W48"),
        ("w47", D(2026, 11, 16), "2026-W47"),
        ("昨天", D(2026, 11, 23), "2026-W48"),
        ("两周前", D(2026, 11, 9), "2026-W46"),
        ("2026年11月3日", D(2026, 11, 2), "2026-W45"),
    ],
)
def test_weeks(lang: str, text: str, start: date, label: str) -> None:
    week = parse_week(text, FRI)
    assert (week.start, week.label) == (start, label)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("本月", "month", D(2026, 11, 1), D(2026, 11, 30), "2026-11"),
        ("上月", "month", D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
        ("上个月", "month", D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
        ("2026年2月", "month", D(2026, 2, 1), D(2026, 2, 28), "2026-02"),
        ("2026年11月", "month", D(2026, 11, 1), D(2026, 11, 30), "2026-11"),
        ("last month", "month", D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
        ("Feb 2028", "month", D(2028, 2, 1), D(2028, 2, 29), "2028-02"),
        ("本季度", "quarter", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
        ("上季度", "quarter", D(2026, 7, 1), D(2026, 9, 30), "2026-Q3"),
        ("下季度", "quarter", D(2027, 1, 1), D(2027, 3, 31), "2027-Q1"),
        ("2026年第四季度", "quarter", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
        ("2026Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
        ("2026-q1", "quarter", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
        ("今年", "year", D(2026, 1, 1), D(2026, 12, 31), "2026"),
        ("去年", "year", D(2025, 1, 1), D(2025, 12, 31), "2025"),
        ("上周", "week", D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),
        ("this week", "week", D(2026, 11, 23), D(2026, 11, 29), "2026-W48"),
    ],
)
def test_periods(lang: str, text: str, kind: str, start: date, end: date, label: str) -> None:
    period = parse_period(text, FRI)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)


BAD = ["周八", "13月1日", "2月30日", "11/27", "banana", "3月前", "第60周", "next-banana"]


@pytest.mark.parametrize("text", BAD)
def test_a_bad_date_names_the_value_with_examples_in_english(text: str) -> None:
    with pytest.raises(BadInput) as exc:
        parse_date(text, FRI)
    message = str(exc.value)
    assert repr(text) in message and "\n" not in message
    assert message.startswith("bad date") or message.startswith("bad week")


def test_bad_dates_speak_the_users_language() -> None:
    i18n.set_language("zh")
    try:
        with pytest.raises(BadInput) as unknown:
            parse_date("周八", FRI)
        with pytest.raises(BadInput) as impossible:
            parse_date("2月30日", FRI)
        with pytest.raises(BadInput) as ambiguous:
            parse_date("11/27", FRI)
    finally:
        i18n.set_language("en")
    assert str(unknown.value).startswith("无法识别的日期 '周八'：可以写 2026-11-27、今天、昨天")
    assert str(impossible.value) == "日期 '2月30日' 不存在"
    assert str(ambiguous.value).startswith("日期 '11/27' 有歧义")
    with pytest.raises(BadInput) as english:
        parse_date("周八", FRI)
    assert str(english.value).startswith("bad date '周八': expected YYYY-MM-DD, today")
    assert "昨天" in str(english.value)  # Chinese forms are listed in English too


def test_the_cli_takes_chinese_dates_in_either_language(run: Run) -> None:
    for lang, text in (("en", "昨天"), ("zh", "yesterday"), ("zh", "上周五")):
        r = run("note", "x", "--date", text, env={"OPSLOG_LANG": lang})
        assert r.exit_code == 0, r.stderr
    out = run("log", "--json").stdout.replace(": ", ":")
    assert out.count('"day":"2026-11-26"') == 2 and out.count('"day":"2026-11-20"') == 1


def test_the_cli_names_a_bad_date_in_chinese(run: Run) -> None:
    r = run("note", "x", "--date", "周八", env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("opslog: 无法识别的日期 '周八'：可以写")
    assert r.stderr.count("\n") == 1


def test_action_markers_take_hyphenated_and_quoted_dates(run: Run) -> None:
    """Issue 16 item 10: `due:next fri` would end at the space; hyphens join words."""
    for text in ("A due:next-fri", 'B due:"next fri"', "C due:3-days", "D due:下周五。"):
        r = run("action", "add", text)
        assert r.exit_code == 0, r.stderr
    rows = run("action", "list", "--json").stdout.replace(": ", ":")
    # next fri and 下周五 from Friday 11-27: 12-04; 3-days in a due date: forward.
    assert rows.count('"due":"2026-12-04"') == 3 and rows.count('"due":"2026-11-30"') == 1
