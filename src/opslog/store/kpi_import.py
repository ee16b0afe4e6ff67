"""`kpi import`: a table's rows as readings, in the caller's one write transaction.

Rows are checked and written in batches as they stream (flat memory at a million rows);
the first bad cell raises BadInput naming its line, column and text, and the caller's
transaction rolls back, so nothing is written. Readings replace by day, and a value
equal to the stored one is left alone: importing the same file twice changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import field
from typing import Any

from opslog.domain.cells import GROUPED, date_parser, parse_number
from opslog.domain.kpis import MAX_ABS, plan_import
from opslog.domain.plain import plain
from opslog.domain.text import normalize_key
from opslog.errors import BadInput
from opslog.i18n import _
from opslog.store.bulk import indexes_after
from opslog.store.db import Conn
from opslog.store.fulltext import bulk_load_one
from opslog.store.import_write import big_page_cache
from opslog.store.kpis import add_kpi, author_kpis, end_upserts, upsert_readings

BATCH = 20000
PROGRESS_ROWS = 5000  # rows between two progress updates


@plain
class KpiImportReport:
    rows: int = 0
    readings: int = 0
    changed: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


def import_table(
    conn: Conn,
    table: Any,
    *,
    author: str,
    now: str,
    date_column: str | None,
    maps: dict[str, str],
    create: bool,
    date_format: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> KpiImportReport:
    kpis = author_kpis(conn, author)
    plan = plan_import(
        table.header, date_column=date_column, maps=maps, known=[k.name for k in kpis],
        create=create,
    )  # fmt: skip
    for name in plan.to_create:
        kpis.append(add_kpi(conn, author=author, now=now, name=name))
    by_name = {normalize_key(k.name): k for k in kpis}
    targets: list[tuple[str, str]] = []  # (column, kpi uid)
    for column, name in plan.columns.items():
        kpi = by_name[normalize_key(name)]
        if kpi.is_ratio:
            raise BadInput(f"--map {column}={kpi.name}: a ratio is computed; import its parts")
        if kpi.status != "active":
            raise BadInput(
                _("{name} is archived: `opslog kpi edit {id} --active` first").format(
                    name=kpi.name, id=kpi.id
                )
            )
        targets.append((column, kpi.uid))
    report = KpiImportReport(columns=dict(plan.columns), ignored=plan.ignored,
                             created=plan.to_create)  # fmt: skip
    with big_page_cache(conn), bulk_load_one(conn, "reading"), contextlib.ExitStack() as later:

        def first_batch(readings: int) -> None:
            if _large(conn, table, readings):
                later.enter_context(indexes_after(conn, ["reading"]))

        _rows(conn, table, report, targets, day_col=plan.date_column, author=author, now=now,
              date_format=date_format, progress=progress, first_batch=first_batch)  # fmt: skip
    return report


def _large(conn: Conn, table: Any, readings: int) -> bool:
    """Is the import at least as large as the readings already here? Then their plain
    indexes, (author, day) and (kpi_uid, day), which the upsert does not read, are made
    again at the end from every row rather than grown by each (a tenth of the CPU of a
    million new readings into an empty table; more rows here make the rebuild dearer).
    Asked at the first full batch: its readings per byte read foretell the file's."""
    read = int(table.position())
    if read <= 0:
        return False
    expected = readings * int(table.size) // read
    return expected >= int(conn.scalar("SELECT count(*) FROM reading") or 0)


def _rows(
    conn: Conn,
    table: Any,
    report: KpiImportReport,
    targets: list[tuple[str, str]],
    *,
    day_col: str,
    author: str,
    now: str,
    date_format: str | None,
    progress: Callable[[int], None] | None,
    first_batch: Callable[[int], None],
) -> None:
    """The hot loop (a million rows): only the columns read are touched, each day's
    text parsed once, a plain number read by float() and a grouped one (12,800, the
    usual export) by one regular expression, without an exception; the cell rules
    (domain/cells.parse_number) only for the rest: 3.4%, ¥114,000, 1.2万, "-", empty."""
    name = table.path.name
    parse_day = date_parser(date_format)
    grouped = GROUPED.fullmatch
    days: dict[str, str] = {}
    batch: list[tuple[str, str, float]] = []
    append = batch.append
    rows = readings = changed = 0
    # Cells come unstripped: float() and the cell rules take surrounding blanks.
    for line, cells in table.select([day_col, *(c for c, _u in targets)], strip=False):
        text = cells[0]
        day = days.get(text)
        if day is None:
            try:
                day = days[text] = parse_day(text).isoformat()
            except ValueError as exc:
                raise BadInput(
                    _("{name} line {line}, column {day_col}: bad date {text!r} ({exc})").format(
                        name=name, line=line, day_col=day_col, text=text.strip(), exc=exc
                    )
                ) from None
        rows += 1
        if progress is not None and rows % PROGRESS_ROWS == 0:
            progress(rows)
        for (column, uid), cell in zip(targets, cells[1:], strict=True):
            if "," in cell and grouped(cell):
                value = float(cell.replace(",", ""))
            else:
                try:
                    value = float(cell)
                    if value - value != 0.0 or "_" in cell:  # float() takes 1_000, nan, inf
                        raise ValueError(cell)
                except ValueError:
                    written = _written(name, line, column, cell)
                    if written is None:
                        continue
                    value = written
            if not -MAX_ABS <= value <= MAX_ABS:
                raise BadInput(
                    _("{name} line {line}, column {column}: {cell!r} is over 1e15").format(
                        name=name, line=line, column=column, cell=cell.strip()
                    )
                )
            append((uid, day, value))
        if len(batch) >= BATCH:
            if not readings:
                first_batch(len(batch))
            readings += len(batch)
            changed += upsert_readings(conn, author=author, now=now, batch=batch)
            batch.clear()
    readings += len(batch)
    changed += upsert_readings(conn, author=author, now=now, batch=batch)
    end_upserts(conn)
    report.rows, report.readings, report.changed = rows, readings, changed
    if progress is not None:
        progress(rows)


def _written(name: str, line: int, column: str, cell: str) -> float | None:
    """A cell float() did not take as it is: 12,800, ¥114,000, 1.2万, 3.4%, "-" …"""
    try:
        return parse_number(cell)
    except ValueError:
        raise BadInput(
            _("{name} line {line}, column {column}: bad number {cell!r}").format(
                name=name, line=line, column=column, cell=cell.strip()
            )
        ) from None
