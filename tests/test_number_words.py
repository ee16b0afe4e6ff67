"""Numbers as shown: a change that rounds to nothing is 0, never -0 or +0 (a KPI's
weekly change of -0.003 read "-0")."""

from __future__ import annotations

import pytest

from opslog.render.words import number, signed


@pytest.mark.parametrize(
    ("x", "shown"),
    [(-0.003, "0"), (0.004, "0"), (-0.0, "0"), (-0.006, "-0.01"), (1234.5, "1,234.5"), (-2, "-2")],
)
def test_number(x: float, shown: str) -> None:
    assert number(x) == shown


@pytest.mark.parametrize(
    ("x", "shown"),
    [(-0.003, "0"), (0.004, "0"), (0.006, "+0.01"), (-0.29, "-0.29"), (3, "+3"), (0, "0")],
)
def test_signed(x: float, shown: str) -> None:
    assert signed(x) == shown
