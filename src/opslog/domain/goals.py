"""Goal arithmetic: progress, expected pace, status, weekly delta, sparklines.

Pure functions, no I/O and no clock: the day to judge at (`asof`) is always passed in.

Threshold comparisons use a small epsilon (`EPS` = 1e-9) so that a gap that is 0.10
or 0.25 "on paper" is not pushed over the boundary by float error (in floats
0.8 - 0.7 == 0.10000000000000009). A gap within EPS of a boundary counts as on it,
and progress within EPS of 1 counts as reaching the target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date

from opslog.domain.plain import plain
from opslog.domain.records import Goal, Progress, by_other
from opslog.errors import BadInput
from opslog.i18n import _

STALE_DAYS_DEFAULT = 7
EPS = 1e-9
ON_TRACK_GAP = 0.10
AT_RISK_GAP = 0.25
MAX_ABS_NUMBER = 1e15
# The spec's five, "dropped" for a goal given up (shown in the week it was dropped), and
# after the due date "achieved" (the target reached by then) or "missed".
STATUSES = ("done", "no_data", "on_track", "at_risk", "behind", "dropped", "achieved", "missed")
# The rule, in the words `goal --help`, `goal show` and the README give it.
STATUS_RULE = (
    "A goal's status compares its progress, (value - baseline) / (target - baseline),"
    " with the expected pace, the share of the time from start to due that has passed:"
    " on track while progress is at most 0.10 behind the pace, at risk up to 0.25 behind,"
    " behind beyond that; done once the target is reached (or the goal is marked done),"
    " no data before its first value. After the due date: achieved when the value on the"
    " due date had reached the target, missed otherwise. A dropped goal has no pace."
)
SPARK_BARS = "▁▂▃▄▅▆▇█"

# Plain decimal or scientific notation, ASCII only: no "1,234", no "1_000", no "5%",
# no "nan"/"inf" words.
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


@plain(frozen=True)
class GoalState:
    """A goal as seen on day `asof`.

    value       latest check-in value at or before asof (None if none)
    progress    (value - baseline) / (target - baseline); None without data
    expected    clamp((asof - start).days / (due - start).days, 0, 1); None for a goal
                dropped (no pace is expected of it any more)
    status      one of STATUSES
    delta       latest value within [week_start, asof] minus the latest value before
                week_start (or the baseline if none); None if no check-in in the week
                or no week_start given
    confidence  confidence of the latest check-in at or before asof that gave one
    confidence_carried  the latest check-in gave none: `confidence` is carried from an
                earlier one (a check-in's value entered without a confidence keeps the
                latest confidence given, marked as carried)
    stale       last check-in more than stale_days before asof; a goal with no
                check-in at all is not stale, its status is "no_data"; nor is one
                achieved or missed (judged for good)
    last_day    day of the latest check-in at or before asof
    """

    value: float | None
    progress: float | None
    expected: float | None
    status: str
    delta: float | None
    confidence: int | None
    stale: bool
    last_day: date | None
    confidence_carried: bool = False


def validate_goal_numbers(baseline: float, target: float, start: date, due: date) -> None:
    """Refuse a goal whose progress or pace cannot be computed."""
    for name, number in (("baseline", baseline), ("target", target)):
        if not math.isfinite(number):
            raise BadInput(
                _("{name} {number!r} is not a finite number").format(name=name, number=number)
            )
    if target == baseline:
        raise BadInput(
            _("target {target:g} equals baseline {baseline:g}").format(
                target=target, baseline=baseline
            )
        )
    if due <= start:
        raise BadInput(
            _("due {due} is not after start {start}").format(
                due=due.isoformat(), start=start.isoformat()
            )
        )


def check_target_shown_apart(baseline: float, target: float) -> None:
    """A new target must differ from the baseline as the views show numbers (two
    decimals): otherwise progress is a division by almost nothing (a target of 1e-320
    over a baseline of 0 makes any value an overflow) and reads as nonsense."""
    if f"{target:.2f}" == f"{baseline:.2f}":
        raise BadInput(
            _(
                "target {target!r} cannot be told from baseline {baseline!r} "
                "at the two decimals shown; use a smaller unit (per mille, "
                "ms, …)"
            ).format(target=target, baseline=baseline)
        )


def flips_direction(goal: Goal, changes: Mapping[str, object]) -> bool:
    """Whether new `baseline`/`target` values turn the goal around: it went up (target
    above baseline) and would go down, or the reverse."""
    baseline = changes.get("baseline", goal.baseline)
    target = changes.get("target", goal.target)
    assert isinstance(baseline, float | int) and isinstance(target, float | int)
    if target == baseline:  # no direction at all: refused as such by validate_goal_numbers
        return False
    return (goal.target > goal.baseline) != (target > baseline)


def parse_number(text: str, what: str) -> float:
    """Parse a plain decimal number from CLI text, naming the value when refusing it."""
    stripped = text.strip()
    if not _NUMBER_RE.fullmatch(stripped):
        raise BadInput(_("{what}: {text!r} is not a number").format(what=what, text=text))
    value = float(stripped)
    if not math.isfinite(value) or abs(value) > MAX_ABS_NUMBER:
        raise BadInput(
            _("{what}: {text!r} is out of range (at most 1e15 either way)").format(
                what=what, text=text
            )
        )
    return value


@plain
class GoalLine:
    """A goal as the views show it: the record, its state, its values by day."""

    goal: Goal
    state: GoalState
    checkins: list[tuple[date, float]]  # (day, value), the latest of each day, up to asof
    value_by: str | None = None  # who gave the latest value, when not the goal's author/owner


@plain
class GoalDetail:
    """`goal show`: the goal on `asof`, and each check-in judged on its own day."""

    line: GoalLine
    asof: date
    progress: list[Progress]  # every check-in, for the chart
    history: list[tuple[Progress, GoalState]]  # oldest first


def goal_line(
    goal: Goal,
    checkins: Sequence[Progress],
    asof: date,
    *,
    week_start: date | None = None,
    stale_days: int = STALE_DAYS_DEFAULT,
) -> GoalLine:
    state = goal_state(goal, checkins, asof, week_start=week_start, stale_days=stale_days)
    seen = [p for p in checkins if p.day <= asof and p.goal_uid == goal.uid]
    latest = max(seen, key=_order_key) if seen else None
    return GoalLine(
        goal,
        state,
        [(d, v) for d, v in latest_per_day(checkins) if d <= asof],
        by_other(latest.author, goal) if latest else None,
    )


def goal_lines(
    histories: Sequence[tuple[Goal, list[Progress]]], asof: date, stale_days: int
) -> list[GoalLine]:
    return [goal_line(g, ps, asof, stale_days=stale_days) for g, ps in histories]


def goal_detail(goal: Goal, checkins: list[Progress], asof: date, stale_days: int) -> GoalDetail:
    ordered = sorted(checkins, key=_order_key)
    # each judged on its own day, with the ones before it (for a carried confidence)
    history = [(p, goal_state(goal, ordered[: i + 1], p.day)) for i, p in enumerate(ordered)]
    line = goal_line(goal, checkins, asof, stale_days=stale_days)
    return GoalDetail(line, asof, list(checkins), history)


def expected_value(goal: Goal, day: date) -> float:
    """The value the expected pace reaches on `day` (baseline at the start, target at
    the due date, flat outside)."""
    return goal.baseline + _expected(goal, day) * (goal.target - goal.baseline)


def _order_key(p: Progress) -> tuple[date, str, int]:
    return (p.day, p.created_at, p.id)


def _expected(goal: Goal, asof: date) -> float:
    span = (goal.due - goal.start).days
    if span <= 0:  # never made by opslog, but a view must survive any stored goal
        return 1.0
    ratio = (asof - goal.start).days / span
    return min(1.0, max(0.0, ratio))


def _progress(goal: Goal, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        progress = (value - goal.baseline) / (goal.target - goal.baseline)
    except (ZeroDivisionError, OverflowError):
        return None
    return progress if math.isfinite(progress) else None


def _status(
    goal: Goal, progress: float | None, expected: float, asof: date, at_due: float | None
) -> str:
    """The rule (STATUS_RULE); `at_due` is the progress of the latest value on or
    before the due date."""
    if goal.status in ("done", "dropped") and (goal.done_day is None or goal.done_day <= asof):
        return goal.status
    if asof > goal.due:
        return "achieved" if at_due is not None and at_due >= 1.0 - EPS else "missed"
    if progress is None:
        return "no_data"
    if progress >= 1.0 - EPS:
        return "done"
    gap = expected - progress
    if gap <= ON_TRACK_GAP + EPS:
        return "on_track"
    if gap <= AT_RISK_GAP + EPS:
        return "at_risk"
    return "behind"


def goal_state(
    goal: Goal,
    checkins: Sequence[Progress],
    asof: date,
    week_start: date | None = None,
    stale_days: int = STALE_DAYS_DEFAULT,
) -> GoalState:
    """Compute a goal's state on `asof` from its check-ins.

    Only check-ins with day <= asof and goal_uid == goal.uid count; among several on
    one day the latest by created_at (then id) wins. Check-ins before the goal's start
    count normally. Any stored numbers give a state (a view must never fail on
    them): progress that cannot be computed as a finite number is None.
    """
    seen = sorted((p for p in checkins if p.day <= asof and p.goal_uid == goal.uid), key=_order_key)
    expected = _expected(goal, asof)
    latest = seen[-1] if seen else None

    value = latest.value if latest is not None else None
    progress = _progress(goal, value)

    delta: float | None = None
    if week_start is not None:
        in_week = [p for p in seen if week_start <= p.day]
        before = [p for p in seen if p.day < week_start]
        if in_week:
            earlier = before[-1].value if before else goal.baseline
            delta = in_week[-1].value - earlier

    last_day = latest.day if latest is not None else None
    given = [p.confidence for p in seen if p.confidence is not None]
    confidence = given[-1] if given else None
    by_due = [p for p in seen if p.day <= goal.due]
    at_due = _progress(goal, by_due[-1].value) if by_due else None
    status = _status(goal, progress, expected, asof, at_due)
    return GoalState(
        value=value,
        progress=progress,
        expected=None if status == "dropped" else expected,
        status=status,
        delta=delta,
        confidence=confidence,
        # a goal judged for good (past its due date) waits for no check-in
        stale=status not in ("achieved", "missed")
        and last_day is not None
        and (asof - last_day).days > stale_days,
        last_day=last_day,
        confidence_carried=confidence is not None
        and latest is not None
        and latest.confidence is None,
    )


def sparkline(values: Sequence[float]) -> str:
    """One bar per value, scaled from min to max; a flat series gives middle bars."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARK_BARS[3] * len(values)
    top = len(SPARK_BARS) - 1

    def level(v: float) -> int:
        at = (v - lo) / (hi - lo) * top if math.isfinite(hi - lo) else 0.0
        return min(top, max(0, round(at))) if math.isfinite(at) else 0

    return "".join(SPARK_BARS[level(v)] for v in values)


def latest_per_day(checkins: Sequence[Progress]) -> list[tuple[date, float]]:
    """One (day, value) per day, the latest entered on that day winning, oldest first."""
    by_day: dict[date, Progress] = {}
    for p in sorted(checkins, key=_order_key):
        by_day[p.day] = p
    return [(d, p.value) for d, p in sorted(by_day.items())]
