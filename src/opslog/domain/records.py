"""Plain records, one dataclass per kind of the spec. No I/O.

Field names are the spec's and the database's column names; `store/` converts rows
to these before a session closes, `render/` and the export read them back.
Timestamps are ISO 8601 UTC strings and days are `YYYY-MM-DD` strings at the store
boundary; domain code works with `datetime.date` where it computes.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date

from opslog.domain.plain import plain

GOAL_STATUSES = ("active", "done", "dropped")
RISK_STATUSES = ("open", "mitigated", "closed")
ACTION_STATUSES = ("open", "done")
KPI_AGGS = ("sum", "avg", "last")
KPI_STATUSES = ("active", "archived")
SENTIMENTS = ("pos", "neu", "neg")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The ids opslog gives, exports and imports: 1..2**31-1, PostgreSQL SERIAL's range. A
# new record never gets more (store/crud.insert: after an import took the top id, the
# lowest free one), so that what opslog writes its export and import read back.
MAX_ID = 2**31 - 1


@plain  # __init__, == and repr written once for every class (domain/plain.py)
class Common:
    """What every record has: ids, author and timestamps."""

    id: int
    uid: str
    author: str
    created_at: str
    updated_at: str


def by_other(doer: str | None, record: Common) -> str | None:
    """Who did something to a record (a goal's value, a risk's review, an action's done
    mark) when that is neither the record's author nor its owner: the views' "by X"."""
    owner = getattr(record, "owner", "") or ""
    return doer if doer and doer not in (record.author, owner) else None


@plain
class Note(Common):
    day: date
    text: str
    tags: list[str] = field(default_factory=list)


@plain
class Checkin(Common):
    day: date
    done: str = ""
    blockers: str = ""
    plan: str = ""
    mood: int | None = None


@plain
class Goal(Common):
    title: str
    metric: str
    target: float
    due: date
    start: date
    baseline: float = 0.0
    unit: str = ""
    owner: str = ""
    status: str = "active"
    why: str = ""
    done_day: date | None = None
    kpi_uid: str | None = None  # a goal following a KPI: its values are the KPI's


@plain
class Progress(Common):
    goal_uid: str
    day: date
    value: float
    confidence: int | None = None
    note: str = ""


@plain
class Risk(Common):
    day: date
    title: str
    probability: int
    impact: int
    owner: str = ""
    mitigation: str = ""
    status: str = "open"
    review_by: date | None = None

    @property
    def score(self) -> int:
        return self.probability * self.impact


@plain
class RiskReview(Common):
    risk_uid: str
    day: date
    old_probability: int | None
    new_probability: int
    old_impact: int | None
    new_impact: int
    old_status: str | None
    new_status: str
    note: str = ""


@plain
class Retro(Common):
    week: str
    day: date
    went_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)


@plain
class Action(Common):
    day: date
    text: str
    owner: str = ""
    due: date | None = None
    status: str = "open"
    done_day: date | None = None
    retro_uid: str | None = None
    done_by: str | None = None  # schema v2: who marked it done (null: not recorded)


# --- schema v2 ---------------------------------------------------------------------


@plain
class Kpi(Common):
    """A number watched day by day. `agg` says how a period's readings make one value
    (sum for flows, avg for sampled levels, last for stocks); a ratio KPI has both
    `ratio_*_uid` set (its own readings are not used) and stores `agg` "sum"."""

    name: str
    unit: str = ""
    agg: str = "sum"
    ratio_num_uid: str | None = None
    ratio_den_uid: str | None = None
    keep_above: float | None = None
    keep_below: float | None = None
    why: str = ""
    status: str = "active"

    @property
    def is_ratio(self) -> bool:
        return self.ratio_num_uid is not None and self.ratio_den_uid is not None


@plain
class Reading(Common):
    """One KPI's value on one day (one per KPI, author and day)."""

    kpi_uid: str
    day: date
    value: float
    note: str = ""


@plain
class Feedback(Common):
    day: date
    text: str
    channel: str = ""
    category: str = ""
    count: int = 1
    sentiment: str | None = None
    action_uid: str | None = None
    risk_uid: str | None = None


@plain
class FeedbackLink(Common):
    """From `day` on, a category of feedback is answered by an action (or a risk)."""

    category: str
    day: date
    action_uid: str | None = None
    risk_uid: str | None = None


@plain
class TeamMember(Common):
    name: str
    workdays: list[str] = field(default_factory=lambda: list(WEEKDAYS[:5]))
