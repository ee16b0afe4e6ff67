from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.records import Risk
from opslog.domain.risks import LEVELS, check_scale, matrix_counts, parse_scale, risk_level
from opslog.errors import BadInput


def risk(p: int, i: int, n: int = 1) -> Risk:
    return Risk(
        id=n,
        uid=f"r{n}",
        author="a",
        created_at="c",
        updated_at="u",
        day=date(2024, 1, 1),
        title="t",
        probability=p,
        impact=i,
    )


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (16, "high"),
        (17, "critical"),
        (25, "critical"),
    ],
)
def test_risk_level_boundaries(score: int, level: str) -> None:
    assert risk_level(score) == level


def test_risk_level_covers_all_25_scores_monotonically() -> None:
    scores = sorted(p * i for p in range(1, 6) for i in range(1, 6))
    ranks = [LEVELS.index(risk_level(s)) for s in scores]
    assert ranks == sorted(ranks)
    assert {risk_level(s) for s in scores} == set(LEVELS)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_risk_level_monotonic_property(p1: int, i1: int, p2: int, i2: int) -> None:
    a, b = sorted((p1 * i1, p2 * i2))
    assert risk_level(a) in LEVELS
    assert LEVELS.index(risk_level(a)) <= LEVELS.index(risk_level(b))


def test_check_scale() -> None:
    assert [check_scale(v, "impact") for v in range(1, 6)] == [1, 2, 3, 4, 5]
    for bad in (0, 6, -1, True):
        with pytest.raises(BadInput, match="impact"):
            check_scale(bad, "impact")


def test_parse_scale_accepts() -> None:
    assert parse_scale("3", "probability") == 3
    assert parse_scale(" 5 ", "probability") == 5


@pytest.mark.parametrize("text", ["0", "6", "", "abc", "2.5", "-1", "1e0", "high"])
def test_parse_scale_refuses_naming_value(text: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_scale(text, "probability")
    assert repr(text) in str(err.value) and "probability" in str(err.value)


def test_matrix_counts() -> None:
    counts = matrix_counts([risk(2, 3, 1), risk(2, 3, 2), risk(5, 5, 3)])
    assert counts[(2, 3)] == 2 and counts[(5, 5)] == 1 and counts[(3, 2)] == 0
    assert len(counts) == 25 and sum(counts.values()) == 3


def test_matrix_counts_empty() -> None:
    counts = matrix_counts(iter([]))
    assert len(counts) == 25 and set(counts.values()) == {0}
