"""opslog checkin — the end-of-day flow.

All answers are collected first (flags, or questions on a terminal), then written in
one transaction: Ctrl-C at any question writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import field
from datetime import date
from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, argv_text, past_day_option, say
from opslog.context import AppContext
from opslog.domain.plain import plain
from opslog.errors import BadInput, MaybeSaved, NotFound, StoreError
from opslog.i18n import _, aside, joined

if TYPE_CHECKING:  # imported where a question makes one (`--help` and flags pay nothing)
    from opslog.domain.feedback import NewFeedback
    from opslog.domain.records import Goal, Kpi, Progress
    from opslog.domain.risks import NewRisk


@plain
class Answers:
    done: str = ""
    blockers: str = ""
    plan: str = ""
    mood: int | None = None
    goals: dict[int, float] = field(default_factory=dict)
    kpis: dict[str, float] = field(default_factory=dict)  # KPI name or id -> the day's value
    risks: list[NewRisk] = field(default_factory=list)
    feedback: list[NewFeedback] = field(default_factory=list)


def checkin(
    ctx: typer.Context,
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
    done: str | None = typer.Option(None, "--done", help="What got done."),
    blocker: list[str] = typer.Option([], "--blocker", help="A blocker (repeatable)."),
    plan: str | None = typer.Option(None, "--plan", help="The plan for tomorrow."),
    mood: str | None = typer.Option(None, "--mood", metavar="1-5", help="Mood 1–5."),
    goal: list[str] = typer.Option(
        [], "--goal", metavar="ID=VALUE", help="A goal's value (repeatable)."
    ),
    kpi: list[str] = typer.Option(
        [], "--kpi", metavar="NAME=VALUE", help="A KPI's value for the day (repeatable)."
    ),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; use the flags only."),
) -> None:
    """The end-of-day check-in: done, blockers, plan, mood, goal and KPI values, new risks,
    customer feedback.

    On a terminal with no flags it asks; with flags or --no-input it never does.
    Running it again for the same day amends that day.

    Example: opslog checkin --done "发完周报" --mood 4 --goal 1=118 --kpi 流量=13100
    """
    from opslog.store.daily import get_checkin

    app = app_context(ctx)
    flags_given = any(v is not None for v in (done, plan, mood)) or bool(blocker or goal or kpi)
    interactive = not flags_given and not no_input and app.terminal.stdin
    if not interactive and not flags_given:
        raise BadInput(
            _("nothing to check in: give --done, --blocker, --plan, --mood, --goal or --kpi")
        )
    # Every flag is checked before the database is opened: bad input creates nothing.
    given = None if interactive else _from_flags(done, blocker, plan, mood, goal, kpi)
    day = past_day_option(app, date_)  # a day after today: asked about, or warned about
    try:
        with app.db().read() as conn:
            earlier = get_checkin(conn, app.author, day)
    except StoreError:
        if given is not None:  # the server is down, say: the flags given back all the same
            _give_back(day, given.over(Answers()))
        raise
    base = Answers()
    if earlier is not None:
        base = Answers(earlier.done, earlier.blockers, earlier.plan, earlier.mood)
    if given is None:
        from opslog.cli.prompts import Interrupted

        try:
            answers = _ask(app, day, base)
        except KeyboardInterrupt:
            # Between two questions (not inside one): still nothing written.
            raise Interrupted(_("interrupted: nothing was saved")) from None
        # Only what the user changed is written: a field kept with Enter keeps whatever
        # the day holds when the check-in is saved (another opslog may amend it meanwhile).
        changes = {
            f: getattr(answers, f) for f in FIELDS if getattr(answers, f) != getattr(base, f)
        }
        expected = _settle(app, day, base, answers, changes)
    else:
        answers = given.over(base)  # what the day will read, for the retry message
        changes = given.changes()
        expected = None
    _save(app, day, answers, changes, expected)


FIELDS = ("done", "blockers", "plan", "mood")


def _settle(
    app: AppContext,
    day: date,
    base: Answers,
    answers: Answers,
    changes: dict[str, str | int | None],
) -> dict[str, str | int | None]:
    """What each changed field must still hold when the check-in is written. A field the
    user changed that another opslog changed too since the questions began is asked
    about: "n" drops the user's change (theirs stays), "y" keeps it."""
    from opslog.cli.prompts import ask_yes
    from opslog.render.safe import one_line
    from opslog.store.daily import checkin_fields, get_checkin

    with app.db().read() as conn:
        now = checkin_fields(get_checkin(conn, app.author, day))
    expected: dict[str, str | int | None] = {}
    for name in list(changes):
        if now[name] != getattr(base, name):
            say(
                _("{field} was changed meanwhile (elsewhere) to: {value}").format(
                    field=_(name), value=one_line(str(now[name] or "–"))
                )
            )
            mine = one_line(str(changes[name] or "–"))
            if not ask_yes(_("Replace it with yours ({value})?").format(value=mine)):
                del changes[name]
                setattr(answers, name, now[name])  # what the day reads, for a retry
                continue
        expected[name] = now[name]
    return expected


@plain
class Given:
    """The flags, validated; None where a flag was not given (the day keeps its value)."""

    done: str | None
    blockers: str | None
    plan: str | None
    mood: int | None
    goals: dict[int, float]
    kpis: dict[str, float] = field(default_factory=dict)

    def changes(self) -> dict[str, str | int | None]:
        """Only the fields given: the others keep what the day has when it is written."""
        fields = {"done": self.done, "blockers": self.blockers, "plan": self.plan,
                  "mood": self.mood}  # fmt: skip
        return {k: v for k, v in fields.items() if v is not None}

    def over(self, base: Answers) -> Answers:
        return Answers(
            done=base.done if self.done is None else self.done,
            blockers=base.blockers if self.blockers is None else self.blockers,
            plan=base.plan if self.plan is None else self.plan,
            mood=base.mood if self.mood is None else self.mood,
            goals=dict(self.goals),
            kpis=dict(self.kpis),
        )


def _from_flags(
    done: str | None,
    blockers: list[str],
    plan: str | None,
    mood: str | None,
    goals: list[str],
    kpis: list[str] = [],  # noqa: B006 (never mutated)
) -> Given:
    from opslog.domain.text import clean_text

    def text(value: str | None, what: str) -> str | None:
        return None if value is None else clean_text(argv_text(value), what)

    return Given(
        done=text(done, "--done"),
        blockers="\n".join(clean_text(argv_text(b), "--blocker") for b in blockers) or None,
        plan=text(plan, "--plan"),
        mood=None if mood is None else parse_mood(argv_text(mood)),
        goals=dict(parse_goal_value(argv_text(g)) for g in goals),
        kpis=dict(parse_kpi_value(argv_text(k)) for k in kpis),
    )


def parse_kpi_value(text: str) -> tuple[str, float]:
    """`--kpi 流量=13,100` as (name or id, value); the value as exports write it."""
    from opslog.domain.cells import parse_number
    from opslog.domain.kpis import check_value, parse_assignment

    name, value = parse_assignment(text)
    try:
        number = parse_number(value)
    except ValueError:
        number = None
    if number is None:
        raise BadInput(
            _("bad --kpi {text!r}: {value!r} is not a number").format(text=text, value=value)
        )
    return name, check_value(number, f"--kpi {name}")


def parse_mood(text: str) -> int:
    from opslog.domain.risks import parse_scale

    return parse_scale(text, _("mood"))


_GOAL_ID = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes '٣' and '³'
MAX_ID = 2**63 - 1  # SQLite's INTEGER PRIMARY KEY; nothing larger can exist


def parse_goal_value(text: str) -> tuple[int, float]:
    from opslog.domain.goals import parse_number

    goal_id, sep, value = text.partition("=")
    if not sep or not _GOAL_ID.fullmatch(goal_id.strip()):
        raise BadInput(_("bad --goal {text!r}: expected ID=VALUE, like 1=118").format(text=text))
    number = int(goal_id.strip()) if len(goal_id.strip()) <= 20 else MAX_ID + 1
    if number > MAX_ID:
        raise NotFound(_("no goal with id {goal_id}").format(goal_id=goal_id.strip()))
    return number, parse_number(value, f"--goal {goal_id.strip()}")


Step = Callable[[Answers], None]


def _ask(app: AppContext, day: date, base: Answers) -> Answers:
    """The questions, one step each; `<` at one goes back to the one before (its
    answer offered again in [brackets])."""
    from opslog.cli.prompts import Back
    from opslog.render.words import day_label

    on = None if day == app.today() else day_label(day)
    say(
        _("Check-in for {day} ({author}); Enter keeps what is in [brackets], - clears it.").format(
            day=day.isoformat(), author=app.author
        )
        + " "
        + _("< goes back to the question before.")
    )
    answers = Answers(base.done, base.blockers, base.plan, base.mood)

    def ask_feedback(a: Answers) -> None:
        _ask_feedback(a, on)

    steps = [*_day_steps(on), *_goal_steps(app), *_kpi_steps(app, day), _ask_risks, ask_feedback]
    at = 0
    while at < len(steps):
        try:
            steps[at](answers)
            at += 1
        except Back:
            at = max(0, at - 1)
    return answers


def _day_steps(on: str | None) -> list[Step]:
    """Done, blockers, plan and mood, naming the day when it is not today."""
    from opslog.cli.prompts import ask_parsed, ask_text

    done = _("Done today") if on is None else _("Done on {day}").format(day=on)
    plan = _("Plan for tomorrow") if on is None else _("Plan after {day}").format(day=on)

    def ask_done(a: Answers) -> None:
        a.done = ask_text(done, _("done"), a.done, back=True)

    def ask_blockers(a: Answers) -> None:
        a.blockers = ask_text(_("Blockers"), _("blockers"), a.blockers, back=True)

    def ask_plan(a: Answers) -> None:
        a.plan = ask_text(plan, _("plan"), a.plan, back=True)

    def ask_mood(a: Answers) -> None:
        a.mood = ask_parsed(_("Mood 1–5"), parse_mood, str(a.mood or ""), back=True) or None

    return [ask_done, ask_blockers, ask_plan, ask_mood]


def _goal_steps(app: AppContext) -> list[Step]:
    """Each goal you own: its value ('-' or Enter skips it)."""
    from opslog.cli.prompts import ask_parsed
    from opslog.domain.goals import parse_number
    from opslog.render.words import number
    from opslog.store.goals import latest_progress, own_active_goals

    with app.db().read() as conn:
        goals = [(g, latest_progress(conn, g.uid)) for g in own_active_goals(conn, app.author)]

    def step(goal: Goal, last: Progress | None) -> Step:
        unit = f" {goal.unit}" if goal.unit else ""
        was = number(last.value) if last else _("none yet")
        label = _("Goal #{id} {title} (last {last}, target {target})").format(
            id=goal.id, title=goal.title, last=was, target=f"{number(goal.target)}{unit}"
        )

        def ask_goal(a: Answers) -> None:
            shown = _plain(a.goals[goal.id]) if goal.id in a.goals else ""
            value = ask_parsed(label, lambda t: parse_number(t, _("value")), shown, back=True)
            if value is None:
                a.goals.pop(goal.id, None)
            else:
                a.goals[goal.id] = value

        return ask_goal

    return [step(goal, last) for goal, last in goals]


def _kpi_steps(app: AppContext, day: date) -> list[Step]:
    """Each active KPI you record (not the ratios, which are computed), after the goals;
    Enter skips one."""
    from opslog.cli.prompts import ask_parsed
    from opslog.render.kpi_views import value_text
    from opslog.store.kpis import author_kpis, latest_readings

    with app.db().read() as conn:
        kpis = [k for k in author_kpis(conn, app.author, archived=False) if not k.is_ratio]
        latest = latest_readings(conn, app.author, [k.uid for k in kpis], day)

    def step(k: Kpi) -> Step:
        last = latest.get(k.uid)
        was = f"{value_text(last[1], k.unit)}, {last[0].isoformat()}" if last else _("none yet")
        label = _("KPI {name} (last {last}; Enter skips)").format(name=k.name, last=was)

        def ask_kpi(a: Answers) -> None:
            key = str(k.id)
            shown = _plain(a.kpis[key]) if key in a.kpis else ""
            value = ask_parsed(label, lambda t: parse_kpi_value(f"x={t}")[1], shown, back=True)
            if value is None:
                a.kpis.pop(key, None)
            else:
                a.kpis[key] = value

        return ask_kpi

    return [step(k) for k in kpis]


def _ask_risks(a: Answers) -> None:
    """ "Any new risk?" until no; `<` inside a risk's questions starts that risk again."""
    from opslog.cli.prompts import Back, ask_parsed, ask_text, ask_yes
    from opslog.domain.risks import NewRisk, parse_scale

    a.risks = []
    while ask_yes(_("Any new risk?"), back=not a.risks):
        try:
            title = ask_text("  " + _("Risk"), _("risk title"), short=True, back=True)
            if not title:
                break
            p = ask_parsed("  " + _("Probability 1–5"), lambda t: parse_scale(t, _("probability")),
                           back=True)  # fmt: skip
            i = ask_parsed("  " + _("Impact 1–5"), lambda t: parse_scale(t, _("impact")),
                           back=True)  # fmt: skip
            if p is None or i is None:
                say(_("  skipped: a risk needs a probability and an impact"))
                continue
            owner = ask_text("  " + _("Owner (optional)"), _("owner"), short=True, back=True)
            mitigation = ask_text("  " + _("Mitigation (optional)"), _("mitigation"), back=True)
        except Back:
            continue
        a.risks.append(NewRisk(title, p, i, owner, mitigation))


# The feedback question follows "Any new risk? [y/N]" and reads like one: a yes asks for
# the customer's words, a no skips, instead of either being saved as the feedback.
FEEDBACK_YES = ("y", "yes", "是", "有")
FEEDBACK_NO = ("n", "no", "否", "没有", "无")


def _ask_feedback(a: Answers, on: str | None = None) -> None:
    """ "Any customer feedback today?" until Enter on an empty line; `<` at the first
    question goes back, inside one starts that one again."""
    from opslog.cli.prompts import Back, ask_parsed, ask_text
    from opslog.domain.feedback import NewFeedback, parse_count, parse_sentiment

    a.feedback = []
    while True:
        if a.feedback:
            question = _("More customer feedback?")
        elif on is None:
            question = _("Any customer feedback today?")
        else:
            question = _("Any customer feedback on {day}?").format(day=on)
        text = ask_text(question + aside(_("Enter skips")), _("feedback"), back=not a.feedback)
        if not text or text.lower() in FEEDBACK_NO:
            return
        try:
            if text.lower() in FEEDBACK_YES:  # answered as the yes/no question it reads as
                text = ask_text("  " + _("Feedback"), _("feedback"), back=True)
                if not text:
                    continue
            category = ask_text("  " + _("Category"), _("category"), short=True, back=True)
            channel = ask_text("  " + _("Channel"), _("channel"), short=True, back=True)
            count = ask_parsed("  " + _("How many alike"), parse_count, "1", back=True) or 1
            sentiment = ask_parsed("  " + _("Sentiment pos/neu/neg (optional)"),
                                   parse_sentiment, back=True)  # fmt: skip
        except Back:
            continue
        a.feedback.append(NewFeedback(text, category, channel, count, sentiment))


def _save(
    app: AppContext,
    day: date,
    a: Answers,
    changes: dict[str, str | int | None],
    expected: dict[str, str | int | None] | None = None,
) -> None:
    from opslog.store.daily import write_checkin

    now = app.timestamp()
    try:
        checkin_id, created, risk_ids, due = write_checkin(
            app.db(), author=app.author, now=now, day=day, changes=changes,
            goals=a.goals, kpis=a.kpis, risks=a.risks, feedback=a.feedback,
            expected=expected,
        )  # fmt: skip
    except StoreError as exc:
        # Busy, disk full, read-only, damaged: nothing was written. Give the answers
        # back so that the user can run them again instead of typing them again.
        _give_back(day, a, maybe_saved=isinstance(exc, MaybeSaved))
        raise
    with suppress(StoreError):  # saved: a hint that cannot be read changes nothing
        _others_goals(app, list(a.goals))
    saved = _("check-in {id} saved for {day}") if created else _("check-in {id} amended for {day}")
    parts = [saved.format(id=checkin_id, day=day.isoformat())]
    if a.goals:
        values = _("{n} goal value") if len(a.goals) == 1 else _("{n} goal values")
        parts.append(values.format(n=len(a.goals)))
    if a.kpis:
        values = _("{n} KPI value") if len(a.kpis) == 1 else _("{n} KPI values")
        parts.append(values.format(n=len(a.kpis)))
    if risk_ids:
        parts.append(_("new risk {ids}").format(ids=joined(f"#{r}" for r in risk_ids)))
    if a.feedback:
        parts.append(_("{n} feedback").format(n=len(a.feedback)))
    say(_("; ").join(parts))
    for risk in due:
        review_by = risk.review_by.isoformat() if risk.review_by else ""
        say(
            _("review due: risk #{id} {title} (by {review_by}): opslog risk update {id}").format(
                id=risk.id, title=risk.title, review_by=review_by
            )
        )


def _give_back(day: date, a: Answers, *, maybe_saved: bool = False) -> None:
    if maybe_saved:
        say(_("perhaps saved; if 'opslog log' does not show it, to save it:"))
    else:
        say(_("not saved; to try again:"))
    for line in retry_commands(day, a):
        say(f"  {line}")


def _others_goals(app: AppContext, ids: list[int]) -> None:
    """A value given for someone else's goal is kept as yours: say so."""
    if not ids:
        return
    from opslog.store.goals import whose_goals

    with app.db().read() as conn:
        owners = whose_goals(conn, ids)
    for goal_id, owner in sorted(owners.items()):
        if owner != app.author:
            say(
                _("goal {goal_id} is {owner}'s: your value is kept as yours (by {author})").format(
                    goal_id=goal_id, owner=owner, author=app.author
                )
            )


def retry_commands(day: date, a: Answers) -> list[str]:
    """The answers as commands that save them again (flags never prompt)."""
    from shlex import quote

    line = ["opslog", "checkin", "--date", day.isoformat()]
    if a.done:
        line += ["--done", quote(a.done)]
    for blocker in a.blockers.splitlines():
        if blocker.strip():
            line += ["--blocker", quote(blocker)]
    if a.plan:
        line += ["--plan", quote(a.plan)]
    if a.mood is not None:
        line += ["--mood", str(a.mood)]
    for goal_id, value in a.goals.items():
        line += ["--goal", f"{goal_id}={_plain(value)}"]
    for ref, value in a.kpis.items():
        line += ["--kpi", quote(f"{ref}={_plain(value)}")]
    out = [" ".join(line)]
    for r in a.risks:
        risk = ["opslog", "risk", "add", quote(r.title), "--probability", str(r.probability),
                "--impact", str(r.impact)]  # fmt: skip
        if r.owner:
            risk += ["--owner", quote(r.owner)]
        if r.mitigation:
            risk += ["--mitigation", quote(r.mitigation)]
        out.append(" ".join(risk))
    for f in a.feedback:
        words = ["opslog", "feedback", "add", "--date", day.isoformat()]
        for flag, key in (("--category", f.category), ("--channel", f.channel)):
            if key:
                words += [flag, quote(key)]
        if f.count != 1:
            words += ["--count", str(f.count)]
        if f.sentiment:
            words += ["--sentiment", f.sentiment]
        out.append(" ".join([*words, "--", quote(f.text)]))
    return out


def _plain(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def register(app: typer.Typer) -> None:
    app.command("checkin")(checkin)
