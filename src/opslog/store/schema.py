"""The tables, defined once, as SQLModel models: the single source of truth.

This module imports SQLModel (~300 ms), so only the SQLAlchemy path (PostgreSQL, the
schema generator and the drift tests) imports it. The everyday SQLite path runs the
DDL that `store/gen_ddl.py` generated from these models (`store/ddl_v1.py`), which
`tests/test_schema_drift.py` compares against them, so the two cannot drift apart.

Portable on purpose (a team may point opslog at PostgreSQL): days are `YYYY-MM-DD`
strings and timestamps ISO 8601 UTC strings, identical on both back ends and stable
through export/import; lists are JSON text; no SQLite-only types.
"""

from __future__ import annotations

from sqlmodel import CheckConstraint, Field, Index, SQLModel, UniqueConstraint


class Base(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=36, unique=True)
    author: str = Field(max_length=200)
    created_at: str = Field(max_length=40)
    updated_at: str = Field(max_length=40)


class Meta(SQLModel, table=True):
    __tablename__ = "opslog_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class Note(Base, table=True):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_author_day", "author", "day"),)
    day: str = Field(max_length=10, index=True)
    text: str
    tags: str = Field(default="[]")  # JSON array of lower-case tags


class Checkin(Base, table=True):
    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("author", "day", name="uq_checkin_author_day"),)
    day: str = Field(max_length=10, index=True)
    done: str = Field(default="")
    blockers: str = Field(default="")
    plan: str = Field(default="")
    mood: int | None = Field(default=None)


class Goal(Base, table=True):
    __tablename__ = "goal"
    __table_args__ = (Index("ix_goal_author", "author"),)
    title: str
    metric: str
    unit: str = Field(default="", max_length=40)
    baseline: float = Field(default=0.0)
    target: float
    start: str = Field(max_length=10)
    due: str = Field(max_length=10)
    owner: str = Field(default="", max_length=200)
    status: str = Field(default="active", max_length=10)
    why: str = Field(default="")
    done_day: str | None = Field(default=None, max_length=10)
    # v3: a goal that follows a KPI takes its values from the KPI's readings
    kpi_uid: str | None = Field(default=None, max_length=36, foreign_key="kpi.uid")


class Progress(Base, table=True):
    __tablename__ = "progress"
    __table_args__ = (Index("ix_progress_author_day", "author", "day"),)
    goal_uid: str = Field(max_length=36, foreign_key="goal.uid", index=True)
    day: str = Field(max_length=10, index=True)
    value: float
    confidence: int | None = Field(default=None)
    note: str = Field(default="")


class Risk(Base, table=True):
    __tablename__ = "risk"
    __table_args__ = (Index("ix_risk_author_day", "author", "day"),)
    day: str = Field(max_length=10, index=True)
    title: str
    probability: int
    impact: int
    owner: str = Field(default="", max_length=200)
    mitigation: str = Field(default="")
    status: str = Field(default="open", max_length=10)
    review_by: str | None = Field(default=None, max_length=10)


class RiskReview(Base, table=True):
    __tablename__ = "risk_review"
    __table_args__ = (Index("ix_risk_review_author_day", "author", "day"),)
    risk_uid: str = Field(max_length=36, foreign_key="risk.uid", index=True)
    day: str = Field(max_length=10, index=True)
    old_probability: int | None = Field(default=None)
    new_probability: int
    old_impact: int | None = Field(default=None)
    new_impact: int
    old_status: str | None = Field(default=None, max_length=10)
    new_status: str = Field(max_length=10)
    note: str = Field(default="")


class Retro(Base, table=True):
    __tablename__ = "retro"
    __table_args__ = (UniqueConstraint("author", "week", name="uq_retro_author_week"),)
    week: str = Field(max_length=8, index=True)
    day: str = Field(max_length=10, index=True)
    went_well: str = Field(default="[]")  # JSON array
    to_improve: str = Field(default="[]")  # JSON array


class Action(Base, table=True):
    __tablename__ = "action"
    __table_args__ = (Index("ix_action_author_day", "author", "day"),)
    day: str = Field(max_length=10, index=True)
    text: str
    owner: str = Field(default="", max_length=200)
    due: str | None = Field(default=None, max_length=10)
    status: str = Field(default="open", max_length=10)
    done_day: str | None = Field(default=None, max_length=10)
    retro_uid: str | None = Field(default=None, max_length=36, foreign_key="retro.uid")
    done_by: str | None = Field(default=None, max_length=200)  # v2: who marked it done


# --- schema version 2 ------------------------------------------------------------------


class Kpi(Base, table=True):
    __tablename__ = "kpi"
    __table_args__ = (Index("ix_kpi_author", "author"),)
    name: str
    unit: str = Field(default="", max_length=40)
    agg: str = Field(default="sum", max_length=10)  # sum | avg | last (a ratio: sum)
    ratio_num_uid: str | None = Field(default=None, max_length=36)
    ratio_den_uid: str | None = Field(default=None, max_length=36)
    keep_above: float | None = Field(default=None)
    keep_below: float | None = Field(default=None)
    why: str = Field(default="")
    status: str = Field(default="active", max_length=10)


class Reading(Base, table=True):
    __tablename__ = "reading"
    __table_args__ = (
        UniqueConstraint("author", "kpi_uid", "day", name="uq_reading_author_kpi_day"),
        Index("ix_reading_author_day", "author", "day"),
        Index("ix_reading_kpi_uid_day", "kpi_uid", "day"),
    )
    kpi_uid: str = Field(max_length=36, foreign_key="kpi.uid")
    day: str = Field(max_length=10)
    value: float
    note: str = Field(default="")


class Feedback(Base, table=True):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("count >= 1", name="ck_feedback_count"),
        # NULL (no sentiment given) passes a CHECK: no "IS NULL OR" needed
        CheckConstraint("sentiment IN ('pos', 'neu', 'neg')", name="ck_feedback_sentiment"),
        Index("ix_feedback_author_day", "author", "day"),
        Index("ix_feedback_category", "category"),
    )
    day: str = Field(max_length=10)
    text: str
    channel: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=200)
    count: int = Field(default=1)
    sentiment: str | None = Field(default=None, max_length=3)
    action_uid: str | None = Field(default=None, max_length=36, foreign_key="action.uid")
    risk_uid: str | None = Field(default=None, max_length=36, foreign_key="risk.uid")


class FeedbackLink(Base, table=True):
    """`feedback link CATEGORY --action ID`: from `day` on, the category's feedback is
    being worked on by that action (or watched by that risk); several per category."""

    __tablename__ = "feedback_link"
    __table_args__ = (Index("ix_feedback_link_category", "category"),)
    category: str = Field(max_length=200)
    action_uid: str | None = Field(default=None, max_length=36, foreign_key="action.uid")
    risk_uid: str | None = Field(default=None, max_length=36, foreign_key="risk.uid")
    day: str = Field(max_length=10)


class TeamMember(Base, table=True):
    __tablename__ = "team_member"
    name: str = Field(max_length=200, unique=True)  # the member's author name
    workdays: str = Field(default='["mon", "tue", "wed", "thu", "fri"]')  # JSON array


TABLES = {
    "note": Note,
    "checkin": Checkin,
    "goal": Goal,
    "progress": Progress,
    "risk": Risk,
    "risk_review": RiskReview,
    "retro": Retro,
    "action": Action,
    "kpi": Kpi,
    "reading": Reading,
    "feedback": Feedback,
    "feedback_link": FeedbackLink,
    "team_member": TeamMember,
}
