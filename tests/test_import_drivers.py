"""Import and export over every driver: the stdlib sqlite3 one, SQLAlchemy on SQLite, and
PostgreSQL (ids kept, and the id sequence moved past them)."""

import io
from datetime import date
from pathlib import Path

from opslog.domain.kinds import KINDS
from opslog.store.daily import add_note
from opslog.store.db import Database
from opslog.store.export import export_objects, jsonl_chunks
from opslog.store.import_write import import_records
from opslog.store.log import LogFilter, iter_log

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"


def test_the_sample_round_trips_and_new_rows_follow_the_imported_ids(
    database: Database,
) -> None:
    with database.write() as conn:
        report = import_records(conn, io.BytesIO(SAMPLE.read_bytes()))
    assert report.total_added == 229  # the sample: every kind, KPIs and their readings included
    with database.read() as conn:
        assert "".join(jsonl_chunks(export_objects(conn, KINDS))) == SAMPLE.read_text("utf-8")
        entries = iter_log(conn, LogFilter(("note", "checkin")), by_section=True)
        days = [e.record.day for e in entries]  # type: ignore[attr-defined]
    assert days == sorted(days) and len(days) == 56
    with database.write() as conn:
        new_id = add_note(
            conn,
            author="lin",
            now="2026-11-27T18:00:00+00:00",
            day=date(2026, 11, 27),
            text="after the import",
            tags=[],
        )
    assert new_id == 33
    with database.write() as conn:
        again = import_records(conn, io.BytesIO(SAMPLE.read_bytes()))
    assert (again.total_added, again.present) == (0, 229)
