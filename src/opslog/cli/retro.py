"""opslog retro — the weekly look back: what went well, what to improve, actions.

One retro per author per week; adding again adds to it. `--action "text @owner due:D"`
makes an open action that carries into every later week until it is done.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, say
from opslog.context import AppContext
from opslog.errors import BadInput, NotFound
from opslog.i18n import _, joined

if TYPE_CHECKING:
    from opslog.domain.actions import ParsedAction

retro_app = typer.Typer(
    help="Weekly retrospectives and the actions they produce.\n\n"
    "Example: opslog retro add --well 'banner on time' --action 'call supplier @bob due:fri'",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@retro_app.command("add")
def add(
    ctx: typer.Context,
    week: str | None = typer.Option(
        None, "--week", "-w", metavar="WEEK", help="this (default), last, 2026-W48…"
    ),
    well: list[str] = typer.Option([], "--well", help="What went well (repeatable)."),
    improve: list[str] = typer.Option([], "--improve", help="What to improve (repeatable)."),
    action: list[str] = typer.Option(
        [], "--action", help="An action: 'text @owner due:D' (repeatable)."
    ),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; use the flags only."),
) -> None:
    """Add to the week's retro; on a terminal with no flags it asks, one item per line.

    Example: opslog retro add --well "双11 banner on time" --improve "late stock data"
    --action "Call the supplier @bob due:2026-11-25"
    """
    from opslog.domain.actions import parse_action
    from opslog.domain.dates import parse_week
    from opslog.domain.text import clean_text

    app = app_context(ctx)
    today = app.today()
    the_week = parse_week(week, today, app.settings.week_start)
    flags_given = bool(well or improve or action)
    if not flags_given and (no_input or not app.terminal.stdin):
        raise BadInput(_("nothing to add: give --well, --improve or --action"))
    if flags_given:
        went_well = [clean_text(t, "--well") for t in well]
        to_improve = [clean_text(t, "--improve") for t in improve]
        actions = [parse_action(t, today, "--action", app.settings.week_start) for t in action]
    else:
        went_well, to_improve, actions = _ask(app, the_week.label, today)
        if not (went_well or to_improve or actions):
            say(_("nothing entered; nothing saved"))
            return
    # The retro belongs to its week: today when today is in it, else the nearest day.
    day = min(max(today, the_week.start), the_week.end)
    _save(app, the_week.label, day, went_well, to_improve, actions)


def _ask(
    app: AppContext, week: str, today: date
) -> tuple[list[str], list[str], list[ParsedAction]]:
    from opslog.cli.prompts import ask, ask_parsed
    from opslog.domain.actions import parse_action
    from opslog.domain.text import clean_text

    say(
        _("Retro for {week} ({author}): one item per line; an empty line ends each list.").format(
            week=week, author=app.author
        )
    )
    lists: list[list[str]] = []
    for label in ("Went well", "To improve"):
        items: list[str] = []
        while line := ask(f"{_(label)} {len(items) + 1}"):
            items.append(clean_text(line, _(label)))
        lists.append(items)
    actions: list[ParsedAction] = []
    while found := ask_parsed(
        _("Action {v} (text @owner due:D)").format(v=len(actions) + 1),
        lambda t: parse_action(t, today, week_start=app.settings.week_start),
    ):
        actions.append(found)
    return lists[0], lists[1], actions


def _save(
    app: AppContext,
    week: str,
    day: date,
    went_well: list[str],
    to_improve: list[str],
    actions: list[ParsedAction],
) -> None:
    from opslog.store.retros import add_action, add_to_retro

    now = app.timestamp()
    with app.db().write() as conn:
        retro, created = add_to_retro(
            conn,
            author=app.author,
            now=now,
            week=week,
            day=day,
            went_well=went_well,
            to_improve=to_improve,
        )
        action_ids = [
            add_action(
                conn,
                author=app.author,
                now=now,
                day=day,
                text=a.text,
                owner=a.owner,
                due=a.due,
                retro_uid=retro.uid,
            )
            for a in actions
        ]
    print(retro.id)
    saved = (
        _("retro {week} saved: {well} went well, {improve} to improve")
        if created
        else _("retro {week} added to: {well} went well, {improve} to improve")
    )
    parts = [saved.format(week=week, well=len(retro.went_well), improve=len(retro.to_improve))]
    if action_ids:
        parts.append(_("new action {ids}").format(ids=joined(f"#{i}" for i in action_ids)))
    say(_("; ").join(parts))


@retro_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Your retros, the latest week first, with how many of their actions are open.

    Example: opslog retro list
    """
    from opslog.render.retro_views import retro_table
    from opslog.store.retros import list_actions, list_retros

    app = app_context(ctx)
    with app.db().read() as conn:
        retros = list_retros(conn, app.author)
        actions = list_actions(conn, app.author, include_done=True)
    if not retros:
        say(_("No retro yet. Start one with: opslog retro add --well '…' --improve '…'"))
        return
    counts: dict[str, tuple[int, int]] = {}
    for a in actions:
        if a.retro_uid:
            open_, total = counts.get(a.retro_uid, (0, 0))
            counts[a.retro_uid] = (open_ + (a.status == "open"), total + 1)
    app.console().print(retro_table(retros, counts))


@retro_app.command("show")
def show(
    ctx: typer.Context,
    week: str | None = typer.Argument(None, help="this (default), last, -N, 2026-W48 or a date."),
) -> None:
    """One week's retro and the actions it produced.

    Example: opslog retro show last
    """
    from opslog.domain.dates import parse_week
    from opslog.render.retro_views import retro_detail
    from opslog.store.retros import action_weeks, get_retro, retro_actions

    app = app_context(ctx)
    the_week = parse_week(week, app.today(), app.settings.week_start)
    with app.db().read() as conn:
        retro = get_retro(conn, app.author, the_week.label)
        if retro is None:
            raise NotFound(
                _(
                    "no retro for {label} (add one: opslog retro add --week {label} --well …)"
                ).format(label=the_week.label)
            )
        actions = retro_actions(conn, retro.uid)
        weeks = action_weeks(conn, actions, app.settings.week_start)
    app.console().print(retro_detail(retro, actions, weeks, app.today()))


def register(app: typer.Typer) -> None:
    app.add_typer(retro_app, name="retro")
