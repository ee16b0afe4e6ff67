"""The report laid out for a chat (WeChat, 企业微信, 钉钉, 飞书, Slack): headings and
bullets only — no tables, which most chats show as raw pipes.

`ChatReport` is the reusable part: five sections of bullet lines (already Markdown-safe),
rendered by `render_chat`. `week_chat` fills it from a week; the report of any period
can fill it from its own summary the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opslog.domain.week import WeekSummary
from opslog.i18n import _
from opslog.render.safe import markdown_inline as md
from opslog.render.words import STATUS_WORDS, day_label, number, percent, plural

SECTIONS = (
    ("done", "Done this week"),
    ("next", "Next week"),
    ("problems", "Problems and risks"),
    ("goals", "Goal progress"),
    ("numbers", "Numbers"),
)


@dataclass
class ChatReport:
    title: str  # Markdown-safe already
    done: list[str] = field(default_factory=list)
    next: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)  # a period's own words, if any


def render_chat(report: ChatReport) -> str:
    out = [f"# {report.title}", ""]
    for key, heading in SECTIONS:
        out += [f"## {report.headings.get(key) or _(heading)}", ""]
        items = getattr(report, key)
        out += [f"- {item}" for item in items] or [f"- {_('none')}"]
        out.append("")
    return "\n".join(out)


def lines_of(text: str) -> list[str]:
    """A check-in field as bullet texts: one per non-empty line, Markdown-escaped."""
    return [md(line.strip().lstrip("-•*").strip()) for line in text.splitlines() if line.strip()]


def week_chat(s: WeekSummary) -> str:
    who = ", ".join(md(a) for a in s.authors)
    report = ChatReport(title=f"{_('Weekly report')} {s.week.label} · {who}")
    last_plan = ""
    for d in s.days:
        c = d.checkin
        if c is None:
            continue
        report.done += [f"{day_label(d.day)}: {t}" for t in lines_of(c.done)]
        report.problems += [f"{day_label(d.day)}: {t}" for t in lines_of(c.blockers)]
        if c.plan.strip():
            last_plan = c.plan
    report.done += [
        f"✓ #{a.action.id} {md(a.action.text)}" for a in s.actions if a.status == "done"
    ]
    report.next += lines_of(last_plan)
    for a in s.actions:
        if a.status == "done":
            continue
        extra = []
        if a.action.owner:
            extra.append(f"@{md(a.action.owner)}")
        if a.action.due:
            extra.append(f"{_('due')} {a.action.due.isoformat()}")
        if a.overdue:
            extra.append(f"**{_('overdue')}**")
        tail = f" ({', '.join(extra)})" if extra else ""
        report.next.append(f"#{a.action.id} {md(a.action.text)}{tail}")
    for r in s.risks:
        if r.risk.status == "closed":
            continue
        owner = f", @{md(r.risk.owner)}" if r.risk.owner else ""
        report.problems.append(
            f"{_('Risk')} #{r.risk.id} {md(r.risk.title)}: {r.risk.probability}×{r.risk.impact}"
            f"={r.risk.score} {_(r.level)}{owner}"
        )
    if s.retro:
        report.problems += [f"{_('To improve')}: {md(t)}" for t in s.retro.to_improve]
    for g in s.goals:
        unit = f" {md(g.goal.unit)}" if g.goal.unit else ""
        gs = g.state
        report.goals.append(
            f"#{g.goal.id} {md(g.goal.title)}: {number(gs.value)} / {number(g.goal.target)}"
            f"{unit} ({percent(gs.progress)}, {_(STATUS_WORDS.get(gs.status, gs.status))})"
        )
    st = s.stats
    report.numbers.append(f"{_('check-ins').capitalize()}: {st.checkin_days}/7")
    report.numbers.append(f"{_('streak').capitalize()}: {plural(st.streak, 'day')}")
    report.numbers.append(f"{_('notes').capitalize()}: {st.notes}")
    if st.top_tags:
        tags = ", ".join(f"#{md(t)} ×{n}" for t, n in st.top_tags)
        report.numbers.append(f"{_('top tags').capitalize()}: {tags}")
    return render_chat(report)
