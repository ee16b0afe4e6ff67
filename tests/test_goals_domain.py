from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.goals import (
    STATUSES,
    goal_state,
    parse_number,
    sparkline,
    validate_goal_numbers,
)
from opslog.domain.records import Goal, Progress
from opslog.errors import BadInput

D0 = date(2024, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def goal(
    baseline: float = 0.0,
    target: float = 10.0,
    start: int = 0,
    due: int = 10,
    **kw: object,
) -> Goal:
    return Goal(
        id=1,
        uid="g1",
        author="a",
        created_at="c",
        updated_at="u",
        title="t",
        metric="m",
        baseline=baseline,
        target=target,
        start=day(start),
        due=day(due),
        **kw,  # type: ignore[arg-type]
    )


_next_id = iter(range(1, 10**9))


def pr(n: int, value: float, created: str = "", conf: int | None = None, id: int = 0) -> Progress:
    return Progress(
        id=id or next(_next_id),
        uid=f"p{n}",
        author="a",
        created_at=created or f"{n:05}",
        updated_at="u",
        goal_uid="g1",
        day=day(n),
        value=value,
        confidence=conf,
    )


def test_up_goal_progress_and_value() -> None:
    s = goal_state(goal(0, 10), [pr(1, 2), pr(5, 5)], day(5))
    assert s.value == 5 and s.progress == pytest.approx(0.5)
    assert s.expected == pytest.approx(0.5)
    assert s.status == "on_track" and s.last_day == day(5)


def test_down_goal_progress() -> None:
    s = goal_state(goal(100, 80), [pr(5, 90)], day(5))
    assert s.progress == pytest.approx(0.5) and s.status == "on_track"
    assert goal_state(goal(100, 80), [pr(5, 75)], day(5)).status == "done"
    assert goal_state(goal(100, 80), [pr(5, 110)], day(5)).progress == pytest.approx(-0.5)


def test_no_data() -> None:
    s = goal_state(goal(), [pr(6, 5)], day(5), week_start=day(1))
    assert s.status == "no_data"
    assert s.value is None and s.progress is None and s.confidence is None
    assert s.delta is None and s.last_day is None and s.stale is False
    assert s.expected == pytest.approx(0.5)


def test_checkin_before_start_counts() -> None:
    s = goal_state(goal(0, 10, start=5, due=15), [pr(2, 3)], day(4))
    assert s.value == 3 and s.progress == pytest.approx(0.3)
    assert s.expected == 0.0 and s.status == "on_track"


def test_checkin_after_due_counts_and_future_ignored() -> None:
    checkins = [pr(5, 4), pr(12, 8), pr(20, 10)]
    s = goal_state(goal(0, 10, due=10), checkins, day(15))
    assert s.value == 8 and s.last_day == day(12)
    # past the due date: judged on the value then (4 of 10): missed
    assert s.expected == 1.0 and s.status == "missed"
    # on the due day itself the pace rule still holds: 1.0 - 0.4 > 0.25
    assert goal_state(goal(0, 10, due=10), checkins, day(10)).status == "behind"


def test_after_the_due_date_achieved_only_when_reached_by_then() -> None:
    g = goal(0, 10, due=10)
    assert goal_state(g, [pr(9, 10)], day(11)).status == "achieved"
    assert goal_state(g, [pr(10, 10.5)], day(30)).status == "achieved"
    # reached a day late: missed; reached in time then fell back: judged on the due day
    assert goal_state(g, [pr(9, 6), pr(11, 10)], day(12)).status == "missed"
    assert goal_state(g, [pr(8, 10), pr(10, 9)], day(12)).status == "missed"
    assert goal_state(g, [], day(11)).status == "missed"  # never a value
    down = goal(8, 5, due=10)  # a goal that goes down
    assert goal_state(down, [pr(10, 4.9)], day(11)).status == "achieved"
    # marked done or dropped by then: those words win
    assert (
        goal_state(goal(0, 10, due=10, status="done", done_day=day(12)), [], day(13)).status
        == "done"
    )
    dropped = goal_state(goal(0, 10, due=10, status="dropped", done_day=day(5)), [], day(13))
    assert (dropped.status, dropped.expected) == ("dropped", None)


def test_several_checkins_one_day_latest_created_wins() -> None:
    late = pr(3, 7, created="2024-01-04T18:00:00Z", conf=2)
    early = pr(3, 9, created="2024-01-04T09:00:00Z", conf=5)
    s = goal_state(goal(), [late, early], day(3))
    assert s.value == 7 and s.confidence == 2


def test_same_created_at_higher_id_wins() -> None:
    a = pr(3, 7, created="same", id=50)
    b = pr(3, 9, created="same", id=40)
    assert goal_state(goal(), [a, b], day(3)).value == 7
    assert goal_state(goal(), [b, a], day(3)).value == 7


def test_due_date_in_past_expected_is_one() -> None:
    s = goal_state(goal(0, 10, due=10), [pr(9, 6)], day(400))
    assert s.expected == 1.0
    assert s.status == "missed"


def test_done_early_by_done_day() -> None:
    g = goal(status="done", done_day=day(4))
    assert goal_state(g, [pr(1, 3)], day(4)).status == "done"
    assert goal_state(g, [pr(1, 3)], day(3)).status == "on_track"
    assert goal_state(g, [], day(3)).status == "no_data"
    assert goal_state(goal(status="done"), [], day(3)).status == "done"


def test_delta_against_earlier_checkin() -> None:
    checkins = [pr(2, 4), pr(8, 5), pr(9, 7)]
    s = goal_state(goal(), checkins, day(10), week_start=day(7))
    assert s.delta == pytest.approx(3)


def test_delta_against_baseline_without_earlier_checkin() -> None:
    s = goal_state(goal(2, 20), [pr(8, 5)], day(10), week_start=day(7))
    assert s.delta == pytest.approx(3)


def test_delta_none_without_checkin_in_week_or_week_start() -> None:
    assert goal_state(goal(), [pr(2, 4)], day(10), week_start=day(7)).delta is None
    assert goal_state(goal(), [pr(8, 4)], day(10)).delta is None
    assert goal_state(goal(), [pr(8, 4), pr(11, 6)], day(10), day(7)).delta == 4


def test_stale_after_more_than_stale_days() -> None:
    g = goal(due=100)
    assert goal_state(g, [pr(10, 1)], day(17)).stale is False
    assert goal_state(g, [pr(10, 1)], day(18)).stale is True
    assert goal_state(g, [pr(10, 1)], day(13), stale_days=2).stale is True


def test_confidence_is_the_latest_given_and_carried_when_the_latest_gave_none() -> None:
    s = goal_state(goal(), [pr(1, 1, conf=4), pr(2, 2, conf=None)], day(3))
    assert (s.confidence, s.confidence_carried) == (4, True)
    s = goal_state(goal(), [pr(1, 1, conf=None), pr(2, 2, conf=3)], day(3))
    assert (s.confidence, s.confidence_carried) == (3, False)
    s = goal_state(goal(), [pr(1, 1, conf=None)], day(3))
    assert (s.confidence, s.confidence_carried) == (None, False)


@pytest.mark.parametrize(
    ("due", "asof", "target", "value", "status"),
    [
        (10, 8, 10, 7, "on_track"),  # 0.8 - 0.7 == 0.10000000000000009 in floats
        (10, 9, 10, 8, "on_track"),  # gap 0.10
        (100, 61, 100, 50, "at_risk"),  # gap 0.11
        (12, 7, 12, 4, "at_risk"),  # 7/12 - 4/12 == 0.25000000000000006 in floats
        (100, 75, 100, 50, "at_risk"),  # gap 0.25
        (100, 76, 100, 50, "behind"),  # gap 0.26
    ],
)
def test_status_boundaries(due: int, asof: int, target: float, value: float, status: str) -> None:
    s = goal_state(goal(0, target, due=due), [pr(1, value)], day(asof))
    assert s.status == status


@pytest.mark.parametrize(
    ("baseline", "target", "start", "due"),
    [
        (5, 5, 0, 10),
        (0, 1, 10, 10),
        (0, 1, 10, 5),
        (math.nan, 1, 0, 1),
        (0, math.inf, 0, 1),
        (-math.inf, 0, 0, 1),
    ],
)
def test_validate_goal_numbers_refuses(
    baseline: float, target: float, start: int, due: int
) -> None:
    with pytest.raises(BadInput):
        validate_goal_numbers(baseline, target, day(start), day(due))


def test_goal_state_survives_any_stored_goal() -> None:
    # Issue 17: a view never fails on stored numbers; progress it cannot compute is None.
    assert goal_state(goal(3, 3), [], day(1)).progress is None


@pytest.mark.parametrize(
    "text", ["nan", "inf", "-inf", "1e400", "abc", "", "1e16", "1,234.5", "5%", "1_000"]
)
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_number(text, "target")
    assert repr(text) in str(err.value) and "target" in str(err.value)


def test_parse_number_accepts_plain_floats() -> None:
    assert parse_number("12.5", "v") == 12.5
    assert parse_number(" -3 ", "v") == -3.0
    assert parse_number("1e15", "v") == 1e15
    assert parse_number(".5", "v") == 0.5


def test_sparkline() -> None:
    assert sparkline([]) == ""
    assert sparkline([3, 3, 3]) == "▄▄▄"
    assert sparkline(list(range(8))) == "▁▂▃▄▅▆▇█"
    assert sparkline([10, 0]) == "█▁"


finite = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)


@given(finite, finite)
def test_progress_of_target_is_one_and_of_baseline_is_zero(b: float, t: float) -> None:
    if b == t:
        return
    at_target = goal_state(goal(b, t), [pr(1, t)], day(1)).progress
    at_baseline = goal_state(goal(b, t), [pr(1, b)], day(1)).progress
    assert at_target is not None and abs(at_target - 1) <= 1e-9
    assert at_baseline is not None and abs(at_baseline) <= 1e-9


@given(st.integers(1, 400), st.integers(-500, 500), st.integers(0, 500))
def test_expected_in_unit_interval_and_monotonic(span: int, a: int, step: int) -> None:
    g = goal(due=span)
    e1 = goal_state(g, [], day(a)).expected
    e2 = goal_state(g, [], day(a + step)).expected
    assert e1 is not None and e2 is not None  # an active goal always has a pace
    assert 0.0 <= e1 <= e2 <= 1.0


@given(
    st.booleans(),
    st.lists(st.tuples(st.integers(-20, 60), finite, st.none() | st.integers(1, 5)), max_size=6),
    st.integers(-20, 60),
    st.sampled_from(["active", "done", "dropped"]),
)
def test_status_is_one_of_the_status_words(
    down: bool, rows: list[tuple[int, float, int | None]], asof: int, status: str
) -> None:
    g = goal(100, 0, status=status) if down else goal(0, 100, status=status)
    checkins = [pr(n, v, conf=c) for n, v, c in rows]
    s = goal_state(g, checkins, day(asof), week_start=day(asof - 6))
    assert s.status in STATUSES
    past_due = day(asof) > g.due
    assert (s.status == "no_data") == (
        s.value is None and status not in ("done", "dropped") and not past_due
    )
    assert (s.expected is None) == (s.status == "dropped")
