"""Full-text search index: SQLite FTS5 with the `trigram` tokenizer (SQLite >= 3.34).

One external-content FTS5 table per kind (`note_fts` over `note`, ...), indexing that
kind's text fields and kept in step by triggers, so every write path (the commands, an
import, a plain `sqlite3` session) updates it in the same transaction. The trigram
tokenizer matches any substring of three or more characters, case-insensitively, and
works for Chinese (`双11`, `供应商`) where word tokenizers do not.

Where FTS5 or its trigram tokenizer is missing, `create_fulltext` creates nothing and
search scans the base tables (store/search.py). All SQLite-only search SQL lives here.

`detail=none`: the index keeps which rows hold a trigram, not where. A term then finds
every row holding all its trigrams, a superset that store/search.py narrows to true
substring matches (it checks every candidate anyway); in exchange the index is half the
size and builds twice as fast, which every insert and every import pays.

A caution for writers: `INSERT OR REPLACE` deletes rows without firing delete triggers
(unless `recursive_triggers` is on), which would leave stale index entries; use
`INSERT ... ON CONFLICT DO NOTHING/UPDATE` or an explicit UPDATE instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opslog.domain.kinds import ALL
from opslog.errors import Busy, StoreError
from opslog.store.db import Conn

# The text fields search looks at, per kind (retro's are JSON lists, indexed as stored).
# Schema v1's index, as shipped (tests/fixtures/make_v1.py rebuilds a v1 file from it).
V1_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "note": ("text",),
    "checkin": ("done", "blockers", "plan"),
    "goal": ("title", "metric", "why"),
    "progress": ("note",),
    "risk": ("title", "mitigation"),
    "risk_review": ("note",),
    "retro": ("went_well", "to_improve"),
    "action": ("text",),
}
# Today's: every kind's searchable fields (domain/kinds.py), the tables not yet wired
# to commands included.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {k.name: k.searchable for k in ALL if k.searchable}
MIN_TERM = 3  # trigram: shorter terms cannot use the index


def fts_table(kind: str) -> str:
    return f"{kind}_fts"


def trigram_available(conn: Conn) -> bool:
    """Whether this SQLite can build a trigram FTS5 table (tried, not guessed)."""
    if conn.dialect != "sqlite":
        return False
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.opslog_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp.opslog_probe")
    except StoreError:
        return False
    return True


def create_fulltext(conn: Conn, *, version: int | None = None) -> None:
    """Create the search index and the triggers that keep it in step (SQLite only;
    nothing where trigram FTS5 is missing). Runs inside the migration's transaction.
    `version=1` makes schema v1's index as shipped (for the v1 test fixture)."""
    if not trigram_available(conn):
        return
    fields_by_kind = V1_TEXT_FIELDS if version == 1 else TEXT_FIELDS
    for kind, fields in fields_by_kind.items():
        for statement in _ddl(kind, fields, v1=version == 1):
            conn.execute(statement)


def rebuild_fulltext(conn: Conn) -> None:
    """Drop whatever index an older schema made and build today's from the rows (the
    v2 upgrade: v1 spelt `content='note'`, which other tools do not recognise)."""
    if conn.dialect != "sqlite":
        return
    for kind in TEXT_FIELDS:
        fts = fts_table(kind)
        for suffix in ("ai", "ad", "au"):
            conn.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        conn.execute(f'DROP TABLE IF EXISTS "{fts}"')
    create_fulltext(conn)
    if has_fulltext(conn):
        for kind in TEXT_FIELDS:
            fts = fts_table(kind)
            conn.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')


def _ddl(kind: str, fields: tuple[str, ...], *, v1: bool = False) -> list[str]:
    # content="kind" in double quotes: how sqlite-utils and Datasette find a table's
    # full-text index (`sqlite-utils search`, Datasette's search box). v1 used quotes
    # they do not recognise.
    content = f"content='{kind}'" if v1 else f'content="{kind}"'
    fts = fts_table(kind)
    cols = ", ".join(f'"{f}"' for f in fields)
    new = ", ".join(f'new."{f}"' for f in fields)
    old = ", ".join(f'old."{f}"' for f in fields)
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {cols}) VALUES (\'delete\', old.id, {old});'
    insert = f'INSERT INTO "{fts}"(rowid, {cols}) VALUES (new.id, {new});'
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({cols}, {content}, '
        "content_rowid='id', tokenize='trigram', columnsize=0, detail=none)",
        f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{kind}" BEGIN {insert} END',
        f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{kind}" BEGIN {delete} END',
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF {cols} ON "{kind}" BEGIN {delete} {insert} END',
    ]


@contextmanager
def bulk_load(conn: Conn) -> Iterator[None]:
    """Inside one write transaction, for loading many rows (an import): the triggers
    step aside and the index is rebuilt once at the end, about ten times faster than
    row by row (trigram indexing is most of an insert's cost). Nothing changes for
    other connections: they see the rows and the index together, at commit.

    On an error nothing is put back here: the caller's transaction rolls back, which
    restores the triggers with everything else. (Putting them back first would fail
    where SQLite has already rolled back, a full disk, and hide the real error.)"""
    if not has_fulltext(conn):
        yield
        return
    for kind in TEXT_FIELDS:
        for suffix in ("ai", "ad", "au"):
            conn.execute(f'DROP TRIGGER "{fts_table(kind)}_{suffix}"')
    yield
    for kind, fields in TEXT_FIELDS.items():
        for statement in _ddl(kind, fields)[1:]:  # the triggers again
            conn.execute(statement)
        _rebuild_in_memory(conn, fts_table(kind))


REBUILD_HASH_BYTES = 64 << 20


def _rebuild_in_memory(conn: Conn, fts: str) -> None:
    """Rebuild with FTS5's in-memory hash at 64 MiB instead of 1 MiB: fewer, larger
    segments to write and merge (a fifth less CPU for a million notes' trigrams; the
    memory is only used as the index grows). `hashsize` is FTS5's own setting; its row
    goes again before commit, so later writes use the default."""
    try:
        conn.execute(
            f'INSERT INTO "{fts}"("{fts}", rank) VALUES (\'hashsize\', {REBUILD_HASH_BYTES})'
        )
    except StoreError:  # an FTS5 without the setting: the default then
        conn.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
        return
    conn.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
    conn.execute(f"DELETE FROM \"{fts}_config\" WHERE k = 'hashsize'")


@contextmanager
def bulk_load_one(conn: Conn, kind: str) -> Iterator[None]:
    """bulk_load for one kind's table (a KPI import writes only readings): its
    triggers step aside and its index is rebuilt once at the end. (Skipping the index
    for rows with empty text is not an option: FTS5 counts the rows it holds, and a
    later delete of a row it never saw corrupts that count.)"""
    if not has_fulltext(conn):
        yield
        return
    fts = fts_table(kind)
    for suffix in ("ai", "ad", "au"):
        conn.execute(f'DROP TRIGGER "{fts}_{suffix}"')
    yield
    for statement in _ddl(kind, TEXT_FIELDS[kind])[1:]:
        conn.execute(statement)
    conn.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')


def has_fulltext(conn: Conn) -> bool:
    """Whether this database has the index (older or trigram-less ones do not)."""
    if conn.dialect != "sqlite":
        return False
    names = {fts_table(k) for k in TEXT_FIELDS}
    found = conn.rows(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%!_fts' ESCAPE '!'"
    )
    return names <= {r["name"] for r in found}


def match_clause(kind: str, id_column: str = "id") -> str:
    """SQL for 'this row's indexed text holds every term of :fts' (see match_expression)."""
    fts = fts_table(kind)
    return f'{id_column} IN (SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH :fts)'


def match_expression(terms: list[str]) -> str:
    """Every trigram of every term, all required, each an FTS5 string (any character
    literal, `"` doubled). With detail=none FTS5 has no phrases, so a term is asked for
    as its trigrams; the rows found hold them all, and search keeps the true substring
    matches. Every term must be at least MIN_TERM characters: MATCH ignores shorter ones."""
    assert all(len(t) >= MIN_TERM for t in terms)
    grams = dict.fromkeys(t[i : i + 3] for t in terms for i in range(len(t) - 2))
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def check_fulltext(conn: Conn) -> list[str]:
    """Problems found by FTS5's own integrity check (index against the base tables)."""
    if not has_fulltext(conn):
        return []
    problems = []
    for kind in TEXT_FIELDS:
        fts = fts_table(kind)
        try:
            conn.execute(f'INSERT INTO "{fts}"("{fts}", rank) VALUES (\'integrity-check\', 1)')
        except Busy:
            raise  # locked by another opslog: that says nothing about the index
        except StoreError as exc:
            if "read-only" in str(exc):
                return []  # FTS5 runs its check as a write; a read-only file cannot
            problems.append(f"search index {fts} is out of step with {kind} ({exc})")
    return problems
