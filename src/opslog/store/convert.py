"""Rows <-> domain records. Days are `YYYY-MM-DD` text and lists JSON text in the
database; records hold `date` and `list`."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date
from typing import Any, TypeVar

from opslog.domain import records
from opslog.domain.kinds import ALL
from opslog.domain.plain import from_fields

RECORD_TYPES: dict[str, type[records.Common]] = {k.name: k.record for k in ALL}
# Read off the record classes: `date` fields are YYYY-MM-DD text, `list` fields JSON text.
_FIELDS = [f for cls in RECORD_TYPES.values() for f in dataclasses.fields(cls)]
DATE_FIELDS = frozenset(f.name for f in _FIELDS if str(f.type).startswith("date"))
JSON_FIELDS = frozenset(f.name for f in _FIELDS if str(f.type).startswith("list"))
R = TypeVar("R", bound=records.Common)


def columns(kind: str) -> list[str]:
    return [f.name for f in dataclasses.fields(RECORD_TYPES[kind])]


# Each record class's fields, split by how a column turns into a value.
_ROW_PLANS: dict[type, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def _row_plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    plan = _ROW_PLANS[cls] = (
        names,
        tuple(n for n in names if n in DATE_FIELDS),
        tuple(n for n in names if n in JSON_FIELDS),
    )
    return plan


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    names, days, lists = _ROW_PLANS.get(cls) or _row_plan(cls)
    values: dict[str, Any] = {name: row.get(name) for name in names}
    for name in days:
        if values[name] is not None:
            values[name] = date.fromisoformat(values[name])
    for name in lists:
        values[name] = json.loads(values[name]) if values[name] else []
    return from_fields(cls, values)


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


def to_values(values: dict[str, Any]) -> dict[str, Any]:
    """Some of a record's fields as columns: days as text, lists as JSON text."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif name in JSON_FIELDS and isinstance(value, list):
            value = json.dumps(value, ensure_ascii=False)
        out[name] = value
    return out


def new_uid() -> str:
    return str(uuid.uuid4())


def select_sql(kind: str) -> str:
    cols = ", ".join(f'"{c}"' for c in columns(kind))
    return f'SELECT {cols} FROM "{kind}"'
