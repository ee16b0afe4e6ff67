"""Finding records across kinds: the log (everything in date order, filtered) and
full-text search.

Search runs in two steps. SQL narrows the candidates: on SQLite with the trigram index
(store/fulltext.py) terms of three or more characters go through FTS5 MATCH; shorter
terms, databases without the index and PostgreSQL use a substring test on the base
table (`instr`, `position`), which treats `%` and `_` like any other character. Python
then keeps the rows where every term is a substring of some text field, ignoring ASCII
case: the one definition of a match, which every SQL step over-approximates.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from opslog.domain.records import KINDS, Common
from opslog.errors import BadInput
from opslog.store import fulltext
from opslog.store.convert import JSON_FIELDS, RECORD_TYPES, columns, from_row
from opslog.store.db import Conn
from opslog.store.export import DAY_COLUMN

KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
# The column holding the day a record belongs to; a goal has no day: its start.
# What a progress check-in, a risk review or an action belongs to: (table, uid column, label).
PARENTS = {
    "progress": ("goal", "goal_uid", "title"),
    "risk_review": ("risk", "risk_uid", "title"),
    "action": ("retro", "retro_uid", "week"),
}


def parse_kind(text: str) -> str:
    """A kind as typed (`risk-review` and `risk_review` alike) or BadInput naming it."""
    kind = text.strip().lower().replace("-", "_")
    if kind not in KINDS:
        raise BadInput(f"unknown kind {text!r}: expected one of {', '.join(KINDS)}")
    return kind


@dataclass(frozen=True)
class Parent:
    kind: str
    id: int
    label: str


@dataclass
class Entry:
    """One record of any kind, with the day it is logged under."""

    kind: str
    day: date
    record: Common
    parent: Parent | None = None


# --- the log -------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    kinds: tuple[str, ...] = KINDS
    since: date | None = None
    until: date | None = None
    authors: tuple[str, ...] = ()
    tag: str | None = None


def iter_log(conn: Conn, f: LogFilter) -> Iterator[Entry]:
    """Every matching record in date order (day, then time of writing), streamed: one
    ordered query per kind, merged, so memory stays flat however long the log."""
    kinds = [k for k in KINDS if k in f.kinds and (f.tag is None or k == "note")]
    streams = [_kind_stream(conn, kind, f) for kind in kinds]
    for _key, entry in heapq.merge(*streams, key=lambda pair: pair[0]):
        yield entry


def log_shape(conn: Conn, f: LogFilter) -> tuple[int, bool]:
    """The largest id and whether more than one author may show: enough to lay out a
    table before the rows stream (index lookups only; dates are not considered)."""
    top, authors = 0, set(f.authors)
    for kind in f.kinds:
        row = conn.one(f'SELECT max(id) AS top, min(author) AS lo, max(author) AS hi FROM "{kind}"')
        if row and row["top"] is not None:
            top = max(top, int(row["top"]))
            if not f.authors:
                authors.update((row["lo"], row["hi"]))
    return top, len(authors) > 1


def _kind_stream(conn: Conn, kind: str, f: LogFilter) -> Iterator[tuple[tuple[Any, ...], Entry]]:
    where, params = _filters(kind, f)
    for row in conn.stream(_select(kind, where), params):
        entry = _entry(kind, row)
        if f.tag is not None and f.tag not in entry.record.tags:  # type: ignore[attr-defined]
            continue  # the LIKE below over-approximates; the list decides
        yield _order_key(kind, row), entry


def _filters(kind: str, f: LogFilter) -> tuple[list[str], dict[str, Any]]:
    day = f'r."{DAY_COLUMN[kind]}"'
    where: list[str] = []
    params: dict[str, Any] = {}
    if f.since is not None:
        where.append(f"{day} >= :since")
        params["since"] = f.since.isoformat()
    if f.until is not None:
        where.append(f"{day} <= :until")
        params["until"] = f.until.isoformat()
    if f.authors:
        names = {f"author{i}": a for i, a in enumerate(f.authors)}
        where.append(f"r.author IN ({', '.join(':' + n for n in names)})")
        params.update(names)
    if f.tag is not None:
        where.append("r.tags LIKE :tag ESCAPE '!'")
        params["tag"] = "%" + _like_literal(json.dumps(f.tag, ensure_ascii=False)) + "%"
    return where, params


def _like_literal(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _select(kind: str, where: list[str]) -> str:
    cols = ", ".join(f'r."{c}"' for c in columns(kind))
    join = ""
    if kind in PARENTS:
        table, ref, label = PARENTS[kind]
        cols += f', p.id AS parent_id, p."{label}" AS parent_label'
        join = f' LEFT JOIN "{table}" AS p ON p.uid = r."{ref}"'
    sql = f'SELECT {cols} FROM "{kind}" AS r{join}'
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + f' ORDER BY r."{DAY_COLUMN[kind]}", r.created_at, r.id'


def _entry(kind: str, row: dict[str, Any]) -> Entry:
    record = from_row(RECORD_TYPES[kind], row)
    parent = None
    if row.get("parent_id") is not None:
        parent = Parent(PARENTS[kind][0], int(row["parent_id"]), str(row["parent_label"]))
    return Entry(kind, date.fromisoformat(row[DAY_COLUMN[kind]]), record, parent)


def _order_key(kind: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return (row[DAY_COLUMN[kind]], row["created_at"], KIND_ORDER[kind], row["id"])


# --- search --------------------------------------------------------------------------

_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TERM = re.compile(r'"([^"]+)"|(\S+)')


def fold(text: str) -> str:
    """ASCII letters to lower case; every other character as it is (length kept)."""
    return text.translate(_ASCII_FOLD)


@dataclass(frozen=True)
class SearchQuery:
    """Terms that must all appear: words split on blanks, "double quotes" keep a phrase."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        from opslog.domain.text import clean_text

        text = clean_text(text, "the search")
        terms: list[str] = []
        for m in _TERM.finditer(text):
            term = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
            if term and term not in terms:
                terms.append(term)
        if not terms:
            raise BadInput(f"bad search {text!r}: no words to look for")
        return cls(tuple(terms))

    def found_in(self, text: str) -> list[str]:
        """The terms that occur in `text`."""
        haystack = fold(text)
        return [t for t in self.terms if fold(t) in haystack]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the terms occur in `text` (start, end), sorted and merged."""
        haystack = fold(text)
        found: list[tuple[int, int]] = []
        for term in self.terms:
            needle = fold(term)
            start = haystack.find(needle)
            while start >= 0:
                found.append((start, start + len(needle)))
                start = haystack.find(needle, start + 1)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


@dataclass
class Hit:
    entry: Entry
    fields: list[str]  # the text fields where a term was found, in the kind's order
    query: SearchQuery


def field_texts(kind: str, record: Common, field: str) -> list[str]:
    """A text field's values: one string, or a retro list's items."""
    value = getattr(record, field)
    return list(value) if isinstance(value, list) else [value or ""]


def search(conn: Conn, query: SearchQuery, kinds: tuple[str, ...] = KINDS) -> list[Hit]:
    use_index = fulltext.has_fulltext(conn)
    hits: list[tuple[tuple[Any, ...], Hit]] = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        sql, params = _search_sql(conn.dialect, kind, query, use_index)
        for row in conn.stream(sql, params):
            entry = _entry(kind, row)
            fields = _matched_fields(kind, entry.record, query)
            if fields is not None:
                hits.append((_order_key(kind, row), Hit(entry, fields, query)))
    hits.sort(key=lambda pair: pair[0])
    return [hit for _key, hit in hits]


def _matched_fields(kind: str, record: Common, query: SearchQuery) -> list[str] | None:
    """The fields holding a term, or None unless every term is in some field."""
    missing = set(query.terms)
    fields = []
    for field in fulltext.TEXT_FIELDS[kind]:
        found = {t for text in field_texts(kind, record, field) for t in query.found_in(text)}
        if found:
            fields.append(field)
            missing -= found
    return fields if not missing else None


def _search_sql(
    dialect: str, kind: str, query: SearchQuery, use_index: bool
) -> tuple[str, dict[str, Any]]:
    fields = fulltext.TEXT_FIELDS[kind]
    # Retro lists are stored as JSON text: look for the terms as JSON spells them.
    stored = [_as_stored(kind, t) for t in query.terms]
    indexed = [t for t in stored if len(t) >= fulltext.MIN_TERM] if use_index else []
    where: list[str] = []
    params: dict[str, Any] = {}
    if indexed:
        where.append(fulltext.match_clause(kind, "r.id"))
        params["fts"] = fulltext.match_expression(indexed)
    for i, term in enumerate(t for t in stored if t not in indexed):
        name = f"t{i}"
        params[name] = term
        where.append("(" + " OR ".join(_contains(dialect, f'r."{c}"', name) for c in fields) + ")")
    return _select(kind, where), params


def _as_stored(kind: str, term: str) -> str:
    if any(f in JSON_FIELDS for f in fulltext.TEXT_FIELDS[kind]):
        return json.dumps(term, ensure_ascii=False)[1:-1]
    return term


def _contains(dialect: str, column: str, param: str) -> str:
    """`column` holds the parameter's text, case folded the database's way."""
    if dialect == "postgresql":
        return f"position(lower(:{param}) in lower({column})) > 0"
    return f"instr(lower({column}), lower(:{param})) > 0"
