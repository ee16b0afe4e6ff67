"""JSON text safe for any reader, shared by the store (the export) and the views (every
`--json`): neither layer imports the other, both import this."""

from __future__ import annotations

import re

_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_safe(document: str) -> str:
    """json.dumps(ensure_ascii=False) escapes C0 controls only; escape DEL, C1 and bidi
    controls too. The JSON stays equal: a reader decodes the same strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)


def compact_json(value: object) -> str:
    """`value` as one JSON text for a database to read (a parameter), encoded in C by
    orjson; the stdlib's where orjson is missing (a virtualenv made before it was a
    dependency). Imported only when called: the commands that never call it stay light."""
    try:
        from orjson import dumps
    except ImportError:
        import json

        return json.dumps(value, ensure_ascii=False)
    return dumps(value).decode("utf-8")
