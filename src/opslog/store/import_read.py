"""Reading `opslog import`'s input: JSON Lines as `opslog export` writes them, or the
`json` document (`{"schema": "opslog.export/1", "records": [...]}`, streamed line by
line when it has the exporter's one-record-per-line layout, parsed whole otherwise).
Yields (where, object) pairs; `where` names the line ("line N", or "record N" in a
document that does not keep one record per line), in the user's language ("第 N 行"):
the words around the number are looked up once per file (_numbered), not per line.
Bad JSON raises BadInput naming it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import IO, Any

try:
    from orjson import JSONDecodeError as _OrjsonError
    from orjson import loads as _orjson_loads
except ImportError:  # a virtualenv made before orjson was a dependency: the stdlib only
    _orjson_loads = None  # type: ignore[assignment]

from opslog.errors import BadInput
from opslog.i18n import _, colon
from opslog.store.export import SCHEMA

# The longest line an import reads: a record's text fields (100,000 characters each, up
# to 6 bytes escaped) stay far below it.
MAX_LINE_BYTES = 16 << 20

_DOC_HEAD_RE = re.compile(r'\{\s*"schema"\s*:\s*"([^"\\]*)"\s*,\s*"records"\s*:\s*\[\s*')


def spool_capped(stdin: IO[bytes], spool: IO[bytes]) -> None:
    """Copy stdin to the spool to its end, or until a line passes the readers' cap
    (MAX_LINE_BYTES): the readers refuse that line, so the rest of it (a 200 MB line,
    say) is neither read nor stored (`opslog import -` spools stdin before it opens
    the database, so that a slow producer never holds the write lock)."""
    cap = MAX_LINE_BYTES
    run = 0  # bytes of the line not ended yet
    while chunk := stdin.read(1 << 20):
        spool.write(chunk)
        last = chunk.rfind(b"\n")
        if last < 0:
            run += len(chunk)
        elif run + chunk.find(b"\n") + 1 > cap:
            return  # a line that ends here is already too long
        else:
            run = len(chunk) - last - 1
        if run > cap:
            return


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _finite_float(text: str) -> float:
    """A JSON number with a fraction or exponent; `1e400` would become inf: name it."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)
_SCALARS = frozenset({str, int, bool, type(None)})


def _loads(number: int, text: str) -> Any:
    """One line's record: orjson's where it is the stdlib's (_plain), else _parse's."""
    if _orjson_loads is not None:
        try:
            obj = _orjson_loads(text)
        except _OrjsonError:
            pass
        else:
            if type(obj) is dict and _plain(obj):
                return obj
    return _parse(number, text)


# type of each value of an object, in order -> the positions of its lists (all must hold
# only text), or None when a value is of another type (a float, an object)
_SIGNATURES: dict[tuple[type, ...], tuple[int, ...] | None] = {}
_TEXT_ONLY = frozenset({str})


def _plain(obj: dict[str, Any]) -> bool:
    """Is orjson's value of this object the stdlib decoder's? Yes when every value is
    text, a whole number, true/false or null, or a list of text: orjson refuses all the
    stdlib refuses here (checked in tests/test_import_parse.py), and more (a lone
    surrogate, 1e400, deep nesting); it reads a number past 64 bits as a float, which
    the stdlib reads as an int. So an object holding a float (or a list or object
    holding anything else) is read again by the stdlib, for its value or its words.
    The types of an object's values are looked up as one tuple (a file has a few
    signatures), not tested one by one."""
    values = tuple(obj.values())
    signature = tuple(map(type, values))
    try:
        lists = _SIGNATURES[signature]
    except KeyError:
        lists = _learn(signature)
    if lists is None:
        return False
    return all(_TEXT_ONLY.issuperset(map(type, values[i])) for i in lists)


def _learn(signature: tuple[type, ...]) -> tuple[int, ...] | None:
    if len(_SIGNATURES) >= 4096:  # a file of many shapes: memory stays bounded
        _SIGNATURES.clear()
    lists: tuple[int, ...] | None = tuple(i for i, t in enumerate(signature) if t is list)
    if not _SCALARS.union({list}).issuperset(signature):
        lists = None
    _SIGNATURES[signature] = lists
    return lists


class Lines:
    """Numbered, decoded lines of a binary stream, counting bytes for a progress bar."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.number = 0
        self.bytes = 0

    def __iter__(self) -> Iterator[tuple[int, str]]:
        cap = MAX_LINE_BYTES
        readline = self.source.readline
        while True:
            # At most one byte past the cap: a huge line is refused having cost that
            # much memory, not its whole length (and then four times more, decoded).
            raw = readline(cap + 1)
            if not raw:
                return
            self.number += 1
            self.bytes += len(raw)
            if len(raw) > cap:
                raise _too_long(self.number)
            yield self.number, self.text(self.number, raw)

    def text(self, number: int, raw: bytes) -> str:
        """Line `number` decoded (a BOM on the first line dropped), or BadInput."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(
                _("line {number}: not valid UTF-8 (byte {start})").format(
                    number=number, start=exc.start
                )
            ) from exc
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        return text


def _too_long(number: int) -> BadInput:
    return BadInput(
        _(
            "line {number}: longer than {mib} MiB, which no opslog record is"
            " (a JSON document on one line? export it as jsonl)"
        ).format(number=number, mib=MAX_LINE_BYTES >> 20)
    )


def _parse(number: int, text: str) -> Any:
    try:
        # raw_decode skips decode()'s two whitespace scans (a third of parsing time).
        if text[:1].isspace():
            text = text.lstrip()
        value, end = _DECODER.raw_decode(text)
        if end != len(text) and text[end:].strip():
            raise json.JSONDecodeError("Extra data", text, end)
        return value
    except json.JSONDecodeError as exc:
        raise BadInput(
            _("line {number}: bad JSON: {msg} (column {colno})").format(
                number=number, msg=exc.msg, colno=exc.colno
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(
            _("line {number}: bad JSON: {why}").format(number=number, why=_why(exc))
        ) from exc


def _why(exc: ValueError | RecursionError) -> str:
    """What the decoder said, in the user's words (not Python's advice to itself)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if "digits" in str(exc):  # int() refuses numbers of more than 4300 digits
        return "a whole number with thousands of digits"
    return str(exc)


def _numbered(template: str, **fields: str) -> tuple[str, str]:
    """A catalogue entry naming a numbered place ("line {number}", "第 {number} 行")
    split around its number, its other fields filled: the words before and after it.
    `f"{before}{n}{after}"` names each of a million lines about as fast as `f"line {n}"`
    did (timeit: 0.12 against 0.11 µs; str.format per line takes 0.23 µs, `_()` more)."""
    before, _sep, after = template.partition("{number}")
    return before.format(**fields), after.format(**fields)


def _line(number: int) -> str:
    """Line `number` named as `where` is: "line 12" ("第 12 行"), off the hot paths."""
    before, after = _numbered(_("line {number}"))
    return f"{before}{number}{after}"


def _check_schema(where: str, schema: Any) -> None:
    if schema != SCHEMA:
        raise BadInput(
            _("{where}: unsupported export schema {schema!r}: expected {SCHEMA!r}").format(
                where=where, schema=schema, SCHEMA=SCHEMA
            )
        )


def read_objects(lines: Lines) -> Iterator[tuple[str, Any]]:
    """(where, object) for every record: `where` is "line N" (or "record N" in a JSON
    document that does not keep one record per line)."""
    it = iter(lines)
    for number, text in it:
        stripped = text.strip()
        if not stripped:
            continue
        head = _DOC_HEAD_RE.fullmatch(stripped)
        if head:  # the exporter's json layout: one record per line
            _check_schema(_line(number), head.group(1))
            yield from _document_lines(it)
            return
        if stripped.startswith('{"kind"') or _one(stripped):
            yield from _jsonl(number, stripped, lines)
            return
        yield from _whole_document(number, text, it)
        return


def _one(stripped: str) -> bool:
    """Is this line a complete JSON value (JSON Lines) rather than a document's start?"""
    try:
        _DECODER.decode(stripped)
    except (ValueError, RecursionError):  # nested too deep: _parse names the line
        return False
    return True


def _jsonl(number: int, first: str, lines: Lines) -> Iterator[tuple[str, Any]]:
    obj = _parse(number, first)
    if isinstance(obj, dict) and "records" in obj and "kind" not in obj:
        _check_schema(_line(number), obj.get("schema"))
        yield from _records_of(obj, _line(number))
        for n, text in lines:
            if text.strip():
                raise BadInput(_("line {n}: unexpected text after the JSON document").format(n=n))
        return
    yield _line(number), obj
    yield from _jsonl_rest(lines)


def _jsonl_rest(lines: Lines) -> Iterator[tuple[str, Any]]:
    """The lines after the first: each parsed by orjson from its bytes (no str made
    first; orjson refuses bytes that are not UTF-8, and those of a line that orjson
    refuses or whose value is not _plain are decoded and read as before, so errors and
    values are Lines' and _parse's). Lines' loop is inlined here: the hot path of a
    million-line import is one generator."""
    cap = MAX_LINE_BYTES
    readline = lines.source.readline
    loads = _orjson_loads
    signatures = _SIGNATURES
    text_only = _TEXT_ONLY
    number = lines.number
    before, after = _numbered(_("line {number}"))
    while raw := readline(cap + 1):
        number += 1
        lines.number = number
        lines.bytes += len(raw)
        if len(raw) > cap:
            raise _too_long(number)
        if loads is not None:
            try:
                obj = loads(raw)
            except _OrjsonError:
                pass
            else:
                # _plain, inlined: a call per line costs ~13% of this loop (200k lines,
                # process CPU, medians of 5 alternated: 0.76 s called, 0.67 s inlined)
                if type(obj) is dict:
                    values = tuple(obj.values())
                    signature = tuple(map(type, values))
                    try:
                        lists = signatures[signature]
                    except KeyError:
                        lists = _learn(signature)
                    if lists is not None:
                        for i in lists:
                            if not text_only.issuperset(map(type, values[i])):
                                break
                        else:
                            yield f"{before}{number}{after}", obj
                            continue
        text = lines.text(number, raw)
        if text.strip():
            yield f"{before}{number}{after}", _parse(number, text)


def _document_lines(it: Iterator[tuple[int, str]]) -> Iterator[tuple[str, Any]]:
    before, after = _numbered(_("line {number}"))
    closed = False
    for n, text in it:
        stripped = text.strip()
        if not stripped:
            continue
        if closed:
            raise BadInput(
                _("line {n}: unexpected text after the end of the JSON document").format(n=n)
            )
        if stripped in ("]}", "] }"):
            closed = True
            continue
        record = stripped.removesuffix(",").rstrip()
        try:
            obj = _DECODER.decode(record)
        except (ValueError, RecursionError):
            if record.endswith(("]}", "] }")):  # the last record on the closing line
                record, closed = record[: record.rindex("]")].rstrip(), True
            obj = _parse(n, record)  # parses, or names the line and the problem
        yield f"{before}{n}{after}", obj
    if not closed:
        raise BadInput(_("the JSON document ends early: no closing ']}'"))


def _whole_document(
    number: int, first: str, it: Iterator[tuple[int, str]]
) -> Iterator[tuple[str, Any]]:
    text = first + "".join(t for _, t in it)
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        line = number + exc.lineno - 1
        raise BadInput(
            _("line {line}: bad JSON: {msg} (column {colno})").format(
                line=line, msg=exc.msg, colno=exc.colno
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(_("bad JSON document: {why}").format(why=_why(exc))) from exc
    if not isinstance(doc, dict):
        raise BadInput(
            _("line {number}: not an opslog export (expected JSON Lines or a document)").format(
                number=number
            )
        )
    _check_schema(_("the JSON document"), doc.get("schema"))
    yield from _records_of(doc, _("the JSON document"))


def _records_of(doc: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    items = doc.get("records")
    if not isinstance(items, list):
        raise BadInput(_("{where}: 'records' is not a list").format(where=where))
    before, after = _numbered(_("record {number}"))
    for i, obj in enumerate(items, 1):
        yield f"{before}{i}{after}", obj


def read_csv(source: IO[bytes], kind: str, name: str) -> Iterator[tuple[str, Any]]:
    """Records of one kind from a CSV file with the columns of `opslog export --format
    csv` (UTF-8, a BOM allowed): (where, record), `where` being "FILE:LINE" of the
    row's first line."""
    import csv

    from opslog.domain.import_check import csv_columns, csv_record

    reader = csv.reader(_capped_csv_lines(source, name))
    header: list[str] | None = None
    start = 1
    before, after = _numbered(_("{file}:{number}"), file=name)
    try:
        for cells in reader:
            where = f"{before}{start}{after}"
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                csv_columns(kind, header)
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise BadInput(
                    _("{where}: more cells than the header has columns").format(where=where)
                )
            try:
                yield where, csv_record(kind, header, cells)
            except BadInput as exc:
                raise BadInput(f"{where}{colon()}{kind}{colon()}{exc}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("{name}: not valid UTF-8 (byte {start}); save the CSV as UTF-8").format(
                name=name, start=exc.start
            )
        ) from exc
    except csv.Error as exc:
        raise BadInput(
            _("{name}:{line}: bad CSV: {msg}").format(name=name, line=reader.line_num, msg=exc)
        ) from exc


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _capped_csv_lines(source: IO[bytes], name: str) -> Iterator[str]:
    """The CSV's lines for csv.reader, each read at most MAX_LINE_BYTES at a time (a
    200 MB line is refused having cost 16 MiB, not read whole and decoded); lines
    ending in a lone CR (old Mac files) split as a text file with newline="" would."""
    import codecs

    cap = MAX_LINE_BYTES
    decode = codecs.getincrementaldecoder("utf-8-sig")().decode
    number = 0
    while raw := source.readline(cap + 1):
        number += 1
        if len(raw) > cap:
            raise BadInput(
                _("{name}:{number}: a line longer than {mib} MiB, which no CSV row of opslog's is")
                .format(name=name, number=number, mib=cap >> 20)
            )  # fmt: skip
        text = decode(raw)
        if "\r" in text:
            yield from (part for part in _LONE_CR.split(text) if part)
        else:
            yield text
    decode(b"", final=True)  # a file cut inside a character: not valid UTF-8


def read_jrnl(lines: Lines, name: str) -> Iterator[tuple[str, Any]]:
    """Notes from `jrnl --export json`: {"tags": {...}, "entries": [{date, title, body,
    tags, ...}]}; `where` is "FILE: entry N"."""
    from opslog.domain.import_check import jrnl_note

    text = "".join(t for _n, t in lines)
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            _("{name}:{line}: bad JSON: {msg} (column {colno})").format(
                name=name, line=exc.lineno, msg=exc.msg, colno=exc.colno
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput(_("bad JSON document: {why}").format(why=_why(exc))) from exc
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise BadInput(
            _("{name}: not a jrnl export (expected an object with a list of entries)").format(
                name=name
            )
        )
    before, after = _numbered(_("{file}: entry {number}"), file=name)
    for i, entry in enumerate(entries, 1):
        where = f"{before}{i}{after}"
        try:
            note = jrnl_note(entry)
        except BadInput as exc:
            raise BadInput(f"{where}{colon()}{exc}") from exc
        yield where, note
