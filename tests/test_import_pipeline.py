"""Issue 18 items 3 and 4: `opslog import` reads and checks in this thread while one
writer thread writes the batch before (store/import_write.py). The writes happen on the
writer thread, beside the reading; an error in either thread, Ctrl-C included, waits
for the batch in flight and writes nothing; errors still name the earliest bad line;
SQLite's insert_rows writes a batch as one statement with the values as bound."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from opslog.domain.import_check import check_record
from opslog.errors import BadInput, StoreError
from opslog.store import import_write
from opslog.store.db import Database, SqliteConn
from opslog.store.import_write import import_records

STAMP = "2026-11-27T18:00:00.000000+00:00"
MISSING_GOAL = "00000000-0000-4000-8000-00000000dead"


def _note(i: int, **change: Any) -> dict[str, Any]:
    return {"kind": "note", "id": i, "uid": f"00000000-0000-4000-8000-{i:012x}",
            "author": "lin", "created_at": STAMP, "updated_at": STAMP,
            "day": "2026-11-27", "text": f"theirs {i}", "tags": [], **change}  # fmt: skip


def _lines(records: list[dict[str, Any]]) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(r) + "\n" for r in records).encode())


def _notes(database: Database) -> int:
    with database.read() as conn:
        return int(conn.scalar("SELECT count(*) FROM note"))


def test_an_unknown_parent_in_the_batch_being_written_is_named_before_a_later_bad_line(
    database: Database,
) -> None:
    """Line 1's goal is looked up by the writer thread (it is not earlier in the file)
    while this thread reads on and meets a bad day at line 1003: the error names line
    1, as when one thread did both, and nothing is written."""
    progress = {"kind": "progress", "id": 1, "uid": "00000000-0000-4000-8000-0000000000f1",
                "author": "lin", "created_at": STAMP, "updated_at": STAMP,
                "goal_uid": MISSING_GOAL, "day": "2026-11-27", "value": 1.0}  # fmt: skip
    records = [progress, *(_note(i) for i in range(1, 1002)), _note(5000, day="2026-13-01")]
    with pytest.raises(BadInput) as caught, database.write() as conn:
        import_records(conn, _lines(records))
    assert str(caught.value).startswith("line 1: progress: goal_uid"), caught.value
    assert _notes(database) == 0


def test_the_writer_thread_writes_a_batch_while_this_one_reads_the_next(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch's insert waits until the reading thread has checked line 1500
    (in the next batch): with one thread doing both it would wait forever."""
    read_on = threading.Event()

    def checking(where: str, obj: Any, fill: Any = None) -> tuple[str, dict[str, Any]]:
        if where == "line 1500":
            read_on.set()
        return check_record(where, obj, fill)

    monkeypatch.setattr(import_write, "check_record", checking)
    threads: list[str] = []
    with database.write() as conn:
        insert = conn.insert_rows

        def inserting(*args: Any) -> int:
            threads.append(threading.current_thread().name)
            if len(threads) == 1:
                assert read_on.wait(20), "the reading thread did not go on meanwhile"
            return insert(*args)

        monkeypatch.setattr(conn, "insert_rows", inserting)
        report = import_records(conn, _lines([_note(i) for i in range(1, 2501)]))
    assert report.added["note"] == 2500 and _notes(database) == 2500
    assert len(threads) == 3 and threading.current_thread().name not in threads


def test_ctrl_c_waits_for_the_batch_being_written_then_writes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KeyboardInterrupt in the reading thread while the writer is inside a batch: it
    reaches the caller only once that batch is done (so the rollback never runs beside a
    write), and the transaction rolls back whole."""
    writing = threading.Event()
    done: list[float] = []

    def checking(where: str, obj: Any, fill: Any = None) -> tuple[str, dict[str, Any]]:
        if where == "line 1200":
            assert writing.wait(20)
            raise KeyboardInterrupt
        return check_record(where, obj, fill)

    monkeypatch.setattr(import_write, "check_record", checking)
    with pytest.raises(KeyboardInterrupt), database.write() as conn:
        insert = conn.insert_rows

        def inserting(*args: Any) -> int:
            writing.set()
            time.sleep(0.5)
            added = insert(*args)
            done.append(time.monotonic())
            return added

        monkeypatch.setattr(conn, "insert_rows", inserting)
        try:
            import_records(conn, _lines([_note(i) for i in range(1, 2501)]))
        finally:
            interrupted = time.monotonic()
    assert done and done[0] <= interrupted
    assert _notes(database) == 0


def test_an_error_in_the_writer_thread_is_raised_here_and_writes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StoreError, match="disk is full"), database.write() as conn:
        insert = conn.insert_rows
        calls: list[int] = []

        def inserting(*args: Any) -> int:
            calls.append(1)
            if len(calls) == 2:
                raise StoreError("not saved: the disk is full (test)")
            return insert(*args)

        monkeypatch.setattr(conn, "insert_rows", inserting)
        import_records(conn, _lines([_note(i) for i in range(1, 3501)]))
    assert len(calls) == 2  # the batches after the failed one were not written
    assert _notes(database) == 0


def test_sqlite_insert_rows_writes_the_values_as_bound_in_statements_of_many_rows(
    tmp_path: Path,
) -> None:
    """Split into statements by the parameter limit (3 rows of 4 columns here), a uid
    already there skipped and not counted, floats exact and a NUL kept (SQLite's JSON
    functions would round 0.1 + 0.2 and cut the text at the NUL)."""
    raw = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, x REAL, s TEXT)")
    raw.execute("INSERT INTO t VALUES (100, 'u3', 0, '')")
    conn = SqliteConn(raw)
    conn._max_variables = 12
    rows = [{"id": i, "uid": f"u{i}", "x": 0.1 + 0.2 * i, "s": f"a\x00{i}"} for i in range(8)]
    assert conn.insert_rows("t", ["id", "uid", "x", "s"], rows) == 7
    got = raw.execute("SELECT id, uid, x, s FROM t WHERE id < 100 ORDER BY id").fetchall()
    assert got == [(r["id"], r["uid"], r["x"], r["s"]) for r in rows if r["uid"] != "u3"]
