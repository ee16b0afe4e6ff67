"""The fast export path (plain tuples, one encoder made once, json_safe per chunk) writes
exactly what the plain standard-library way writes: `json.dumps(row, ensure_ascii=False)`
of each row as a dict, lists decoded, then `json_safe`, one line each (issue 18: 3)."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opslog.domain.kinds import KINDS
from opslog.jsontext import json_safe
from opslog.store.convert import JSON_FIELDS
from opslog.store.daily import add_note
from opslog.store.db import Database, SqliteConn
from opslog.store.export import (
    EXPORT_ORDER,
    export_columns,
    export_objects,
    json_document_chunks,
    jsonl_chunks,
)
from opslog.store.import_write import import_records

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"
HOSTILE = [
    "退款 #客服 \u202e bidi \u2066 isolate",
    "C1 \x85 and DEL \x7f, a line\u2028separator\u2029 and NUL-free controls \x01\x1b[31m",
    'quotes " \\ backslash, emoji 👩‍💻 and é\u0301',
    "x" * 5000,
]


def _stdlib_jsonl(database: Database) -> str:
    """The reference: rows as dicts, the stdlib encoder called per row."""
    lines = []
    with database.read() as conn:
        for kind in EXPORT_ORDER:
            cols = export_columns(kind)
            names = ", ".join(f'"{c}"' for c in cols)
            for row in conn.rows(f'SELECT {names} FROM "{kind}" ORDER BY id'):
                obj = {"kind": kind}
                for c in cols:
                    v = row[c]
                    obj[c] = (json.loads(v) if v else []) if c in JSON_FIELDS else v
                lines.append(json_safe(json.dumps(obj, ensure_ascii=False, allow_nan=False)))
    return "".join(line + "\n" for line in lines)


def _filled(database: Database) -> None:
    with database.write() as conn:
        import_records(conn, io.BytesIO(SAMPLE.read_bytes()))
        for i, text in enumerate(HOSTILE):
            add_note(conn, author="陈静", now="2026-11-27T09:00:00+00:00",
                     day=date(2026, 11, 20 + i), text=text, tags=["客服", f"t{i}"])  # fmt: skip


def test_the_jsonl_export_is_byte_for_byte_the_stdlib_one(database: Database) -> None:
    _filled(database)
    expected = _stdlib_jsonl(database)
    with database.read() as conn:
        # batch=3: chunk edges fall inside the file, json_safe runs per chunk
        got = "".join(jsonl_chunks(export_objects(conn, KINDS), batch=3))
    assert got == expected
    assert expected.count("\n") == 229 + len(HOSTILE)
    assert "\\u202e" in got and "\\u0085" in got and "\\u007f" in got and "\\u2028" in got
    assert '"author": "陈静"' in got and "👩‍💻" in got  # UTF-8 as typed


def test_the_json_document_holds_the_same_lines(database: Database) -> None:
    _filled(database)
    expected = _stdlib_jsonl(database).splitlines()
    with database.read() as conn:
        doc = "".join(json_document_chunks(export_objects(conn, KINDS), batch=5))
    lines = doc.splitlines()
    assert lines[0] == '{"schema": "opslog.export/1", "records": ['
    assert lines[-1] == "]}"
    assert [line.removesuffix(",") for line in lines[1:-1]] == expected


# --- the lines SQLite writes itself (store/export_lines.py) ---------------------------


def _lines_jsonl(database: Database, batch: int) -> str:
    from opslog.store.export_lines import jsonl_bytes

    with database.read() as conn:
        return b"".join(jsonl_bytes(conn, KINDS, batch=batch)).decode("utf-8")


@pytest.fixture(params=[True, False], ids=["threaded", "one-thread"])
def threaded(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The pages made by a second thread (the everyday path), or in the reader's."""
    from opslog.store import export_lines

    monkeypatch.setattr(export_lines, "THREADED", request.param)
    return bool(request.param)


def test_the_lines_sqlite_writes_are_the_stdlib_ones(database: Database, threaded: bool) -> None:
    _filled(database)
    expected = _stdlib_jsonl(database)
    for batch in (1, 3, 2000):  # chunks of one line, edges inside the file, one chunk
        assert _lines_jsonl(database, batch) == expected


def test_the_json_document_from_sqlite_lines(database: Database) -> None:
    from opslog.store.export_lines import json_document_bytes

    _filled(database)
    with database.read() as conn:
        old = "".join(json_document_chunks(export_objects(conn, KINDS), batch=5))
        new = b"".join(json_document_bytes(conn, KINDS, batch=4)).decode("utf-8")
        assert new == old
    empty = (("retro",), None, date(1990, 1, 1))  # nothing: still a document
    with database.read() as conn:
        kinds, since, until = empty
        got = b"".join(json_document_bytes(conn, kinds, since, until)).decode("utf-8")
    assert got == '{"schema": "opslog.export/1", "records": [\n\n]}\n'
    assert got == "".join(json_document_chunks(iter([])))


# Values only another tool can leave in a file: each must come out as the stdlib writes
# it (or fail as it fails), whichever chunk it falls in.
ODD_VALUES = [
    ("text", "a \u0085 b"),  # C1
    ("text", "tab\there"),
    ("text", "new\nline"),
    ("text", "nul \x00 inside"),
    ("text", 'a "quoted" word'),
    ("text", "back\\slash"),
    ("text", "\u2028\u2029\u061c\u200e\u200f\u202a\u2066\x7f"),
    ("text", "emoji 😀 é 中文 — “curly” … €"),
    ("text", 12345),  # a number in a text column (stored as text: TEXT affinity)
    ("tags", '["a","b"]'),  # compact: the stdlib writes ["a", "b"]
    ("tags", '["\\u5468\\u62a5"]'),  # escaped: written as 周报
    ("tags", ""),
    ("tags", '["x\\"y"]'),
    ("tags", "[1.5, 1e-320, 12345678901234567890]"),
]


def test_odd_values_in_a_file_come_out_as_the_stdlib_writes_them(
    tmp_path: Path, threaded: bool
) -> None:
    from opslog.store.db import Location
    from opslog.store.open import open_database

    path = tmp_path / "o.db"
    database = open_database(Location(path=path))
    _filled(database)
    database.close()
    raw = sqlite3.connect(path)
    for i, (column, value) in enumerate(ODD_VALUES):
        raw.execute(
            "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
            " VALUES (?, 'ann', '2026-11-27T09:00:00+00:00', '2026-11-27T09:00:00+00:00',"
            " '2026-11-27', ?, ?)",
            (f"00000000-0000-4000-8000-{i:012d}",
             value if column == "text" else "plain", value if column == "tags" else "[]"),
        )  # fmt: skip
    # a float, an integer and text where the stdlib reads numbers and text back as such
    raw.execute("UPDATE checkin SET mood = 2.5 WHERE id = (SELECT min(id) FROM checkin)")
    raw.execute("UPDATE checkin SET mood = 'meh' WHERE id = (SELECT max(id) FROM checkin)")
    raw.execute("UPDATE action SET done_by = 7 WHERE id = (SELECT min(id) FROM action)")
    raw.commit()
    raw.close()
    database = open_database(Location(path=path))
    try:
        expected = _stdlib_jsonl(database)
        for batch in (1, 2, 7, 2000):
            assert _lines_jsonl(database, batch) == expected
        # a window: rows one by one (not pages), checked in chunks all the same
        for batch in (1, 7, 2000):
            assert _windowed(database, batch) == _windowed_stdlib(database)
    finally:
        database.close()
    for text in ("\\u0085", "\\t", "\\n", "\\u0000", '\\"quoted\\"', "back\\\\slash",
                 "\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a\\u2066\\u007f", "“curly”",
                 '"text": "12345"', '"tags": ["a", "b"]', '"tags": ["周报"]',
                 '"mood": 2.5', '"mood": "meh"', '"done_by": "7"',
                 '"tags": [1.5, 1e-320, 12345678901234567890]'):  # fmt: skip
        assert text in expected


def _windowed(database: Database, batch: int) -> str:
    from opslog.store.export_lines import jsonl_bytes

    with database.read() as conn:
        got = jsonl_bytes(conn, KINDS, date(2026, 11, 21), date(2026, 11, 30), batch=batch)
        return b"".join(got).decode("utf-8")


def _windowed_stdlib(database: Database) -> str:
    with database.read() as conn:
        objects = export_objects(conn, KINDS, date(2026, 11, 21), date(2026, 11, 30))
        return "".join(jsonl_chunks(objects))


def test_a_text_that_is_not_utf8_fails_as_the_stdlib_way_fails(tmp_path: Path) -> None:
    from opslog.errors import StoreError
    from opslog.store.db import Location
    from opslog.store.export_lines import jsonl_bytes
    from opslog.store.open import open_database

    path = tmp_path / "o.db"
    database = open_database(Location(path=path))
    _filled(database)
    database.close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE note SET text = CAST(x'6869ff' AS TEXT) WHERE id = 2")
    raw.commit()
    raw.close()
    database = open_database(Location(path=path))
    try:
        for batch in (1, 2000):  # the bad line alone in its chunk, or with others
            with database.read() as conn, pytest.raises(StoreError, match="decode"):
                b"".join(jsonl_bytes(conn, KINDS, batch=batch))
    finally:
        database.close()


def _logbook_with_notes(path: Path, ids: list[int], text: Callable[[int], str]) -> Database:
    """A logbook holding one note per id, written in the order given (another tool's
    ids: any order, negative, the largest SQLite takes)."""
    from opslog.store.db import Location
    from opslog.store.open import open_database

    open_database(Location(path=path)).close()
    raw = sqlite3.connect(path)
    raw.executemany(
        "INSERT INTO note (id, uid, author, created_at, updated_at, day, text, tags)"
        " VALUES (?, ?, 'ann', '2026-11-27T09:00:00+00:00', '2026-11-27T09:00:00+00:00',"
        " ?, ?, ?)",
        [(i, f"00000000-0000-4000-8000-{n:012d}", f"2026-11-{1 + n % 28:02d}", text(i),
          '["a", "b"]' if n % 3 else "[]") for n, i in enumerate(ids)],
    )  # fmt: skip
    raw.commit()
    raw.close()
    return open_database(Location(path=path))


def test_pages_keep_id_order_whatever_order_the_rows_went_in(
    tmp_path: Path, threaded: bool
) -> None:
    """A page is group_concat over `ORDER BY id LIMIT n`: its lines must come in id order
    on a table written in random id order, with ids at both ends of the 64-bit range
    and a few texts that send their page the stdlib way."""
    rng = random.Random(18)
    ids = [-(2**63), -5, 0, 2**63 - 1, *rng.sample(range(1, 10**9), 6000)]
    rng.shuffle(ids)
    database = _logbook_with_notes(
        tmp_path / "o.db", ids, lambda i: f"note {i}" + (' "quoted"' if i % 997 == 0 else "")
    )
    try:
        expected = _stdlib_jsonl(database)
        assert expected.count("\n") == len(ids) and '\\"quoted\\"' in expected
        for batch in (1, 333, 2000, 10000):
            assert _lines_jsonl(database, batch) == expected
        assert _windowed(database, 500) == _windowed_stdlib(database)
    finally:
        database.close()


def test_a_list_text_holding_nan_fails_as_the_stdlib_way_fails(tmp_path: Path) -> None:
    """`[NaN]` in a list column: "a number is not finite", as the stdlib encoder says
    (the check of list texts used to end in an AttributeError)."""
    from opslog.errors import OpslogError

    database = _logbook_with_notes(tmp_path / "o.db", [1, 2, 3], str)
    try:
        with database.write() as conn:
            conn.execute("UPDATE note SET tags = '[NaN]' WHERE id = 2")
        with database.read() as conn, pytest.raises(OpslogError, match="not finite"):
            "".join(jsonl_chunks(export_objects(conn, KINDS)))
        from opslog.store.export_lines import jsonl_bytes

        for batch in (1, 2000):
            with database.read() as conn, pytest.raises(OpslogError, match="not finite"):
                b"".join(jsonl_bytes(conn, KINDS, batch=batch))
    finally:
        database.close()


def _export_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "opslog-export"]


def test_an_error_mid_stream_reaches_the_reader_and_the_thread_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite failing on the 7th page, in the thread that makes pages: the pages before
    it are written, the error is raised where the export is read, the thread is gone."""
    from opslog.errors import StoreError
    from opslog.store import export_lines

    monkeypatch.setattr(export_lines, "THREADED", True)
    database = _logbook_with_notes(tmp_path / "o.db", list(range(1, 5001)), str)
    real_plan = export_lines._plan

    def failing_plan(kind: str) -> Any:
        plan = real_plan(kind)
        if kind != "note" or plan is None:
            return plan
        return dataclasses.replace(plan, line=f"fails_after(id, 3000) || {plan.line}")

    monkeypatch.setattr(export_lines, "_plan", failing_plan)

    def fails_after(i: int, last: int) -> str:
        if i > last:
            raise ValueError(i)
        return ""

    try:
        got: list[bytes] = []
        with database.read() as conn:
            assert isinstance(conn, SqliteConn)
            conn.raw.create_function("fails_after", 2, fails_after)
            with pytest.raises(StoreError, match="user-defined function raised exception"):
                got.extend(export_lines.jsonl_bytes(conn, ("note",), batch=500))
        assert b"".join(got).count(b"\n") == 3000
        assert _export_threads() == []
    finally:
        database.close()


def test_a_reader_that_stops_early_stops_the_thread(tmp_path: Path) -> None:
    from opslog.store.export_lines import jsonl_bytes

    database = _logbook_with_notes(tmp_path / "o.db", list(range(1, 5001)), str)
    try:
        with database.read() as conn:
            chunks = jsonl_bytes(conn, ("note",), batch=100)
            assert next(chunks).count(b"\n") == 100
            assert _export_threads() != []
            chunks.close()
            assert _export_threads() == []
    finally:
        database.close()


# --- the command: a reader that leaves, Ctrl-C -----------------------------------------


def test_export_into_a_pipe_closed_early_exits_quietly(db_path: Path) -> None:
    """`opslog export | head -1`: the first line, then exit 1 and nothing on stderr (no
    traceback, no "Exception ignored", no word from the thread that makes pages)."""
    from tests.fixtures.harness import child_env, finish

    db_path.parent.mkdir(parents=True)
    _logbook_with_notes(db_path, list(range(1, 20001)), lambda i: "x" * 100).close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "opslog", "export"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(),
    )  # fmt: skip
    assert proc.stdout is not None
    first = json.loads(proc.stdout.readline())
    proc.stdout.close()
    _out, err = finish(proc)
    assert first["kind"] == "note" and first["id"] == 1
    assert (proc.returncode, err.decode()) == (1, "")


def test_ctrl_c_during_an_export_exits_130_without_a_traceback(db_path: Path) -> None:
    """SIGINT while the export waits for its reader (the pipe full, a page or two made
    ahead): "opslog: interrupted", exit 130, the thread joined (no hang)."""
    from tests.fixtures.crash import spawn_warm
    from tests.fixtures.harness import finish

    db_path.parent.mkdir(parents=True)
    _logbook_with_notes(db_path, list(range(1, 20001)), lambda i: "x" * 100).close()
    proc = spawn_warm("export")
    assert proc.stdout is not None
    assert json.loads(proc.stdout.readline())["id"] == 1  # under way
    time.sleep(0.5)  # the pipe fills: the export waits in write()
    proc.send_signal(signal.SIGINT)
    _out, err = finish(proc)
    assert (proc.returncode, err.decode()) == (130, "opslog: interrupted\n")
