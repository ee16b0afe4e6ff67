"""Feedback views: `feedback top`, `list`, `impact`, and the feedback section of the
week, as titled grids (drawn by `plain_table` in a pipe, `week_table` on a terminal)
and as Markdown. Nothing is computed here: the numbers come from domain/feedback."""

from __future__ import annotations

from typing import Any

from opslog.domain.feedback import FeedbackSection, Impact, KeyCount, Span, Window
from opslog.domain.records import Feedback
from opslog.i18n import _, aside, colon, joined
from opslog.render.safe import markdown_inline as md
from opslog.render.week_grids import Block, Cell, Grid, Line, user
from opslog.render.words import improvement_result, number, signed

SENTIMENT_WORDS = {"pos": "positive", "neu": "neutral", "neg": "negative"}


def _key(text: str) -> str:
    return text or _("(none)")


def _change_cell(change: float | None) -> Cell:
    # More complaints is the bad direction; the sign says it without colour.
    style = "" if not change else ("red" if change > 0 else "green")
    return Cell(signed(change), style)


def shares(k: KeyCount) -> str:
    if k.sentiment is None:
        return "–"
    return " ".join(f"{_(s)} {round(v * 100)}%" for s, v in k.sentiment.items() if v)


def top_blocks(rows: list[KeyCount], period: Span, by: str) -> list[Block]:
    title = _("Feedback by {by}, {start} – {end}").format(
        by=_(by), start=period.start.isoformat(), end=period.end.isoformat()
    )
    prev = period.previous
    grid = Grid(
        title,
        [_(by.capitalize()), _("Count"), _("Previous"), _("Change"), _("Sentiment")],
        right=frozenset({1, 2, 3}),
        note=_("previous: {start} – {end}").format(
            start=prev.start.isoformat(), end=prev.end.isoformat()
        ),
    )
    for k in rows:
        new = aside(_("new")) if k.new else ""
        grid.add(user(_key(k.key) + new), number(k.count), number(k.previous),
                 _change_cell(k.change), shares(k))  # fmt: skip
    total = sum(k.count for k in rows), sum(k.previous for k in rows)
    grid.add(Cell(_("Total"), "bold"), Cell(number(total[0]), "bold"), number(total[1]),
             _change_cell(total[0] - total[1]), "")  # fmt: skip
    return [grid]


def list_blocks(items: list[Feedback]) -> list[Block]:
    grid = Grid(
        _("Feedback"),
        ["#", _("Day"), _("Category"), _("Channel"), _("Count"), _("Sentiment"), _("Text")],
        right=frozenset({0, 4}),
    )
    for f in items:
        grid.add(str(f.id), f.day.isoformat(), user(_key(f.category)), user(f.channel or "–"),
                 number(f.count), _(f.sentiment) if f.sentiment else "–", user(f.text))  # fmt: skip
    return [grid]


def _window_cells(w: Window) -> list[Cell | str]:
    if w.count is None:
        count = Cell("–", "dim")
    else:
        count = Cell(number(w.count) + ("" if w.complete else "*"), "" if w.complete else "dim")
    return [f"{w.start.isoformat()} – {w.end.isoformat()}", count]


def impact_blocks(i: Impact) -> list[Block]:
    head = Line(
        (
            Cell(f"{_('Impact')}  ", "bold"),
            user(i.category),
            Cell(f"  {_('action')} #{i.action_id} "),
            user(i.action_text),
            Cell(f"  {_('done')} {i.done_day.isoformat()}"),
        )
    )
    grid = Grid(
        _("Feedback per week"),
        [_("Window"), _("Week"), _("Count")],
        right=frozenset({2}),
        note=_("* under way or before the first feedback: not in the mean; – no data"),
    )
    for label, windows in ((_("before"), i.before), (_("after"), i.after)):
        for n, w in enumerate(windows):
            grid.add(label if n == 0 else "", *_window_cells(w))
    result = Line((Cell(f"{_('Result')}  ", "bold"), _result_cell(i)))
    return [head, grid, result]


def _result_cell(i: Impact) -> Cell:
    return Cell(improvement_result(i), _change_cell(i.change).style)


# The week's (and a report's) section -----------------------------------------------


def section_blocks(s: FeedbackSection) -> list[Block]:
    grid = Grid(
        _("Customer feedback"),
        [_("Category"), _("Count"), _("Previous"), _("Change")],
        right=frozenset({1, 2, 3}),
    )
    for k in s.categories:
        new = aside(_("new")) if k.new else ""
        grid.add(user(_key(k.key) + new), number(k.count), number(k.previous),
                 _change_cell(k.change))  # fmt: skip
    grid.add(Cell(_("Total"), "bold"), Cell(number(s.total), "bold"), number(s.previous_total),
             _change_cell(s.total - s.previous_total))  # fmt: skip
    channels = "  ".join(f"{c.key or '–'} {number(c.count)}" for c in s.channels) or "–"
    blocks: list[Block] = [grid, Line((Cell(f"{_('Channels')}  ", "bold"), user(channels)))]
    if s.improvements:
        blocks.append(improvements_grid(s.improvements))
    return blocks


def improvements_grid(items: list[Impact]) -> Grid:
    grid = Grid(
        _("Improvements"),
        [_("Category"), _("Action"), _("Done"), _("Result")],
    )
    for i in items:
        grid.add(user(i.category), user(f"#{i.action_id} {i.action_text}"),
                 i.done_day.isoformat(), _result_cell(i))  # fmt: skip
    return grid


def section_markdown(s: FeedbackSection) -> list[str]:
    out = [f"## {_('Customer feedback')}", ""]
    out += [
        f"| {_('Category')} | {_('Count')} | {_('Previous')} | {_('Change')} |",
        "|---|---:|---:|---:|",
    ]
    for k in s.categories:
        new = aside(_("new")) if k.new else ""
        out.append(
            f"| {md(_key(k.key))}{new} | {number(k.count)} | {number(k.previous)} "
            f"| {signed(k.change)} |"
        )
    out.append(
        f"| **{_('Total')}** | **{number(s.total)}** | {number(s.previous_total)} "
        f"| {signed(s.total - s.previous_total)} |"
    )
    channels = joined(f"{md(c.key or '–')} {number(c.count)}" for c in s.channels) or "–"
    out += ["", f"{_('Channels')}{colon()}{channels}", ""]
    if s.improvements:
        out += [f"### {_('Improvements')}", ""]
        for i in s.improvements:
            out.append(
                f"- {md(i.category)}{colon()}#{i.action_id} {md(i.action_text)}"
                f"{aside(_('done') + ' ' + i.done_day.isoformat())}{colon()}{improvement_result(i)}"
            )
        out.append("")
    return out


def feedback_json(f: Feedback) -> dict[str, Any]:
    return {
        "id": f.id,
        "uid": f.uid,
        "day": f.day.isoformat(),
        "text": f.text,
        "channel": f.channel,
        "category": f.category,
        "count": f.count,
        "sentiment": f.sentiment,
        "action_uid": f.action_uid,
        "risk_uid": f.risk_uid,
        "author": f.author,
    }
