"""Schema versions and the runner that upgrades a database in place.

Each version is a function that takes a `Conn` inside the upgrade's one transaction
(SQLite and PostgreSQL both have transactional DDL, so a failed or interrupted upgrade
leaves the old schema). The version lives in the `opslog_meta` table on every back end.
Before an upgrade, `store/open.py` leaves a backup copy beside a SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable

from opslog.store.db import Conn

# The DDL modules (1,500 lines of SQL text) are imported only to create or upgrade a
# database: every other start only reads the version (issue 18).

SCHEMA_VERSION = 3
APP_NAME = "opslog"
SQLITE_APPLICATION_ID = 0x6F70736C  # "opsl": `file` and sqlite3 tools can tell it is ours


def _v1(conn: Conn) -> None:
    from opslog.store import ddl_v1

    for statement in ddl_v1.SQLITE if conn.dialect == "sqlite" else ddl_v1.POSTGRESQL:
        conn.execute(statement)
    if conn.dialect == "sqlite":
        from opslog.store.fulltext import create_fulltext

        create_fulltext(conn, version=1)


def _v2(conn: Conn) -> None:
    """v1 -> v2: the new tables (kpi, reading, feedback, feedback_link, team_member),
    `action.done_by`, and the search index rebuilt with `content="kind"` (double
    quotes, which sqlite-utils and Datasette recognise) and the new kinds' text."""
    from opslog.store import ddl_v2

    for statement in ddl_v2.UPGRADE_FROM_V1[conn.dialect]:
        conn.execute(statement)
    from opslog.store.fulltext import rebuild_fulltext

    rebuild_fulltext(conn)


def _v3(conn: Conn) -> None:
    """v2 -> v3: `goal.kpi_uid` (a goal following a KPI), null for every goal there is.
    The search index is untouched: no searchable field changed."""
    from opslog.store import ddl_v3

    for statement in ddl_v3.UPGRADE_FROM_V2[conn.dialect]:
        conn.execute(statement)


def _create_newest(conn: Conn) -> None:
    """A new database: the newest schema in one step (no v1 then v2 …), an empty index."""
    from opslog.store import ddl_v3

    for statement in ddl_v3.SQLITE if conn.dialect == "sqlite" else ddl_v3.POSTGRESQL:
        conn.execute(statement)
    if conn.dialect == "sqlite":
        from opslog.store.fulltext import create_fulltext

        create_fulltext(conn)


MIGRATIONS: dict[int, Callable[[Conn], None]] = {1: _v1, 2: _v2, 3: _v3}
CREATED_AT = 3  # the version `_create_newest` makes


def table_exists(conn: Conn, name: str) -> bool:
    if conn.dialect == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"
    else:
        sql = (
            "SELECT 1 FROM information_schema.tables"
            " WHERE table_name = :name AND table_schema = current_schema()"
        )
    return conn.scalar(sql, {"name": name}) is not None


def read_version(conn: Conn) -> int | None:
    """The schema version, or None when this is not an opslog database."""
    if not table_exists(conn, "opslog_meta"):
        return None
    rows = {r["key"]: r["value"] for r in conn.rows('SELECT "key", value FROM opslog_meta')}
    if rows.get("app") != APP_NAME:
        return None
    try:
        return int(rows.get("schema_version", ""))
    except ValueError:
        return None


def upgrade(conn: Conn, from_version: int) -> None:
    """Run every migration after `from_version`, in the caller's transaction (a new
    database, `from_version` 0, is made at the newest version directly)."""
    start = from_version
    if from_version == 0:
        _create_newest(conn)
        start = CREATED_AT
    for version in range(start + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
    if from_version == 0:
        conn.execute(
            'INSERT INTO opslog_meta ("key", value) VALUES (:k, :v)', {"k": "app", "v": APP_NAME}
        )
        conn.execute(
            'INSERT INTO opslog_meta ("key", value) VALUES (:k, :v)',
            {"k": "schema_version", "v": str(SCHEMA_VERSION)},
        )
    else:
        conn.execute(
            "UPDATE opslog_meta SET value = :v WHERE \"key\" = 'schema_version'",
            {"v": str(SCHEMA_VERSION)},
        )
