"""How many terminal columns text takes, without importing Rich (the plain views of a
pipe do not load it), measured as Rich measures: a Chinese character or an emoji is two
columns, combining marks, zero-width and invisible format characters none, an emoji
with its skin tone, variation selector or zero-width-joined family one picture.
`tests/test_cjk_layout.py` holds this to Rich's `cell_len`."""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"
_VS16 = "\ufe0f"  # "show as emoji": the character before it becomes two columns


def char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch != "\u00ad":
        return 0  # the soft hyphen is a Cf that terminals draw
    if 0x1F3FB <= ord(ch) <= 0x1F3FF:  # skin tones ride on the emoji before them
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def clusters(text: str) -> list[tuple[str, int]]:
    """The text as (piece, columns): a character with the marks, selectors and
    zero-width-joined characters that belong to it, so that cutting between pieces
    never splits what a terminal draws as one."""
    out: list[tuple[str, int]] = []
    joined = False
    for ch in text:
        w = char_width(ch)
        if out and (joined or w == 0):
            piece, cells = out[-1]
            if ch == _VS16 and cells == 1:
                cells = 2
            out[-1] = (piece + ch, cells)
        else:
            out.append((ch, w))
        joined = ch == _ZWJ
    return out


def width(text: str) -> int:
    """Columns `text` takes on a terminal (one line)."""
    if text.isascii():
        return len(text)
    return sum(cells for _piece, cells in clusters(text))


def pad(text: str, size: int, right: bool = False) -> str:
    """`text` filled with spaces to `size` columns (on the left when `right`)."""
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def truncate(text: str, size: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `size` columns, ending in `ellipsis` when cut; never inside
    a wide character or an emoji (a column left over stays empty)."""
    if width(text) <= size:
        return text
    room = size - width(ellipsis)
    kept: list[str] = []
    used = 0
    for piece, cells in clusters(text):
        if used + cells > room:
            break
        kept.append(piece)
        used += cells
    return "".join(kept) + ellipsis
