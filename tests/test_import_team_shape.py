"""Issue 18 item 4: a team's file (records without ids, benchmarks/team.py) is read,
checked and written by the import's quick paths as an export is: a note without "id" by
_note_fast, a batch of new rows without ids numbered at once (_Writer._numbered) rather
than row by row, and on PostgreSQL a batch's check-in days looked up by one statement
whatever their number. Each gives what the slow path gives."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from opslog.domain import import_check
from opslog.domain.import_check import _check_full, _note_fast, check_record
from opslog.errors import BadInput
from opslog.store import import_write
from opslog.store.db import Database
from opslog.store.import_write import import_records

STAMP = "2026-11-27T18:00:00.000000+00:00"


def _note(i: int, **change: Any) -> dict[str, Any]:
    """A note as benchmarks/team.py writes one: the exporter's keys but "id"."""
    return {"kind": "note", "uid": f"00000000-0000-4000-8000-{i:012x}", "author": "lin",
            "created_at": STAMP, "updated_at": STAMP, "day": "2026-11-27",
            "text": f"note {i} #直播", "tags": ["直播"], **change}  # fmt: skip


def _checkin(i: int, author: str, day: str) -> dict[str, Any]:
    return {"kind": "checkin", "uid": f"00000000-0000-4000-8000-{i:012x}", "author": author,
            "created_at": STAMP, "updated_at": STAMP, "day": day, "done": f"done {i}",
            "blockers": "", "plan": "", "mood": 3}  # fmt: skip


def _file(records: list[dict[str, Any]]) -> io.BytesIO:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return io.BytesIO(body.encode("utf-8"))


def test_a_note_without_an_id_is_checked_by_the_fast_path_once_its_values_are_known() -> None:
    import_check._NOTE_DAYS.discard("2026-11-27")
    assert _note_fast(_note(1)) is None  # a day not seen yet: the full check
    _kind, row = check_record("line 1", _note(1))
    assert _note_fast(_note(1)) == row == _check_full("line 1", _note(1), None)[1]
    assert list(row) == ["uid", "id", "author", "created_at", "updated_at", "day", "text", "tags"]
    assert row["id"] is None and row["tags"] == '["直播"]'


BAD = [{"text": "a\x00b"}, {"text": " \n"}, {"day": "2023-02-29"}, {"uid": "x"},
       {"tags": ["a b"]}, {"created_at": "yesterday"}, {"author": ""}]  # fmt: skip


@pytest.mark.parametrize("change", BAD)
def test_a_bad_note_without_an_id_gets_the_full_checks_words(change: dict[str, Any]) -> None:
    check_record("line 1", _note(1))  # author, day and tags known
    bad = _note(2, **change)
    assert _note_fast(dict(bad)) is None
    with pytest.raises(BadInput) as full:
        _check_full("line 3", dict(bad), None)
    with pytest.raises(BadInput) as fast:
        check_record("line 3", dict(bad))
    assert str(fast.value) == str(full.value)


def test_a_batch_without_ids_is_numbered_at_once_and_a_repeated_uid_row_by_row(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 4: the first two are new and numbered at once; the third holds a uid
    twice and goes through _decide, which skips the second; ids follow file order."""
    monkeypatch.setattr(import_write, "BATCH", 4)
    decided: list[int] = []
    real = import_write._Writer._decide

    def deciding(self: Any, kind: str, batch: Any, *rest: Any) -> Any:
        decided.append(len(batch))
        return real(self, kind, batch, *rest)

    monkeypatch.setattr(import_write._Writer, "_decide", deciding)
    records = [_note(i) for i in range(1, 9)] + [_note(9), _note(10), _note(9), _note(11)]
    with database.write() as conn:
        report = import_records(conn, _file(records))
    assert (report.added["note"], report.present) == (11, 1)
    assert decided == [4]
    with database.read() as conn:
        rows = conn.rows("SELECT id, uid FROM note ORDER BY id")
    assert [r["id"] for r in rows] == list(range(1, 12))
    assert [int(r["uid"][-12:], 16) for r in rows] == list(range(1, 12))


def test_check_ins_of_many_days_and_authors_meet_those_here_in_one_statement(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in for a day its author already has is reported and skipped, across 30
    days and 3 authors; on PostgreSQL each batch asks by one statement text (JSON arrays,
    not an IN list as long as the batch's days)."""
    days = [f"2026-10-{d:02}" for d in range(1, 31)]
    authors = ["lin", "wang", "赵"]

    def checkin(i: int) -> dict[str, Any]:  # 90 different (author, day)
        return _checkin(i + 1000 * (i % 2), authors[i % 3], days[(i // 3) % 30])

    with database.write() as conn:
        import_records(conn, _file([checkin(i) for i in range(0, 90, 2)]))
    statements: list[str] = []
    with database.write() as conn:
        rows = conn.rows

        def reading(sql: str, params: Any = None) -> Any:
            if 'FROM "checkin" WHERE' in sql and "uid, author" in sql:
                statements.append(sql)
            return rows(sql, params)

        monkeypatch.setattr(conn, "rows", reading)
        monkeypatch.setattr(import_write, "BATCH", 40)
        records = [{**checkin(i), "uid": f"00000000-0000-4000-9000-{i:012x}"} for i in range(90)]
        report = import_records(conn, _file(records))
    assert len(report.collisions) == 45 and report.added["checkin"] == 45
    assert report.collisions[0] == "line 1: check-in of lin for 2026-10-01"
    assert len(statements) == 3  # batches of 40, 40, 10
    if database.dialect == "postgresql":
        assert len(set(statements)) == 1 and " IN (" not in statements[0]
