"""Feedback from a customer-service export: which column is which field, each row
checked and made a record's fields, and a uid that is the same each time the same row
is read, so that importing a file twice adds nothing the second time.

Pure: the rows come in as (line number, {column: text}) from `opslog.tabular` (the
reader shared with `kpi import`); dates are parsed by the function passed in
(`domain.cells.date_parser`, the KPI import's too).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from opslog.domain.feedback import match_key, parse_count, parse_sentiment
from opslog.domain.plain import plain
from opslog.domain.text import clean_short, clean_text, normalize_key
from opslog.errors import BadInput
from opslog.i18n import _, joined

FIELDS = ("day", "text", "channel", "category", "count", "sentiment")
# Column names taken without --map (compared after normalize_key).
SYNONYMS = {
    "day": ("day", "date", "日期", "时间", "创建时间", "反馈时间", "日期时间"),
    "text": ("text", "content", "feedback", "内容", "反馈内容", "客户反馈内容", "留言", "描述"),
    "channel": ("channel", "source", "渠道", "来源", "反馈渠道"),
    "category": ("category", "type", "类别", "分类", "问题类型", "问题分类"),
    "count": ("count", "数量", "条数", "次数"),
    "sentiment": ("sentiment", "情绪", "情感", "评价类型"),
}
# A fixed namespace: uids made from a row's content are the same on every machine.
NAMESPACE = uuid.UUID("6f1c2b0e-4d7a-4e55-9a51-0b7f7c1e5a13")


def parse_maps(maps: Iterable[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD` options as {column: field}."""
    found: dict[str, str] = {}
    for text in maps:
        column, sep, name = text.rpartition("=")
        field = name.strip().lower()
        if not sep or not column.strip():
            raise BadInput(
                _("bad --map {text!r}: expected COLUMN=FIELD, like 渠道=channel").format(text=text)
            )
        if field not in FIELDS:
            raise BadInput(
                _("bad --map {text!r}: the field is one of {items}").format(
                    text=text, items=joined(FIELDS)
                )
            )
        if field in found.values():
            raise BadInput(
                _("bad --map {text!r}: two columns for {field}").format(text=text, field=field)
            )
        found[column.strip()] = field
    return found


def column_fields(header: list[str], maps: dict[str, str], id_column: str | None) -> dict[str, str]:
    """{column: field} for this header: the --map ones, then the columns whose name
    says the field (`day`, `日期`, `渠道` …) for fields not mapped yet."""
    present = {normalize_key(h): h for h in header}
    chosen: dict[str, str] = {}
    for column, field in maps.items():
        real = present.get(normalize_key(column))
        if real is None:
            raise BadInput(f"--map {column}={field}: the file has no column {column!r}")
        chosen[real] = field
    if id_column is not None and normalize_key(id_column) not in present:
        raise BadInput(f"--id-column {id_column!r}: the file has no such column")
    for field, names in SYNONYMS.items():
        if field in chosen.values():
            continue
        for name in names:
            real = present.get(normalize_key(name))
            if real is not None and real not in chosen:
                chosen[real] = field
                break
    fields = set(chosen.values())
    if "day" not in fields:
        raise BadInput(_("no date column: name it with --map COLUMN=day"))
    if not fields & {"text", "category"}:
        raise BadInput(_("no text or category column: name one with --map COLUMN=text"))
    return chosen


@plain
class Row:
    """One feedback record's fields, checked, with the uid that names it."""

    line: int
    uid: str
    day: date
    text: str
    channel: str
    category: str
    count: int
    sentiment: str | None

    def fields(self) -> dict[str, Any]:
        return {
            "day": self.day, "text": self.text, "channel": self.channel,
            "category": self.category, "count": self.count, "sentiment": self.sentiment,
        }  # fmt: skip


@plain
class KeyBook:
    """The channels and categories known so far, growing as new ones are read; a new one
    one edit from a known one is noted (once) for a hint."""

    channels: list[str]
    categories: list[str]
    hints: list[str]

    def resolve(self, column: str, typed: str) -> str:
        if not typed:
            return ""
        known = self.channels if column == "channel" else self.categories
        found = match_key(typed, known)
        if not found.known:
            known.append(found.key)
            if found.near is not None:
                self.hints.append(f"new {column} {found.key!r}; did you mean {found.near!r}?")
        return found.key


def read_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    columns: dict[str, str],
    *,
    parse_day: Callable[[str], date],
    book: KeyBook,
    author: str,
    id_column: str | None = None,
    split_time: bool = True,
) -> Iterator[Row]:
    """Checked rows; BadInput names the line and the column of the first bad cell.
    Blank rows are skipped."""
    seen: dict[str, int] = {}
    id_real = None
    names = {field: column for column, field in columns.items()}
    for line, cells in rows:
        if id_real is None and id_column is not None:
            id_real = next(h for h in cells if normalize_key(h) == normalize_key(id_column))
        if not any((v or "").strip() for v in cells.values()):
            continue
        values = {field: (cells.get(column) or "") for column, field in columns.items()}
        got = _Cells(line, values, names)
        day = got.cell("day", lambda v: _day(v, parse_day, split_time))
        text = got.cell("text", lambda v: clean_text(v, _("the text"), required=False))
        channel = got.cell("channel", lambda v: clean_short(v, _("the channel")))
        category = got.cell("category", lambda v: clean_short(v, _("the category")))
        count = got.cell("count", lambda v: parse_count(v) if v.strip() else 1)
        sentiment = got.cell("sentiment", parse_sentiment)
        if not text and not category:
            raise BadInput(_("line {line}: neither text nor category").format(line=line))
        if id_real is not None:
            ident = (cells.get(id_real) or "").strip()
            if not ident:
                raise BadInput(
                    _("line {line}, column {id_real!r}: empty id").format(
                        line=line, id_real=id_real
                    )
                )
            key = f"{author}\x1fid\x1f{ident}"
        else:
            content = "\x1f".join([author, day.isoformat(), text, channel, category,
                                   str(count), sentiment or ""])  # fmt: skip
            seen[content] = seen.get(content, 0) + 1  # alike rows in one file stay apart
            key = f"{content}\x1f{seen[content]}"
        yield Row(
            line=line,
            uid=str(uuid.uuid5(NAMESPACE, key)),
            day=day,
            text=text,
            channel=book.resolve("channel", channel),
            category=book.resolve("category", category),
            count=count,
            sentiment=sentiment,
        )


@plain
class _Cells:
    line: int
    values: dict[str, str]
    names: dict[str, str]

    def cell(self, field: str, check: Callable[[str], Any]) -> Any:
        try:
            return check(self.values.get(field, ""))
        except BadInput as exc:
            where = f"line {self.line}, column {self.names[field]!r}"
            raise BadInput(f"{where}: {exc}") from None


def _day(text: str, parse_day: Callable[[str], date], split_time: bool) -> date:
    value = text.strip()
    if not value:
        raise BadInput(_("no date"))
    # "2026-11-02 09:15:32": the day is what comes before the time (and the parser's
    # memo then holds one entry per day, not one per ticket).
    head = value.split()[0] if split_time and " " in value else value
    try:
        return parse_day(head)
    except ValueError as exc:
        raise BadInput(_("bad date {value!r}: {exc}").format(value=value, exc=exc)) from None
