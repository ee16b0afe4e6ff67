"""User text: validation on the way in, tags from #hashtags."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from opslog.errors import BadInput
from opslog.i18n import _

MAX_TEXT = 100_000  # characters; PostgreSQL and SQLite would both take more, users never need it
MAX_SHORT = 200  # owners, units, authors

# A tag: `#` or the full-width `＃` that Chinese input methods type, then everything up to
# whitespace, Chinese or ASCII punctuation, a control or invisible format character, or
# the next `#`. It may follow Chinese text directly (`上线了#双12。`) but not an ASCII
# letter or digit (`C#`, `page#top`), `&` (`&#123;`) or `/` (URLs). It needs a letter
# or a CJK character: `issue #123` has no tag.
_TAG_STOP = (
    "\\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "。，、！？；：（）「」『』【】《》〈〉“”‘’…～"
    ".,!?;:()\\[\\]{}<>\"'#＃"
)
# Compiled the first time a text has a `#` (then cached by `re`; issue 18).
_TAG = f"(?<![A-Za-z0-9_&/#＃])[#＃]([^{_TAG_STOP}]+)"
MAX_TAG = 64


def normalize_key(text: str) -> str:
    """The form two spellings of one name must share: NFKC folds full-width letters and
    digits, casefold folds case, blanks at the ends and runs of blanks inside do not
    count. Feedback channels and categories, KPI names."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check_utf8(text: str, what: str) -> None:
    """Refuse text holding lone surrogates, which no database can store.

    Python's surrogateescape keeps bytes that are not UTF-8 (from argv, the environment
    or a terminal under a non-UTF-8 locale) as U+DC80..U+DCFF: the message names the
    offset of the first bad byte. Other lone surrogates (`\\ud800` in JSON) are named
    by their character offset."""
    try:
        text.encode("utf-8")  # the usual case, checked in C: no lone surrogate
        return
    except UnicodeEncodeError as exc:
        first = exc.start  # the first lone surrogate
    if not all("\udc80" <= ch <= "\udcff" for ch in text if "\ud800" <= ch <= "\udfff"):
        raise BadInput(
            _("{what} is not valid Unicode (a lone surrogate at character {first})").format(
                what=what, first=first
            )
        )
    try:
        text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("{what} is not valid UTF-8 (byte {start})").format(what=what, start=exc.start)
        ) from None
    # Valid UTF-8 decoded as something else: the locale is not UTF-8.
    raise BadInput(
        _("{what} holds undecoded bytes at character {first} (is the locale UTF-8?)").format(
            what=what, first=first
        )
    )


def clean_text(text: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Strip surrounding blanks; refuse empty, NUL bytes, undecodable bytes and huge text."""
    if "\x00" in text:
        raise BadInput(
            _("{what} contains a NUL byte at character {index}").format(
                what=what, index=text.index(chr(0))
            )
        )
    check_utf8(text, what)
    stripped = text.strip()
    if required and not stripped:
        raise BadInput(_("{what} is empty").format(what=what))
    if len(stripped) > limit:
        raise BadInput(
            _("{what} is too long ({n_stripped} characters, at most {limit})").format(
                what=what, n_stripped=len(stripped), limit=limit
            )
        )
    return stripped


def clean_short(text: str, what: str, *, required: bool = False) -> str:
    value = clean_text(text, what, required=required, limit=MAX_SHORT)
    if any(ch in value for ch in "\n\r\t"):
        raise BadInput(_("{what} {value!r} must be one line").format(what=what, value=value))
    return value


def extract_tags(text: str) -> list[str]:
    """The #tags of a text, lower-cased, in order, once each (see `_TAG`). A `#` run
    longer than a tag may be is text, not an error: the note is still saved."""
    if "#" not in text and "＃" not in text:
        return []
    found = (m.group(1).rstrip("-/") for m in re.finditer(_TAG, text))
    return normalize_tags(t for t in found if any(ch.isalpha() for ch in t) and len(t) <= MAX_TAG)


def normalize_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for raw in tags:
        check_utf8(str(raw), _("tag"))
        tag = str(raw).strip().lstrip("#＃").lower()
        if not tag:
            continue
        if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in tag) or (
            len(tag) > MAX_TAG
        ):
            raise BadInput(_("bad tag {raw!r}: one word, at most 64 characters").format(raw=raw))
        if tag not in seen:
            seen.append(tag)
    return seen
