"""KPI arithmetic: a period's value, health, change, the week's lines. Pure.

A KPI's readings are a series: one value per day (one reading per KPI, author and day).
Over the days [start, end] a KPI's value is:
- `sum` (a flow: traffic, orders, GMV): the total of the readings in the period;
- `avg` (a level you sample: a refund rate): their mean;
- `last` (a stock: members): the latest reading on or before `end` (it may be older
  than `start`: a stock keeps its level until read again);
- a ratio `A/B`: sum(A) / sum(B) over the period, ×100 when its unit is `%` — never the
  mean of daily rates, which would weigh a slow day like a busy one.
None when there is nothing to aggregate (no reading, or a denominator of 0), never 0.

The report helper calls `period_value` for months and quarters as the week does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import field
from datetime import date
from typing import Any

from opslog.domain.goals import sparkline
from opslog.domain.plain import plain
from opslog.domain.records import KPI_AGGS, Kpi
from opslog.domain.text import clean_short, normalize_key
from opslog.errors import BadInput
from opslog.i18n import _, joined

HEALTHS = ("ok", "unhealthy", "no_data")
MAX_ABS = 1e15

# (day, value) pairs in day order, one per day.
Series = Sequence[tuple[date, float]]


def agg_name(kpi: Kpi) -> str:
    """`ratio` for a ratio KPI, its `agg` otherwise (the week JSON's `agg`)."""
    return "ratio" if kpi.is_ratio else kpi.agg


def _in(series: Series, start: date, end: date) -> list[float]:
    return [v for d, v in series if start <= d <= end]


def series_value(agg: str, series: Series, start: date, end: date) -> float | None:
    """One plain KPI's value over [start, end] from its series (see the module doc)."""
    if agg == "last":
        latest = None
        for d, v in series:
            if d <= end:
                latest = v
            else:
                break
        return latest
    values = _in(series, start, end)
    if not values:
        return None
    if agg == "sum":
        return math.fsum(values)
    if agg == "avg":
        return math.fsum(values) / len(values)
    raise ValueError(f"unknown agg {agg!r}")


def period_value(kpi: Kpi, series: Mapping[str, Series], start: date, end: date) -> float | None:
    """A KPI's value over the days [start, end]. `series` maps KPI uids to their
    readings in day order (for a ratio KPI, its two parts'; for `last`, including the
    latest reading before `start`)."""
    if kpi.is_ratio:
        assert kpi.ratio_num_uid is not None and kpi.ratio_den_uid is not None
        num = _in(series.get(kpi.ratio_num_uid, ()), start, end)
        den = _in(series.get(kpi.ratio_den_uid, ()), start, end)
        if not num or not den:
            return None
        total = math.fsum(den)
        if total == 0:
            return None
        value = math.fsum(num) / total
        return value * 100 if kpi.unit == "%" else value
    return series_value(kpi.agg, series.get(kpi.uid, ()), start, end)


def daily_values(kpi: Kpi, series: Mapping[str, Series], start: date, end: date) -> Series:
    """The days of [start, end] with a value: a plain KPI's readings; a ratio's days on
    which both parts have a reading and the denominator is not 0."""
    if not kpi.is_ratio:
        return [(d, v) for d, v in series.get(kpi.uid, ()) if start <= d <= end]
    assert kpi.ratio_num_uid is not None and kpi.ratio_den_uid is not None
    den = {d: v for d, v in series.get(kpi.ratio_den_uid, ()) if start <= d <= end}
    scale = 100.0 if kpi.unit == "%" else 1.0
    return [
        (d, v / den[d] * scale)
        for d, v in series.get(kpi.ratio_num_uid, ())
        if start <= d <= end and den.get(d)
    ]


def health(kpi: Kpi, value: float | None) -> str | None:
    """`ok`, `unhealthy` (below keep_above or above keep_below), `no_data`, or None
    for a KPI without a threshold."""
    if kpi.keep_above is None and kpi.keep_below is None:
        return None
    if value is None:
        return "no_data"
    if kpi.keep_above is not None and value < kpi.keep_above:
        return "unhealthy"
    if kpi.keep_below is not None and value > kpi.keep_below:
        return "unhealthy"
    return "ok"


def change(value: float | None, previous: float | None) -> tuple[float | None, float | None]:
    """(change, change / |previous|); None where a side is missing or previous is 0."""
    if value is None or previous is None:
        return None, None
    delta = value - previous
    return delta, (delta / abs(previous) if previous != 0 else None)


@plain
class KpiLine:
    """One KPI in a period, against the period before."""

    kpi: Kpi
    value: float | None
    previous: float | None
    change: float | None
    change_pct: float | None
    health: str | None
    days: list[tuple[date, float]] = field(default_factory=list)

    @property
    def spark(self) -> str:
        return sparkline([v for _d, v in self.days])

    def to_json(self) -> dict[str, Any]:
        from opslog.domain.week import json_number

        k = self.kpi
        return {
            "id": k.id,
            "uid": k.uid,
            "name": k.name,
            "unit": k.unit,
            "agg": agg_name(k),
            "value": json_number(self.value),
            "previous": json_number(self.previous),
            "change": json_number(self.change),
            "change_pct": None if self.change_pct is None else round(self.change_pct, 4),
            "health": self.health,
            "keep_above": json_number(k.keep_above),
            "keep_below": json_number(k.keep_below),
            "days": [{"day": d.isoformat(), "value": json_number(v)} for d, v in self.days],
        }


def kpi_line(
    kpi: Kpi,
    series: Mapping[str, Series],
    start: date,
    end: date,
    prev_start: date,
    prev_end: date,
) -> KpiLine:
    value = period_value(kpi, series, start, end)
    previous = period_value(kpi, series, prev_start, prev_end)
    delta, pct = change(value, previous)
    return KpiLine(
        kpi,
        value,
        previous,
        delta,
        pct,
        health(kpi, value),
        list(daily_values(kpi, series, start, end)),
    )


# --- goals that follow a KPI -----------------------------------------------------------


def goal_values(
    kpi: Kpi, series: Mapping[str, Series], upto: date, week_start: str = "monday"
) -> list[tuple[date, float]]:
    """The values a goal following `kpi` takes, oldest first, up to `upto`:
    - a `last` KPI (a stock): each reading, on its day;
    - any other (a flow, a sampled level, a ratio): the KPI's value over each whole
      week (`week_start` weeks) that has one, dated the week's last day; a week not
      over by `upto` has no value yet (half a week of a flow would read as a drop).
    `series` as for `period_value`, holding every reading up to `upto`."""
    from opslog.domain.dates import week_of

    if not kpi.is_ratio and kpi.agg == "last":
        return [(d, v) for d, v in series.get(kpi.uid, ()) if d <= upto]
    uids = (kpi.ratio_num_uid, kpi.ratio_den_uid) if kpi.is_ratio else (kpi.uid,)
    days = {d for u in uids if u is not None for d, _v in series.get(u, ())}
    out = []
    for start in sorted({week_of(d, week_start).start for d in days}):
        end = week_of(start, week_start).end
        if end > upto:
            break
        value = period_value(kpi, series, start, end)
        if value is not None:
            out.append((end, value))
    return out


# --- input ---------------------------------------------------------------------------


def check_name(text: str) -> str:
    """A KPI name: one line, not empty, no `=` or `/` (they separate names in
    `--kpi NAME=VALUE` and `--ratio A/B`), not all digits (that would be an id)."""
    name = clean_short(text, _("KPI name"), required=True)
    if "\n" in name or "=" in name or "/" in name:
        raise BadInput(_("bad KPI name {name!r}: one line, without '=' or '/'").format(name=name))
    if name.isdigit():
        raise BadInput(
            _("bad KPI name {name!r}: a name of digits only would read as an id").format(name=name)
        )
    return name


def check_agg(text: str) -> str:
    agg = text.strip().lower()
    if agg not in KPI_AGGS:
        raise BadInput(
            _("bad --agg {text!r}: expected {items}").format(text=text, items=joined(KPI_AGGS))
        )
    return agg


def parse_ratio(text: str) -> tuple[str, str]:
    """`--ratio 订单/流量` as (numerator name, denominator name)."""
    num, sep, den = text.partition("/")
    if not sep or not num.strip() or not den.strip() or "/" in den:
        raise BadInput(
            _("bad --ratio {text!r}: expected NUMERATOR/DENOMINATOR, like 订单/流量").format(
                text=text
            )
        )
    return num.strip(), den.strip()


def check_value(value: float, what: str = "value") -> float:
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise BadInput(
            _("bad {what} {value!r}: expected a number up to 1e15").format(what=what, value=value)
        )
    return value


def check_thresholds(keep_above: float | None, keep_below: float | None) -> None:
    for what, v in (("--keep-above", keep_above), ("--keep-below", keep_below)):
        if v is not None:
            check_value(v, what)
    if keep_above is not None and keep_below is not None and keep_above > keep_below:
        raise BadInput(
            _(
                "bad thresholds: --keep-above {keep_above:g} is over --keep-below {keep_below:g}"
            ).format(keep_above=keep_above, keep_below=keep_below)
        )


def parse_assignment(text: str) -> tuple[str, str]:
    """`--kpi NAME=VALUE` as (name or id, value text); the last `=` splits."""
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip() or not value.strip():
        raise BadInput(
            _("bad --kpi {text!r}: expected NAME=VALUE, like 流量=13100").format(text=text)
        )
    return name.strip(), value.strip()


# --- import ----------------------------------------------------------------------------

DATE_COLUMNS = ("日期", "date", "day", "时间", "统计日期", "日期时间", "day_date")


@plain
class ImportPlan:
    """Which column holds the day and which columns feed which KPI (by name)."""

    date_column: str
    columns: dict[str, str]  # column -> KPI name
    ignored: list[str]
    to_create: list[str]


def parse_maps(maps: Sequence[str]) -> dict[str, str]:
    """`--map COLUMN=NAME` options as {column: KPI name}."""
    found: dict[str, str] = {}
    for text in maps:
        column, sep, name = text.rpartition("=")
        if not sep or not column.strip() or not name.strip():
            raise BadInput(
                _("bad --map {text!r}: expected COLUMN=KPI, like 访客数=流量").format(text=text)
            )
        found[column.strip()] = check_name(name)
    return found


def plan_import(
    header: Sequence[str],
    *,
    date_column: str | None,
    maps: Mapping[str, str],
    known: Sequence[str],
    create: bool,
) -> ImportPlan:
    """Decide the columns: the date column (given, or one named 日期/date/day), the
    mapped ones, and those named like an existing KPI; the rest are ignored."""
    folded = {h.casefold(): h for h in header}
    if date_column is not None:
        day_col = folded.get(date_column.strip().casefold())
        if day_col is None:
            raise BadInput(f"--date-column {date_column!r}: the file has no such column")
    else:
        day_col = next((folded[c] for c in DATE_COLUMNS if c in folded), None)
        if day_col is None:
            raise BadInput(
                _("no date column found: name it with --date-column, like --date-column 日期")
            )
    # KPI names match as everywhere (find_kpi): case and width aside
    known_fold = {normalize_key(k): k for k in known}
    columns: dict[str, str] = {}
    for column, name in maps.items():
        real = folded.get(column.casefold())
        if real is None:
            raise BadInput(f"--map {column}={name}: the file has no column {column!r}")
        if real == day_col:
            raise BadInput(f"--map {column}={name}: that is the date column")
        columns[real] = known_fold.get(normalize_key(name), name)
    for h in header:
        if h != day_col and h not in columns and normalize_key(h) in known_fold:
            columns[h] = known_fold[normalize_key(h)]
    if len({normalize_key(n) for n in columns.values()}) != len(columns):
        raise BadInput(_("two columns feed the same KPI: map each KPI once"))
    missing = [n for n in dict.fromkeys(columns.values()) if normalize_key(n) not in known_fold]
    if missing and not create:
        raise BadInput(
            _(
                "no KPI named {missing!r}: add it with `opslog kpi add`, or import with --create"
            ).format(missing=missing[0])
        )
    if not columns:
        raise BadInput(_("no column to import: map one with --map COLUMN=KPI"))
    ignored = [h for h in header if h != day_col and h not in columns]
    return ImportPlan(day_col, columns, ignored, missing)
