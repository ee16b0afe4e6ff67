"""One kind of record as CSV (RFC 4180: quoted where needed, CRLF line ends).

Unless `raw` is asked for, text cells are made harmless: a cell that a spreadsheet
would run as a formula (text starting with `=`, `+`, `-`, `@`, tab or carriage return)
gets a leading `'`, and control characters and bidi overrides are shown as `^[` or
`<U+202E>` (render/safe.inert: the file is often looked at with `cat` or `less`, and a
spreadsheet shows an override as reordered text). Tab and newline stay; a line break
inside a cell is written as LF. Only text cells are touched: numbers are written by us,
and `-5.0` is a number, not a formula. Lists: tags space-separated (a tag has no blank),
retro items one per line in the cell. `raw` keeps every cell exactly as stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from opslog.render.safe import inert

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet shows and a terminal cannot act on."""
    guarded = "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    return inert(guarded.replace("\r\n", "\n"))


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
