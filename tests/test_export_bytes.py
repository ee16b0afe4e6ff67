"""The fast export path (plain tuples, one encoder made once, json_safe per chunk) writes
exactly what the plain standard-library way writes: `json.dumps(row, ensure_ascii=False)`
of each row as a dict, lists decoded, then `json_safe`, one line each (issue 18: 3)."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from opslog.domain.kinds import KINDS
from opslog.jsontext import json_safe
from opslog.store.convert import JSON_FIELDS
from opslog.store.daily import add_note
from opslog.store.db import Database
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


def test_the_lines_sqlite_writes_are_the_stdlib_ones(database: Database) -> None:
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


def test_odd_values_in_a_file_come_out_as_the_stdlib_writes_them(tmp_path: Path) -> None:
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
    finally:
        database.close()
    for text in ("\\u0085", "\\t", "\\n", "\\u0000", '\\"quoted\\"', "back\\\\slash",
                 "\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a\\u2066\\u007f", "“curly”",
                 '"text": "12345"', '"tags": ["a", "b"]', '"tags": ["周报"]',
                 '"mood": 2.5', '"mood": "meh"', '"done_by": "7"',
                 '"tags": [1.5, 1e-320, 12345678901234567890]'):  # fmt: skip
        assert text in expected


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
