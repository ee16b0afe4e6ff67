"""Goals and their check-ins (progress).

Every function runs inside the caller's transaction. Functions that change a goal
validate the result with the domain's rules before writing, so a refused change
leaves the transaction (and the database) as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from opslog.domain.goals import (
    check_target_shown_apart,
    flips_direction,
    validate_goal_numbers,
)
from opslog.domain.records import Goal, Kpi, Progress
from opslog.errors import BadInput
from opslog.i18n import _, joined
from opslog.store.crud import create, find, get, update
from opslog.store.db import Conn

GoalHistory = tuple[Goal, list[Progress]]
"""A goal with all its check-ins, oldest first (by day, then as entered)."""

EDITABLE = ("title", "metric", "unit", "baseline", "target", "start", "due", "owner")


def active_goals(conn: Conn, author: str) -> list[Goal]:
    return find(conn, Goal, "author = :a AND status = 'active'", {"a": author})


def own_active_goals(conn: Conn, me: str) -> list[Goal]:
    """The active goals `me` answers for: owned by them, or written by them with no owner.
    Not those following a KPI: the KPI's readings are their values."""
    return find(
        conn,
        Goal,
        "status = 'active' AND kpi_uid IS NULL"
        " AND (owner = :a OR ((owner IS NULL OR owner = '') AND author = :a))",
        {"a": me},
    )


def whose_goals(conn: Conn, ids: list[int]) -> dict[int, str]:
    """Each goal's owner (its author when it has none), by id."""
    if not ids:
        return {}
    keys = {f"g{i}": n for i, n in enumerate(ids)}
    marks = ", ".join(f":{k}" for k in keys)
    rows = conn.rows(f"SELECT id, owner, author FROM goal WHERE id IN ({marks})", keys)
    return {int(r["id"]): str(r["owner"] or r["author"]) for r in rows}


def latest_progress(conn: Conn, goal_uid: str) -> Progress | None:
    found = find(conn, Progress, "goal_uid = :g", {"g": goal_uid}, order="day DESC, id DESC")
    return found[0] if found else None


def record_progress(
    conn: Conn,
    *,
    goal_id: int,
    author: str,
    now: str,
    day: date,
    value: float,
    confidence: int | None = None,
    note: str = "",
) -> int:
    goal = get(conn, Goal, goal_id)
    if goal.kpi_uid is not None:
        kpi = find(conn, Kpi, "uid = :u", {"u": goal.kpi_uid})
        name = kpi[0].name if kpi else goal.kpi_uid
        raise BadInput(
            _(
                "goal {goal_id} follows the KPI {name}: its values are the KPI's readings;"
                " record the KPI instead (opslog kpi record {name} VALUE)"
            ).format(goal_id=goal_id, name=name)
        )
    if goal.status != "active":
        raise BadInput(
            _("goal {goal_id} is {status}: only active goals take check-ins").format(
                goal_id=goal_id, status=goal.status
            )
        )
    progress = create(
        conn,
        Progress,
        author=author,
        now=now,
        goal_uid=goal.uid,
        day=day,
        value=value,
        confidence=confidence,
        note=note,
    )
    return progress.id


def set_day_value(
    conn: Conn, *, goal_id: int, author: str, now: str, day: date, value: float
) -> int:
    """The check-in's value for a goal: one per goal, author and day. A value the author
    already gave the goal that day without a note (what a check-in writes; a `goal
    checkin --note …` stays as it is) is replaced, keeping its confidence; otherwise a
    new one is added. Returns the progress id."""
    goal = get(conn, Goal, goal_id)
    same_day = find(
        conn,
        Progress,
        "goal_uid = :g AND author = :a AND day = :d AND (note IS NULL OR note = '')",
        {"g": goal.uid, "a": author, "d": day.isoformat()},
        order="created_at DESC, id DESC",
    )
    if not same_day or goal.status != "active" or goal.kpi_uid is not None:
        return record_progress(  # which refuses a goal that is closed or follows a KPI
            conn, goal_id=goal_id, author=author, now=now, day=day, value=value
        )
    if same_day[0].value != value:
        update(conn, "progress", same_day[0].id, {"value": value}, now)
    return same_day[0].id


def add_goal(
    conn: Conn,
    *,
    author: str,
    now: str,
    title: str,
    metric: str,
    target: float,
    due: date,
    start: date,
    baseline: float = 0.0,
    unit: str = "",
    owner: str = "",
    why: str = "",
    kpi_uid: str | None = None,
) -> int:
    """Insert an active goal; refuses numbers and dates the arithmetic cannot use."""
    validate_goal_numbers(baseline, target, start, due)
    goal = create(
        conn,
        Goal,
        author=author,
        now=now,
        title=title,
        metric=metric,
        target=target,
        due=due,
        start=start,
        baseline=baseline,
        unit=unit,
        owner=owner,
        status="active",
        why=why,
        done_day=None,
        kpi_uid=kpi_uid,
    )
    return goal.id


def progress_of(conn: Conn, goal_uids: list[str]) -> dict[str, list[Progress]]:
    """Check-ins per goal uid, oldest first; every uid asked for has a list."""
    result: dict[str, list[Progress]] = {u: [] for u in goal_uids}
    if not goal_uids:
        return result
    keys = {f"g{i}": u for i, u in enumerate(goal_uids)}
    marks = ", ".join(f":{k}" for k in keys)
    for p in find(conn, Progress, f"goal_uid IN ({marks})", keys, order="day, created_at, id"):
        result[p.goal_uid].append(p)
    return result


def kpi_values(
    conn: Conn, goals: Sequence[Goal], upto: date, week_start: str = "monday"
) -> dict[str, list[Progress]]:
    """The values of the goals that follow a KPI, by goal uid, as check-ins (id 0, no
    confidence) from the goal's start up to `upto`: the rule is `domain.kpis.goal_values`
    over the goal author's readings. A goal whose KPI is gone has none."""
    from opslog.domain.kpis import goal_values
    from opslog.store.kpis import load_series

    following = [g for g in goals if g.kpi_uid is not None]
    if not following:
        return {}
    keys = {f"k{i}": u for i, u in enumerate(sorted({str(g.kpi_uid) for g in following}))}
    marks = ", ".join(f":{k}" for k in keys)
    kpis = {k.uid: k for k in find(conn, Kpi, f"uid IN ({marks})", keys)}
    out: dict[str, list[Progress]] = {}
    for goal in following:
        kpi = kpis.get(str(goal.kpi_uid))
        if kpi is None:
            out[goal.uid] = []
            continue
        series = load_series(conn, goal.author, [kpi], _DAY_ONE, upto)
        out[goal.uid] = [
            _point(goal, kpi, day, value)
            for day, value in goal_values(kpi, series, upto, week_start)
            if day >= goal.start
        ]
    return out


def _point(goal: Goal, kpi: Kpi, day: date, value: float) -> Progress:
    """One of a KPI's values as a check-in of the goal following it."""
    stamp = f"{day.isoformat()}T23:59:59.000000+00:00"
    return Progress(0, f"{kpi.uid}@{day.isoformat()}", goal.author, stamp, stamp,
                    goal_uid=goal.uid, day=day, value=value)  # fmt: skip


def kpi_value_on(conn: Conn, kpi: Kpi, author: str, day: date, week_start: str) -> float | None:
    """A KPI's value on `day` as a goal following it reads it (its latest value by then),
    or None: a new goal's default baseline."""
    from opslog.domain.kpis import goal_values
    from opslog.store.kpis import load_series

    series = load_series(conn, author, [kpi], _DAY_ONE, day)
    values = goal_values(kpi, series, day, week_start)
    return values[-1][1] if values else None


_DAY_ONE = date(1, 1, 1)


def goal_history(
    conn: Conn, goal_id: int, today: date | None = None, week_start: str = "monday"
) -> GoalHistory:
    """The goal and its check-ins (a goal following a KPI: its values up to `today`);
    NotFound ("no goal with id 9") if there is none."""
    goal = get(conn, Goal, goal_id)
    if goal.kpi_uid is not None:
        return goal, kpi_values(conn, [goal], today or date.max, week_start)[goal.uid]
    return goal, progress_of(conn, [goal.uid])[goal.uid]


def goal_histories(
    conn: Conn, author: str, today: date | None = None, week_start: str = "monday", *,
    include_closed: bool = False,
) -> list[GoalHistory]:  # fmt: skip
    """The author's goals (active only, unless include_closed) with their check-ins
    (those following a KPI: its values up to `today`)."""
    where = "author = :a" + ("" if include_closed else " AND status = 'active'")
    goals = find(conn, Goal, where, {"a": author})
    progress = progress_of(conn, [g.uid for g in goals if g.kpi_uid is None])
    progress.update(kpi_values(conn, goals, today or date.max, week_start))
    return [(g, progress[g.uid]) for g in goals]


def checkin_goal(
    conn: Conn,
    *,
    goal_id: int,
    author: str,
    now: str,
    day: date,
    value: float,
    confidence: int | None = None,
    note: str = "",
) -> GoalHistory:
    """Record a check-in and return the goal's history including it."""
    record_progress(
        conn,
        goal_id=goal_id,
        author=author,
        now=now,
        day=day,
        value=value,
        confidence=confidence,
        note=note,
    )
    return goal_history(conn, goal_id, day)


def close_goal(conn: Conn, goal_id: int, *, status: str, day: date, now: str) -> tuple[Goal, bool]:
    """Mark a goal done or dropped on `day` (kept in done_day, so that the weekly
    report stops listing it after that week). Returns (goal, changed); a goal already
    in that status is left as it is."""
    if status not in ("done", "dropped"):
        raise BadInput(
            _("bad goal status {status!r}: expected done or dropped").format(status=status)
        )
    goal = get(conn, Goal, goal_id)
    if goal.status == status:
        return goal, False
    update(conn, "goal", goal_id, {"status": status, "done_day": day}, now)
    return get(conn, Goal, goal_id), True


def edit_goal(
    conn: Conn, goal_id: int, changes: dict[str, Any], now: str, *, flip_ok: bool = False
) -> tuple[Goal, Goal]:
    """Change the fields of EDITABLE; the result is validated like a new goal. A change
    turning the goal around (from going up to going down, or back) is refused unless
    `flip_ok` (the command asked, or was given --yes). Returns (before, after)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise BadInput(
            _("cannot edit {items}: only {items2}").format(
                items=joined(sorted(unknown)), items2=joined(EDITABLE)
            )
        )
    before = get(conn, Goal, goal_id)
    baseline = changes.get("baseline", before.baseline)
    target = changes.get("target", before.target)
    validate_goal_numbers(
        baseline, target, changes.get("start", before.start), changes.get("due", before.due)
    )
    if "target" in changes or "baseline" in changes:
        check_target_shown_apart(baseline, target)
    if flips_direction(before, changes) and not flip_ok:
        raise BadInput(
            _("goal {id} would turn around; give --yes to change its direction").format(id=goal_id)
        )
    if changes:
        update(conn, "goal", goal_id, changes, now)
    return before, get(conn, Goal, goal_id)
