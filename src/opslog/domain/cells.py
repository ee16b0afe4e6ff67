"""Cells of a spreadsheet export, as Excel, WPS or a shop backend write them. Pure.

Numbers: `12800`, `12,800`, `3.4%` (3.4: the number as written, without the sign),
`¥114,000` / `￥114,000` / `$5` / `114,000元`, `1.2万` (12000), `3亿`, `-5`, `(5)` is
not taken (ambiguous); `-`, `—`, `--`, `N/A`, `#N/A` and an empty cell are "no value"
(None). Thousands separators must group by three: `3,4` (a decimal comma) is refused,
not read as 34.

Dates: `2026-11-27`, `2026/11/27`, `2026/11/7`, `2026.11.27`, `2026年11月27日`, each
optionally followed by a time (`2026/11/27 9:05`, `2026-11-27T09:05:00`) that is
ignored. `11/27/2026` and other day/month orders are refused unless a strptime format
is given (`--date-format %m/%d/%Y`), since 01/02/2026 could be either.

Errors are ValueError with a short reason; the reader names the line and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime

NONE_MARKS = frozenset({"", "-", "—", "–", "--", "n/a", "N/A", "#N/A", "NA", "null", "NULL"})
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3, "w": 1e4, "W": 1e4}
_CURRENCY = ("¥", "￥", "$", "RMB", "CNY", "元")
# 12,800: thousands grouped by three (what a number with commas must be)
GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(
    r"(\d{4})\s*(?:(?P<sep>[-/.])\s*(\d{1,2})\s*(?P=sep)\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_OTHER_ORDER = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
MIN_YEAR, MAX_YEAR = 1970, 2100


def parse_number(text: str) -> float | None:
    """The number a cell holds, None for an empty or "no value" cell; ValueError else."""
    t = text.strip()
    try:  # the common case, fast: a plain number
        value = float(t)
    except ValueError:
        if "," in t and GROUPED.fullmatch(t):  # 12,800: next most common
            return float(t.replace(",", ""))
        return _parse_written(t)
    if "_" in t or not math.isfinite(value):  # float() takes 1_000, nan, inf: people don't
        raise ValueError("not a number")
    return value


def _parse_written(t: str) -> float | None:
    if t in NONE_MARKS or t.lower() in NONE_MARKS:
        return None
    s = t.replace("\u00a0", "").replace(" ", "").replace("，", ",")
    sign = ""
    if s[:1] in "+-":
        sign, s = s[:1], s[1:]
    for mark in _CURRENCY:
        if s.startswith(mark):
            s = s[len(mark) :]
        elif s.endswith(mark):
            s = s[: -len(mark)]
    if s[:1] in "+-" and not sign:  # ¥-5
        sign, s = s[:1], s[1:]
    scale = 1.0
    if s.endswith(("%", "％")):
        s = s[:-1]
    elif s[-1:] in _SCALES:
        scale, s = _SCALES[s[-1]], s[:-1]
    if GROUPED.fullmatch(s):
        s = s.replace(",", "")
    elif not _PLAIN.fullmatch(s):
        raise ValueError("not a number")
    value = float(sign + s) * scale
    if not math.isfinite(value):
        raise ValueError("not a number")
    return round(value, 10) if scale != 1.0 else value


def parse_cell_date(text: str, date_format: str | None = None) -> date:
    """The day a cell names (a time after it is ignored); ValueError else."""
    t = text.strip()
    if date_format is not None:
        return _with_format(t, date_format)
    m = _DATE.fullmatch(t)
    if m is None:
        if _OTHER_ORDER.match(t):
            raise ValueError("day and month order is ambiguous: give --date-format, like %m/%d/%Y")
        raise ValueError("not a date (expected 2026-11-27, 2026/11/27 or 2026年11月27日)")
    year = int(m.group(1))
    month, day = (m.group(3), m.group(4)) if m.group("sep") else (m.group(5), m.group(6))
    return _checked(year, int(month), int(day))


def _with_format(t: str, date_format: str) -> date:
    try:
        d = datetime.strptime(t, date_format).date()
    except ValueError:
        head = t.split()[0] if t.split() else t  # a time after the date: ignored
        try:
            d = datetime.strptime(head, date_format).date()
        except ValueError:
            raise ValueError(f"not a date in the format {date_format}") from None
    return _checked(d.year, d.month, d.day)


def _checked(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year outside {MIN_YEAR}–{MAX_YEAR}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("no such day") from None


def check_date_format(date_format: str) -> str:
    """A --date-format that holds a year, a month and a day, or ValueError."""
    if not all(code in date_format for code in ("%d", "%m")) or not (
        "%Y" in date_format or "%y" in date_format
    ):
        raise ValueError("expected a strptime format with %Y, %m and %d, like %m/%d/%Y")
    return date_format


def date_parser(date_format: str | None = None) -> Callable[[str], date]:
    """parse_cell_date with this format, remembering each text it has seen (an export
    repeats its days on every row: a 1M-row file holds a few thousand)."""
    seen: dict[str, date] = {}

    def parse(text: str) -> date:
        found = seen.get(text)
        if found is None:
            found = seen[text] = parse_cell_date(text, date_format)
        return found

    return parse


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter of the first lines of a file: the candidate (tab, comma,
    semicolon, vertical bar) found the same number of times, outside quotes, on the
    most lines; tab first on a tie (a Chinese name may hold a comma, seldom a tab)."""
    best, best_score = ",", (0, 0)
    for candidate in ("\t", ",", ";", "|"):
        counts = [_count_outside_quotes(line, candidate) for line in lines if line.strip()]
        if not counts or counts[0] == 0:
            continue
        same = sum(1 for c in counts if c == counts[0])
        score = (same, counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    if '"' not in line:
        return line.count(delimiter)
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count
