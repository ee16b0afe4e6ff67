"""Full-text search across kinds (the log by day is store/log.py).

Search runs in two steps. SQL narrows the candidates: on SQLite with the trigram index
(store/fulltext.py) terms of three or more characters go through FTS5 MATCH; shorter
terms, databases without the index and PostgreSQL use a substring test on the base
table (`instr`, `position`), which treats `%` and `_` like any other character. Python
then keeps the rows where every term is a substring of some text field, ignoring ASCII
case: the one definition of a match, which every SQL step over-approximates.
"""

from __future__ import annotations

import json
from typing import Any

from opslog.domain.kinds import BY_NAME, KINDS
from opslog.domain.search import Hit, SearchQuery, matched_fields
from opslog.store import fulltext
from opslog.store.convert import JSON_FIELDS
from opslog.store.db import Conn
from opslog.store.log import entry_of, order_key, select


def search(conn: Conn, query: SearchQuery, kinds: tuple[str, ...] = KINDS) -> list[Hit]:
    use_index = fulltext.has_fulltext(conn)
    hits: list[tuple[tuple[Any, ...], Hit]] = []
    for kind in KINDS:
        if kind not in kinds or not BY_NAME[kind].searchable:
            continue
        sql, params = _search_sql(conn.dialect, kind, query, use_index)
        for row in conn.stream(sql, params):
            entry = entry_of(kind, row)
            fields = matched_fields(kind, entry.record, query)
            if fields is not None:
                hits.append((order_key(kind, row), Hit(entry, fields, query)))
    hits.sort(key=lambda pair: pair[0])
    return [hit for _key, hit in hits]


def _search_sql(
    dialect: str, kind: str, query: SearchQuery, use_index: bool
) -> tuple[str, dict[str, Any]]:
    fields = BY_NAME[kind].searchable
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
    return select(kind, where), params


def _as_stored(kind: str, term: str) -> str:
    if any(f in JSON_FIELDS for f in BY_NAME[kind].searchable):
        return json.dumps(term, ensure_ascii=False)[1:-1]
    return term


def _contains(dialect: str, column: str, param: str) -> str:
    """`column` holds the parameter's text, case folded the database's way."""
    if dialect == "postgresql":
        return f"position(lower(:{param}) in lower({column})) > 0"
    return f"instr(lower({column}), lower(:{param})) > 0"
