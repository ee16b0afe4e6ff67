"""The two-thread bulk paths shorten the interpreter's switch interval while their second
thread runs (store/handoff.py: a thread back from SQLite's C code would otherwise wait up
to 5 ms for the GIL each time), and put it back after, on success and on error."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opslog.errors import BadInput
from opslog.store import export_lines, import_write
from opslog.store.db import Database, Location, SqliteConn
from opslog.store.handoff import HANDOFF_S, quick_handoffs
from opslog.store.open import open_database

STAMP = "2026-11-27T18:00:00.000000+00:00"
DEFAULT = 0.005


@pytest.fixture(autouse=True)
def default_interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(DEFAULT)
    yield
    sys.setswitchinterval(before)


def test_the_interval_is_short_inside_and_as_it_was_after() -> None:
    with quick_handoffs():
        assert sys.getswitchinterval() == pytest.approx(HANDOFF_S, rel=0.05)
    assert sys.getswitchinterval() == pytest.approx(DEFAULT, rel=0.05)
    with pytest.raises(KeyError), quick_handoffs():
        raise KeyError("an error inside")
    assert sys.getswitchinterval() == pytest.approx(DEFAULT, rel=0.05)


def test_a_shorter_interval_set_by_the_caller_is_kept() -> None:
    sys.setswitchinterval(0.0001)
    with quick_handoffs():
        assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)
    assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)


def _note(i: int, day: str = "2026-11-27") -> dict[str, Any]:
    return {"kind": "note", "id": i, "uid": f"00000000-0000-4000-8000-{i:012x}",
            "author": "lin", "created_at": STAMP, "updated_at": STAMP,
            "day": day, "text": f"note {i}", "tags": []}  # fmt: skip


def _lines(records: list[dict[str, Any]]) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode())


def _writes_seen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The switch interval each time the writer thread writes a batch."""
    seen: list[float] = []
    write = import_write._Writer.write

    def writing(self: Any, *args: Any) -> None:
        seen.append(sys.getswitchinterval())
        write(self, *args)

    monkeypatch.setattr(import_write._Writer, "write", writing)
    return seen


def test_the_import_writes_with_quick_handoffs_then_puts_the_interval_back(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _writes_seen(monkeypatch)
    with database.write() as conn:
        report = import_write.import_records(conn, _lines([_note(i) for i in range(1, 2501)]))
    assert report.total_added == 2500
    assert len(seen) == 3 and all(s == pytest.approx(HANDOFF_S, rel=0.05) for s in seen), seen
    assert sys.getswitchinterval() == pytest.approx(DEFAULT, rel=0.05)


def test_a_failed_import_puts_the_interval_back(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _writes_seen(monkeypatch)
    records = [*(_note(i) for i in range(1, 1500)), _note(1500, day="2026-13-01")]
    with pytest.raises(BadInput), database.write() as conn:
        import_write.import_records(conn, _lines(records))
    assert seen and seen[0] == pytest.approx(HANDOFF_S, rel=0.05)
    assert sys.getswitchinterval() == pytest.approx(DEFAULT, rel=0.05)


def test_the_export_makes_pages_with_quick_handoffs_then_puts_the_interval_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_lines, "THREADED", True)
    path = tmp_path / "e.db"
    open_database(Location(path=path)).close()
    raw = sqlite3.connect(path)
    raw.executemany(
        "INSERT INTO note (id, uid, author, created_at, updated_at, day, text, tags)"
        " VALUES (?, ?, 'ann', ?, ?, '2026-11-27', ?, '[]')",
        [(i, f"00000000-0000-4000-8000-{i:012d}", STAMP, STAMP, f"n {i}") for i in range(1, 901)],
    )
    raw.commit()
    raw.close()
    seen: list[float] = []
    make_pages = export_lines._page_maker

    def page_maker(*args: Any) -> Any:
        make = make_pages(*args)

        def making(first_id: int) -> Any:
            seen.append(sys.getswitchinterval())
            return make(first_id)

        return making

    monkeypatch.setattr(export_lines, "_page_maker", page_maker)
    database = open_database(Location(path=path))
    try:
        with database.read() as conn:
            assert isinstance(conn, SqliteConn)
            chunks = export_lines.jsonl_bytes(conn, ("note",), batch=300)
            assert next(chunks).count(b"\n") == 300
            assert sys.getswitchinterval() == pytest.approx(HANDOFF_S, rel=0.05)
            assert b"".join(chunks).count(b"\n") == 600
    finally:
        database.close()
    assert len(seen) >= 3 and all(s == pytest.approx(HANDOFF_S, rel=0.05) for s in seen), seen
    assert sys.getswitchinterval() == pytest.approx(DEFAULT, rel=0.05)
