"""A large import rebuilds the search index once at the end; search still finds
everything and the index agrees with the tables."""

import json
from pathlib import Path

import pytest

from opslog.store import fulltext
from tests.conftest import Run


def test_a_large_import_is_searchable_and_consistent(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[bool] = []
    real = fulltext.bulk_load

    def spy(conn: object) -> object:
        used.append(True)
        return real(conn)  # type: ignore[arg-type]

    monkeypatch.setattr(fulltext, "bulk_load", spy)
    run("note", "already here 早已在此")
    lines = [
        json.dumps(
            {
                "kind": "note",
                "uid": f"00000000-0000-4000-8000-{i:012d}",
                "id": i + 10,
                "author": "bo",
                "created_at": "2026-11-20T10:00:00.000000+00:00",
                "updated_at": "2026-11-20T10:00:00.000000+00:00",
                "day": "2026-11-20",
                "text": f"bulk note {i} 批量导入 " + "x" * 150,
                "tags": [],
            },
            ensure_ascii=False,
        )
        for i in range(7000)
    ]
    lines.append(lines[-1].replace("bulk note 6999", "needle 针头").replace("06999", "99999"))
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    r = run("import", str(path))
    assert r.exit_code == 0, r.stderr
    assert used == [True]  # the index was rebuilt once, not row by row
    found = json.loads(run("search", "针头", "--json").stdout)
    assert [f["text"].split(" 批量")[0] for f in found] == ["needle 针头"]
    assert len(json.loads(run("search", "早已在此", "--json").stdout)) == 1
    assert run("info", "--check").exit_code == 0


def test_a_bulk_import_puts_back_every_index_it_set_aside(tmp_path: Path) -> None:
    """The plain indexes go during a bulk import and come back at its end: the same
    names and definitions, used by the same query plans; a failed import leaves them as
    they were (its transaction rolls back)."""
    import io
    import sqlite3

    from opslog.errors import BadInput
    from opslog.store.db import Location
    from opslog.store.import_write import import_records
    from opslog.store.open import open_database

    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()

    def indexes() -> list[tuple[str, str]]:
        with sqlite3.connect(path) as raw:
            return raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
            ).fetchall()

    before = indexes()
    assert any(name == "ix_note_day" for name, _sql in before)
    stamp = "2026-11-20T10:00:00+00:00"
    note = {"kind": "note", "author": "bo", "day": "2026-11-20", "text": "t", "tags": [],
            "created_at": stamp, "updated_at": stamp}  # fmt: skip
    uids = (f"00000000-0000-4000-8000-{i:012d}" for i in range(50))
    good = "".join(json.dumps({**note, "uid": uid}) + "\n" for uid in uids).encode()
    database = open_database(Location(path=path))
    try:
        with pytest.raises(BadInput), database.write() as conn:
            import_records(conn, io.BytesIO(good + b"{bad\n"), bulk=True)
        assert indexes() == before
        with database.write() as conn:
            import_records(conn, io.BytesIO(good), bulk=True)
    finally:
        database.close()
    assert indexes() == before
    with sqlite3.connect(path) as raw:
        plan = raw.execute("EXPLAIN QUERY PLAN SELECT * FROM note WHERE day = '2026-11-20'")
        assert "ix_note_day" in str(plan.fetchall())
        assert raw.execute("SELECT count(*) FROM note").fetchone() == (50,)
        # the search index was rebuilt with a larger hash, its setting gone again
        assert raw.execute("SELECT k FROM note_fts_config").fetchall() == [("version",)]
        raw.execute("INSERT INTO note_fts(note_fts, rank) VALUES ('integrity-check', 1)")
        assert raw.execute("SELECT count(*) FROM note_fts WHERE note_fts MATCH 't'").fetchone()
