"""Make user text inert before it reaches a terminal, a Markdown document or a cell.

Rich parses markup in plain strings and lets ESC through, so every view passes user
text through `inert()` (and Rich views wrap it in `rich.text.Text`, never markup).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is CSI on some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi marks, embeddings, overrides and isolates (and the Arabic letter mark) can make
# text read differently from what it is.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    return _BIDI.sub(_visible, _CONTROL.sub(_visible, text))


def one_line(text: str) -> str:
    return inert(text.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " "))


# `&` too: `&#x202E;` or `&lt;` would otherwise be decoded by the Markdown renderer,
# bringing back a bidi override that inert() made visible.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LIST_NUMBER = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")  # `3.33%` starts none
_MD_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?=//)")
_MD_WWW = re.compile(r"((?i:www))\.")


def markdown_inline(text: str) -> str:
    """Escape Markdown syntax so the text shows as typed, and keep it on one line."""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    escaped = _MD_SPECIAL.sub(r"\\\1", inert(text))
    if escaped.startswith(("#", "+", "-", "=")):
        escaped = "\\" + escaped  # would start a heading or a list
    escaped = _MD_LIST_NUMBER.sub(r"\1\\\2", escaped)  # `1. x` would start a numbered list
    # GitHub's autolinks (`http://…`, `www.…`, `a@b.c`) are found in the raw text, where
    # the escapes above are still backslashes: they would end up in the link and show.
    # Break the first two instead, so the text reads as typed and links nowhere (an
    # e-mail address is found after the escapes are read: its link is the address).
    escaped = _MD_SCHEME.sub(r"\1\\:", escaped)
    escaped = _MD_WWW.sub(r"\1\\.", escaped)
    return escaped.replace("\n", "<br>")
