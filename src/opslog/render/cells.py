"""How many terminal columns text takes, without importing Rich (the plain views of a
pipe do not load it), measured as Rich measures: a Chinese character or an emoji is two
columns, combining marks, zero-width and invisible format characters none, an emoji
with its skin tone, variation selector or zero-width-joined family one picture.
`tests/test_cjk_layout.py` holds this to Rich's `cell_len`."""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"
_VS16 = "\ufe0f"  # "show as emoji": the character before it becomes two columns


_WIDTHS: dict[str, int] = {}  # each character's width, looked up once per run


def char_width(ch: str) -> int:
    known = _WIDTHS.get(ch)
    if known is not None:
        return known
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch != "\u00ad":
        cells = 0  # the soft hyphen is a Cf that terminals draw
    elif 0x1F3FB <= ord(ch) <= 0x1F3FF:  # skin tones ride on the emoji before them
        cells = 0
    else:
        cells = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    _WIDTHS[ch] = cells
    return cells


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
    """Columns `text` takes on a terminal (one line): the sum over its clusters, counted
    without making them (a week's table measures every cell twice)."""
    if text.isascii():
        return len(text)
    try:  # each character's width from the table, in C
        cells = list(map(_WIDTHS.__getitem__, text))
    except KeyError:
        cells = [char_width(ch) for ch in text]
    if 0 not in cells:  # no mark, joiner or selector: every character is its own cluster
        return sum(cells)
    total = 0
    cluster = -1  # columns of the cluster being read (-1: none yet)
    joined = False
    for ch, w in zip(text, cells, strict=True):
        if cluster >= 0 and (joined or w == 0):
            if ch == _VS16 and cluster == 1:
                cluster = 2
                total += 1
        else:
            cluster = w
            total += w
        joined = ch == _ZWJ
    return total


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


# Never at the start of a line (closing marks) / never at the end of one (opening
# marks, and the # of a tag or the @ of an owner: #双12 stays whole).
_CLOSING = set("，。、；：！？）」』》】〉,.;:!?)]}%…")
_OPENING = set("（「『《【〈([{#＃@＠")


def _words(text: str) -> list[tuple[str, int]]:
    """`text` as (piece, columns) between which a line may break: at spaces (kept as
    their own pieces), and around a wide character (Chinese is broken between
    characters), but a closing mark stays with what it closes, an opening mark with
    what follows, and digits or letters right after a Chinese character with it (双11)."""
    pieces: list[tuple[str, int]] = []
    for piece, cells in clusters(text):
        if pieces and _joins(pieces[-1][0], piece, cells):
            before, size = pieces[-1]
            pieces[-1] = (before + piece, size + cells)
        else:
            pieces.append((piece, cells))
    return pieces


def _joins(before: str, piece: str, cells: int) -> bool:
    last = before[-1]
    if piece.isspace() or last.isspace():
        return False
    if last in _OPENING or piece in _CLOSING:
        return True
    if cells == 2:
        return False  # a line may break before a Chinese character
    return not (char_width(last) == 2 and last in _CLOSING)  # 。ok breaks; 双11 does not


def wrap(text: str, size: int) -> list[str]:
    """`text` in lines of at most `size` columns, broken between words (and between
    Chinese characters), never inside one unless a word alone is wider than a line.
    Its own line breaks are kept; spaces at a break are dropped."""
    size = max(size, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for piece, cells in _words(paragraph):
            if piece.isspace():
                if line:
                    line, used = line + piece, used + cells
                continue
            if used + cells > size and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            while cells > size:  # a word wider than a line: cut, as nothing else can
                head = truncate(piece, size, ellipsis="")
                lines.append(head)
                piece = piece[len(head) :]
                cells = width(piece)
            line, used = line + piece, used + cells
        lines.append(line.rstrip())
    return lines
