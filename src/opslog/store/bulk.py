"""What a bulk load into SQLite sets aside for its length, in the caller's transaction:
`opslog import` (store/import_write.py) and `kpi import` (store/kpi_import.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from opslog.store.db import Conn


@contextlib.contextmanager
def indexes_after(conn: Conn, tables: Sequence[str]) -> Iterator[None]:
    """The plain indexes of `tables` (not unique: the caller names only tables whose
    plain indexes the load itself does not read) dropped, then made again from the rows
    at the end, sorted once rather than grown a row at a time (a sixth of a million-note
    insert). In the caller's transaction: an error rolls the drops back, so the indexes
    are there again; nothing to do on the way out but commit."""
    if conn.dialect != "sqlite" or not tables:
        yield
        return
    marks = ", ".join(f":t{i}" for i in range(len(tables)))
    found = conn.rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks}) ORDER BY name",
        {f"t{i}": t for i, t in enumerate(tables)},
    )
    for index in found:
        conn.execute(f'DROP INDEX "{index["name"]}"')
    yield
    for index in found:
        conn.execute(index["sql"])
