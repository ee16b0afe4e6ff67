"""opslog goal — SMART goals and their check-ins.

add, checkin, list, show, done, drop, edit. Numbers go through domain/goals.parse_number
(no NaN, no inf, no "5%"), dates through domain/dates; a refused value exits 2 with
nothing written. The goal arithmetic (progress, expected, status, stale) is judged on
today.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand

from opslog.cli.common import app_context, day_option, due_option, past_day_option, say
from opslog.cli.completion import goal_ids
from opslog.domain.goals import STATUS_RULE
from opslog.errors import BadInput
from opslog.i18n import _

goal_app = typer.Typer(
    name="goal",
    help="SMART goals: a metric, a baseline, a target and a due date, tracked by check-ins.\n\n"
    + STATUS_RULE
    + "\n\nExample: opslog goal add 'Weekly sales +20%' --metric 'weekly sales' --baseline 100 "
    "--target 120 --unit k --due 2026-12-31",
    rich_markup_mode=None,
    no_args_is_help=True,
)


def _number(text: str, what: str) -> float:
    from opslog.domain.goals import parse_number

    return parse_number(text, what)


def _confidence(text: str | None) -> int | None:
    from opslog.domain.fields import parse_confidence

    return None if text is None else parse_confidence(text, "--confidence")


def _short(text: str, what: str, *, required: bool = False) -> str:
    from opslog.domain.text import clean_short

    return clean_short(text, what, required=required)


@goal_app.command("add")
def add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="What the goal is, in a few words."),
    metric: str | None = typer.Option(
        None, "--metric", "-m", help="What is measured (with --kpi: the KPI's name)."
    ),
    target: str = typer.Option(..., "--target", metavar="N", help="The value to reach."),
    due: str = typer.Option(..., "--due", metavar="DATE", help="The day it is due."),
    baseline: str | None = typer.Option(
        None,
        "--baseline",
        metavar="N",
        help="The value at the start (default 0; with --kpi, the KPI's value then).",
    ),
    unit: str | None = typer.Option(
        None, "--unit", "-u", help="The unit (k, %, members; with --kpi, the KPI's)."
    ),
    start: str | None = typer.Option(
        None, "--start", metavar="DATE", help="The first day (default today)."
    ),
    owner: str = typer.Option("", "--owner", "-o", help="Who owns it."),
    why: str = typer.Option("", "--why", help="Why it matters."),
    kpi: str | None = typer.Option(
        None,
        "--kpi",
        metavar="NAME",
        help="Follow a KPI: its readings are the goal's values (the latest reading for a "
        "'last' KPI, the value over each whole week for the others); no goal check-ins.",
    ),
) -> None:
    """Add a goal and print its id.

    Example: opslog goal add "Refunds down" -m "refund rate" -u % --baseline 8 --target 5 --due +5w
    """
    from opslog.domain.fields import clean_unit
    from opslog.domain.goals import check_target_shown_apart, validate_goal_numbers
    from opslog.domain.text import clean_text
    from opslog.render.words import number
    from opslog.store.goals import add_goal, kpi_value_on
    from opslog.store.kpis import find_kpi

    app = app_context(ctx)
    clean_title = _short(title, _("title"), required=True)
    if metric is None and kpi is None:
        raise BadInput(
            _("missing --metric: what the goal measures (or --kpi NAME to follow a KPI)")
        )
    clean_metric = None if metric is None else _short(metric, "--metric", required=True)
    target_n = _number(target, "--target")
    baseline_n = None if baseline is None else _number(baseline, "--baseline")
    start_day = day_option(app, start)
    due_day = due_option(app, due)
    fields = {
        "owner": _short(owner, "--owner"),
        "why": clean_text(why, "--why", required=False),
    }
    clean_unit_text = None if unit is None else clean_unit(unit, "--unit")
    with app.db().write() as conn:
        followed = None if kpi is None else find_kpi(conn, app.author, kpi)
        if baseline_n is None:
            baseline_n = 0.0
            if followed is not None:
                at_start = kpi_value_on(
                    conn, followed, app.author, start_day, app.settings.week_start
                )
                baseline_n = 0.0 if at_start is None else at_start
        validate_goal_numbers(baseline_n, target_n, start_day, due_day)
        check_target_shown_apart(baseline_n, target_n)
        goal_id = add_goal(
            conn,
            author=app.author,
            now=app.timestamp(),
            title=clean_title,
            metric=clean_metric or (followed.name if followed else ""),
            target=target_n,
            due=due_day,
            start=start_day,
            baseline=baseline_n,
            unit=clean_unit_text if clean_unit_text is not None else (
                followed.unit if followed else ""),
            kpi_uid=followed.uid if followed else None,
            **fields,
        )  # fmt: skip
    print(goal_id)
    shown_unit = clean_unit_text if clean_unit_text is not None else (
        followed.unit if followed else "")  # fmt: skip
    unit_text = f" {shown_unit}" if shown_unit else ""
    say(
        _(
            "goal {goal_id} added: {clean_title} ({number} → "
            "{number2}{unit_text}, {start_day} – {due_day})"
        ).format(
            goal_id=goal_id,
            clean_title=clean_title,
            number=number(baseline_n),
            number2=number(target_n),
            unit_text=unit_text,
            start_day=start_day.isoformat(),
            due_day=due_day.isoformat(),
        )
    )
    if followed is not None:
        say(
            _(
                "it follows the KPI {name}: record the KPI (opslog kpi record {name} VALUE),"
                " not the goal"
            ).format(name=followed.name)
        )


# `goal checkin 1 -inf`: Click would read -inf as the short options -i (unknown) and
# -n f (--note), and the message would name '-i'. These spellings of a non-finite
# number stay one argument, marked, for parse_number to refuse by name.
_NOT_FINITE = frozenset({"-inf", "-infinity", "-nan"})
_MARK = "\x00"  # cannot come from argv


class _ValueCommand(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        takes_value = {  # after one of these, -inf is that option's value
            name
            for p in self.params
            if p.param_type_name == "option" and not getattr(p, "is_flag", False)
            for name in p.opts
        }
        marked = [
            _MARK + a
            if a.lower() in _NOT_FINITE and i > 0 and args[i - 1] not in takes_value
            else a
            for i, a in enumerate(args)
        ]
        return super().parse_args(ctx, marked)


def _unmark(value: str) -> str:
    return value.removeprefix(_MARK)


@goal_app.command("checkin", cls=_ValueCommand, context_settings={"ignore_unknown_options": True})
def checkin(
    ctx: typer.Context,
    goal_id: int = typer.Argument(
        ..., metavar="ID", help="The goal's id.", autocompletion=goal_ids
    ),
    value: str = typer.Argument(
        ..., metavar="VALUE", help="The current value (may be < 0).", callback=_unmark
    ),
    confidence: str | None = typer.Option(
        None, "--confidence", "-c", metavar="1-10", help="Confidence 1–10."
    ),
    note: str = typer.Option("", "--note", "-n", help="A note on this value."),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
) -> None:
    """Record a goal's current value.

    Example: opslog goal checkin 1 112.5 --confidence 7 --note "campaign week"
    """
    from opslog.domain.goals import goal_state
    from opslog.domain.records import by_other
    from opslog.domain.text import clean_text
    from opslog.render.words import STATUS_WORDS, number, percent
    from opslog.store.goals import checkin_goal

    app = app_context(ctx)
    value_n = _number(value, _("value"))
    conf = _confidence(confidence)
    clean_note = clean_text(note, "--note", required=False)
    day = past_day_option(app, date_)
    with app.db().write() as conn:
        goal, checkins = checkin_goal(
            conn,
            goal_id=goal_id,
            author=app.author,
            now=app.timestamp(),
            day=day,
            value=value_n,
            confidence=conf,
            note=clean_note,
        )
    # The goal as it stood on the day entered (a back-dated value is judged then).
    state = goal_state(goal, checkins, day, stale_days=app.settings.stale_days)
    unit = f" {goal.unit}" if goal.unit else ""
    say(
        _(
            "goal {id} {title}: {number}{unit} on {day}; progress "
            "{percent}, expected {percent2}, {STATUS_WORDS}"
        ).format(
            id=goal.id,
            title=goal.title,
            number=number(value_n),
            unit=unit,
            day=day.isoformat(),
            percent=percent(state.progress),
            percent2=percent(state.expected),
            STATUS_WORDS=_(STATUS_WORDS[state.status]),
        )
    )
    if by_other(app.author, goal):  # someone else's goal: the value stays yours, "by X"
        say(
            _("goal {goal_id} is {owner}'s: your value is kept as yours (by {author})").format(
                goal_id=goal.id, owner=goal.owner or goal.author, author=app.author
            )
        )


@goal_app.command("list")
def list_(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", "-a", help="Also done and dropped goals."),
    json_: bool = typer.Option(False, "--json", help="A JSON array, with the computed state."),
) -> None:
    """List your active goals with progress, expected pace and status.

    Example: opslog goal list --json | jq '.[] | select(.status == "behind") | .title'
    """
    from opslog.domain.goals import goal_lines
    from opslog.store.goals import goal_histories

    app = app_context(ctx)
    with app.db().read() as conn:
        histories = goal_histories(
            conn, app.author, app.today(), app.settings.week_start, include_closed=all_
        )
    lines = goal_lines(histories, app.today(), app.settings.stale_days)
    if json_:
        from opslog.render.goal_views import render_goal_list_json

        print(render_goal_list_json(lines))
        return
    if not lines:
        say(
            _("No goals. Add one: opslog goal add --help")
            if all_
            else _("No active goals. Add one: opslog goal add --help")
        )
        from opslog.cli.author import say_others_of_kind

        say_others_of_kind(app, "goal", "goal list --all")
        return
    from opslog.render.goal_views import render_goal_list

    render_goal_list(lines, app.console())


@goal_app.command("show")
def show(
    ctx: typer.Context,
    goal_id: int = typer.Argument(
        ..., metavar="ID", help="The goal's id.", autocompletion=goal_ids
    ),
) -> None:
    """Show a goal: the record, its check-ins and a chart against the expected pace.

    Example: opslog goal show 1
    """
    from opslog.domain.goals import goal_detail
    from opslog.render.goal_views import render_goal_show
    from opslog.store.goals import goal_history

    app = app_context(ctx)
    with app.db().read() as conn:
        goal, checkins = goal_history(conn, goal_id, app.today(), app.settings.week_start)
    detail = goal_detail(goal, checkins, app.today(), app.settings.stale_days)
    render_goal_show(detail, app.console())


def _close(ctx: typer.Context, goal_id: int, status: str, date_: str | None) -> None:
    from opslog.store.goals import close_goal

    app = app_context(ctx)
    day = past_day_option(app, date_)
    with app.db().write() as conn:
        goal, changed = close_goal(conn, goal_id, status=status, day=day, now=app.timestamp())
    if changed:
        say(
            _("goal {id} {title}: {status} on {day}").format(
                id=goal.id, title=goal.title, status=_(status), day=day.isoformat()
            )
        )
    else:
        say(
            _("goal {id} {title} is already {status} ({day}); nothing changed").format(
                id=goal.id,
                title=goal.title,
                status=_(status),
                day=goal.done_day.isoformat() if goal.done_day else "–",
            )
        )


@goal_app.command("done")
def done(
    ctx: typer.Context,
    goal_id: int = typer.Argument(
        ..., metavar="ID", help="The goal's id.", autocompletion=goal_ids
    ),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
) -> None:
    """Mark a goal done (reached, or closed as achieved).

    Example: opslog goal done 1
    """
    _close(ctx, goal_id, "done", date_)


@goal_app.command("drop")
def drop(
    ctx: typer.Context,
    goal_id: int = typer.Argument(
        ..., metavar="ID", help="The goal's id.", autocompletion=goal_ids
    ),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
) -> None:
    """Drop a goal: no longer pursued, kept in the history.

    Example: opslog goal drop 3
    """
    _close(ctx, goal_id, "dropped", date_)


@goal_app.command("edit")
def edit(
    ctx: typer.Context,
    goal_id: int = typer.Argument(
        ..., metavar="ID", help="The goal's id.", autocompletion=goal_ids
    ),
    title: str | None = typer.Option(None, "--title", help="A new title."),
    target: str | None = typer.Option(None, "--target", metavar="N", help="A new target."),
    due: str | None = typer.Option(None, "--due", metavar="DATE", help="A new due date."),
    owner: str | None = typer.Option(None, "--owner", "-o", help="A new owner."),
    baseline: str | None = typer.Option(
        None, "--baseline", metavar="N", help="A new baseline (the value at the start)."
    ),
    unit: str | None = typer.Option(None, "--unit", "-u", help="A new unit."),
    start: str | None = typer.Option(None, "--start", metavar="DATE", help="A new first day."),
    metric: str | None = typer.Option(None, "--metric", "-m", help="A new metric."),
    yes: bool = typer.Option(
        False,
        "--yes",
        "-y",
        help="Do not ask when the goal's direction flips (needed off a terminal).",
    ),
) -> None:
    """Change a goal's title, metric, unit, baseline, target, start, due date or owner
    (checked like a new goal). A change that turns the goal around (8 → 5 becoming
    8 → 9) asks first on a terminal and needs --yes off one.

    Example: opslog goal edit 1 --target 130 --due 2027-01-31
    """
    from opslog.domain.fields import clean_unit
    from opslog.domain.goals import flips_direction
    from opslog.domain.records import Goal
    from opslog.render.words import number
    from opslog.store.crud import get
    from opslog.store.goals import edit_goal

    app = app_context(ctx)
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = _short(title, "--title", required=True)
    if metric is not None:
        changes["metric"] = _short(metric, "--metric", required=True)
    if unit is not None:
        changes["unit"] = clean_unit(unit, "--unit")
    if baseline is not None:
        changes["baseline"] = _number(baseline, "--baseline")
    if target is not None:
        changes["target"] = _number(target, "--target")
    if start is not None:
        changes["start"] = day_option(app, start)
    if due is not None:
        changes["due"] = due_option(app, due)
    if owner is not None:
        changes["owner"] = _short(owner, "--owner")
    if not changes:
        raise BadInput(
            _(
                "nothing to change: give --title, --metric, --unit, --baseline, --target,"
                " --start, --due or --owner"
            )
        )
    flip = False
    if "baseline" in changes or "target" in changes:
        with app.db().read() as conn:
            current = get(conn, Goal, goal_id)
        flip = flips_direction(current, changes)
        if flip and not yes:
            turn = _("goal {id} would turn around: {old} becomes {new}").format(
                id=goal_id,
                old=f"{number(current.baseline)} → {number(current.target)}",
                new=f"{number(float(changes.get('baseline', current.baseline)))} → "  # type: ignore[arg-type]
                f"{number(float(changes.get('target', current.target)))}",  # type: ignore[arg-type]
            )
            if not app.terminal.stdin:
                raise BadInput(_("{turn}; give --yes to change its direction").format(turn=turn))
            from opslog.cli.prompts import ask_yes

            say(turn)
            if not ask_yes(_("Change the goal's direction?")):
                say(_("nothing changed"))
                return
    with app.db().write() as conn:
        before, after = edit_goal(conn, goal_id, changes, app.timestamp(), flip_ok=flip or yes)
    shown = []
    for name in changes:
        old, new = getattr(before, name), getattr(after, name)
        if name in ("target", "baseline"):
            old, new = number(old), number(new)
        shown.append(f"{_(name)} {old} → {new}")
    say(_("goal {id} updated: ").format(id=after.id) + "; ".join(shown))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(goal_app, name="goal")
