"""Make user text inert before it reaches a terminal, a Markdown document or a cell.

Rich parses markup in plain strings and lets ESC through, so every view passes user
text through `inert()` (and Rich views wrap it in `rich.text.Text`, never markup).
"""

from __future__ import annotations

import re

# The patterns are compiled the first time one is used (then cached by `re`): most text
# has nothing to make inert, and a table or a pipe never escapes Markdown (issue 18).
# C0 controls but tab and newline, DEL, C1 controls (0x9b is CSI on some terminals).
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# Bidi marks, embeddings, overrides and isolates (and the Arabic letter mark) can make
# text read differently from what it is.
_BIDI = r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation, like `cat -v`: ESC is ^[
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """Control characters in caret notation, bidi controls as <U+202E>."""
    if text.isprintable():  # no control or format character at all: nothing to change
        return text
    return re.sub(_BIDI, _visible, re.sub(_CONTROL, _visible, text))


def one_line(text: str) -> str:
    return inert(text.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " "))


# `&` too: `&#x202E;` or `&lt;` would otherwise be decoded by the Markdown renderer,
# bringing back a bidi override that inert() made visible.
_MD_SPECIAL = r"([\\`*_\[\]<>|~&])"
_MD_LIST_NUMBER = r"^([0-9]{1,9})([.)])(?=\s|$)"  # `3.33%` starts none
_MD_SCHEME = r"([A-Za-z][A-Za-z0-9+.-]*):(?=//)"
_MD_WWW = r"((?i:www))\."


def markdown_inline(text: str) -> str:
    """Escape Markdown syntax so the text shows as typed, and keep it on one line."""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    escaped = re.sub(_MD_SPECIAL, r"\\\1", inert(text))
    if escaped.startswith(("#", "+", "-", "=")):
        escaped = "\\" + escaped  # would start a heading or a list
    escaped = re.sub(_MD_LIST_NUMBER, r"\1\\\2", escaped)  # `1. x` would start a numbered list
    # GitHub's autolinks (`http://…`, `www.…`, `a@b.c`) are found in the raw text, where
    # the escapes above are still backslashes: they would end up in the link and show.
    # Break the first two instead, so the text reads as typed and links nowhere (an
    # e-mail address is found after the escapes are read: its link is the address).
    escaped = re.sub(_MD_SCHEME, r"\1\\:", escaped)
    escaped = re.sub(_MD_WWW, r"\1\\.", escaped)
    return escaped.replace("\n", "<br>")
