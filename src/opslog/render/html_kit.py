"""The pieces of opslog's HTML pages: one self-contained document (inline CSS, inline
SVG charts, no script, no network), readable at 390 px and printed on A4.

Charts are small hand-written SVG rather than a charting library: see the comment on
`[project.optional-dependencies]` in pyproject.toml for the measurements. Everything a
user typed goes through `esc()` (control characters made visible, then HTML-escaped),
in text and in attributes alike; nothing user-typed is ever put in a tag or a style.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from datetime import date

from opslog.i18n import aside, colon
from opslog.render.safe import inert

FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)
LEVEL_FILL = {"low": "#2e7d32", "medium": "#f9a825", "high": "#ef6c00", "critical": "#c62828"}
STATUS_FILL = {
    "done": "#1b5e20",
    "on_track": "#2e7d32",
    "at_risk": "#f9a825",
    "behind": "#c62828",
    "no_data": "#9e9e9e",
    "dropped": "#9e9e9e",
    "achieved": "#1b5e20",
    "missed": "#c62828",
}
MOOD_FILL = {1: "#c8e6c9", 2: "#a5d6a7", 3: "#66bb6a", 4: "#388e3c", 5: "#1b5e20"}
CHECKIN_FILL = "#81c784"  # a check-in without a mood
EMPTY_FILL = "#e8eaed"

CSS = f"""
*,*::before,*::after{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%}}
body{{margin:0;font-family:{FONTS};color:#1f2328;background:#fff;line-height:1.45;
  font-size:15px}}
main{{max-width:60rem;margin:0 auto;padding:1rem}}
h1{{font-size:1.5rem;margin:.2rem 0}}
h2{{font-size:1.2rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin:1.6rem 0 .6rem;
  break-after:avoid;page-break-after:avoid}}
h3{{font-size:1rem;margin:1rem 0 .3rem;break-after:avoid;page-break-after:avoid}}
p,li,td{{overflow-wrap:anywhere;word-break:break-word}}
.sub{{color:#57606a;margin:0}}
.line{{margin:.3rem 0}}
.muted{{color:#57606a}}
figure{{margin:.5rem 0;break-inside:avoid;page-break-inside:avoid}}
figcaption{{font-size:.8rem;color:#57606a}}
svg{{display:block;max-width:100%;height:auto}}
svg text{{font-family:{FONTS}}}
table{{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.9rem}}
th,td{{border-bottom:1px solid #d0d7de;padding:.25rem .4rem;text-align:left;vertical-align:top}}
th{{background:#f6f8fa}}
td.n,th.n{{text-align:right;white-space:nowrap}}
.nw{{white-space:nowrap}}
.goal,.retro{{break-inside:avoid;page-break-inside:avoid}}
.tag{{display:inline-block;background:#eef1f4;border-radius:.6rem;padding:0 .5rem;margin:.1rem}}
.pill{{display:inline-block;white-space:nowrap;border-radius:.6rem;padding:0 .45rem;color:#fff;
  font-size:.8rem}}
.bar{{position:relative;height:.7rem;background:#e8eaed;border-radius:.35rem;min-width:4rem}}
.bar>span{{position:absolute;left:0;top:0;bottom:0;background:#2e7d32;border-radius:.35rem}}
.bar>i{{position:absolute;top:-.2rem;bottom:-.2rem;width:2px;background:#1f2328}}
ul{{padding-left:1.2rem}}
.retro{{display:grid;grid-template-columns:1fr 1fr;column-gap:1.5rem}}
.retro h3{{grid-column:1/-1}}
.goals{{display:grid;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));column-gap:1.5rem}}
@media (max-width:640px){{body{{font-size:14px}} main{{padding:.6rem}}
  .retro{{display:block}} .goals{{display:block}}
  table,thead,tbody,tr,td{{display:block;width:100%}} thead{{display:none}}
  tr{{border-bottom:1px solid #d0d7de;padding:.3rem 0}} td{{border:0;padding:.1rem 0}}
  td.n{{text-align:left}}
  td[data-label]::before{{content:attr(data-label) ": ";color:#57606a;font-size:.85em}}
  html[lang|=zh] td[data-label]::before{{content:attr(data-label) "："}}
  td:empty{{display:none}}}}
@page{{size:A4;margin:14mm}}
@media print{{body{{font-size:11pt}} main{{max-width:none;padding:0}}
  section{{break-inside:auto}} a{{color:inherit;text-decoration:none}}}}
"""


def esc(text: str) -> str:
    """User text made inert and HTML-escaped (quotes too, so it is safe in attributes)."""
    return html.escape(inert(text), quote=True)


def page(title: str, lang: str, body: list[str]) -> str:
    lang = {"zh": "zh-CN"}.get(lang, "en")  # zh-CN picks the Simplified Chinese glyphs
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="opslog">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def section(key: str, heading: str, parts: list[str]) -> str:
    return f'<section id="{key}">\n<h2>{esc(heading)}</h2>\n' + "\n".join(parts) + "\n</section>"


def table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int] = frozenset()
) -> str:
    """Cells are HTML already (escape user text before); headings are escaped here."""

    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{esc(c)}</th>" for i, c in enumerate(columns))
    labels = [f' data-label="{esc(c)}"' if c else "" for c in columns]
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}{labels[i]}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def muted_aside(text: str) -> str:
    """i18n.aside in a muted span (`text` already escaped): ' <span class="muted">(new)</span>'
    in English, '<span class="muted">（新增）</span>' in Chinese."""
    words = aside(text)
    inside = words.lstrip(" ")
    return f'{words[: len(words) - len(inside)]}<span class="muted">{inside}</span>'


def pill(text: str, colour: str) -> str:
    return f'<span class="pill" style="background:{colour}">{esc(text)}</span>'


def progress_bar(progress: float | None, expected: float | None) -> str:
    """A bar filled to the progress with a mark at the expected pace (CSS only)."""
    fill = 0.0 if progress is None else max(0.0, min(1.0, progress))
    at = None if expected is None else max(0.0, min(1.0, expected)) * 100
    mark = "" if at is None else f'<i style="left:{at:.1f}%"></i>'
    return f'<div class="bar"><span style="width:{fill * 100:.1f}%"></span>{mark}</div>'


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, label: str, inner: list[str], scale: float = 1.0) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width * scale)}" role="img" aria-label="{esc(label)}">'
        f"<title>{esc(label)}</title>" + "".join(inner) + "</svg>"
    )


def _short(x: float) -> str:
    if abs(x) >= 1e6:
        return f"{x / 1e6:.3g}M"
    if abs(x) >= 1e4:
        return f"{x / 1e3:.3g}k"
    return f"{x:.4g}"


def _ticks(lo: float, hi: float) -> tuple[float, float, float]:
    """Round axis ends and a step of 1, 2 or 5 × 10^n giving 3 to 6 grid lines."""
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def line_chart(
    label: str,
    start: date,
    end: date,
    values: list[tuple[date, float]],
    pace: list[tuple[date, float]],
    target: float,
) -> str:
    """Values (a line with dots) against the expected pace (dashed) and the target."""
    w, h, left, right, top, bottom = 600.0, 220.0, 52.0, 12.0, 12.0, 26.0
    ys = [v for _, v in values] + [v for _, v in pace] + [target]
    lo, hi, step = _ticks(min(ys), max(ys))
    days = max(1, (end - start).days)

    def x(d: date) -> float:
        return left + (w - left - right) * (d - start).days / days

    def y(v: float) -> float:
        return top + (h - top - bottom) * (hi - v) / (hi - lo)

    out = [f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#fff"/>']
    for k in range(round((hi - lo) / step) + 1):  # horizontal grid at round values
        v = lo + step * k
        out.append(
            f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#eaeef2"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="13" text-anchor="end" '
            f'fill="#57606a">{_short(v)}</text>'
        )
    out.append(
        f'<text x="{left}" y="{h - 8}" font-size="13" fill="#57606a">{start:%m-%d}</text>'
        f'<text x="{w - right}" y="{h - 8}" font-size="13" fill="#57606a" '
        f'text-anchor="end">{end:%m-%d}</text>'
    )
    out.append(
        f'<line x1="{left}" x2="{w - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
        'stroke="#1b5e20" stroke-width="1.5" stroke-dasharray="2 3"/>'
    )
    if pace:
        pts = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pace)
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="#8c959f" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    if values:
        pts = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in values)
        out.append(f'<polyline points="{pts}" fill="none" stroke="#0969da" stroke-width="2.5"/>')
        out += [
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3.5" fill="#0969da">'
            f"<title>{d.isoformat()}{colon()}{_short(v)}</title></circle>"
            for d, v in values
        ]
    return _svg(w, h, label, out)


def chart_legend(items: list[tuple[str, str, str]]) -> str:
    """(colour, dash, words) swatches under a chart."""
    spans = []
    for colour, dash, words in items:
        style = f"border-top:3px {dash} {colour}"
        spans.append(
            f'<span style="display:inline-block;width:1.4rem;{style};vertical-align:middle">'
            f"</span> {esc(words)}"
        )
    return "<figcaption>" + " &nbsp; ".join(spans) + "</figcaption>"


def heatmap(
    label: str,
    weeks: list[tuple[str, list[tuple[date, str, str] | None]]],
    day_names: Sequence[str],
) -> str:
    """A column per week, a row per weekday; each cell (day, fill, hover text) or None."""
    cell, gap, left, top = 16.0, 3.0, 34.0, 18.0
    w = left + len(weeks) * (cell + gap)
    h = top + 7 * (cell + gap)
    out = [f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#fff"/>']
    for r, name in enumerate(day_names):
        if r % 2 == 0:
            out.append(
                f'<text x="{left - 4}" y="{top + r * (cell + gap) + 12:.0f}" font-size="10" '
                f'text-anchor="end" fill="#57606a">{esc(name)}</text>'
            )
    last_month = None
    for c, (week_label, days) in enumerate(weeks):
        x = left + c * (cell + gap)
        first = next((d for d in days if d is not None), None)
        if first is not None and first[0].month != last_month:
            last_month = first[0].month
            out.append(
                f'<text x="{x:.0f}" y="11" font-size="10" fill="#57606a">{first[0]:%m}</text>'
            )
        for r, d in enumerate(days):
            if d is None:
                continue
            day, fill, hover = d
            out.append(
                f'<rect x="{x:.0f}" y="{top + r * (cell + gap):.0f}" width="{cell:.0f}" '
                f'height="{cell:.0f}" rx="3" fill="{fill}" stroke="#d0d7de" stroke-width="0.5">'
                f"<title>{day.isoformat()} {esc(hover)}</title></rect>"
            )
        del week_label
    return _svg(w, h, label, out, scale=1.7)


def matrix_heatmap(label: str, counts: list[list[int]], levels: list[list[str]],
                   axis_p: str, axis_i: str) -> str:  # fmt: skip
    """5×5: probability rows 5 → 1, impact columns 1 → 5; the level's colour, strong
    where risks are, faint where none; the count in the cell."""
    cell, left, top = 52.0, 40.0, 8.0
    w, h = left + 5 * cell + 4, top + 5 * cell + 34
    out = [f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#fff"/>']
    for row, p in enumerate(range(5, 0, -1)):
        y = top + row * cell
        out.append(
            f'<text x="{left - 8}" y="{y + cell / 2 + 4:.0f}" font-size="13" '
            f'text-anchor="end" fill="#57606a">{p}</text>'
        )
        for i in range(1, 6):
            n = counts[p - 1][i - 1]
            fill = LEVEL_FILL[levels[p - 1][i - 1]]
            x = left + (i - 1) * cell
            out.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{cell - 3:.0f}" height="{cell - 3:.0f}" '
                f'rx="4" fill="{fill}" fill-opacity="{0.9 if n else 0.15}"/>'
            )
            if n:
                out.append(
                    f'<text x="{x + (cell - 3) / 2:.0f}" y="{y + (cell - 3) / 2 + 6:.0f}" '
                    f'font-size="17" font-weight="bold" text-anchor="middle" fill="#fff">{n}</text>'
                )
    for i in range(1, 6):
        out.append(
            f'<text x="{left + (i - 1) * cell + (cell - 3) / 2:.0f}" y="{top + 5 * cell + 12:.0f}" '
            f'font-size="13" text-anchor="middle" fill="#57606a">{i}</text>'
        )
    out.append(
        f'<text x="{left + 2.5 * cell:.0f}" y="{h - 4:.0f}" font-size="12" text-anchor="middle" '
        f'fill="#57606a">{esc(axis_i)}</text>'
        f'<text x="10" y="{top + 2.5 * cell:.0f}" font-size="12" text-anchor="middle" '
        f'fill="#57606a" transform="rotate(-90 10 {top + 2.5 * cell:.0f})">{esc(axis_p)}</text>'
    )
    return _svg(w, h, label, out, scale=1.2)


def bar_chart(label: str, bars: list[tuple[str, float | None]], colour: str = "#0969da") -> str:
    """One bar per week (label, value); a missing value leaves a gap."""
    w, h, left, bottom, top = 600.0, 180.0, 48.0, 24.0, 10.0
    vals = [v for _, v in bars if v is not None]
    hi = max([0.0, *vals]) or 1.0
    lo = min([0.0, *vals])
    slot = (w - left - 8) / max(1, len(bars))

    def y(v: float) -> float:
        return top + (h - top - bottom) * (hi - v) / (hi - lo or 1.0)

    out = [f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#fff"/>']
    out.append(
        f'<line x1="{left}" x2="{w - 8}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#8c959f"/>'
        f'<text x="{left - 6}" y="{y(hi) + 4:.1f}" font-size="13" text-anchor="end" '
        f'fill="#57606a">{_short(hi)}</text>'
    )
    step = max(1, len(bars) // 8)
    for k, (name, v) in enumerate(bars):
        x = left + k * slot + slot * 0.15
        if v is not None:
            top_y, base = min(y(v), y(0)), max(y(v), y(0))
            out.append(
                f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{max(1.0, base - top_y):.1f}" fill="{colour}">'
                f"<title>{esc(name)}{colon()}{_short(v)}</title></rect>"
            )
        if k % step == 0:
            out.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{h - 8}" font-size="10" '
                f'text-anchor="middle" fill="#57606a">{esc(name[-3:])}</text>'
            )
    return _svg(w, h, label, out)


def pair_bars(
    label: str, rows: list[tuple[str, float, float]], now: str, before: str, limit: int = 8
) -> str:
    """A horizontal bar per name for this period (blue) over a thin one for the period
    before (grey): the `limit` first rows (name, this, before). Names are user text."""
    rows = rows[:limit]
    w, name_w, row_h, top = 600.0, 150.0, 34.0, 6.0
    h = top + row_h * max(3, len(rows)) + 22  # room for three rows at least
    hi = max([1.0, *(max(a, b) for _n, a, b in rows)])
    span = w - name_w - 56

    def length(v: float) -> float:
        return max(1.0, span * v / hi) if v else 0.0

    out = [f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#fff"/>']
    for k, (name, a, b) in enumerate(rows):
        y = top + k * row_h
        shown = name if len(name) <= 12 else name[:11] + "…"
        out.append(
            f'<text x="{name_w - 8}" y="{y + 17:.1f}" font-size="13" text-anchor="end" '
            f'fill="#1f2328">{esc(shown)}<title>{esc(name)}</title></text>'
            f'<rect x="{name_w}" y="{y + 4:.1f}" width="{length(a):.1f}" height="16" '
            f'fill="#0969da"><title>{esc(now)}{colon()}{_short(a)}</title></rect>'
            f'<rect x="{name_w}" y="{y + 22:.1f}" width="{length(b):.1f}" height="6" '
            f'fill="#8c959f"><title>{esc(before)}{colon()}{_short(b)}</title></rect>'
            f'<text x="{name_w + length(a) + 6:.1f}" y="{y + 17:.1f}" font-size="13" '
            f'fill="#57606a">{_short(a)}</text>'
        )
    out.append(
        f'<rect x="{name_w}" y="{h - 16:.1f}" width="14" height="10" fill="#0969da"/>'
        f'<text x="{name_w + 20}" y="{h - 7:.1f}" font-size="12" fill="#57606a">{esc(now)}</text>'
        f'<rect x="{name_w + 150}" y="{h - 13:.1f}" width="14" height="5" fill="#8c959f"/>'
        f'<text x="{name_w + 170}" y="{h - 7:.1f}" font-size="12" fill="#57606a">'
        f"{esc(before)}</text>"
    )
    return _svg(w, h, label, out)
