"""Issue 18 item 4: on PostgreSQL `opslog import` looks every uid of a batch up and
writes the rows it knows to be new by COPY (store/sa_db: copy_text, _copy_new_rows);
other rows, and tables under row-level security (COPY FROM refuses those), go in by the
INSERT ... ON CONFLICT as before. What COPY reads specially in text (tab, newline,
carriage return, backslash, `\\N`, `\\.`) arrives as written, on every driver."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from opslog.domain.import_check import check_record
from opslog.store import sa_db
from opslog.store.db import Database
from opslog.store.import_write import import_records
from opslog.store.sa_db import copy_text
from tests.conftest import Run
from tests.pg import as_login, secure_with_logins

STAMP = "2026-11-27T18:00:00.000000+00:00"
LOGINS = ("lin",)
# Text of notes: each meets something COPY's text format says differently.
TEXTS = [
    "tab\there and\tthere",
    "back\\slash, two \\\\ and one at the end \\",
    "\\N",  # COPY's NULL, as text
    "\\.",  # the end of data in COPY's old protocol
    "line one\nline two\n\nline four",
    "carriage\rreturn and\r\nboth",
    "年货节的直播 #直播 预售\t定金\\尾款",
    "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, combining é, RTL שלום",
    "\\t is not a tab, \\n is not a newline",
    "plain",
]


def _note(i: int, text: str, **change: Any) -> dict[str, Any]:
    return {"kind": "note", "id": i, "uid": f"00000000-0000-4000-8000-{i:012x}",
            "author": "lin", "created_at": STAMP, "updated_at": STAMP,
            "day": "2026-11-27", "text": text, "tags": ["直播", "a\\b"], **change}  # fmt: skip


def _file(records: list[dict[str, Any]]) -> io.BytesIO:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return io.BytesIO(body.encode("utf-8"))


def _stored(database: Database) -> list[tuple[Any, ...]]:
    with database.read() as conn:
        rows = conn.rows("SELECT id, uid, text, tags FROM note ORDER BY id")
    return [(r["id"], r["uid"], r["text"], r["tags"]) for r in rows]


def _expected(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    rows = [check_record(f"line {i}", dict(r))[1] for i, r in enumerate(records, 1)]
    return [(r["id"], r["uid"], r["text"], r["tags"]) for r in rows]


def test_text_that_copy_reads_specially_arrives_as_written(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every driver stores the same text; on PostgreSQL by COPY (watched), twice over a
    batch of a thousand and one that is not full."""
    copies: list[int] = []
    real = sa_db.SaConn._copy_new_rows

    def copying(self: Any, table: str, columns: Any, data: str, count: int) -> int:
        copies.append(count)
        return real(self, table, columns, data, count)

    monkeypatch.setattr(sa_db.SaConn, "_copy_new_rows", copying)
    records = [_note(i, TEXTS[i % len(TEXTS)] + f" {i}") for i in range(1, 1201)]
    with database.write() as conn:
        report = import_records(conn, _file(records))
    assert report.added["note"] == 1200
    assert _stored(database) == _expected(records)
    assert copies == ([1000, 200] if database.dialect == "postgresql" else [])


def test_rows_whose_uid_is_here_are_skipped_and_the_rest_copied(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second import of the same file with more in it adds only the new rows: the
    uids here are found by the lookup, not by a conflict (COPY has none)."""
    first = [_note(i, TEXTS[i % len(TEXTS)]) for i in range(1, 6)]
    with database.write() as conn:
        import_records(conn, _file(first))
    more = [*first, *(_note(i, f"more {i}\twith a tab") for i in range(6, 9))]
    with database.write() as conn:
        report = import_records(conn, _file(more))
    assert (report.added["note"], report.present) == (3, 5)
    assert _stored(database) == _expected(more)


def test_copy_text_escapes_only_what_needs_it() -> None:
    rows = [
        {"id": 1, "uid": "u1", "text": "a\tb\\c\nd\re", "value": 1.5, "none": None},
        {"id": 2, "uid": "u2", "text": "中文 plain", "value": -0.0, "none": None},
        {"id": 3, "uid": "u3", "text": "\\N", "value": 1e16, "none": "x"},
    ]
    cols = ["id", "uid", "text", "value", "none"]
    assert copy_text(rows, cols) == (
        "1\tu1\ta\\tb\\\\c\\nd\\re\t1.5\t\\N\n"
        "2\tu2\t中文 plain\t-0.0\t\\N\n"
        "3\tu3\t\\\\N\t1e+16\tx\n"
    )
    assert copy_text(rows[1:2], cols) == "2\tu2\t中文 plain\t-0.0\t\\N\n"
    assert copy_text([{"text": "one"}, {"text": "two"}], ["text"]) == "one\ntwo\n"
    assert copy_text([], cols) == ""


@pytest.mark.parametrize("value", [True, "a\x00b", {"a": 1}, [1], b"x"])
def test_copy_text_refuses_what_copy_would_say_otherwise(value: Any) -> None:
    """None: the caller writes those rows by the INSERT instead (which refuses or
    stores them as before)."""
    assert copy_text([{"id": 1, "x": value}], ["id", "x"]) is None


@pytest.fixture
def secured(run: Run, pg_url: str) -> str:
    """The test server's database secured by its owner, with a login lin."""
    return secure_with_logins(run, pg_url, LOGINS)


def test_an_import_under_row_level_security_goes_in_without_copy(
    run: Run, secured: str, tmp_path: Path
) -> None:
    """COPY FROM refuses a table whose rows row-level security filters for this login:
    the import of a login of a secured database inserts instead."""
    path = tmp_path / "lin.jsonl"
    path.write_bytes(_file([_note(i, TEXTS[i % len(TEXTS)]) for i in range(1, 4)]).getvalue())
    lin = as_login(secured, "lin")
    result = run("import", str(path), env={"OPSLOG_DB": lin})
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("imported 3 of 3 records")
    lines = run("export", env={"OPSLOG_DB": lin}).stdout.splitlines()
    assert [json.loads(x)["text"] for x in lines] == [TEXTS[i % len(TEXTS)] for i in (1, 2, 3)]


def test_a_login_of_a_secured_database_imports_ids_past_the_sequence_then_writes_on(
    run: Run, secured: str, tmp_path: Path
) -> None:
    """The import keeps the file's ids (500-502, far past the id sequence) and moves the
    sequence past them at its end, which takes UPDATE on it: `team secure` grants it, so
    a login's import does not fail at its very end, and the login's next note gets 503."""
    path = tmp_path / "lin.jsonl"
    path.write_bytes(_file([_note(i, f"mine {i}") for i in (500, 501, 502)]).getvalue())
    lin = as_login(secured, "lin")
    result = run("import", str(path), env={"OPSLOG_DB": lin})
    assert result.exit_code == 0, result.stderr
    assert run("note", "after the import", env={"OPSLOG_DB": lin}).exit_code == 0
    lines = [json.loads(x) for x in run("export", env={"OPSLOG_DB": lin}).stdout.splitlines()]
    assert [(r["id"], r["text"], r["author"]) for r in lines] == [
        (500, "mine 500", "lin"), (501, "mine 501", "lin"), (502, "mine 502", "lin"),
        (503, "after the import", "lin"),
    ]  # fmt: skip


def test_a_uid_met_again_later_in_the_file_is_found_in_a_table_empty_at_the_start(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into an empty table, PostgreSQL looks up only the uids the import may have written
    already (store/import_write._Seen): here the one that comes again two batches later,
    which is skipped as a uid already here, not a duplicate key for COPY."""
    from opslog.store import import_write

    monkeypatch.setattr(import_write, "BATCH", 3)
    looked: list[str] = []
    real = import_write._Writer._existing

    def existing(self: Any, kind: str, column: str, values: list[Any]) -> set[Any]:
        if column == "uid":
            looked.extend(values)
        return real(self, kind, column, values)

    monkeypatch.setattr(import_write._Writer, "_existing", existing)
    records = [_note(i, f"note {i}") for i in range(1, 8)] + [_note(2, "again")]
    with database.write() as conn:
        report = import_records(conn, _file(records))
    assert (report.added["note"], report.present) == (7, 1)
    assert [r[2] for r in _stored(database)] == [f"note {i}" for i in range(1, 8)]
    if database.dialect == "postgresql":
        assert looked == [_note(2, "")["uid"]]


def test_the_seen_filter_never_misses_a_uid() -> None:
    from opslog.store.import_write import _Seen

    seen = _Seen()
    uids = [f"00000000-0000-4000-8000-{i:012x}" for i in range(50_000)]
    # taken for seen without being: ~2 expected at this size (whatever the hash seed)
    assert len(seen.maybe(uids)) < 50
    assert seen.maybe(uids) == uids
    assert seen.maybe(uids[7:3:-1]) == uids[7:3:-1]
