"""Issue 17 items 3, 5 and 14 (the import's part): imported ids are kept whenever free
at the end of the import and only clashes move, the same on every database (PostgreSQL
used to fail with a duplicate key); an import line is capped while it is read."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from opslog.domain.records import MAX_ID
from opslog.errors import BadInput
from opslog.store import import_read
from opslog.store.daily import add_note
from opslog.store.db import Database
from opslog.store.import_write import import_records
from opslog.store.kpis import add_kpi, end_upserts, upsert_readings
from tests.conftest import Run

STAMP = "2026-11-27T18:00:00.000000+00:00"


def _export_notes(ids: range | list[int]) -> bytes:
    return "".join(
        f'{{"kind": "note", "id": {i}, "uid": "00000000-0000-4000-8000-{i:012x}",'
        f' "author": "lin", "created_at": "{STAMP}", "updated_at": "{STAMP}",'
        f' "day": "2026-11-27", "text": "theirs {i}", "tags": []}}\n'
        for i in ids
    ).encode()


def _ids_of(database: Database) -> dict[str, int]:
    with database.read() as conn:
        return {r["text"]: r["id"] for r in conn.rows("SELECT id, text FROM note")}


def _mine(database: Database, n: int) -> None:
    with database.write() as conn:
        for i in range(n):
            add_note(conn, author="ann", now="2026-11-27T09:00:00+00:00",
                     day=date(2026, 11, 27), text=f"mine {i}", tags=[])  # fmt: skip


@pytest.mark.parametrize("count", [5, 2500])
def test_imported_ids_are_kept_when_free_and_only_clashes_move(
    database: Database, count: int
) -> None:
    _mine(database, 3)
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(_export_notes(range(1, count + 1))))
    assert report.added["note"] == count and report.renumbered == 3
    ids = _ids_of(database)
    assert [ids[f"mine {n}"] for n in range(3)] == [1, 2, 3]
    # Only the three that clashed moved, to the first ids after the import's own (the
    # old importer pushed one id per 1,000-row batch: 1 -> 1001 -> 2001 ...).
    assert [ids[f"theirs {i}"] for i in (1, 2, 3)] == [count + 1, count + 2, count + 3]
    assert all(ids[f"theirs {i}"] == i for i in range(4, count + 1))
    # The next note (PostgreSQL: its sequence moved past the imported ids) comes after.
    with database.write() as conn:
        new = add_note(conn, author="ann", now="2026-11-27T10:00:00+00:00",
                       day=date(2026, 11, 27), text="next", tags=[])  # fmt: skip
    assert new == count + 4


def test_ids_repeated_within_the_file_move_after_the_rest(database: Database) -> None:
    body = _export_notes([7, 2]).decode()
    # A second record with id 7 (another uid): the first keeps 7, this one waits.
    body += (
        body.splitlines()[0]
        .replace("-8000-000000000007", "-8000-0000000000ff")
        .replace("theirs 7", "again 7")
        + "\n"
    )
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(body.encode()))
    assert (report.total_added, report.renumbered) == (3, 1)
    assert _ids_of(database) == {"theirs 7": 7, "theirs 2": 2, "again 7": 8}


def test_records_without_an_id_get_ids_after_the_imported_ones(database: Database) -> None:
    lines = _export_notes([1, 9]).decode().splitlines()
    first = json.loads(lines[0])
    del first["id"]
    first["uid"] = "00000000-0000-4000-8000-0000000000aa"
    first["text"] = "no id"
    body = json.dumps(first) + "\n" + "\n".join(lines) + "\n"
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(body.encode()))
    assert (report.total_added, report.renumbered) == (3, 0)
    assert _ids_of(database) == {"no id": 10, "theirs 1": 1, "theirs 9": 9}


def test_the_top_id_taken_by_an_import_leaves_new_rows_the_lowest_free(
    database: Database,
) -> None:
    _mine(database, 2)
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(_export_notes([2, 2**31 - 1])))
    assert report.renumbered == 1
    assert _ids_of(database) == {"mine 0": 1, "mine 1": 2, "theirs 2147483647": 2**31 - 1,
                                 "theirs 2": 3}  # fmt: skip


def test_overlapping_ids_on_the_cli_say_how_many_moved_and_search_follows(
    run: Run, db_path: Path
) -> None:
    for n in range(3):
        assert run("note", f"mine {n}").exit_code == 0
    r = run("import", "-", input=_export_notes(range(1, 6)).decode())
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == (
        "imported 5 of 5 records (note 5); 3 got new ids (theirs were taken here)"
    )
    found = json.loads(run("search", "theirs 2", "--json").stdout)
    assert [(x["id"], x["text"]) for x in found] == [(7, "theirs 2")]
    assert [(x["id"], x["text"]) for x in json.loads(run("search", "mine 1", "--json").stdout)] == [
        (2, "mine 1")
    ]
    assert run("info", "--check").exit_code == 0


def test_a_huge_single_line_is_refused_without_reading_it_whole(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_read, "MAX_LINE_BYTES", 1 << 20)
    line = b'{"kind": "note", "text": "' + b"x" * (12 << 20) + b'"}\n'
    source = io.BytesIO(line)
    tracemalloc.start()
    try:
        with pytest.raises(BadInput) as refused, database.write() as conn:
            import_records(conn, source)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        "line 1: longer than 1 MiB, which no opslog record is (a JSON document on one line?"
        " export it as jsonl)"
    )
    assert peak < 6 << 20  # the 12 MiB line was never read whole (nor decoded)
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM note") == 0


def test_a_huge_csv_line_is_refused_without_reading_it_whole(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opslog.domain.import_check import Filler

    monkeypatch.setattr(import_read, "MAX_LINE_BYTES", 1 << 20)
    fill = Filler(author="ann", now="2026-11-27T10:00:00+00:00")
    source = io.BytesIO(b"day,text\r\n2026-01-01,ok\r\n2026-01-02," + b"x" * (12 << 20) + b"\n")
    tracemalloc.start()
    try:
        with pytest.raises(BadInput) as refused, database.write() as conn:
            import_records(conn, source, fill=fill, shape="csv", kind="note",
                           name="notes.csv")  # fmt: skip
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        "notes.csv:3: a line longer than 1 MiB, which no CSV row of opslog's is"
    )
    assert peak < 6 << 20  # the 12 MiB line was never read whole (nor decoded)
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM note") == 0
    # Lines that end in a lone CR (old Mac files) are lines still, quoted ones kept whole.
    old_mac = b'day,text\r2026-01-01,one\r2026-01-02,"two\r\nlines"\r'
    with database.write() as conn:
        import_records(conn, io.BytesIO(old_mac), fill=fill, shape="csv", kind="note",
                       name="mac.csv")  # fmt: skip
    with database.read() as conn:
        texts = [r["text"] for r in conn.rows("SELECT text FROM note ORDER BY day")]
    assert texts == ["one", "two\r\nlines"]


def test_the_line_over_the_cap_is_named_and_lines_under_it_are_read(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_read, "MAX_LINE_BYTES", 1 << 20)
    big = b'{"kind": "note", "text": "' + b"y" * ((1 << 20) + 10) + b'"}\n'
    with pytest.raises(BadInput, match=r"^line 3: longer than 1 MiB"), database.write() as conn:
        import_records(conn, io.BytesIO(_export_notes([1, 2]) + big))
    with database.read() as conn:
        assert conn.scalar("SELECT count(*) FROM note") == 0
    with database.write() as conn:
        assert import_records(conn, io.BytesIO(_export_notes([1, 2]))).total_added == 2


def test_unused_temporary_ids_leave_no_gap(database: Database) -> None:
    def no_id(uid_tail: str, text: str) -> str:
        return json.dumps({"kind": "note", "uid": f"00000000-0000-4000-8000-{uid_tail}",
                           "author": "lin", "created_at": STAMP, "updated_at": STAMP,
                           "day": "2026-11-27", "text": text, "tags": []}) + "\n"  # fmt: skip

    with database.write() as conn:
        import_records(conn, io.BytesIO(no_id("0000000000a1", "first").encode()))
    # The first record is here already (its temporary id goes unused), the second is new.
    again = no_id("0000000000a1", "first") + no_id("0000000000a2", "second")
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(again.encode()))
    assert (report.total_added, report.present) == (1, 1)
    assert _ids_of(database) == {"first": 1, "second": 2}


def _idless(start: int, count: int, *, day: str = "2026-11-27") -> list[str]:
    common = {"author": "lin", "created_at": STAMP, "updated_at": STAMP, "day": day, "tags": []}
    uids = (f"00000000-0000-4000-9000-{i:012x}" for i in range(start, start + count))
    return [
        json.dumps({"kind": "note", "uid": uid, "text": f"idless {i}", **common})
        for i, uid in enumerate(uids, start)
    ]


def _checkin(uid: int, author: str, day: str) -> str:
    return json.dumps({"kind": "checkin", "uid": f"00000000-0000-4000-a000-{uid:012x}",
                       "author": author, "created_at": STAMP, "updated_at": STAMP, "day": day,
                       "done": f"done {uid}", "blockers": "", "plan": ""})  # fmt: skip


def test_a_file_without_ids_gets_at_once_the_ids_it_would_get_at_the_end(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of a file that gives no id (a team's records) take their final ids as they
    go in: the same ids and the same report as when they waited under temporary ones,
    with uids already here, repeated in the file, check-ins meeting one here, and rows
    over many batches."""
    from opslog.store import import_write

    _mine(database, 3)
    with database.write() as conn:
        import_records(conn, io.BytesIO(("\n".join(
            [*_idless(0, 4), _checkin(1, "lin", "2026-11-20")]) + "\n").encode()))  # fmt: skip
    lines = [*_idless(2, 5), _checkin(2, "lin", "2026-11-20"), _checkin(3, "lin", "2026-11-21"),
             *_idless(6, 3), *_idless(100, 40), _checkin(3, "lin", "2026-11-21")]  # fmt: skip
    text = ("\n".join(lines) + "\n").encode()
    assert not import_write._may_give_ids(io.BytesIO(text), "opslog")
    monkeypatch.setattr(import_write, "BATCH", 7)

    class Undo(Exception):
        pass

    def run(gives_ids: bool) -> tuple[object, list[dict[str, object]]]:
        monkeypatch.setattr(import_write, "_may_give_ids", lambda _s, _sh: gives_ids)
        try:
            with database.write() as conn:
                report = import_records(conn, io.BytesIO(text))
                rows = conn.rows("SELECT id, uid, text FROM note ORDER BY id") + conn.rows(
                    "SELECT id, uid, author, day FROM checkin ORDER BY id")  # fmt: skip
                raise Undo
        except Undo:
            return report, rows

    waited, given = run(True), run(False)
    assert given == waited
    report, rows = given
    # here already: 2 and 3; twice in the file: note 6, check-in 3
    assert report.present == 4 and len(report.collisions) == 1  # type: ignore[attr-defined]
    notes = [r["id"] for r in rows if "text" in r]
    assert notes == list(range(1, 3 + 4 + 45 + 1))  # after mine and the first import's


def test_a_file_that_gives_an_id_in_any_spelling_is_seen_to() -> None:
    from opslog.store.import_write import _may_give_ids

    for text in (b'{"kind": "note", "id": 3}', b'{"kind": "note", "\\u0069d": 3}',
                 b'{"kind": "note", "i\\u0064": 3}', b'{"id": null}'):  # fmt: skip
        assert _may_give_ids(io.BytesIO(b"x" * (1 << 20) + text), "opslog")
    plain = b'{"kind": "note", "kpi_uid": "x", "text": "an id"}'
    assert not _may_give_ids(io.BytesIO(plain), "opslog")
    # the text "id" reads as the key: the slower way, which is right either way
    assert _may_give_ids(io.BytesIO(b'{"kind": "note", "text": "id"}'), "opslog")
    assert _may_give_ids(io.BytesIO(b"id,uid\n"), "csv")  # a CSV may have an id column


def test_kpi_import_new_readings_stay_within_the_id_cap(database: Database) -> None:
    """After an import of a reading whose id is near MAX_ID, the next (max + 1) would
    pass it: kpi import's new readings take the lowest free ids, as every insert does,
    so what opslog exports it can import again (issue 17: 4)."""
    with database.write() as conn:
        kpi = add_kpi(conn, author="ann", now=STAMP, name="gmv")
        line = (
            f'{{"kind": "reading", "id": {MAX_ID - 1},'
            ' "uid": "00000000-0000-4000-8000-0000000000a1", "author": "ann",'
            f' "created_at": "{STAMP}", "updated_at": "{STAMP}",'
            f' "kpi_uid": "{kpi.uid}", "day": "2026-11-01", "value": 9.0, "note": ""}}\n'
        )
        import_records(conn, io.BytesIO(line.encode()))
    batch = [(kpi.uid, f"2026-11-0{d}", float(d)) for d in (1, 2, 3, 4)]  # the 1st: a change
    with database.write() as conn:
        assert upsert_readings(conn, author="ann", now=STAMP, batch=batch) == 4
        end_upserts(conn)
    with database.read() as conn:
        ids = {r["day"]: r["id"] for r in conn.rows("SELECT id, day FROM reading")}
    # (1 was offered to the day already here, which kept its id)
    assert ids == {"2026-11-01": MAX_ID - 1, "2026-11-02": 2, "2026-11-03": 3, "2026-11-04": 4}
