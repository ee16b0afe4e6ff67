"""Reading a customer-service export's rows: columns to fields, checks naming the line
and the column, and uids that stay the same from one import to the next."""

from __future__ import annotations

from datetime import date

import pytest

from opslog.domain.feedback_import import KeyBook, column_fields, parse_maps, read_rows
from opslog.errors import BadInput

HEADER = ["工单编号", "创建时间", "渠道", "问题类型", "客户反馈内容", "情绪"]


def rows(*cells: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    return [(n + 2, dict(zip(HEADER, c, strict=True))) for n, c in enumerate(cells)]


def iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"bad date {text!r}") from None


def read(data: list[tuple[int, dict[str, str]]], id_column: str | None = None,
         book: KeyBook | None = None) -> list:  # fmt: skip
    columns = column_fields(HEADER, {}, id_column)
    book = book or KeyBook([], [], [])
    return list(read_rows(data, columns, parse_day=iso, book=book,
                          author="ann", id_column=id_column))  # fmt: skip


def test_columns_are_found_by_their_chinese_names_or_mapped() -> None:
    assert column_fields(HEADER, {}, None) == {
        "创建时间": "day", "客户反馈内容": "text", "渠道": "channel", "问题类型": "category",
        "情绪": "sentiment"}  # fmt: skip
    maps = parse_maps(["日子=day", "说了什么=text"])
    mapped = column_fields(["日子", "说了什么", "渠道"], maps, None)
    assert mapped == {"日子": "day", "说了什么": "text", "渠道": "channel"}


@pytest.mark.parametrize(
    ("maps", "message"),
    [(["渠道"], "expected COLUMN=FIELD"), (["渠道=mood"], "the field is one of"),
     (["a=day", "b=day"], "two columns for day")],
)  # fmt: skip
def test_bad_maps(maps: list[str], message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_maps(maps)


def test_a_file_without_a_date_column_is_refused() -> None:
    with pytest.raises(BadInput, match="no date column"):
        column_fields(["内容", "渠道"], {}, None)
    with pytest.raises(BadInput, match="no column '日子'"):
        column_fields(HEADER, {"日子": "day"}, None)


def test_rows_become_fields_with_the_day_before_the_time() -> None:
    got = read(rows(("GD1", "2026-11-02 09:15:32", "客服热线", "物流", "配送太慢", "负面"),
                    ("GD2", "2026-11-03", "评价", "尺码", "偏小", "")))  # fmt: skip
    assert [(r.line, r.day, r.channel, r.category, r.text, r.count, r.sentiment) for r in got] == [
        (2, date(2026, 11, 2), "客服热线", "物流", "配送太慢", 1, "neg"),
        (3, date(2026, 11, 3), "评价", "尺码", "偏小", 1, None),
    ]


def test_the_same_rows_give_the_same_uids_and_alike_rows_stay_apart() -> None:
    same = ("GD1", "2026-11-02", "客服热线", "物流", "配送太慢", "负面")
    first = read(rows(same, same))
    again = read(rows(same, same))
    assert [r.uid for r in first] == [r.uid for r in again]
    assert first[0].uid != first[1].uid  # two customers said the same on the same day
    # With --id-column the ticket number names the row, whatever its text says later.
    by_id = read(rows(same), id_column="工单编号")
    edited = read(rows(("GD1", "2026-11-02", "客服热线", "物流", "配送很慢", "负面")),
                  id_column="工单编号")  # fmt: skip
    assert by_id[0].uid == edited[0].uid != first[0].uid


def test_keys_match_known_ones_and_near_ones_are_hinted() -> None:
    book = KeyBook(["客服热线"], ["Logistics"], [])
    got = read(rows(("1", "2026-11-02", "客服热线 ", "logistics", "x", ""),
                    ("2", "2026-11-02", "客服热线", "Logistic", "y", ""),
                    ("3", "2026-11-02", "客服热线", "Logistic", "z", "")), book=book)  # fmt: skip
    assert [(r.channel, r.category) for r in got] == [
        ("客服热线", "Logistics"), ("客服热线", "Logistic"), ("客服热线", "Logistic")]  # fmt: skip
    assert book.hints == ["new category 'Logistic'; did you mean 'Logistics'?"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (("1", "someday", "a", "b", "c", ""), "line 2, column '创建时间': bad date 'someday'"),
        (("1", "", "a", "b", "c", ""), "line 2, column '创建时间': no date"),
        (("1", "2026-11-02", "a", "b", "c", "angry"), "line 2, column '情绪': bad sentiment"),
        (("1", "2026-11-02", "a", "", "", ""), "line 2: neither text nor category"),
    ],
)
def test_a_bad_row_is_named_by_line_and_column(cells: tuple[str, ...], message: str) -> None:
    with pytest.raises(BadInput, match=message):
        read(rows(cells))


def test_blank_rows_are_skipped() -> None:
    got = read(rows(("", "", "", "", "", ""), ("1", "2026-11-02", "", "物流", "", "")))
    assert [(r.line, r.category) for r in got] == [(3, "物流")]
