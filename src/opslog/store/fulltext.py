"""Full-text search index (SQLite FTS5, trigram tokenizer). Filled in by the search work."""

from __future__ import annotations

from opslog.store.db import Conn


def create_fulltext(conn: Conn) -> None:
    """Create the search index and the triggers that keep it in step (none yet)."""
