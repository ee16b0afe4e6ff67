"""The log by day as Markdown (`opslog export --format markdown`).

Records come in day order (store/log.iter_log, by section) and go out as they come, so a
year of notes never sits in memory. Each day is a `## YYYY-MM-DD` section; within it
the check-in's fields first, then notes, goals, goal check-ins, risks, reviews, the
retro and actions. User text goes through `markdown_inline`: it shows as typed and
cannot open a heading, a link or an HTML tag. Records by someone other than `me`
carry their author.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from opslog.domain.records import Action, Checkin, Goal, Note, Progress, Retro, Risk, RiskReview
from opslog.domain.risks import risk_level
from opslog.domain.search import Entry
from opslog.domain.text import extract_tags
from opslog.i18n import _, aside, colon, comma, kind_word
from opslog.render.safe import markdown_inline as md
from opslog.render.words import MOODS, number

SECTIONS = {
    "note": "Notes",
    "checkin": "Check-in",
    "goal": "Goals",
    "progress": "Goal check-ins",
    "risk": "Risks",
    "risk_review": "Risk reviews",
    "retro": "Retro",
    "action": "Actions",
    "reading": "KPI readings",
    "feedback": "Feedback",
    "feedback_link": "Feedback links",
    "kpi": "KPIs",
}


def _by(author: str, me: str) -> str:
    return "" if author == me else f" — {md(author)}"


def _note(n: Note, me: str) -> list[str]:
    shown = set(extract_tags(n.text))
    extra = "".join(f" \\#{md(t)}" for t in n.tags if t not in shown)
    return [f"- {md(n.text)}{extra}{_by(n.author, me)}"]


def _checkin(c: Checkin, me: str) -> list[str]:
    out = []
    if c.author != me:
        out.append(f"- {_('By')}{colon()}{md(c.author)}")
    for label, text in (("Done", c.done), ("Blockers", c.blockers), ("Plan", c.plan)):
        if text:
            out.append(f"- {_(label)}{colon()}{md(text)}")
    if c.mood:
        out.append(f"- {_('Mood')}{colon()}{MOODS.get(c.mood, str(c.mood))}")
    return out or ["- –"]


def _goal(g: Goal, me: str) -> list[str]:
    unit = f" {md(g.unit)}" if g.unit else ""
    owner = f" @{md(g.owner)}" if g.owner else ""
    why = f" — {md(g.why)}" if g.why else ""
    return [
        f"- #{g.id} {md(g.title)}{colon()}{md(g.metric)} {number(g.baseline)} → "
        f"{number(g.target)}"
        f"{unit} {_('by {day}').format(day=g.due.isoformat())}{aside(_(g.status))}"
        f"{owner}{why}{_by(g.author, me)}"
    ]


def _progress(p: Progress, goal_title: str | None, me: str) -> list[str]:
    conf = _(", confidence {n}/10").format(n=p.confidence) if p.confidence is not None else ""
    note = f" — {md(p.note)}" if p.note else ""
    title = md(goal_title) if goal_title is not None else p.goal_uid
    return [f"- {title}{colon()}{number(p.value)}{conf}{note}{_by(p.author, me)}"]


def _risk(r: Risk, me: str) -> list[str]:
    owner = f" @{md(r.owner)}" if r.owner else ""
    mitigation = f" — {md(r.mitigation)}" if r.mitigation else ""
    return [
        f"- #{r.id} {md(r.title)}{colon()}P{r.probability} × I{r.impact} = {r.score}"
        f"{aside(_(risk_level(r.score)) + comma() + _(r.status))}{owner}{mitigation}"
        f"{_by(r.author, me)}"
    ]


def _change(old: Any, new: Any) -> str:
    return str(new) if old is None or old == new else f"{old}→{new}"


def _review(v: RiskReview, risk_title: str | None, me: str) -> list[str]:
    title = md(risk_title) if risk_title is not None else v.risk_uid
    shown = _(v.note) if v.note == "identified" else v.note  # a note opslog wrote
    note = f" — {md(shown)}" if shown else ""
    status = _change(_(v.old_status) if v.old_status else None, _(v.new_status))
    changes = [f"P {_change(v.old_probability, v.new_probability)}",
               f"I {_change(v.old_impact, v.new_impact)}", status]  # fmt: skip
    return [
        f"- {title}{colon()}{comma().join(changes)}"
        f"{note}{_by(v.author, me)}"
    ]


def _retro(r: Retro, me: str) -> list[str]:
    out = [f"- {_('Week')} {r.week}{_by(r.author, me)}"]
    out += [f"  - {_('Went well')}{colon()}{md(t)}" for t in r.went_well]
    out += [f"  - {_('To improve')}{colon()}{md(t)}" for t in r.to_improve]
    return out


def _action(a: Action, week: str | None, me: str) -> list[str]:
    box = "x" if a.status == "done" else " "
    extra = []
    if week:
        extra.append(_("from retro {week}").format(week=week))
    if a.owner:
        extra.append(f"@{md(a.owner)}")
    if a.due:
        extra.append(_("due {day}").format(day=a.due.isoformat()))
    if a.done_day:
        extra.append(_("done {day}").format(day=a.done_day.isoformat()))
    tail = aside(comma().join(extra)) if extra else ""
    return [f"- [{box}] #{a.id} {md(a.text)}{tail}{_by(a.author, me)}"]


def _lines(kind: str, record: Any, parent: str | None, me: str) -> list[str]:
    if kind == "note":
        return _note(record, me)
    if kind == "checkin":
        return _checkin(record, me)
    if kind == "goal":
        return _goal(record, me)
    if kind == "progress":
        return _progress(record, parent, me)
    if kind == "risk":
        return _risk(record, me)
    if kind == "risk_review":
        return _review(record, parent, me)
    if kind == "retro":
        return _retro(record, me)
    if kind == "action":
        return _action(record, parent, me)
    if kind == "reading":  # the KPI's name and the value, as the log shows it
        note = f" — {md(record.note)}" if record.note else ""
        value = f"{number(record.value)}{note}{_by(record.author, me)}"
        return [f"- {md(parent or '?')}{colon()}{value}"]
    return _other(kind, record, me)


def _other(kind: str, record: Any, me: str) -> list[str]:
    """A kind with no lines of its own here: its searchable text, one field a line."""
    from opslog.domain.kinds import BY_NAME

    texts = [getattr(record, f) for f in BY_NAME[kind].searchable]
    shown = "; ".join(md(str(t)) for t in texts if t) or "–"
    return [f"- #{record.id} {shown}{_by(record.author, me)}"]


def log_markdown_chunks(entries: Iterable[Entry], me: str, title: str = "opslog") -> Iterator[str]:
    """`entries` in day order, by section within a day. One chunk per day."""
    out = [f"# {md(title)}", ""]
    day = section = None
    empty = True
    for entry in entries:
        kind, record, record_day = entry.kind, entry.record, entry.day
        parent = entry.parent.label if entry.parent is not None else None
        empty = False
        if record_day != day:
            if day is not None:
                yield "\n".join(out) + "\n"
                out = [""]
            day, section = record_day, None
            out += [f"## {record_day.isoformat()}", ""]
        if kind != section or kind == "checkin":
            if section is not None:
                out.append("")
            heading = _(SECTIONS[kind]) if kind in SECTIONS else kind_word(kind)
            out += [f"### {heading}", ""]
            section = kind
        out += _lines(kind, record, parent, me)
    if empty:
        out.append(_("Nothing logged."))
    yield "\n".join(out) + "\n"
