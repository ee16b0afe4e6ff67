"""`opslog import`: read an export back, in the caller's one write transaction.

Input: JSON Lines as `opslog export` writes them, or the `json` document
(`{"schema": "opslog.export/1", "records": [...]}`, streamed line by line when it has
the exporter's one-record-per-line layout, parsed whole otherwise). Every record is
checked with the rules the commands use (domain/text, domain/goals, domain/risks); the
first bad one raises BadInput naming its line, and the caller's transaction rolls back,
so a bad line imports nothing.

Identity is the uid:
- a uid already in the database is skipped (importing twice adds nothing);
- the exported id is kept when it is free here, otherwise the database gives a new one
  (so export -> import into an empty database -> export gives the same lines);
- a check-in (one per author per day) or retro (one per author per week) that meets
  an existing one with another uid is skipped and reported: the one already here wins.
  Actions of a skipped retro are attached to the retro that won.
- references (goal_uid, risk_uid, retro_uid) must name a record earlier in the file or
  already in the database.

Rows are checked and written in batches (executemany on the stdlib driver) as they are
read, all inside the caller's one transaction, rather than collected first: memory stays
flat at a million lines and a failure still writes nothing. (cli/importer.py copies
stdin to a temp file before the transaction, so a slow pipe never holds the lock.)
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field
from datetime import date, datetime
from typing import IO, Any

from opslog.domain import records
from opslog.domain.dates import MAX_YEAR, MIN_YEAR
from opslog.domain.goals import parse_number, validate_goal_numbers
from opslog.domain.kinds import BY_NAME, KINDS, referrers
from opslog.domain.risks import check_scale
from opslog.domain.text import MAX_SHORT, clean_short, clean_text, normalize_tags
from opslog.errors import BadInput
from opslog.store.convert import RECORD_TYPES, columns
from opslog.store.db import Conn, SqliteConn, insert_sql, translate_sqlite_error
from opslog.store.export import SCHEMA

BATCH = 1000
IN_CHUNK = 500  # parameters per `IN (...)` query: far below every driver's limit
IMPORT_CACHE_KIB = 128 * 1024
MAX_ID = 2**31 - 1  # PostgreSQL SERIAL is a 4-byte integer

_UID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEEK_RE = re.compile(r"([0-9]{4})-W([0-9]{2})")
_DOC_HEAD_RE = re.compile(r'\{\s*"schema"\s*:\s*"([^"\\]*)"\s*,\s*"records"\s*:\s*\[\s*')
# Widths of the VARCHAR columns that have one (PostgreSQL enforces them).
_WIDTH = {"unit": 40, "owner": MAX_SHORT, "author": MAX_SHORT}


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _finite_float(text: str) -> float:
    """A JSON number with a fraction or exponent; `1e400` would become inf: name it."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)


@dataclass
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    present: int = 0  # uid already here
    collisions: list[str] = field(default_factory=list)  # check-ins/retros skipped
    renumbered: int = 0  # id taken here: got a new one
    records: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


# --- reading ---------------------------------------------------------------------------


class _Lines:
    """Numbered, decoded lines of a binary stream, counting bytes for a progress bar."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.number = 0
        self.bytes = 0

    def __iter__(self) -> Iterator[tuple[int, str]]:
        for raw in self.source:
            self.number += 1
            self.bytes += len(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadInput(f"line {self.number}: not valid UTF-8 (byte {exc.start})") from exc
            if self.number == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield self.number, text


def _parse(number: int, text: str) -> Any:
    try:
        # raw_decode skips decode()'s two whitespace scans (a third of parsing time).
        if text[:1].isspace():
            text = text.lstrip()
        value, end = _DECODER.raw_decode(text)
        if end != len(text) and text[end:].strip():
            raise json.JSONDecodeError("Extra data", text, end)
        return value
    except json.JSONDecodeError as exc:
        raise BadInput(f"line {number}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"line {number}: bad JSON: {_why(exc)}") from exc


def _why(exc: ValueError | RecursionError) -> str:
    """What the decoder said, in the user's words (not Python's advice to itself)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if "digits" in str(exc):  # int() refuses numbers of more than 4300 digits
        return "a whole number with thousands of digits"
    return str(exc)


def _check_schema(where: str, schema: Any) -> None:
    if schema != SCHEMA:
        raise BadInput(f"{where}: unsupported export schema {schema!r}: expected {SCHEMA!r}")


def read_objects(lines: _Lines) -> Iterator[tuple[str, Any]]:
    """(where, object) for every record: `where` is "line N" (or "record N" in a JSON
    document that does not keep one record per line)."""
    it = iter(lines)
    for number, text in it:
        stripped = text.strip()
        if not stripped:
            continue
        head = _DOC_HEAD_RE.fullmatch(stripped)
        if head:  # the exporter's json layout: one record per line
            _check_schema(f"line {number}", head.group(1))
            yield from _document_lines(it)
            return
        if stripped.startswith('{"kind"') or _one(stripped):
            yield from _jsonl(number, stripped, it)
            return
        yield from _whole_document(number, text, it)
        return


def _one(stripped: str) -> bool:
    """Is this line a complete JSON value (JSON Lines) rather than a document's start?"""
    try:
        _DECODER.decode(stripped)
    except (ValueError, RecursionError):  # nested too deep: _parse names the line
        return False
    return True


def _jsonl(number: int, first: str, it: Iterator[tuple[int, str]]) -> Iterator[tuple[str, Any]]:
    obj = _parse(number, first)
    if isinstance(obj, dict) and "records" in obj and "kind" not in obj:
        _check_schema(f"line {number}", obj.get("schema"))
        yield from _records_of(obj, f"line {number}")
        for n, text in it:
            if text.strip():
                raise BadInput(f"line {n}: unexpected text after the JSON document")
        return
    yield f"line {number}", obj
    for n, text in it:
        if text.strip():
            yield f"line {n}", _parse(n, text)


def _document_lines(it: Iterator[tuple[int, str]]) -> Iterator[tuple[str, Any]]:
    closed = False
    for n, text in it:
        stripped = text.strip()
        if not stripped:
            continue
        if closed:
            raise BadInput(f"line {n}: unexpected text after the end of the JSON document")
        if stripped in ("]}", "] }"):
            closed = True
            continue
        record = stripped.removesuffix(",").rstrip()
        try:
            obj = _DECODER.decode(record)
        except (ValueError, RecursionError):
            if record.endswith(("]}", "] }")):  # the last record on the closing line
                record, closed = record[: record.rindex("]")].rstrip(), True
            obj = _parse(n, record)  # parses, or names the line and the problem
        yield f"line {n}", obj
    if not closed:
        raise BadInput("the JSON document ends early: no closing ']}'")


def _whole_document(
    number: int, first: str, it: Iterator[tuple[int, str]]
) -> Iterator[tuple[str, Any]]:
    text = first + "".join(t for _, t in it)
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        line = number + exc.lineno - 1
        raise BadInput(f"line {line}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"bad JSON document: {_why(exc)}") from exc
    if not isinstance(doc, dict):
        raise BadInput(f"line {number}: not an opslog export (expected JSON Lines or a document)")
    _check_schema("the JSON document", doc.get("schema"))
    yield from _records_of(doc, "the JSON document")


def _records_of(doc: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    items = doc.get("records")
    if not isinstance(items, list):
        raise BadInput(f"{where}: 'records' is not a list")
    for i, obj in enumerate(items, 1):
        yield f"record {i}", obj


# --- checking one record ---------------------------------------------------------------


class _Bad(Exception):
    """A field problem; becomes BadInput with the line and kind in front."""


def _uid(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _UID_RE.fullmatch(value):
        raise _Bad(f"{name} {value!r} is not a uid (a lowercase UUID)")
    return value


def _day(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _DAY_RE.fullmatch(value):
        raise _Bad(f"bad {name} {value!r}: expected YYYY-MM-DD")
    try:
        d = date.fromisoformat(value)
    except ValueError as exc:
        raise _Bad(f"bad {name} {value!r}: not a calendar date") from exc
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise _Bad(f"bad {name} {value!r}: year must be {MIN_YEAR}..{MAX_YEAR}")
    return value


def _stamp(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise _Bad(f"bad {name} {value!r}: expected an ISO 8601 timestamp")
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise _Bad(f"bad {name} {value!r}: expected an ISO 8601 timestamp") from exc
    return value


def _int(value: Any, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _Bad(f"{name}: {value!r} is not a whole number {lo}..{hi}")
    return value


def _scale(value: Any, name: str) -> int:
    return check_scale(value, name)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"{name}: {value!r} is not a number")
    try:
        number = float(value)
    except OverflowError as exc:
        raise _Bad(f"{name}: {value!r} is too large") from exc
    if not math.isfinite(number):
        raise _Bad(f"{name}: {value!r} is not a finite number")
    return parse_number(repr(number), name)


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{name}: expected text, got {value!r}")
    return value


def _text(value: Any, name: str, required: bool) -> str:
    # Checked with the commands' rule, kept as written (the round trip is exact).
    text = _str(value, name)
    clean_text(text, name, required=required)
    return text


def _short(value: Any, name: str, required: bool = False) -> str:
    text = _str(value, name)
    clean_short(text, name, required=required)
    width = _WIDTH.get(name, MAX_SHORT)
    if len(text) > width:
        raise _Bad(f"{name} is too long ({len(text)} characters, at most {width})")
    return text


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _Bad(f"bad {name} {value!r}: expected {', '.join(allowed)}")
    return value


def _tags(value: Any, name: str) -> str:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Bad(f"{name}: expected a list of strings, got {value!r}")
    return json.dumps(normalize_tags(value), ensure_ascii=False)


def _items(value: Any, name: str) -> str:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Bad(f"{name}: expected a list of strings, got {value!r}")
    for i, item in enumerate(value, 1):
        clean_text(item, f"{name} item {i}")
    return json.dumps(value, ensure_ascii=False)


def _week(value: Any, name: str) -> str:
    if not isinstance(value, str) or (m := _WEEK_RE.fullmatch(value)) is None:
        raise _Bad(f"bad {name} {value!r}: expected YYYY-Www")
    try:
        date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise _Bad(f"bad {name} {value!r}: no such ISO week") from exc
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
    "id": lambda v, n: _int(v, n, 1, MAX_ID),
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
        "title": _req_short,
        "metric": _req_short,
        "target": _number,
        "due": _day_m,
        "start": _day_m,
        "baseline": _number,
        "unit": _short_m,
        "owner": _short_m,
        "status": _memo(lambda v, n: _choice(v, n, records.GOAL_STATUSES)),
        "why": _opt_text,
        "done_day": _opt_day,
    },
    "progress": {
        "goal_uid": _uid,
        "day": _day_m,
        "value": _number,
        "confidence": _opt(lambda v, n: _int(v, n, 1, 10)),
        "note": _opt_text,
    },
    "risk": {
        "day": _day_m,
        "title": _req_short,
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
        "name": _req_short,
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
}


def _defaults(kind: str) -> dict[str, Any]:
    """Column -> default for the columns a record may leave out (MISSING: required)."""
    out: dict[str, Any] = {}
    for f in RECORD_TYPES[kind].__dataclass_fields__.values():
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
        else:
            out[f.name] = MISSING
    out["id"] = None  # no id: the database gives one
    return out


def _nullable(kind: str) -> frozenset[str]:
    fields = RECORD_TYPES[kind].__dataclass_fields__.values()
    return frozenset({"id"} | {f.name for f in fields if "None" in str(f.type)})


_FIELDS = {kind: {**_COMMON, **CHECKS[kind]} for kind in KINDS}
_NULLABLE = {kind: _nullable(kind) for kind in KINDS}
_DEFAULTS = {kind: _defaults(kind) for kind in KINDS}
_ALLOWED = {kind: {"kind", *columns(kind)} for kind in KINDS}


def check_record(where: str, obj: Any) -> tuple[str, dict[str, Any]]:
    """(kind, row in the database's form) or BadInput naming `where` and the problem."""
    if not isinstance(obj, dict):
        raise BadInput(f"{where}: expected a JSON object, got {type(obj).__name__}")
    kind = obj.get("kind")
    if kind not in _FIELDS:
        raise BadInput(f"{where}: unknown kind {kind!r}: expected {', '.join(KINDS)}")
    extra = obj.keys() - _ALLOWED[kind]
    if extra:
        raise BadInput(f"{where}: {kind}: unknown field {sorted(extra)[0]!r}")
    row: dict[str, Any] = {}
    defaults, nullable = _DEFAULTS[kind], _NULLABLE[kind]
    try:
        for name, check in _FIELDS[kind].items():
            if name in obj:
                value = obj[name]
                if value is None and name not in nullable:
                    raise _Bad(f"{name} is null")
                row[name] = None if value is None else check(value, name)
            elif defaults[name] is MISSING:
                raise _Bad(f"missing field {name!r}")
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
        raise BadInput(f"{where}: {kind}: {exc}") from exc
    return kind, row


# --- writing ---------------------------------------------------------------------------


class _Writer:
    def __init__(self, conn: Conn, report: ImportReport) -> None:
        self.conn = conn
        self.report = report
        self.kind: str | None = None
        self.batch: list[tuple[str, dict[str, Any]]] = []
        self.alias: dict[str, str] = {}  # skipped retro uid -> the retro that stayed
        # uids of parents seen (in the file or the database), per parent kind
        self.known: dict[str, set[str]] = {k: set() for k in KINDS if referrers(k)}
        self.max_ids: dict[str, int] = {}  # highest id per table, while unchanged
        self.explicit_ids: set[str] = set()  # kinds given their exported ids (PostgreSQL)
        skip = ' ON CONFLICT ("uid") DO NOTHING'
        self.sql = {k: insert_sql(k, dict.fromkeys(columns(k))) + skip for k in KINDS}
        cols = {k: [c for c in columns(k) if c != "id"] for k in KINDS}
        self.sql_no_id = {k: insert_sql(k, dict.fromkeys(cols[k])) + skip for k in KINDS}

    def add(self, where: str, kind: str, row: dict[str, Any]) -> None:
        if kind != self.kind:
            self.flush()
            self.kind = kind
        self._resolve(where, kind, row)
        self.batch.append((where, row))
        if len(self.batch) >= BATCH:
            self.flush()

    def _resolve(self, where: str, kind: str, row: dict[str, Any]) -> None:
        for link in BY_NAME[kind].refs:
            col, parent = link.column, link.kind
            ref = row[col]
            if ref is None:
                continue
            ref = row[col] = self.alias.get(ref, ref)
            if ref in self.known[parent]:
                continue
            if parent == kind and any(r["uid"] == ref for _w, r in self.batch):
                continue  # a record of the same kind earlier in this batch (a ratio's KPI)
            table = BY_NAME[parent].table
            if self.conn.scalar(f'SELECT 1 FROM "{table}" WHERE uid = :u', {"u": ref}) is None:
                raise BadInput(
                    f"{where}: {kind}: {col} {ref!r} is no {parent} in this file"
                    " (before this line) or in the database"
                )
            self.known[parent].add(ref)

    def _max_id(self, kind: str) -> int:
        if kind not in self.max_ids:
            self.max_ids[kind] = int(self.conn.scalar(f'SELECT MAX(id) FROM "{kind}"') or 0)
        return self.max_ids[kind]

    def _existing(self, kind: str, column: str, values: list[Any]) -> set[Any]:
        found: set[Any] = set()
        for i in range(0, len(values), IN_CHUNK):
            chunk = {f"v{j}": v for j, v in enumerate(values[i : i + IN_CHUNK])}
            marks = ", ".join(f":{k}" for k in chunk)
            sql = f'SELECT "{column}" FROM "{kind}" WHERE "{column}" IN ({marks})'
            found.update(r[column] for r in self.conn.rows(sql, chunk))
        return found

    def flush(self) -> None:
        kind, batch = self.kind, self.batch
        self.batch = []
        if kind is None or not batch:
            return
        # A uid already here is skipped by the INSERT itself (ON CONFLICT (uid) DO
        # NOTHING). It is looked up first only where the answer changes what we do: a
        # check-in or retro (one per author per day or week), and a row whose id may be
        # taken, at or below the table's highest id. Above it (an export's ascending ids
        # into an empty or older database) there is nothing to look up.
        high = self._max_id(kind)
        slots = BY_NAME[kind].one_per_author is not None
        doubtful = [r for _, r in batch if slots or (r["id"] is not None and r["id"] <= high)]
        present = self._existing(kind, "uid", [r["uid"] for r in doubtful])
        taken = self._existing(
            kind, "id", [r["id"] for r in doubtful if r["id"] is not None and r["id"] <= high]
        )
        keep: list[dict[str, Any]] = []
        slot: dict[tuple[str, str], str] = {}  # (author, day/week) -> uid, this batch
        for where, row in batch:
            if row["uid"] in present:
                self.report.present += 1
                continue
            present.add(row["uid"])
            if slots and self._collides(where, kind, row, slot):
                continue
            if row["id"] is not None and row["id"] in taken:
                row["id"] = None
                self.report.renumbered += 1
            elif row["id"] is not None:
                taken.add(row["id"])
            keep.append(row)
        # Rows keeping their id first, so a new id (max + 1) never takes one still to come.
        with_id = [r for r in keep if r["id"] is not None]
        without = [r for r in keep if r["id"] is None]
        if with_id:
            self.explicit_ids.add(kind)
        added = self._insert_many(self.sql[kind], with_id)
        for r in without:
            del r["id"]
        added += self._insert_many(self.sql_no_id[kind], without)
        self.report.added[kind] += added
        self.report.present += len(keep) - added
        if keep:
            self.max_ids.pop(kind, None)
        if kind in self.known:
            self.known[kind].update(r["uid"] for r in keep)

    def _collides(
        self, where: str, kind: str, row: dict[str, Any], slot: dict[tuple[str, str], str]
    ) -> bool:
        col = BY_NAME[kind].one_per_author
        assert col is not None
        key = (row["author"], row[col])
        winner = slot.get(key) or self.conn.scalar(
            f'SELECT uid FROM "{kind}" WHERE author = :a AND "{col}" = :v',
            {"a": row["author"], "v": row[col]},
        )
        if winner is None:
            slot[key] = row["uid"]
            return False
        what = "check-in" if kind == "checkin" else kind.replace("_", " ")
        self.report.collisions.append(f"{where}: {what} of {row['author']} for {row[col]}")
        if referrers(kind):  # what refers to it is attached to the one that stayed
            self.alias[row["uid"]] = winner
        return True

    def _insert_many(self, sql: str, rows: list[dict[str, Any]]) -> int:
        """Insert `rows`; returns how many went in (a uid already here is skipped)."""
        if not rows:
            return 0
        if isinstance(self.conn, SqliteConn):
            import sqlite3

            try:
                return int(self.conn.raw.executemany(sql, rows).rowcount)
            except sqlite3.Error as exc:
                raise translate_sqlite_error(exc, self.conn.where) from exc
        return sum(int(self.conn.execute(sql, row).rowcount) for row in rows)

    def finish(self) -> None:
        self.flush()
        if self.conn.dialect == "postgresql":
            # Rows inserted with their ids leave the SERIAL sequence behind: move it on.
            for kind in sorted(self.explicit_ids):
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{kind}\"', 'id'),"
                    f' (SELECT COALESCE(MAX(id), 1) FROM "{kind}"))'
                )


def import_records(
    conn: Conn,
    source: IO[bytes],
    progress: Callable[[int], None] | None = None,
    *,
    bulk: bool = False,
) -> ImportReport:
    """Check and write every record of `source` in `conn`'s transaction. `bulk`: the
    search index is rebuilt once at the end instead of row by row (worth it when the
    import is large next to what is already there)."""
    from opslog.store.fulltext import bulk_load

    report = ImportReport()
    lines = _Lines(source)
    writer = _Writer(conn, report)
    with _big_page_cache(conn), bulk_load(conn) if bulk else contextlib.nullcontext():
        for where, obj in read_objects(lines):
            kind, row = check_record(where, obj)
            writer.add(where, kind, row)
            report.records += 1
            if progress is not None and report.records % BATCH == 0:
                progress(lines.bytes)
        writer.finish()
    if progress is not None:
        progress(lines.bytes)
    return report


@contextlib.contextmanager
def _big_page_cache(conn: Conn) -> Iterator[None]:
    """SQLite's default 2 MiB page cache thrashes on the uid index (random uids) at
    a million rows; 128 MiB, used only as the import grows, keeps inserts at ~1.5x."""
    if conn.dialect != "sqlite":
        yield
        return
    before = conn.scalar("PRAGMA cache_size")
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")
