"""The text chart of `goal show` (pure: records in, lines out)."""

from __future__ import annotations

from datetime import date, timedelta

from opslog.domain.goals import latest_per_day
from opslog.domain.records import Goal, Progress
from opslog.render.goal_views import chart_lines

D0 = date(2024, 1, 1)


def goal(baseline: float, target: float, due: int, unit: str = "") -> Goal:
    return Goal(id=1, uid="g", author="a", created_at="c", updated_at="u", title="t", metric="m",
                target=target, due=D0 + timedelta(days=due), start=D0, baseline=baseline,
                unit=unit)  # fmt: skip


def pr(n: int, value: float, id: int = 1) -> Progress:
    return Progress(id=id, uid=f"p{id}", author="a", created_at="c", updated_at="u",
                    goal_uid="g", day=D0 + timedelta(days=n), value=value)  # fmt: skip


def test_chart_draws_values_against_the_expected_pace() -> None:
    lines = chart_lines(goal(0, 4, due=4), [pr(2, 1)], asof=D0 + timedelta(days=3), height=5)
    assert lines == [
        "4 │    ·",
        "  │   ·",
        "  │  ·",
        "  │ ·●",
        "0 │·",
        "  └─────",
        "   2024-01-01 – 2024-01-05",
        "      ^ 2024-01-04",
        "   ● value  · expected pace",
    ]


def test_chart_of_a_goal_going_down_spans_early_checkins_and_out_of_range_values() -> None:
    lines = chart_lines(goal(8, 5, due=30, unit="%"), [pr(-10, 9), pr(20, 6.5, 2)], D0, height=4)
    assert lines[0].startswith("9 │●")  # the check-in before the start, above the baseline
    assert lines[3].startswith("5 │") and lines[3].endswith("·")  # the target at the due date
    assert lines[5] == "   2023-12-22" + " " * 21 + "2024-01-31"  # 41 days, 41 columns
    assert lines[-1] == "   ● value (%)  · expected pace"


def test_several_checkins_on_one_day_the_latest_wins() -> None:
    assert latest_per_day([pr(1, 5, id=3), pr(1, 7, id=4), pr(0, 1, id=9)]) == [
        (D0, 1), (D0 + timedelta(days=1), 7)]  # fmt: skip
