"""opslog checkin — the end-of-day flow.

All answers are collected first (flags, or questions on a terminal), then written in
one transaction: Ctrl-C at any question writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import typer

from opslog.cli.common import app_context, day_option, say, stdin_is_terminal
from opslog.context import AppContext
from opslog.errors import BadInput


@dataclass
class NewRisk:
    title: str
    probability: int
    impact: int
    owner: str = ""
    mitigation: str = ""


@dataclass
class Answers:
    done: str = ""
    blockers: str = ""
    plan: str = ""
    mood: int | None = None
    goals: dict[int, float] = field(default_factory=dict)
    risks: list[NewRisk] = field(default_factory=list)


def checkin(
    ctx: typer.Context,
    date_: str | None = typer.Option(None, "--date", "-d", help="The day (default today)."),
    done: str | None = typer.Option(None, "--done", help="What got done."),
    blocker: list[str] = typer.Option([], "--blocker", help="A blocker (repeatable)."),
    plan: str | None = typer.Option(None, "--plan", help="The plan for tomorrow."),
    mood: str | None = typer.Option(None, "--mood", help="Mood 1–5."),
    goal: list[str] = typer.Option([], "--goal", help="A goal's value: ID=VALUE (repeatable)."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; use the flags only."),
) -> None:
    """The end-of-day check-in: done, blockers, plan, mood, goal values, new risks.

    On a terminal with no flags it asks; with flags or --no-input it never does.
    Running it again for the same day amends that day.

    Example: opslog checkin --done "发完周报" --blocker "supplier late" --mood 4 --goal 1=118
    """
    from opslog.store.daily import get_checkin

    app = app_context(ctx)
    day = day_option(app, date_)
    flags_given = any(v is not None for v in (done, plan, mood)) or bool(blocker or goal)
    interactive = not flags_given and not no_input and stdin_is_terminal()
    if not interactive and not flags_given:
        raise BadInput("nothing to check in: give --done, --blocker, --plan, --mood or --goal")
    with app.db().read() as conn:
        earlier = get_checkin(conn, app.author, day)
    base = Answers()
    if earlier is not None:
        base = Answers(earlier.done, earlier.blockers, earlier.plan, earlier.mood)
    if interactive:
        answers = _ask(app, day, base)
    else:
        answers = _from_flags(base, done, blocker, plan, mood, goal)
    _save(app, day, answers, amended=earlier is not None)


def _from_flags(
    base: Answers,
    done: str | None,
    blockers: list[str],
    plan: str | None,
    mood: str | None,
    goals: list[str],
) -> Answers:
    from opslog.domain.text import clean_text

    return Answers(
        done=base.done if done is None else clean_text(done, "--done", required=False),
        blockers=(
            "\n".join(clean_text(b, "--blocker") for b in blockers) if blockers else base.blockers
        ),
        plan=base.plan if plan is None else clean_text(plan, "--plan", required=False),
        mood=base.mood if mood is None else parse_mood(mood),
        goals=dict(parse_goal_value(g) for g in goals),
    )


def parse_mood(text: str) -> int:
    from opslog.domain.risks import parse_scale

    return parse_scale(text, "mood")


def parse_goal_value(text: str) -> tuple[int, float]:
    from opslog.domain.goals import parse_number

    goal_id, sep, value = text.partition("=")
    if not sep or not goal_id.strip().isdigit():
        raise BadInput(f"bad --goal {text!r}: expected ID=VALUE, like 1=118")
    return int(goal_id), parse_number(value, f"--goal {goal_id.strip()}")


def _ask(app: AppContext, day: date, base: Answers) -> Answers:
    from opslog.cli.prompts import ask, ask_parsed, ask_yes
    from opslog.domain.goals import parse_number
    from opslog.domain.risks import parse_scale
    from opslog.domain.text import clean_text
    from opslog.render.words import number
    from opslog.store.goals import active_goals, latest_progress

    say(f"Check-in for {day.isoformat()} ({app.author}); Enter keeps what is in [brackets].")
    answers = Answers(
        done=clean_text(ask("Done today", base.done), "done", required=False),
        blockers=clean_text(ask("Blockers", base.blockers), "blockers", required=False),
        plan=clean_text(ask("Plan for tomorrow", base.plan), "plan", required=False),
    )
    answers.mood = ask_parsed("Mood 1–5", parse_mood, str(base.mood or "")) or None
    with app.db().read() as conn:
        goals = [(g, latest_progress(conn, g.uid)) for g in active_goals(conn, app.author)]
    for goal, last in goals:
        unit = f" {goal.unit}" if goal.unit else ""
        was = number(last.value) if last else "none yet"
        label = f"Goal #{goal.id} {goal.title} (last {was}, target {number(goal.target)}{unit})"
        value = ask_parsed(label, lambda t: parse_number(t, "value"))
        if value is not None:
            answers.goals[goal.id] = value
    while ask_yes("Any new risk?"):
        title = clean_text(ask("  Risk"), "risk title", required=False)
        if not title:
            break
        p = ask_parsed("  Probability 1–5", lambda t: parse_scale(t, "probability"))
        i = ask_parsed("  Impact 1–5", lambda t: parse_scale(t, "impact"))
        if p is None or i is None:
            say("  skipped: a risk needs a probability and an impact")
            continue
        owner = clean_text(ask("  Owner (optional)"), "owner", required=False)
        mitigation = clean_text(ask("  Mitigation (optional)"), "mitigation", required=False)
        answers.risks.append(NewRisk(title, p, i, owner, mitigation))
    return answers


def _save(app: AppContext, day: date, a: Answers, amended: bool) -> None:
    from opslog.store.daily import save_checkin
    from opslog.store.goals import record_progress
    from opslog.store.risks import add_risk, reviews_due

    now = app.timestamp()
    with app.db().write() as conn:
        checkin_id, _created = save_checkin(
            conn,
            author=app.author,
            now=now,
            day=day,
            done=a.done,
            blockers=a.blockers,
            plan=a.plan,
            mood=a.mood,
        )
        for goal_id, value in a.goals.items():
            record_progress(conn, goal_id=goal_id, author=app.author, now=now, day=day, value=value)
        risk_ids = [
            add_risk(
                conn,
                author=app.author,
                now=now,
                day=day,
                title=r.title,
                probability=r.probability,
                impact=r.impact,
                owner=r.owner,
                mitigation=r.mitigation,
            )
            for r in a.risks
        ]
        due = reviews_due(conn, app.author, day)
    parts = [f"check-in {checkin_id} {'amended' if amended else 'saved'} for {day.isoformat()}"]
    if a.goals:
        parts.append(f"{len(a.goals)} goal value{'s' if len(a.goals) > 1 else ''}")
    if risk_ids:
        parts.append("new risk " + ", ".join(f"#{r}" for r in risk_ids))
    say("; ".join(parts))
    for risk in due:
        review_by = risk.review_by.isoformat() if risk.review_by else ""
        say(
            f"review due: risk #{risk.id} {risk.title} (by {review_by}): opslog risk update "
            f"{risk.id}"
        )


def register(app: typer.Typer) -> None:
    app.command("checkin")(checkin)
