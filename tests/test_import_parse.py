"""`opslog import` reads a line with orjson only where orjson's value is the stdlib
decoder's; everything else (errors included) is the stdlib's, word for word (issue 18:
import speed)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.errors import BadInput
from opslog.store.import_read import _loads, _parse

LINES = [
    '{"kind": "note", "text": "中文 😀", "tags": ["a", "周报"], "id": 5}',
    '{"id": 12345678901234567890123}',  # past 64 bits: orjson reads a float
    '{"id": -9223372036854775809}',
    '{"count": 18446744073709551616}',
    '{"value": 0.1, "x": 1e-320, "y": 5e-324, "z": -0.0}',
    '{"value": 1e400}',
    '{"v": NaN}',
    '{"v": Infinity}',
    '{"text": "\\ud800"}',  # a lone surrogate: the stdlib reads it, check_record refuses
    '{"text": "a\tb"}',  # a raw tab inside a string
    '{"tags": [1, "a"]}',
    '{"tags": [12345678901234567890123]}',
    '{"x": {"y": 1}}',
    '{"kind": "note"} x',
    '{"kind": "note",}',
    '[1, 2]',
    '"text"',
    '{"a": 1, "a": 2}',
    ' {"a": 1}\u3000',
    "[" * 2000 + "]" * 2000,
    '{"kind": "note", "uid": ',
]


def _either(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", repr(read(7, text))
    except BadInput as exc:
        return "error", str(exc)


@pytest.mark.parametrize("text", LINES)
def test_a_line_reads_as_the_stdlib_reads_it(text: str) -> None:
    assert _either(_loads, text) == _either(_parse, text)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=5), _JSON, max_size=6))
def test_any_object_reads_as_the_stdlib_reads_it(obj: dict[str, Any]) -> None:
    for text in (json.dumps(obj), json.dumps(obj, ensure_ascii=False)):
        assert _either(_loads, text) == _either(_parse, text)


# Bytes that only the file's second and later lines can hold (orjson reads those from
# their bytes, _jsonl_rest): not UTF-8, a BOM, a blank line of Unicode blanks.
RAW_LINES = [
    b'{"text": "\xff"}',
    b'{"text": "a\xc3"}',
    b'\xef\xbb\xbf{"kind": "note"}',
    "\u3000 \u2028".encode(),
    b"  \t\r",
    b"",
    b'{"kind": "note"}\r',
    b'{"kind": "note", "tags": []}   ',
    b'{"kind": "note"}\x0c',
    '{"text": "中文"}'.encode("utf-16"),
]


def _read_file(data: bytes) -> tuple[str, Any]:
    from opslog.store.import_read import Lines, read_objects

    try:
        return "value", repr(list(read_objects(Lines(io.BytesIO(data)))))
    except BadInput as exc:
        return "error", str(exc)


def _line_by_line(lines: list[bytes]) -> tuple[str, Any]:
    """What the reader must give: each line (with its newline) decoded, blank ones
    skipped, the rest read by the stdlib (_parse)."""
    out: list[tuple[str, Any]] = []
    try:
        for n, raw in enumerate(lines, 1):
            try:
                text = (raw + b"\n").decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadInput(f"line {n}: not valid UTF-8 (byte {exc.start})") from exc
            if text.strip():
                out.append((f"line {n}", _parse(n, text)))
    except BadInput as exc:
        return "error", str(exc)
    return "value", repr(out)


@pytest.mark.parametrize("raw", [t.encode() for t in LINES] + RAW_LINES)
def test_a_later_line_of_a_file_reads_as_the_stdlib_reads_it(raw: bytes) -> None:
    lines = [b'{"kind": "note", "id": 1}', raw, b'{"kind": "note", "id": 3}']
    assert _read_file(b"".join(line + b"\n" for line in lines)) == _line_by_line(lines)


@given(st.lists(st.dictionaries(st.text(max_size=5), _JSON, max_size=6), max_size=5))
def test_any_file_of_objects_reads_as_the_stdlib_reads_each_line(objs: list[Any]) -> None:
    lines = [b'{"kind": "note"}'] + [json.dumps(o, ensure_ascii=False).encode() for o in objs]
    assert _read_file(b"".join(line + b"\n" for line in lines)) == _line_by_line(lines)
