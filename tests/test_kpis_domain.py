"""KPI period values, health and change, with the numbers worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opslog.domain.kpis import (
    change,
    check_name,
    check_thresholds,
    daily_values,
    health,
    kpi_line,
    parse_assignment,
    parse_ratio,
    period_value,
    series_value,
)
from opslog.domain.records import Kpi
from opslog.errors import BadInput
from tests.fixtures.clock import NOW as T

MON, SUN = date(2026, 11, 23), date(2026, 11, 29)  # 2026-W48
PREV_MON, PREV_SUN = date(2026, 11, 16), date(2026, 11, 22)


def day(n: int) -> date:
    """Day n of November 2026."""
    return date(2026, 11, n)


def kpi(uid: str, **kw: object) -> Kpi:
    return Kpi(id=1, uid=uid, author="ann", created_at=T, updated_at=T, name=uid, **kw)  # type: ignore[arg-type]


TRAFFIC = [(day(23), 1000.0), (day(24), 2000.0), (day(26), 4000.0)]  # no reading on the 25th
ORDERS = [(day(23), 30.0), (day(24), 50.0), (day(25), 10.0), (day(26), 100.0)]
SERIES = {"traffic": TRAFFIC, "orders": ORDERS}
RATE = kpi("rate", unit="%", ratio_num_uid="orders", ratio_den_uid="traffic", keep_above=3.0)


def test_sum_totals_the_readings() -> None:
    assert period_value(kpi("traffic"), SERIES, MON, SUN) == 7000.0  # 1000 + 2000 + 4000
    assert period_value(kpi("orders"), SERIES, MON, SUN) == 190.0  # 30 + 50 + 10 + 100
    assert period_value(kpi("traffic"), SERIES, MON, day(24)) == 3000.0


def test_a_week_with_no_reading_has_no_value_not_zero() -> None:
    assert period_value(kpi("traffic"), SERIES, PREV_MON, PREV_SUN) is None
    assert period_value(kpi("traffic", agg="avg"), SERIES, PREV_MON, PREV_SUN) is None


def test_avg_is_the_mean_of_the_readings() -> None:
    refunds = {"r": [(day(23), 6.0), (day(25), 7.5), (day(27), 3.0)]}
    assert period_value(kpi("r", agg="avg"), refunds, MON, SUN) == 5.5  # 16.5 / 3
    assert period_value(kpi("r", agg="avg"), refunds, day(24), day(26)) == 7.5


def test_last_is_the_latest_reading_at_or_before_the_end() -> None:
    members = {"m": [(day(20), 4400.0), (day(25), 4420.0), (day(30), 4500.0)]}
    m = kpi("m", agg="last")
    assert period_value(m, members, MON, SUN) == 4420.0  # the 30th is after the week
    assert period_value(m, members, PREV_MON, PREV_SUN) == 4400.0
    # a stock keeps its level: a week with no reading carries the last one in
    assert period_value(m, members, day(21), day(24)) == 4400.0
    assert period_value(m, members, day(1), day(19)) is None  # nothing read yet


def test_a_ratio_is_sum_over_sum_even_with_a_missing_day() -> None:
    # 190 orders / 7000 visits = 2.714285…%, not the mean of the daily rates
    # (3%, 2.5%, 2.5% on the days both were read: 2.666…%)
    value = period_value(RATE, SERIES, MON, SUN)
    assert value == pytest.approx(190 / 7000 * 100)
    assert round(value or 0, 4) == 2.7143
    assert health(RATE, value) == "unhealthy"  # below 3
    assert daily_values(RATE, SERIES, MON, SUN) == [(day(23), 3.0), (day(24), 2.5), (day(26), 2.5)]
    plain = kpi("cr", ratio_num_uid="orders", ratio_den_uid="traffic")  # no %: no ×100
    assert period_value(plain, SERIES, MON, SUN) == pytest.approx(0.0271428571)


def test_a_ratio_without_a_denominator_has_no_value() -> None:
    assert period_value(RATE, {"orders": ORDERS}, MON, SUN) is None
    zero = {"orders": ORDERS, "traffic": [(day(23), 0.0)]}
    assert period_value(RATE, zero, MON, SUN) is None
    assert daily_values(RATE, zero, MON, SUN) == []


def test_health_against_the_thresholds() -> None:
    above, below = kpi("a", keep_above=3.0), kpi("b", keep_below=6.0)
    assert [health(above, v) for v in (2.9, 3.0, None)] == ["unhealthy", "ok", "no_data"]
    assert [health(below, v) for v in (6.0, 6.1)] == ["ok", "unhealthy"]
    assert health(kpi("c"), 5.0) is None
    band = kpi("d", keep_above=1.0, keep_below=2.0)
    assert [health(band, v) for v in (0.5, 1.5, 2.5)] == ["unhealthy", "ok", "unhealthy"]


def test_change_and_change_pct() -> None:
    assert change(3.4, 3.2) == pytest.approx((0.2, 0.0625))
    assert change(5.0, -4.0) == (9.0, 2.25)  # divided by |previous|
    assert change(5.0, 0.0) == (5.0, None)
    assert change(None, 3.0) == (None, None)
    assert change(3.0, None) == (None, None)


def test_a_week_line_and_its_json() -> None:
    members = {"m": [(day(20), 4400.0), (day(25), 4420.0)]}
    line = kpi_line(kpi("m", agg="last", unit="members"), members, MON, SUN, PREV_MON, PREV_SUN)
    assert (line.value, line.previous, line.change) == (4420.0, 4400.0, 20.0)
    assert line.to_json() == {
        "id": 1, "uid": "m", "name": "m", "unit": "members", "agg": "last", "value": 4420,
        "previous": 4400, "change": 20, "change_pct": 0.0045, "health": None,
        "keep_above": None, "keep_below": None, "days": [{"day": "2026-11-25", "value": 4420}],
    }  # fmt: skip
    rate = kpi_line(RATE, SERIES, MON, SUN, PREV_MON, PREV_SUN).to_json()
    assert (rate["agg"], rate["value"], rate["previous"], rate["health"]) == (
        "ratio", 2.714286, None, "unhealthy")  # fmt: skip
    assert kpi_line(RATE, SERIES, MON, SUN, PREV_MON, PREV_SUN).spark == "█▁▁"


def test_series_value_over_a_long_series() -> None:
    start = date(2022, 1, 1)
    series = [(start + timedelta(days=i), 1.0) for i in range(5 * 365)]
    assert series_value("sum", series, date(2024, 1, 1), date(2024, 12, 31)) == 366.0


@pytest.mark.parametrize("bad", ["", "a=b", "订单/流量", "123", "a\nb"])
def test_bad_names(bad: str) -> None:
    with pytest.raises(BadInput):
        check_name(bad)


def test_inputs() -> None:
    assert check_name(" 转化率 ") == "转化率"
    assert parse_ratio("订单 / 流量") == ("订单", "流量")
    assert parse_assignment("流量=13,100") == ("流量", "13,100")
    for bad in ("订单", "/流量", "a/b/c"):
        with pytest.raises(BadInput):
            parse_ratio(bad)
    for bad in ("流量", "=3", "流量="):
        with pytest.raises(BadInput):
            parse_assignment(bad)
    with pytest.raises(BadInput, match="over --keep-below"):
        check_thresholds(5.0, 3.0)
