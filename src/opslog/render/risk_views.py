"""Risk register views: the list, one risk with its history, the 5×5 matrix.

Rich is imported inside the functions that draw (start-up). Levels are always written
out in words or letters too, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opslog.domain.records import Risk, RiskReview
from opslog.domain.risks import LEVELS, SCALE, RegisterLine, risk_level
from opslog.i18n import _, aside
from opslog.render.safe import inert
from opslog.render.safe import markdown_inline as md
from opslog.render.words import LEVEL_COLOURS

LEVEL_LETTERS = {"low": "L", "medium": "M", "high": "H", "critical": "C"}
LEVEL_RANGES = {"low": "≤4", "medium": "5–9", "high": "10–16", "critical": "≥17"}
# Cell backgrounds for the matrix; the letter in each cell says the same without colour.
CELL_STYLES = {
    "low": "black on green",
    "medium": "black on yellow",
    "high": "white on red",
    "critical": "bold white on dark_red",
}


def risk_json(risk: Risk) -> dict[str, Any]:
    return {
        "id": risk.id,
        "uid": risk.uid,
        "day": risk.day.isoformat(),
        "title": risk.title,
        "probability": risk.probability,
        "impact": risk.impact,
        "score": risk.score,
        "level": risk_level(risk.score),
        "status": risk.status,
        "owner": risk.owner,
        "mitigation": risk.mitigation,
        "review_by": risk.review_by.isoformat() if risk.review_by else None,
        "author": risk.author,
    }


def legend() -> str:
    """The levels' letters, words and ranges: "L low (≤4)", "L 低（≤4）" in Chinese."""
    return "  ".join(f"{LEVEL_LETTERS[lv]} {_(lv)}{aside(LEVEL_RANGES[lv])}" for lv in LEVELS)


def matrix_axes() -> str:
    from opslog.i18n import _

    return _("rows: probability 5 → 1, columns: impact 1 → 5")


def _level_text(level: str) -> Any:
    from rich.text import Text

    return Text(_(level), style=LEVEL_COLOURS[level])


def risk_table(lines: Iterable[RegisterLine]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_("Risks"), title_justify="left", title_style="bold")
    for name in (
        "#",
        _("Risk"),
        "P×I",
        _("Score"),
        _("Level"),
        _("Status"),
        _("Owner"),
        _("Review by"),
    ):
        table.add_column(name, overflow="fold")
    for line in lines:
        r, due = line.risk, line.review_due
        review = r.review_by.isoformat() if r.review_by else "–"
        table.add_row(
            str(r.id),
            Text(inert(r.title)),
            f"{r.probability}×{r.impact}",
            str(r.score),
            _level_text(line.level),
            _(r.status),
            Text(inert(r.owner or "–")),
            Text(review + (_(" due") if due else ""), style="magenta" if due else ""),
        )
    return table


# Review notes opslog writes itself (store/risks.py): shown in the user's language.
OPSLOG_NOTES = ("identified",)


def _arrow(old: object, new: object) -> str:
    if old is None:
        return str(new)
    return str(new) if old == new else f"{old} → {new}"


def risk_detail(risk: Risk, history: list[RiskReview]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    level = risk_level(risk.score)
    head = Text.assemble(
        (_("Risk #{id}").format(id=risk.id) + "  ", "bold"),
        Text(inert(risk.title), style="bold"),
        "\n",
        _("probability {p} × impact {i} = score {score}").format(
            p=risk.probability, i=risk.impact, score=risk.score
        )
        + "  ",
        _level_text(level),
        f"  {_(risk.status)}\n",
        _("owner") + " ",
        Text(inert(risk.owner or "–")),
        "  ·  "
        + _("review by {day}").format(day=risk.review_by.isoformat() if risk.review_by else "–")
        + "  ·  "
        + _("identified {day} by").format(day=risk.day.isoformat())
        + " ",
        Text(inert(risk.author)),
        "\n" + _("mitigation") + " ",
        Text(inert(risk.mitigation or "–")),
    )
    table = Table(title=_("History"), title_justify="left", title_style="bold")
    for name, fold in (
        (_("Day"), False), (_("By"), True), ("P", False), ("I", False), (_("Score"), False),
        (_("Level"), True), (_("Status"), True),
    ):  # fmt: skip
        table.add_column(name, no_wrap=not fold, overflow="fold")
    table.add_column(_("Note"), overflow="fold", ratio=1, min_width=12)
    for h in history:
        old_score = None
        if h.old_probability is not None and h.old_impact is not None:
            old_score = h.old_probability * h.old_impact
        new_score = h.new_probability * h.new_impact
        old_level = risk_level(old_score) if old_score is not None else None
        table.add_row(
            h.day.isoformat(),
            Text(inert(h.author)),
            _arrow(h.old_probability, h.new_probability),
            _arrow(h.old_impact, h.new_impact),
            _arrow(old_score, new_score),
            _arrow(_(old_level) if old_level else None, _(risk_level(new_score))),
            _arrow(_(h.old_status) if h.old_status else None, _(h.new_status)),
            Text(inert(_(h.note) if h.note in OPSLOG_NOTES else h.note or "–")),
        )
    return [head, table]


def matrix_table(counts: dict[tuple[int, int], int], title: str) -> Any:
    """Probability rows 5 → 1, impact columns 1 → 5; each cell: level letter and count.
    The legend below says what the letters (and colours) mean."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", title_style="bold", show_lines=True)
    table.add_column("P \\ I", justify="right", style="bold")
    for i in SCALE:
        table.add_column(str(i), justify="center", min_width=5)
    for p in reversed(SCALE):
        cells = []
        for i in SCALE:
            level = risk_level(p * i)
            n = counts.get((p, i), 0)
            style = CELL_STYLES[level] if n else LEVEL_COLOURS[level] + " dim"
            cells.append(Text(f"{LEVEL_LETTERS[level]} {n or '·'}", style=style))
        table.add_row(str(p), *cells)
    return Group(table, Text(matrix_axes() + "\n" + legend(), style="dim"))


def matrix_markdown(counts: dict[tuple[int, int], int]) -> list[str]:
    out = ["| P ↓ I → | 1 | 2 | 3 | 4 | 5 |", "|---|---|---|---|---|---|"]
    for p in reversed(SCALE):
        cells = []
        for i in SCALE:
            n = counts.get((p, i), 0)
            letter = LEVEL_LETTERS[risk_level(p * i)]
            cells.append(f"**{letter} {n}**" if n else f"{letter} ·")
        out.append(f"| **{p}** | " + " | ".join(cells) + " |")
    out += ["", md(legend())]
    return out
