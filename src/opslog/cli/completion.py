"""Values the shell completes (`opslog --install-completion`): formats, record ids with
what they are (shown by zsh and fish), KPI names. A completion never prints an error,
never fails and never creates a database: anything wrong completes nothing.

Typer calls these with the context Click made while reading the words typed so far
(`resilient_parsing`: the app's callback has not run, so there is no AppContext); the
settings are read here as the callback would read them, `--db`/`--author` included.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import typer

Completion = list[tuple[str, str]]


def words(*choices: str) -> Callable[[str], list[str]]:
    """A completer of fixed words (a --format's choices)."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


# What each command's ID names: (table, the column that says what it is, a filter).
_IDS = {
    "goal": ("goal", "title", "status = 'active'"),
    "risk": ("risk", "title", "status <> 'closed'"),
    "action": ("action", "text", "status = 'open'"),
}
_SUMMARY = {"note": "text", "checkin": "done", "goal": "title", "progress": "note",
            "risk": "title", "retro": "week", "action": "text", "kpi": "name",
            "feedback": "text"}  # fmt: skip
_LIMIT = 50  # the newest: a shell list longer than this helps nobody


def goal_ids(ctx: typer.Context, incomplete: str) -> Completion:
    return _ids(ctx, incomplete, *_IDS["goal"])


def risk_ids(ctx: typer.Context, incomplete: str) -> Completion:
    # `risk show` of a closed one is fine too, but the open ones are the ones worked on
    return _ids(ctx, incomplete, *_IDS["risk"])


def action_ids(ctx: typer.Context, incomplete: str) -> Completion:
    return _ids(ctx, incomplete, *_IDS["action"])


def record_ids(ctx: typer.Context, incomplete: str) -> Completion:
    """`edit KIND ID`, `rm KIND ID`: the newest ids of that kind, any author."""
    kind = str(ctx.params.get("kind") or "").strip().lower()
    if kind not in _SUMMARY and kind not in ("risk_review", "reading", "feedback_link"):
        return []
    return _ids(ctx, incomplete, kind, _SUMMARY.get(kind, "id"), None, mine=False)


def kpi_names(ctx: typer.Context, incomplete: str) -> list[str]:
    rows = _query(ctx, "SELECT name FROM kpi WHERE author = :me AND status = 'active'"
                  " ORDER BY name", mine=True)  # fmt: skip
    return [str(r["name"]) for r in rows if str(r["name"]).startswith(incomplete)]


def _ids(ctx: typer.Context, incomplete: str, table: str, label: str, where: str | None,
         *, mine: bool = True) -> Completion:  # fmt: skip
    from opslog.render.safe import inert

    conditions = [c for c in (where, "author = :me" if mine else None) if c]
    sql = (f'SELECT id, "{label}" AS label FROM "{table}"'
           + (f" WHERE {' AND '.join(conditions)}" if conditions else "")
           + f" ORDER BY id DESC LIMIT {_LIMIT}")  # fmt: skip
    found = []
    for row in _query(ctx, sql, mine=mine):
        ident = str(row["id"])
        if ident.startswith(incomplete):
            found.append((ident, inert(" ".join(str(row["label"] or "").split())[:60])))
    return found


def _query(ctx: typer.Context, sql: str, *, mine: bool) -> list[Any]:
    try:
        from opslog.config import load_settings
        from opslog.store.db import parse_location
        from opslog.store.open import open_database

        root = ctx.find_root().params
        settings = load_settings({"db": root.get("db"), "author": root.get("author")}, os.environ)
        location = parse_location(settings.db)
        if location.path is not None and not location.path.exists():
            return []
        db = open_database(location, create=False)
        try:
            with db.read() as conn:
                return list(conn.rows(sql, {"me": settings.author} if mine else {}))
        finally:
            db.close()
    except Exception:
        return []
