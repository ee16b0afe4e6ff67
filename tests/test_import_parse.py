"""`opslog import` reads a line with orjson only where orjson's value is the stdlib
decoder's; everything else (errors included) is the stdlib's, word for word (issue 18:
import speed)."""

from __future__ import annotations

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
