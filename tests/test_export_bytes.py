"""The fast export path (plain tuples, one encoder made once, json_safe per chunk) writes
exactly what the plain standard-library way writes: `json.dumps(row, ensure_ascii=False)`
of each row as a dict, lists decoded, then `json_safe`, one line each (issue 18: 3)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

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
