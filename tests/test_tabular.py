"""The tabular reader shared by `kpi import` and `feedback import`: cells as Excel, WPS
and shop backends write them (domain/cells.py) and files as they save them (tabular.py)."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.cells import (
    check_date_format,
    date_parser,
    parse_cell_date,
    parse_number,
    sniff_delimiter,
)
from opslog.errors import BadInput
from opslog.tabular import detect_encoding, open_table


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12800", 12800.0),
        (" 12,800 ", 12800.0),
        ("1,234,567.5", 1234567.5),
        ("3.4%", 3.4),
        ("3.4％", 3.4),
        ("¥114,000", 114000.0),
        ("￥114,000.50", 114000.5),
        ("114,000元", 114000.0),
        ("-¥5", -5.0),
        ("¥-5", -5.0),
        ("1.2万", 12000.0),
        ("3亿", 300000000.0),
        ("-0.125", -0.125),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("12\u00a0800", 12800.0),
    ],
)
def test_numbers_as_exports_write_them(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "--", "N/A", "#N/A", "null"])
def test_no_value_cells(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["3,4", "12,80", "abc", "1_000", "nan", "inf", "1.2.3", "¥", "%"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_plain_number_reads_back_exactly(x: float) -> None:
    assert parse_number(repr(x)) == x


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_grouped_integers_read_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"¥{n:,}") == n


@pytest.mark.parametrize(
    "text",
    ["2026-11-27", "2026/11/27", "2026.11.27", "2026年11月27日", "2026年11月27", "2026-11-27 00:00",
     "2026/11/27 9:05", "2026-11-27T09:05:00", "2026-11-27 09:05:00+08:00", " 2026/11/27 "],
)  # fmt: skip
def test_year_first_dates(text: str) -> None:
    assert parse_cell_date(text) == date(2026, 11, 27)


def test_single_digit_months_and_days() -> None:
    assert parse_cell_date("2026/11/7") == date(2026, 11, 7)
    assert parse_cell_date("2026/1/7") == date(2026, 1, 7)
    assert parse_cell_date("2026年1月7日") == date(2026, 1, 7)


def test_month_first_only_with_a_format() -> None:
    with pytest.raises(ValueError, match="--date-format"):
        parse_cell_date("11/27/2026")
    assert parse_cell_date("11/27/2026", "%m/%d/%Y") == date(2026, 11, 27)
    assert parse_cell_date("11/27/2026 10:00", "%m/%d/%Y") == date(2026, 11, 27)
    assert parse_cell_date("27.11.2026", "%d.%m.%Y") == date(2026, 11, 27)
    with pytest.raises(ValueError):
        parse_cell_date("2026-11-27", "%m/%d/%Y")


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "1900-01-01", "20261127", "x", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cell_date(text)


def test_a_date_format_needs_year_month_and_day() -> None:
    assert check_date_format("%m/%d/%Y") == "%m/%d/%Y"
    with pytest.raises(ValueError):
        check_date_format("%m/%Y")


def test_the_date_parser_remembers() -> None:
    parse = date_parser()
    assert parse("2026/11/7") is parse("2026/11/7")


def test_delimiters_are_sniffed() -> None:
    assert sniff_delimiter(["日期\t访客数\t支付金额\n", "2026/11/1\t12,800\t¥114,000\n"]) == "\t"
    assert sniff_delimiter(["日期,访客数,备注\n", '2026-11-01,"12,800","a, b"\n']) == ","
    assert sniff_delimiter(["a;b;c\n", "1;2,5;3\n"]) == ";"
    assert sniff_delimiter(["a|b\n", "1|2\n"]) == "|"
    assert sniff_delimiter(["one column\n", "x\n"]) == ","


# --- files -----------------------------------------------------------------------------

# GBK has no U+00A5 (¥): Chinese exports write the full-width ￥.
ROWS = '日期,访客数,支付金额\n2026/11/27,"12,800","￥114,000"\n2026/11/28,13100,-\n'


def write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(path: Path, encoding: str | None = None) -> tuple[list[str], list[tuple[int, dict]]]:
    with open_table(path, encoding) as table:
        return table.header, list(table.rows())


EXPECTED = (
    ["日期", "访客数", "支付金额"],
    [(2, {"日期": "2026/11/27", "访客数": "12,800", "支付金额": "￥114,000"}),
     (3, {"日期": "2026/11/28", "访客数": "13100", "支付金额": "-"})],
)  # fmt: skip


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (ROWS.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF8 + ROWS.encode("utf-8"), "utf-8-sig"),
        (ROWS.encode("gbk"), "gb18030"),
        (ROWS.encode("gb18030"), "gb18030"),
        (ROWS.replace("\n", "\r\n").encode("gbk"), "gb18030"),
        (ROWS.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = write(tmp_path, encoded)
    assert detect_encoding(path) == encoding
    assert read(path) == EXPECTED


def test_tsv_with_excel_quirks(tmp_path: Path) -> None:
    data = "\n\n 日期 \t访客数\t\n2026年11月27日\t12,800\t\n\n2026年11月28日\n".encode("gbk")
    path = write(tmp_path, data, "t.tsv")
    with pytest.raises(BadInput, match="line 3: column 3 has no name"):
        read(path)
    data = "\n\n 日期 \t访客数\n2026年11月27日\t12,800\t\n\n2026年11月28日\n".encode("gbk")
    header, rows = read(write(tmp_path, data, "u.tsv"))
    assert header == ["日期", "访客数"]
    assert rows == [(4, {"日期": "2026年11月27日", "访客数": "12,800"}),
                    (6, {"日期": "2026年11月28日", "访客数": ""})]  # fmt: skip


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers_right(tmp_path: Path) -> None:
    data = b'day,text\n2026-11-27,"line one\nline two"\n2026-11-28,x\n'
    assert [n for n, _ in read(write(tmp_path, data))[1]] == [2, 4]


def test_forcing_an_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, ROWS.encode("gbk"))
    assert read(path, "gbk") == EXPECTED
    with pytest.raises(BadInput, match="not utf-8-sig text; give --encoding"):
        read(path, "utf-8")
    with pytest.raises(BadInput, match="bad --encoding 'klingon'"):
        read(path, "klingon")


def test_gbk_late_in_a_file_is_still_detected(tmp_path: Path) -> None:
    body = "day,text\n" + "2026-11-27,ascii only\n" * 200_000 + "2026-11-28,发货慢\n"
    path = write(tmp_path, body.encode("gbk"))
    assert detect_encoding(path) == "gb18030"
    rows = read(path)[1]
    assert rows[-1] == (200_002, {"day": "2026-11-28", "text": "发货慢"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "t.csv is empty"),
        (b"\n\n", "t.csv is empty"),
        (b"a,b,a\n1,2,3\n", "line 1: two columns named 'a'"),
        (b"a,b\n1,2\n3,4,5\n", "t.csv line 3: 3 cells under a header of 2"),
    ],
)
def test_unreadable_tables_are_named(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        read(write(tmp_path, data))


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no file"):
        open_table(tmp_path / "nope.csv")
    with pytest.raises(BadInput, match="is a folder"):
        open_table(tmp_path)
