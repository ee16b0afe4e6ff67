"""opslog action — follow-ups that carry into every later week until they are done."""

from __future__ import annotations

import typer

from opslog.cli.common import app_context, due_option, past_day_option, say
from opslog.errors import BadInput
from opslog.i18n import _

action_app = typer.Typer(
    help="Actions: follow-ups (from retros or on their own) until they are done.\n\n"
    "Example: opslog action add 'Call the supplier @bob due:fri'",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@action_app.command("add")
def add(
    ctx: typer.Context,
    text: list[str] = typer.Argument(..., help="What to do; '@name' and 'due:D' are read."),
    owner: str | None = typer.Option(None, "--owner", "-o", help="Who does it."),
    due: str | None = typer.Option(None, "--due", metavar="DATE", help="By when (a date)."),
) -> None:
    """Add an open action; prints its id. '@bob' in the text sets the owner, 'due:fri'
    the due day (both taken out of the text).

    Example: opslog action add "Call the supplier @bob due:2026-11-25"
    """
    from opslog.domain.actions import parse_action
    from opslog.domain.text import clean_short
    from opslog.store.retros import add_action

    app = app_context(ctx)
    parsed = parse_action(" ".join(text), app.today(), week_start=app.settings.week_start)
    owner_ = parsed.owner
    if owner is not None:
        flag = clean_short(owner, _("owner")).lstrip("@＠")
        if owner_ and flag != owner_:
            raise BadInput(
                _("two owners: --owner {flag!r} and @{owner_} in the text").format(
                    flag=flag, owner_=owner_
                )
            )
        owner_ = flag
    due_ = parsed.due
    if due is not None:
        flag_due = due_option(app, due)
        if due_ and flag_due != due_:
            raise BadInput(
                _("two due days: --due {due!r} and due:{due_} in the text").format(
                    due=due, due_=due_.isoformat()
                )
            )
        due_ = flag_due
    with app.db().write() as conn:
        action_id = add_action(
            conn,
            author=app.author,
            now=app.timestamp(),
            day=app.today(),
            text=parsed.text,
            owner=owner_,
            due=due_,
        )
    print(action_id)
    due_text = " " + _("due {day}").format(day=due_.isoformat()) if due_ else ""
    extra = (f" @{owner_}" if owner_ else "") + due_text
    say(_("action {action_id} added{extra}").format(action_id=action_id, extra=extra))


@action_app.command("list")
def list_(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", "-a", help="Done actions too."),
    json_: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """Your open actions, by due day, overdue ones marked, with the week they came from.

    Example: opslog action list --all --json
    """
    from opslog.render.retro_views import action_json, action_table
    from opslog.store.retros import action_weeks, list_actions

    app = app_context(ctx)
    today = app.today()
    with app.db().read() as conn:
        actions = list_actions(conn, app.author, include_done=all_)
        weeks = action_weeks(conn, actions, app.settings.week_start)
    if json_:
        from opslog.render.week_json import dumps

        print(dumps([action_json(a, weeks[a.uid], today) for a in actions]))
        return
    if not actions:
        say(_("No open actions.") if not all_ else _("No actions yet."))
        return
    app.console().print(action_table(actions, weeks, today, "Actions"))


@action_app.command("done")
def done(
    ctx: typer.Context,
    action_id: int = typer.Argument(..., metavar="ID", help="The action's id."),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day it was done (default today)."
    ),
) -> None:
    """Mark an action done (today, or the day given). Marking it done again changes
    nothing (exit 0, said on stderr).

    Example: opslog action done 4 --date yesterday
    """
    from opslog.store.retros import mark_action_done

    app = app_context(ctx)
    day = past_day_option(app, date_)
    with app.db().write() as conn:
        action, changed = mark_action_done(
            conn, action_id, now=app.timestamp(), day=day, by=app.author
        )
    if not changed:
        when = action.done_day.isoformat() if action.done_day else "–"
        say(
            _("action {id} is already done ({day}); nothing changed").format(
                id=action.id, day=when
            )
        )
        return
    whose = action.owner or action.author
    by = _(" (by {author}, for {whose})").format(author=app.author, whose=whose)
    by = by if whose != app.author else ""
    said = (_("action {id} done: {text}{by}") if day == app.today()
            else _("action {id} done on {day}: {text}{by}"))  # fmt: skip
    say(said.format(id=action.id, day=day.isoformat(), text=action.text, by=by))


def register(app: typer.Typer) -> None:
    app.add_typer(action_app, name="action")
