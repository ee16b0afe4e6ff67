"""Reading a table from a CSV or TSV file as people have them: exported by Excel, WPS or
a shop backend. Shared by `kpi import` and `feedback import`.

- Encoding: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), or
  else GB18030 (a superset of GBK and GB2312, what Chinese Excel and WPS write). Found by
  a streaming pass that tries UTF-8 over the whole file (flat memory, a few ms per MB);
  `encoding=` forces one.
- Delimiter: sniffed from the first lines (tab, comma, semicolon, vertical bar).
- Header: the first non-empty line; names stripped, none empty, none twice.
- Rows: streamed as (line number, {column: text}), text stripped; blank lines skipped;
  a short row's missing cells are ""; a long row's extra cells must be empty.

Cells are parsed by `domain/cells.py` (numbers, dates); this module only reads.
"""

from __future__ import annotations

import codecs
import csv
import operator
import os
from collections.abc import Iterator, Sequence
from dataclasses import field
from io import TextIOWrapper
from pathlib import Path

from opslog.domain.cells import sniff_delimiter
from opslog.domain.plain import plain
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _

_CHUNK = 1 << 20
_SNIFF_LINES = 20
csv.field_size_limit(10_000_000)  # a long feedback text is data, not an attack


def detect_encoding(path: Path) -> str:
    """`utf-8-sig`, `utf-16` or `gb18030`, by the BOM or a strict UTF-8 pass."""
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"  # plain UTF-8 (or ASCII): the -sig reader takes both


def check_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise BadInput(
            _("bad --encoding {name!r}: expected utf-8, gb18030, gbk, utf-16 …").format(name=name)
        ) from None


@plain
class Table:
    """An open table: its header and a stream of its rows. Use as a context manager."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    size: int  # bytes, for a progress bar
    _file: TextIOWrapper = field(repr=False)
    _first_line: int = 1  # the header's line number

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def position(self) -> int:
        """About how many bytes have been read (for progress)."""
        try:
            return self._file.buffer.raw.tell()  # type: ignore[attr-defined, no-any-return]
        except (OSError, ValueError, AttributeError):
            return 0

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, {column: text}) for each row after the header."""
        header = self.header
        for line, cells in self.select(header):
            yield line, dict(zip(header, cells, strict=True))

    def _too_wide(self, start: int, cells: int) -> BadInput:
        return BadInput(
            _("{name} line {start}: {n_cells} cells under a header of {width}").format(
                name=self.path.name, start=start, n_cells=cells, width=len(self.header)
            )
        )

    def select(
        self, columns: Sequence[str], *, strip: bool = True
    ) -> Iterator[tuple[int, Sequence[str]]]:
        """(line number, [text of each of `columns`]) for each row after the header,
        stripped (unless `strip=False`: a reader that strips what it needs saves a
        call a cell); blank lines skipped, short rows padded, a row longer than the
        header refused unless its extra cells are empty. Only the columns asked for
        are touched: the fast path of a million-row import."""
        header = self.header
        width = len(header)
        at = [header.index(c) for c in columns]
        pick = operator.itemgetter(*at) if len(at) > 1 else lambda cells: (cells[at[0]],)
        reader = csv.reader(self._file, delimiter=self.delimiter)
        first = self._first_line
        line = first
        try:
            for cells in reader:
                start, line = line + 1, first + reader.line_num
                n = len(cells)
                if n != width:
                    if not cells or (n == 1 and not cells[0].strip()):
                        continue
                    if n > width:
                        if any(c.strip() for c in cells[width:]):
                            raise self._too_wide(start, n)
                    else:
                        cells = cells + [""] * (width - n)
                elif n == 1 and not cells[0].strip():
                    continue
                yield start, [cells[i].strip() for i in at] if strip else pick(cells)
        except UnicodeDecodeError:
            raise BadInput(
                _(
                    "{name} after line {line}: not {encoding} text; give "
                    "--encoding (utf-8, gb18030, utf-16)"
                ).format(name=self.path.name, line=line, encoding=self.encoding)
            ) from None
        except csv.Error as exc:
            raise BadInput(
                _("{name} line {v}: {exc}").format(name=self.path.name, v=line + 1, exc=exc)
            ) from None


def open_table(path: str | Path, encoding: str | None = None) -> Table:
    """Open a CSV/TSV file and read its header; BadInput for what cannot be read."""
    p = Path(path)
    enc = check_encoding(encoding) if encoding else None
    try:
        if p.is_dir():
            raise BadInput(_("{p} is a folder, not a file").format(p=p))
        size = os.path.getsize(p)
        if enc is None:
            enc = detect_encoding(p)
        elif enc == "utf-8":
            enc = "utf-8-sig"
        f = open(p, encoding=enc, newline="", errors="strict")  # noqa: SIM115 (Table closes it)
    except FileNotFoundError:
        raise BadInput(_("no file {p}").format(p=p)) from None
    except OSError as exc:
        raise OpslogError(
            _("cannot read {p}: {strerror}").format(p=p, strerror=_(str(exc.strerror)))
        ) from None
    try:
        return _read_header(p, f, enc, size)
    except BaseException:
        f.close()
        raise


def _read_header(p: Path, f: TextIOWrapper, enc: str, size: int) -> Table:
    try:
        lines: list[str] = []
        skipped = 0
        while len(lines) < _SNIFF_LINES:
            line = f.readline()
            if not line:
                break
            if not lines and not line.strip():
                skipped += 1  # blank lines before the header
                continue
            lines.append(line)
    except UnicodeDecodeError:
        raise BadInput(
            _("{name}: not {enc} text; give --encoding (utf-8, gb18030, utf-16)").format(
                name=p.name, enc=enc
            )
        ) from None
    if not lines:
        raise BadInput(_("{name} is empty: expected a header line and rows").format(name=p.name))
    delimiter = sniff_delimiter(lines)
    header = [h.strip() for h in next(csv.reader([lines[0]], delimiter=delimiter))]
    for i, name in enumerate(header):
        if not name:
            raise BadInput(
                _("{name} line {v}: column {v2} has no name").format(
                    name=p.name, v=skipped + 1, v2=i + 1
                )
            )
        if name in header[:i]:
            raise BadInput(
                _("{name} line {v}: two columns named {name2!r}").format(
                    name=p.name, v=skipped + 1, name2=name
                )
            )
    # Rewind to just after the header line: re-open the stream at the start and skip
    # the header by reading lines (seek/tell on text streams is unsafe with decoders).
    f.seek(0)
    for _skipped in range(skipped + 1):
        f.readline()
    return Table(p, enc, delimiter, header, size, f, skipped + 1)
