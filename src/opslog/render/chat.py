"""The report laid out for a chat (WeChat, 企业微信, 钉钉, 飞书, Slack): headings and
bullets only — no tables, which most chats show as raw pipes.

`ChatReport` is the reusable part: five sections of bullet lines (already Markdown-safe),
and the customer feedback when there is some, rendered by `render_chat`. `week_chat`
fills it from a week, `report_chat` from the report of any period.
"""

from __future__ import annotations

from dataclasses import field

from opslog.domain.feedback import FeedbackSection
from opslog.domain.plain import plain
from opslog.domain.report import ReportSummary
from opslog.domain.week import WeekSummary
from opslog.i18n import _, aside, colon, comma, joined
from opslog.render.kpi_views import value_text
from opslog.render.safe import markdown_inline as md
from opslog.render.words import (
    STATUS_WORDS,
    by_names,
    checkin_days,
    day_label,
    improvement_result,
    number,
    percent,
    plural,
    signed,
)

SECTIONS = (
    ("done", "Done this week"),
    ("next", "Next week"),
    ("problems", "Problems and risks"),
    ("goals", "Goal progress"),
    ("feedback", "Customer feedback"),
    ("numbers", "Numbers"),
)
OPTIONAL = frozenset({"feedback"})  # left out when empty; the others say "none"
TOP_CATEGORIES = 5


@plain
class ChatReport:
    title: str  # Markdown-safe already
    done: list[str] = field(default_factory=list)
    next: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)  # a period's own words, if any


def render_chat(report: ChatReport) -> str:
    out = [f"# {report.title}", ""]
    for key, heading in SECTIONS:
        items = getattr(report, key)
        if key in OPTIONAL and not items:
            continue
        out += [f"## {report.headings.get(key) or _(heading)}", ""]
        out += [f"- {item}" for item in items] or [f"- {_('none')}"]
        out.append("")
    return "\n".join(out)


def lines_of(text: str) -> list[str]:
    """A check-in field as bullet texts: one per non-empty line, Markdown-escaped."""
    return [md(line.strip().lstrip("-•*").strip()) for line in text.splitlines() if line.strip()]


def week_chat(s: WeekSummary) -> str:
    who = joined(md(a) for a in s.authors)
    report = ChatReport(title=f"{_('Weekly report')} {s.week.label} · {who}")
    last_plan = ""
    for d in s.days:
        c = d.checkin
        if c is None:
            continue
        report.done += [f"{day_label(d.day)}{colon()}{t}" for t in lines_of(c.done)]
        report.problems += [f"{day_label(d.day)}{colon()}{t}" for t in lines_of(c.blockers)]
        if c.plan.strip():
            last_plan = c.plan
    report.done += [
        f"✓ #{a.action.id} {md(a.action.text)}"
        + (aside(by_names([a.done_by], md)) if a.done_by else "")
        for a in s.actions
        if a.status == "done"
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
        tail = aside(comma().join(extra)) if extra else ""
        report.next.append(f"#{a.action.id} {md(a.action.text)}{tail}")
    for r in s.risks:
        if r.risk.status == "closed":
            continue
        owner = f"{comma()}@{md(r.risk.owner)}" if r.risk.owner else ""
        by = f"{comma()}{by_names(r.changed_by, md)}" if r.changed_by else ""
        report.problems.append(
            f"{_('Risk')} #{r.risk.id} {md(r.risk.title)}{colon()}"
            f"{r.risk.probability}×{r.risk.impact}"
            f"={r.risk.score} {_(r.level)}{owner}{by}"
        )
    if s.retro:
        report.problems += [f"{_('To improve')}{colon()}{md(t)}" for t in s.retro.to_improve]
    for g in s.goals:
        unit = f" {md(g.goal.unit)}" if g.goal.unit else ""
        gs = g.state
        by = f"{comma()}{by_names([g.value_by], md)}" if g.value_by else ""
        report.goals.append(
            f"#{g.goal.id} {md(g.goal.title)}{colon()}{number(gs.value)} / "
            f"{number(g.goal.target)}{unit}"
            + aside(f"{percent(gs.progress)}{comma()}{_(STATUS_WORDS.get(gs.status, gs.status))}"
                    f"{by}")
        )
    if s.feedback is not None and not s.feedback.is_empty:
        report.feedback = feedback_lines(s.feedback)
    st = s.stats
    report.numbers.append(f"{_('check-ins').capitalize()}{colon()}{st.checkin_days}/7")
    report.numbers.append(f"{_('streak').capitalize()}{colon()}{plural(st.streak, 'day')}")
    report.numbers.append(f"{_('notes').capitalize()}{colon()}{st.notes}")
    if st.top_tags:
        tags = joined(f"#{md(t)} ×{n}" for t, n in st.top_tags)
        report.numbers.append(f"{_('top tags').capitalize()}{colon()}{tags}")
    return render_chat(report)


def feedback_lines(s: FeedbackSection) -> list[str]:
    """The feedback as bullets: the total against the previous period, the top
    categories, the channels and each improvement."""
    out = [
        _("Total {total} (previous {previous}, {change})").format(
            total=number(s.total), previous=number(s.previous_total),
            change=signed(s.total - s.previous_total),
        )
    ]  # fmt: skip
    for k in s.categories[:TOP_CATEGORIES]:
        name = md(k.key) if k.key else _("(none)")
        new = aside(_("new")) if k.new else ""
        out.append(
            _("{category}: {count} (previous {previous}, {change})").format(
                category=name + new, count=number(k.count), previous=number(k.previous),
                change=signed(k.change),
            )
        )  # fmt: skip
    if s.channels:
        channels = joined(f"{md(c.key) or '–'} {number(c.count)}" for c in s.channels)
        out.append(_("Channels: {channels}").format(channels=channels))
    for i in s.improvements:
        out.append(
            _("Improvement: {category} ← #{id} {text} (done {day}): {result}").format(
                category=md(i.category), id=i.action_id, text=md(i.action_text),
                day=i.done_day.isoformat(), result=improvement_result(i),
            )
        )  # fmt: skip
    return out


def report_chat(s: ReportSummary) -> str:
    """The report of a period in the chat layout: what was achieved, what to follow up,
    problems and risks (what keeps coming back first), goals, feedback and the numbers."""
    from opslog.render.report_words import title

    who = joined(md(a) for a in s.authors)
    report = ChatReport(
        title=f"{md(title(s))} · {who}",
        headings={"done": _("Achieved"), "next": _("To follow up")},
    )
    _report_done(s, report)
    _report_problems(s, report)
    for g in s.goals:
        unit = f" {md(g.goal.unit)}" if g.goal.unit else ""
        status = _(STATUS_WORDS.get(g.end.status, g.end.status))
        outcome = f"{comma()}{_(g.outcome)}" if g.outcome else ""
        report.goals.append(
            f"#{g.goal.id} {md(g.goal.title)}{colon()}{number(g.start_value)} → "
            f"{number(g.end.value)} / {number(g.goal.target)}{unit}"
            + aside(f"{percent(g.end.progress)}{comma()}{status}{outcome}")
        )
    if s.feedback is not None and not s.feedback.is_empty:
        report.feedback = feedback_lines(s.feedback)
    _report_numbers(s, report)
    return render_chat(report)


def _report_done(s: ReportSummary, report: ChatReport) -> None:
    for g in s.goals:
        if g.outcome == "achieved" or (g.outcome is None and g.end.status == "done"):
            report.done.append(
                f"{_('Goal')} #{g.goal.id} {md(g.goal.title)}{colon()}{_('achieved')}"
            )
    a = s.actions
    if a.done:
        report.done.append(
            _("{done} actions done, {on_time} of {with_due} by their due date").format(
                done=a.done, on_time=a.done_on_time, with_due=a.done_with_due
            )
        )
    if s.risks.closed:
        ids = joined(f"#{i}" for i in s.risks.closed)
        report.done.append(_("Risks closed: {ids}").format(ids=ids))
    for r in s.retros:
        report.done += [f"{_('Went well')}{aside(r.week)}{colon()}{md(t)}" for t in r.went_well]
    for line in s.actions.overdue_at_end:
        x = line.action
        extra = [f"@{md(x.owner)}"] if x.owner else []
        if x.due:
            extra.append(f"{_('due')} {x.due.isoformat()}")
        extra.append(f"**{_('overdue')}**")
        report.next.append(f"#{x.id} {md(x.text)}{aside(comma().join(extra))}")


def _report_problems(s: ReportSummary, report: ChatReport) -> None:
    for item in s.recurring:
        report.problems.append(
            _("Keeps coming back: {text} ({weeks})").format(
                text=md(item.text), weeks=joined(item.weeks)
            )
        )
    for g in s.goals:
        if g.outcome == "missed":
            report.problems.append(
                f"{_('Goal')} #{g.goal.id} {md(g.goal.title)}{colon()}{_('missed')}"
            )
    if s.risks.escalated:
        ids = joined(f"#{i}" for i in s.risks.escalated)
        report.problems.append(_("Risks escalated: {ids}").format(ids=ids))
    for r in s.risks.open_at_end:
        x = r.risk
        owner = f"{comma()}@{md(x.owner)}" if x.owner else ""
        report.problems.append(
            f"{_('Risk')} #{x.id} {md(x.title)}{colon()}{x.probability}×{x.impact}={x.score} "
            f"{_(r.level)}{owner}"
        )
    for retro in s.retros:
        report.problems += [
            f"{_('To improve')}{aside(retro.week)}{colon()}{md(t)}" for t in retro.to_improve
        ]


def _report_numbers(s: ReportSummary, report: ChatReport) -> None:
    c = s.checkins
    mood = "–" if c.mood_avg is None else f"{c.mood_avg:.1f}"
    report.numbers += [
        _("Check-ins: {days}").format(
            days=checkin_days(c.on_workdays, c.workdays, c.days, _("workdays"))
        ),
        _("Longest streak: {days}").format(days=plural(c.longest_streak, "day")),
        _("Mood: {mood}").format(mood=mood),
    ]
    a = s.actions
    report.numbers.append(
        _("Actions: {created} created, {done} done, {overdue} overdue at the end").format(
            created=a.created, done=a.done, overdue=len(a.overdue_at_end)
        )
    )
    for k in s.kpis:
        line = k.line
        report.numbers.append(
            _("{name}: {value}{unit} (previous {previous}, {change})").format(
                name=md(line.kpi.name), value=md(value_text(line.value, line.kpi.unit)), unit="",
                previous=md(value_text(line.previous, line.kpi.unit)), change=signed(line.change),
            )
        )  # fmt: skip
    report.numbers.append(f"{_('notes').capitalize()}{colon()}{s.notes}")
    if s.top_tags:
        tags = joined(f"#{md(t)} ×{n}" for t, n in s.top_tags)
        report.numbers.append(f"{_('top tags').capitalize()}{colon()}{tags}")
