"""Checking one record of `opslog import` against the rules the commands use
(domain/text, domain/fields, domain/goals, domain/risks), and turning it into a row in
the database's form (days as text, lists as JSON text). Pure: no I/O.

Values are kept as written when they pass (the round trip export -> import -> export is
exact). The first problem raises BadInput naming `where`, the kind and the field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import MISSING
from datetime import date, datetime
from typing import Any

from opslog.domain import records
from opslog.domain.dates import MAX_YEAR, MIN_YEAR
from opslog.domain.feedback import MAX_COUNT as MAX_FEEDBACK_COUNT
from opslog.domain.fields import WIDTHS, check_confidence, check_width, required_fields
from opslog.domain.goals import parse_number, validate_goal_numbers
from opslog.domain.kinds import BY_NAME, KINDS
from opslog.domain.plain import plain
from opslog.domain.risks import check_scale
from opslog.domain.text import MAX_SHORT, MAX_TEXT, clean_short, clean_text, normalize_tags
from opslog.errors import BadInput
from opslog.i18n import _, colon, joined

_UID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEEK_RE = re.compile(r"([0-9]{4})-W([0-9]{2})")


class _Bad(Exception):
    """A field problem; becomes BadInput with the line and kind in front."""


def _uid(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _UID_RE.fullmatch(value):
        raise _Bad(
            _("{name} {value!r} is not a uid (a lowercase UUID)").format(name=name, value=value)
        )
    return value


def _day(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _DAY_RE.fullmatch(value):
        raise _Bad(_("bad {name} {value!r}: expected YYYY-MM-DD").format(name=name, value=value))
    try:
        d = date.fromisoformat(value)
    except ValueError as exc:
        raise _Bad(
            _("bad {name} {value!r}: not a calendar date").format(name=name, value=value)
        ) from exc
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise _Bad(
            _("bad {name} {value!r}: year must be {low}..{high}").format(
                name=name, value=value, low=MIN_YEAR, high=MAX_YEAR
            )
        )
    return value


def _stamp(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise _Bad(
            _("bad {name} {value!r}: expected an ISO 8601 timestamp").format(name=name, value=value)
        )
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise _Bad(
            _("bad {name} {value!r}: expected an ISO 8601 timestamp").format(name=name, value=value)
        ) from exc
    return value


def _int(value: Any, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _Bad(
            _("{name}: {value!r} is not a whole number {lo}..{hi}").format(
                name=name, value=value, lo=lo, hi=hi
            )
        )
    return value


def _scale(value: Any, name: str) -> int:
    return check_scale(value, name)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(_("{name}: {value!r} is not a number").format(name=name, value=value))
    try:
        number = float(value)
    except OverflowError as exc:
        raise _Bad(_("{name}: {value!r} is too large").format(name=name, value=value)) from exc
    if not math.isfinite(number):
        raise _Bad(_("{name}: {value!r} is not a finite number").format(name=name, value=value))
    return parse_number(repr(number), name)


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise _Bad(_("{name}: expected text, got {value!r}").format(name=name, value=value))
    return value


def _text(value: Any, name: str, required: bool) -> str:
    # Checked with the commands' rule, kept as written (the round trip is exact).
    text = _str(value, name)
    clean_text(text, name, required=required)
    return text


def _short(value: Any, name: str, required: bool = False) -> str:
    text = _str(value, name)
    clean_short(text, name, required=required)
    return check_width(text, name, WIDTHS.get(name, MAX_SHORT))


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _Bad(
            _("bad {name} {value!r}: expected {items}").format(
                name=name, value=value, items=joined(allowed)
            )
        )
    return value


def _tags(value: Any, name: str) -> str:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Bad(
            _("{name}: expected a list of strings, got {value!r}").format(name=name, value=value)
        )
    return json.dumps(normalize_tags(value), ensure_ascii=False)


def _items(value: Any, name: str) -> str:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Bad(
            _("{name}: expected a list of strings, got {value!r}").format(name=name, value=value)
        )
    for i, item in enumerate(value, 1):
        clean_text(item, _("{name} item {i}").format(name=name, i=i))
    return json.dumps(value, ensure_ascii=False)


def _week(value: Any, name: str) -> str:
    if not isinstance(value, str) or (m := _WEEK_RE.fullmatch(value)) is None:
        raise _Bad(_("bad {name} {value!r}: expected YYYY-Www").format(name=name, value=value))
    try:
        date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise _Bad(
            _("bad {name} {value!r}: no such ISO week").format(name=name, value=value)
        ) from exc
    return value


Check = Callable[[Any, str], Any]


def _memo(check: Check) -> Check:
    """For fields with few distinct values (authors, days, statuses, tag sets): a pure
    check runs once per distinct value, not once per line."""
    seen: dict[tuple[Any, ...], Any] = {}

    def memo(value: Any, name: str) -> Any:
        key = (type(value), tuple(value) if type(value) is list else value, name)
        try:
            return seen[key]
        except KeyError:
            pass
        except TypeError:  # unhashable: a list holding a list or a dict
            return check(value, name)
        result = check(value, name)
        if len(seen) >= 50_000:
            seen.clear()
        seen[key] = result
        return result

    return memo


def _opt(check: Check) -> Check:
    def optional(value: Any, name: str) -> Any:
        return None if value is None else check(value, name)

    return optional


def _req_text(v: Any, n: str) -> str:
    return _text(v, n, True)


def _req_short(v: Any, n: str) -> str:
    return _short(v, n, required=True)


def _opt_text(v: Any, n: str) -> str:
    return _text(v, n, False)


def _risk_status(v: Any, n: str) -> str:
    return _choice(v, n, records.RISK_STATUSES)


_author = _memo(lambda v, n: _short(v, n, required=True))
_short_m = _memo(_short)
_day_m = _memo(_day)
_opt_day = _opt(_day_m)
_status_m = _memo(_risk_status)
_scale_m = _memo(_scale)

_COMMON: dict[str, Check] = {
    "uid": _uid,
    "id": lambda v, n: _int(v, n, 1, records.MAX_ID),
    "author": _author,
    "created_at": _stamp,
    "updated_at": _stamp,
}
CHECKS: dict[str, dict[str, Check]] = {
    "note": {"day": _day_m, "text": _req_text, "tags": _memo(_tags)},
    "checkin": {
        "day": _day_m,
        "done": _opt_text,
        "blockers": _opt_text,
        "plan": _opt_text,
        "mood": _opt(_scale_m),
    },
    "goal": {
        "target": _number,
        "due": _day_m,
        "start": _day_m,
        "baseline": _number,
        "unit": _short_m,
        "owner": _short_m,
        "status": _memo(lambda v, n: _choice(v, n, records.GOAL_STATUSES)),
        "why": _opt_text,
        "done_day": _opt_day,
        "kpi_uid": _opt(_uid),
    },
    "progress": {
        "goal_uid": _uid,
        "day": _day_m,
        "value": _number,
        "confidence": _opt(check_confidence),
        "note": _opt_text,
    },
    "risk": {
        "day": _day_m,
        "probability": _scale_m,
        "impact": _scale_m,
        "owner": _short_m,
        "mitigation": _opt_text,
        "status": _status_m,
        "review_by": _opt_day,
    },
    "risk_review": {
        "risk_uid": _uid,
        "day": _day_m,
        "old_probability": _opt(_scale_m),
        "new_probability": _scale_m,
        "old_impact": _opt(_scale_m),
        "new_impact": _scale_m,
        "old_status": _opt(_status_m),
        "new_status": _status_m,
        "note": _opt_text,
    },
    "retro": {"week": _memo(_week), "day": _day_m, "went_well": _items, "to_improve": _items},
    "action": {
        "day": _day_m,
        "text": _req_text,
        "owner": _short_m,
        "due": _opt_day,
        "status": _memo(lambda v, n: _choice(v, n, records.ACTION_STATUSES)),
        "done_day": _opt_day,
        "retro_uid": _opt(_uid),
        "done_by": _opt(_short_m),
    },
    "kpi": {
        "unit": _short_m,
        "agg": _memo(lambda v, n: _choice(v, n, records.KPI_AGGS)),
        "ratio_num_uid": _opt(_uid),
        "ratio_den_uid": _opt(_uid),
        "keep_above": _opt(_number),
        "keep_below": _opt(_number),
        "why": _opt_text,
        "status": _memo(lambda v, n: _choice(v, n, records.KPI_STATUSES)),
    },
    "reading": {"kpi_uid": _uid, "day": _day_m, "value": _number, "note": _opt_text},
    "feedback": {
        "day": _day_m,
        "text": _opt_text,
        "channel": _short_m,
        "category": _short_m,
        "count": lambda v, n: _int(v, n, 1, MAX_FEEDBACK_COUNT),
        "sentiment": _opt(_memo(lambda v, n: _choice(v, n, records.SENTIMENTS))),
        "action_uid": _opt(_uid),
        "risk_uid": _opt(_uid),
    },
    "feedback_link": {
        "category": _req_short,
        "day": _day_m,
        "action_uid": _opt(_uid),
        "risk_uid": _opt(_uid),
    },
}


def _defaults(kind: str) -> dict[str, Any]:
    """Column -> default for the columns a record may leave out (MISSING: required)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(BY_NAME[kind].record):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
        else:
            out[f.name] = MISSING
    out["id"] = None  # no id: the database gives one
    return out


def _nullable(kind: str) -> frozenset[str]:
    fields = dataclasses.fields(BY_NAME[kind].record)
    return frozenset({"id"} | {f.name for f in fields if "None" in str(f.type)})


def _kind_checks(kind: str) -> dict[str, Check]:
    """The common fields', then the kind's in the record's order; a one-line field
    (`Kind.one_line`) is short text, required unless the record gives a default."""
    k = BY_NAME[kind]
    required = required_fields(k.record)
    checks: dict[str, Check] = dict(_COMMON)
    for f in dataclasses.fields(k.record):
        if f.name in _COMMON:
            continue
        if f.name in k.one_line:
            checks[f.name] = _req_short if f.name in required else _short_m
        else:
            checks[f.name] = CHECKS[kind][f.name]
    return checks


_FIELDS = {kind: _kind_checks(kind) for kind in KINDS}
_NULLABLE = {kind: _nullable(kind) for kind in KINDS}
_DEFAULTS = {kind: _defaults(kind) for kind in KINDS}
_ALLOWED = {kind: {"kind", *(f.name for f in dataclasses.fields(BY_NAME[kind].record))}
            for kind in KINDS}  # fmt: skip


@plain(frozen=True)
class Filler:
    """What a minimal record leaves out is filled from here: the importing author and
    the import's time; the uid is derived from the record's own fields (so the same
    record imported twice is the same record, and skipped the second time)."""

    author: str
    now: str


FILLED = ("uid", "author", "created_at", "updated_at")
_FILLED = frozenset(FILLED)
# uuid5 namespace for uids derived from a minimal record's content (fixed forever).
_MINIMAL_NS = uuid.UUID("6f70736c-6f67-5000-8000-6d696e696d61")


def derived_uid(obj: dict[str, Any]) -> str:
    """A uid made of the record's fields (not its timestamps or id): stable across
    imports of the same file."""
    content = {k: v for k, v in obj.items() if k not in ("uid", "id", "created_at", "updated_at")}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return str(uuid.uuid5(_MINIMAL_NS, text))


def fill_minimal(obj: dict[str, Any], fill: Filler) -> dict[str, Any]:
    """The record with uid, author and timestamps filled where they are missing."""
    if obj.keys() >= _FILLED:
        return obj
    out = dict(obj)
    if "uid" not in out:
        out["uid"] = derived_uid(obj)
    out.setdefault("author", fill.author)
    out.setdefault("created_at", fill.now)
    out.setdefault("updated_at", out["created_at"])
    return out


def required_per_kind() -> dict[str, list[str]]:
    """The fields a minimal record of each kind must give (docs/formats.md lists them)."""
    return {
        kind: [n for n in _FIELDS[kind] if n not in FILLED and _DEFAULTS[kind][n] is MISSING]
        for kind in KINDS
    }


def check_record(where: str, obj: Any, fill: Filler | None = None) -> tuple[str, dict[str, Any]]:
    """(kind, row in the database's form) or BadInput naming `where` and the problem.
    With `fill`, a minimal record (no uid, author or timestamps) is completed first."""
    if type(obj) is dict:
        row = _note_fast(obj)
        if row is not None:
            return "note", row
    kind, row = _check_full(where, obj, fill)
    if kind == "note":
        _note_learn(obj, row)
    return kind, row


def _check_full(where: str, obj: Any, fill: Filler | None) -> tuple[str, dict[str, Any]]:
    """check_record, field by field: every kind and shape, and every error's words."""
    if fill is not None and isinstance(obj, dict):
        obj = fill_minimal(obj, fill)
    if not isinstance(obj, dict):
        raise BadInput(
            _("{where}: expected a JSON object, got {name__}").format(
                where=where, name__=type(obj).__name__
            )
        )
    kind = obj.get("kind")
    if type(kind) is not str or kind not in _FIELDS:  # a list or object: no TypeError
        raise BadInput(
            _("{where}: unknown kind {kind!r}: expected {items}").format(
                where=where, kind=kind, items=joined(KINDS)
            )
        )
    extra = obj.keys() - _ALLOWED[kind]
    if extra:
        raise BadInput(
            _("{where}: {kind}: unknown field {sorted!r}").format(
                where=where, kind=kind, sorted=sorted(extra)[0]
            )
        )
    row: dict[str, Any] = {}
    defaults, nullable = _DEFAULTS[kind], _NULLABLE[kind]
    try:
        for name, check in _FIELDS[kind].items():
            if name in obj:
                value = obj[name]
                if value is None and name not in nullable:
                    raise _Bad(_("{name} is null").format(name=name))
                row[name] = None if value is None else check(value, name)
            elif defaults[name] is MISSING:
                raise _Bad(_("missing field {name!r}").format(name=name))
            else:
                default = defaults[name]
                row[name] = json.dumps(default) if isinstance(default, list) else default
        if kind == "goal":
            validate_goal_numbers(
                row["baseline"],
                row["target"],
                date.fromisoformat(row["start"]),
                date.fromisoformat(row["due"]),
            )
    except (_Bad, BadInput) as exc:
        raise BadInput(f"{where}{colon()}{kind}{colon()}{exc}") from exc
    return kind, row


# --- the common shape of a note, in a few C-level steps (issue 18: 3) ----------------
#
# A large file is notes, in the exporter's shape: these keys in this order (or all but
# "id": a teammate's records, benchmarks/team.py), each value of the expected type.
# Such a note is checked here by the same rules as _check_full, cheaper: its author,
# day and tags by a lookup among those _check_full has already accepted (a million
# notes have ~1,800 days, a few dozen authors), its uid by one regex, its text by the
# text rule's C-level string tests. Anything else (another key, order or type, a value
# seen for the first time, a value that fails) returns None, and _check_full checks the
# record, raising its own error, or accepting it and teaching the lookups.
# tests/test_import_fast.py holds the two to the same answer.

_NOTE_KEYS = ("kind", *_FIELDS["note"])
_NOTE_KEYS_NO_ID = tuple(k for k in _NOTE_KEYS if k != "id")  # a teammate's file: no ids
_NOTE_AUTHORS: set[str] = set()
_NOTE_DAYS: set[str] = set()
_NOTE_TAGS: dict[tuple[str, ...], str] = {(): "[]"}  # tags as written -> the row's text
_LEARNED_MAX = 50_000  # values kept per lookup (then it starts again)


def _note_fast(obj: dict[str, Any]) -> dict[str, Any] | None:
    """The row of a note in the common shape whose every value passes, or None."""
    keys = tuple(obj)
    if keys == _NOTE_KEYS:
        kind, uid, id_, author, created, updated, day, text, tags = obj.values()
    elif keys == _NOTE_KEYS_NO_ID:
        kind, uid, author, created, updated, day, text, tags = obj.values()
        id_ = None  # _check_full's default
    else:
        return None
    if (
        kind != "note"
        or type(uid) is not str
        or not _UID_RE.fullmatch(uid)
        or (id_ is not None and (type(id_) is not int or not 1 <= id_ <= records.MAX_ID))
        or type(author) is not str
        or author not in _NOTE_AUTHORS
        or type(day) is not str
        or day not in _NOTE_DAYS
        or type(tags) is not list
        or type(text) is not str
        # clean_text(required=True): no NUL; not blank; at most MAX_TEXT characters
        # once stripped (so at most that as written); no lone surrogate (below)
        or "\x00" in text
        or not text
        or text.isspace()  # the blanks strip() takes off, all of it
        or len(text) > MAX_TEXT
        or type(created) is not str
        or len(created) > 40
        or type(updated) is not str
        or len(updated) > 40
    ):
        return None
    try:
        tags_text = _NOTE_TAGS.get(tuple(tags))  # a list in the list: TypeError
        if tags_text is None:
            return None
        if not text.isascii():
            text.encode("utf-8")  # check_utf8's test: a lone surrogate fails it
        _fromisoformat(created)
        if updated != created:
            _fromisoformat(updated)
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        return None
    if "id" in obj:
        row = obj.copy()  # the keys in _FIELDS' order, as _check_full makes them
        del row["kind"]
        row["tags"] = tags_text
        return row
    return {  # the same, with the id _check_full gives
        "uid": uid,
        "id": id_,
        "author": author,
        "created_at": created,
        "updated_at": updated,
        "day": day,
        "text": text,
        "tags": tags_text,
    }


_fromisoformat = datetime.fromisoformat


def _note_learn(obj: dict[str, Any], row: dict[str, Any]) -> None:
    """After _check_full accepted a note: its author, day and tags (as written, when
    given as a list) go into _note_fast's lookups."""
    for learned, value in ((_NOTE_AUTHORS, row["author"]), (_NOTE_DAYS, row["day"])):
        if len(learned) >= _LEARNED_MAX:
            learned.clear()
        learned.add(value)
    tags = obj.get("tags")
    if type(tags) is list:
        if len(_NOTE_TAGS) >= _LEARNED_MAX:
            _NOTE_TAGS.clear()
            _NOTE_TAGS[()] = "[]"
        _NOTE_TAGS[tuple(tags)] = row["tags"]


# --- other shapes of input, made into records for check_record ----------------------

# What `opslog export --format csv` puts before a cell a spreadsheet would run as a
# formula (render/records_csv.py): a leading `'`, taken off again here.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _field_types(kind: str) -> dict[str, str]:
    return {f.name: str(f.type) for f in dataclasses.fields(BY_NAME[kind].record)}


_TYPES = {kind: _field_types(kind) for kind in KINDS}


def csv_columns(kind: str, header: list[str]) -> None:
    """Refuse a header with a column the kind does not have (or one named twice)."""
    known = _TYPES[kind]
    for name in header:
        if name not in known:
            raise BadInput(
                _(
                    "the CSV header: {kind} has no column {name!r} (expected some of: {items})"
                ).format(kind=kind, name=name, items=joined(known))
            )
    if len(set(header)) != len(header):
        raise BadInput(_("the CSV header names a column twice"))


def csv_record(kind: str, header: list[str], cells: list[str]) -> dict[str, Any]:
    """A row of opslog's own CSV export (or one written by hand with its columns) as a
    record: empty cells are missing (or null where the field may be), numbers and
    lists read back as the export wrote them (tags space-separated, retro items one per
    line), the formula guard `'` taken off."""
    types = _TYPES[kind]
    obj: dict[str, Any] = {"kind": kind}
    for name, cell in zip(header, cells, strict=False):
        kind_of = types[name]
        if cell == "":
            if "None" in kind_of:
                obj[name] = None
            elif kind_of == "str" and name not in FILLED and name != "uid":
                obj[name] = ""
            continue  # missing: filled, defaulted, or named as missing
        if kind_of.startswith("list"):
            obj[name] = cell.split() if name == "tags" else cell.split("\n")
        elif kind_of.startswith("int"):
            obj[name] = _cell_number(cell, name, int)
        elif kind_of.startswith("float"):
            obj[name] = _cell_number(cell, name, float)
        elif cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS):
            obj[name] = cell[1:]
        else:
            obj[name] = cell
    return obj


def _cell_number(cell: str, name: str, kind: type) -> Any:
    try:
        return kind(cell.strip())
    except ValueError as exc:
        raise BadInput(_("{name}: {cell!r} is not a number").format(name=name, cell=cell)) from exc


def jrnl_note(entry: Any) -> dict[str, Any]:
    """An entry of `jrnl --export json` (date, title, body, tags) as a note: the title,
    then the body on the next line; tags without jrnl's `@`."""
    if not isinstance(entry, dict):
        raise BadInput(_("expected a jrnl entry (an object with date, title, body)"))
    day, title, body = entry.get("date"), entry.get("title", ""), entry.get("body", "")
    if not isinstance(title, str) or not isinstance(body, str):
        raise BadInput(_("a jrnl entry's title and body must be text"))
    text = "\n".join(part for part in (title.strip(), body.strip()) if part)
    tags = entry.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BadInput(_("a jrnl entry's tags must be a list of text"))
    return {
        "kind": "note",
        "day": day,
        "text": text,
        "tags": [t.lstrip("@#") for t in tags if t.lstrip("@#")],
    }
