"""Rows <-> domain records. Days are `YYYY-MM-DD` text and lists JSON text in the
database; records hold `date` and `list`."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date
from typing import Any, TypeVar

from opslog.domain import records

DATE_FIELDS = frozenset({"day", "start", "due", "done_day", "review_by"})
JSON_FIELDS = frozenset({"tags", "went_well", "to_improve", "workdays"})
RECORD_TYPES: dict[str, type[records.Common]] = {
    "note": records.Note,
    "checkin": records.Checkin,
    "goal": records.Goal,
    "progress": records.Progress,
    "risk": records.Risk,
    "risk_review": records.RiskReview,
    "retro": records.Retro,
    "action": records.Action,
    "kpi": records.Kpi,
    "reading": records.Reading,
    "feedback": records.Feedback,
    "feedback_link": records.FeedbackLink,
    "team_member": records.TeamMember,
}
R = TypeVar("R", bound=records.Common)


def columns(kind: str) -> list[str]:
    return [f.name for f in dataclasses.fields(RECORD_TYPES[kind])]


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        value = row.get(f.name)
        if f.name in DATE_FIELDS and value is not None:
            value = date.fromisoformat(value)
        elif f.name in JSON_FIELDS:
            value = json.loads(value) if value else []
        values[f.name] = value
    return cls(**values)


def to_row(record: records.Common) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif f.name in JSON_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        row[f.name] = value
    return row


def new_uid() -> str:
    return str(uuid.uuid4())


def select_sql(kind: str) -> str:
    cols = ", ".join(f'"{c}"' for c in columns(kind))
    return f'SELECT {cols} FROM "{kind}"'
