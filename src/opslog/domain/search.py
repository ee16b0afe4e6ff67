"""What the log and search hand to the views, and what a search asks for: pure types,
no I/O. (store/log.py and store/search.py find the records.)

A match: every term is a substring of some searchable field (`Kind.searchable`),
ignoring ASCII case.
"""

from __future__ import annotations

import re
from datetime import date

from opslog.domain.kinds import KINDS
from opslog.domain.plain import plain
from opslog.domain.records import Common
from opslog.errors import BadInput
from opslog.i18n import _, joined

_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TERM = re.compile(r'"([^"]+)"|(\S+)')


def parse_kind(text: str) -> str:
    """A kind as typed (`risk-review` and `risk_review` alike) or BadInput naming it."""
    kind = text.strip().lower().replace("-", "_")
    if kind not in KINDS:
        raise BadInput(
            _("unknown kind {text!r}: expected one of {items}").format(
                text=text, items=joined(KINDS)
            )
        )
    return kind


@plain(frozen=True)
class Parent:
    kind: str
    id: int
    label: str


@plain
class Entry:
    """One record of any kind, with the day it is logged under."""

    kind: str
    day: date
    record: Common
    parent: Parent | None = None


def fold(text: str) -> str:
    """ASCII letters to lower case; every other character as it is (length kept)."""
    return text.translate(_ASCII_FOLD)


@plain(frozen=True)
class SearchQuery:
    """Terms that must all appear: words split on blanks, "double quotes" keep a phrase."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        from opslog.domain.text import clean_text

        text = clean_text(text, _("the search"))
        terms: list[str] = []
        for m in _TERM.finditer(text):
            term = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
            if term and term not in terms:
                terms.append(term)
        if not terms:
            raise BadInput(_("bad search {text!r}: no words to look for").format(text=text))
        return cls(tuple(terms))

    def found_in(self, text: str) -> list[str]:
        """The terms that occur in `text`."""
        haystack = fold(text)
        return [t for t in self.terms if fold(t) in haystack]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the terms occur in `text` (start, end), sorted and merged."""
        haystack = fold(text)
        found: list[tuple[int, int]] = []
        for term in self.terms:
            needle = fold(term)
            start = haystack.find(needle)
            while start >= 0:
                found.append((start, start + len(needle)))
                start = haystack.find(needle, start + 1)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


@plain
class Hit:
    entry: Entry
    fields: list[str]  # the text fields where a term was found, in the kind's order
    query: SearchQuery


def field_texts(kind: str, record: Common, field: str) -> list[str]:
    """A text field's values: one string, or a retro list's items."""
    value = getattr(record, field)
    return list(value) if isinstance(value, list) else [value or ""]


def matched_fields(kind: str, record: Common, query: SearchQuery) -> list[str] | None:
    """The searchable fields holding a term, or None unless every term is in some field."""
    from opslog.domain.kinds import BY_NAME

    missing = set(query.terms)
    fields = []
    for field in BY_NAME[kind].searchable:
        found = {t for text in field_texts(kind, record, field) for t in query.found_in(text)}
        if found:
            fields.append(field)
            missing -= found
    return fields if not missing else None
