"""Small formatting shared by the table and Markdown views (no computing)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from opslog.i18n import _, aside, joined

if TYPE_CHECKING:  # numbers and dates need none of these: `kpi record`, `log` stay light
    from opslog.domain.feedback import Impact
    from opslog.domain.goals import GoalLine, GoalState
    from opslog.domain.records import Note
    from opslog.domain.week import RiskLine

STATUS_WORDS = {
    "done": "done",
    "no_data": "no data",
    "on_track": "on track",
    "at_risk": "at risk",
    "behind": "behind",
    "dropped": "dropped",
    "achieved": "achieved",
    "missed": "missed",
}
STATUS_COLOURS = {
    "done": "green",
    "no_data": "dim",
    "on_track": "green",
    "at_risk": "yellow",
    "behind": "red",
    "dropped": "dim",
    "achieved": "bold green",
    "missed": "bold red",
}
LEVEL_COLOURS = {"low": "green", "medium": "yellow", "high": "red", "critical": "bold red"}
MOODS = {1: "1 ☹", 2: "2 🙁", 3: "3 😐", 4: "4 🙂", 5: "5 😄"}


def number(x: float | None) -> str:
    if x is None:
        return "–"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text  # -0.003 rounds to nothing, not to "-0"


def signed(x: float | None) -> str:
    if x is None:
        return "–"
    text = number(x)
    return ("+" if x > 0 and text != "0" else "") + text


def signed_percent(x: float) -> str:
    return ("+" if x > 0 else "") + percent(x)


def improvement_result(i: Impact) -> str:
    """An improvement's feedback a week before its action and after, in words, for every
    view: "4.5 a week before → 1.25 after (-72%)"; "no feedback before" where no week
    before was logged, "no full week after yet" where none after is over."""
    before, after = i.before_weekly_mean, i.after_weekly_mean
    if before is None and after is None:
        return _("no feedback before, no full week after yet")
    if before is None:
        return _("no feedback before → {after} a week after").format(after=number(after))
    if after is None:
        return _("{before} a week before → no full week after yet").format(before=number(before))
    change = signed(i.change) if i.change_pct is None else signed_percent(i.change_pct)
    return _("{before} a week before → {after} after ({change})").format(
        before=number(before), after=number(after), change=change
    )


def percent(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "–"
    if abs(x) >= 100:  # past 10,000% the digits say nothing more
        return ">10,000%" if x > 0 else "<-10,000%"
    return f"{round(x * 100)}%"


def bar(progress: float | None, width: int = 10) -> str:
    if progress is None:
        return "·" * width
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "█" * filled + "░" * (width - filled)


def confidence_text(state: GoalState, scale: str = "") -> str:
    """`6`, `6 (carried)` when the latest check-in gave none, `–` when none was given."""

    if state.confidence is None:
        return "–"
    if state.confidence_carried:
        return _("{n}{scale} (carried)").format(n=state.confidence, scale=scale)
    return f"{state.confidence}{scale}"


def goal_values(g: GoalLine) -> str:
    unit = f" {g.goal.unit}" if g.goal.unit else ""
    by = getattr(g, "value_by", None)  # a period report's goal has none
    value = number(g.state.value) + (aside(by_names([by], str)) if by else "")
    return f"{number(g.goal.baseline)} → {value} → {number(g.goal.target)}{unit}"


def by_names(names: list[str], name: Callable[[str], str]) -> str:
    """ "by X": who did it, when not the record's author or owner (each name through
    `name`, the view's escaping)."""

    return _("by {names}").format(names=joined(name(n) for n in names))


def risk_events(r: RiskLine, name: Callable[[str], str] | None = None) -> str:
    """What happened to a risk this week, names through `name` (default: inert)."""
    from opslog.render.safe import inert

    events = []
    if r.new:
        events.append(_("new"))
    if r.old_score is not None and r.old_score != r.risk.score:
        events.append(_("score {old} → {new}").format(old=r.old_score, new=r.risk.score))
    elif r.changed:
        events.append(_("reviewed"))
    if r.closed_this_week:
        events.append(_("closed"))
    if r.review_due:
        events.append(_("review due"))
    if r.changed_by:
        events.append(by_names(r.changed_by, name or inert))
    return joined(events) or "–"


def checkin_days(on_workdays: int, workdays: int, days: int, word: str = "") -> str:
    """Check-ins as "on workdays/workdays", never more than all (a Saturday's check-in is
    not a workday's); the other days' after it: "2/3 (+1 other day)". `word` (already in
    the user's language) goes after the ratio: "2/3 workdays (+1 other day)"."""

    other = days - on_workdays
    text = f"{on_workdays}/{workdays}" + (f" {word}" if word else "")
    if other > 0:
        extra = _(" (+{n} other day)") if other == 1 else _(" (+{n} other days)")
        text += extra.format(n=other)
    return text


def plural(n: int, word: str) -> str:

    return f"{n} {_(word)}" if n == 1 else f"{n} {_(word + 's')}"


def agg_word(agg: str) -> str:
    """How a KPI's days make its week (`sum`, `avg`, `last`; `ratio` for a ratio KPI),
    in the user's language; the English word is what `--agg` takes."""

    words = {"sum": _("sum"), "avg": _("avg"), "last": _("last"), "ratio": _("ratio")}
    return words.get(agg, agg)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_label(d: date) -> str:
    """`Fri 11-27` (`周五 11-27` in Chinese), whatever the process locale."""

    return f"{_(WEEKDAYS[d.weekday()])} {d:%m-%d}"


def note_text(note: Note) -> str:
    """A note as shown in a report: its text, then the tags given with --tag that the
    text does not already carry as #hashtags."""
    if not note.tags:
        return note.text
    from opslog.domain.text import extract_tags

    in_text = set(extract_tags(note.text))
    extra = [f"#{t}" for t in note.tags if t not in in_text]
    return " ".join([note.text, *extra])


# A period's name as the language writes it: "November 2026" reads 2026年11月 in Chinese.
# One message per month and quarter: a month's name is a word, not a number, in English.
def _month(month: int) -> str:
    return (
        _("January {year}"), _("February {year}"), _("March {year}"), _("April {year}"),
        _("May {year}"), _("June {year}"), _("July {year}"), _("August {year}"),
        _("September {year}"), _("October {year}"), _("November {year}"),
        _("December {year}"),
    )[month - 1]  # fmt: skip


def _quarter(quarter: int) -> str:
    return (_("Q1 {year}"), _("Q2 {year}"), _("Q3 {year}"), _("Q4 {year}"))[quarter - 1]


def period_name(kind: str, label: str, start: date, end: date) -> str:
    """`November 2026`, `Q4 2026`, `2026`, `Week 48, 2026` (2026年11月, 2026年第四季度,
    2026年, 2026年第48周), or a range's two days."""
    if kind == "month":
        return _month(start.month).format(year=start.year)
    if kind == "quarter":
        return _quarter((start.month - 1) // 3 + 1).format(year=start.year)
    if kind == "year":
        return _("{year}").format(year=start.year)
    if kind == "week" and "-W" in label:
        year, week = label.split("-W")
        return _("Week {week}, {year}").format(year=int(year), week=int(week))
    return _("{start} to {end}").format(start=start.isoformat(), end=end.isoformat())
