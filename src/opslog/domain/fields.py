"""Field rules shared by every way in: the commands, `opslog import` and `opslog edit`.
Each rule lives here once. Pure: no I/O.

- A unit is one line of at most MAX_UNIT characters (the unit columns are VARCHAR(40)).
- A confidence is a whole number CONFIDENCE_MIN..CONFIDENCE_MAX.
- A kind's one-line fields (`Kind.one_line`: a goal's title and metric, a risk's
  title, …) are short text: one line, at most MAX_SHORT characters, no tab.
- A field the record class gives no default is required (not empty).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from opslog.domain.records import Action, Common, Note
from opslog.domain.text import MAX_SHORT, clean_short, clean_text, extract_tags, normalize_tags
from opslog.errors import BadInput
from opslog.i18n import _

MAX_UNIT = 40
CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 10
# Widths of the VARCHAR columns that have one (PostgreSQL enforces them).
WIDTHS = {"unit": MAX_UNIT, "owner": MAX_SHORT, "author": MAX_SHORT}


def check_width(value: str, what: str, limit: int) -> str:
    if len(value) > limit:
        raise BadInput(
            _("{what} is too long ({n_value} characters, at most {limit})").format(
                what=what, n_value=len(value), limit=limit
            )
        )
    return value


def clean_unit(text: str, what: str) -> str:
    """A unit as typed: one line, trimmed, at most MAX_UNIT characters."""
    return check_width(clean_short(text, what), what, MAX_UNIT)


def check_confidence(value: object, what: str) -> int:
    """A confidence given as a number (an import's JSON)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not CONFIDENCE_MIN <= value <= CONFIDENCE_MAX
    ):
        raise BadInput(_not_confidence(value, what))
    return value


def parse_confidence(text: str, what: str) -> int:
    """A confidence as typed (ASCII digits only)."""
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit():
        raise BadInput(_not_confidence(text, what))
    if not CONFIDENCE_MIN <= int(stripped) <= CONFIDENCE_MAX:
        raise BadInput(_not_confidence(text, what))
    return int(stripped)


def _not_confidence(value: object, what: str) -> str:
    return f"{what}: {value!r} is not a whole number {CONFIDENCE_MIN}..{CONFIDENCE_MAX}"


def clean_one_line(text: str, what: str, *, required: bool) -> str:
    """A one-line field (`Kind.one_line`): as `goal add`, `risk add` and import check
    it, so that what edit saves an export of it imports again."""
    value = clean_text(text, what, required=required)
    if "\n" in value:
        raise BadInput(_("{what} must be one line").format(what=what))
    return clean_short(value, what)


def edited_values(
    record: Common, after: dict[str, Any], today: date | None = None, week_start: str = "monday"
) -> dict[str, Any]:
    """What `opslog edit` saves: only the fields the user changed (another opslog may
    have changed the others while the editor was open: those changes stay); for a note
    also its tags, read again from the new text, keeping those given with --tag (not in
    the old text); for an action (given `today`) its `@owner` and `due:D` markers, read
    as `action add` reads them: taken out of the text, and setting the owner or the due
    day."""
    values = {f: v for f, v in after.items() if v != getattr(record, f)}
    if isinstance(record, Note) and "text" in values:
        from_flags = [t for t in record.tags if t not in extract_tags(record.text)]
        values["tags"] = normalize_tags([*extract_tags(values["text"]), *from_flags])
    if isinstance(record, Action) and "text" in values and today is not None:
        from opslog.domain.actions import parse_action

        parsed = parse_action(values["text"], today, week_start=week_start)
        values["text"] = parsed.text
        if parsed.owner:
            values["owner"] = parsed.owner
        if parsed.due is not None:
            values["due"] = parsed.due
    return values


def required_fields(record: type[Common]) -> frozenset[str]:
    """The fields a record class gives no default: they may not be empty."""
    return frozenset(
        f.name
        for f in dataclasses.fields(record)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
