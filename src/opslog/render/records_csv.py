"""One kind of record as CSV (RFC 4180: quoted where needed, CRLF line ends).

A cell that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`,
`@`, tab or carriage return) gets a leading `'` unless `raw` is asked for. Only text
cells are touched: numbers are written by us, and `-5.0` is a number, not a formula.
Lists: tags space-separated (a tag has no blank), retro items one per line in the cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(name: str, value: Any, raw: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = (" " if name == "tags" else "\n").join(value)
    if isinstance(value, str):
        return value if raw else neutralise(value)
    return value


def csv_chunks(
    header: list[str],
    objects: Iterable[dict[str, Any]],
    *,
    raw: bool = False,
    excel: bool = False,
    batch: int = 2000,
) -> Iterator[str]:
    """The header row, then one row per record, a few thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if excel:
        buffer.write(BOM)
    writer.writerow(header)
    for n, obj in enumerate(objects, 1):
        writer.writerow([_cell(name, obj.get(name), raw) for name in header])
        if n % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
