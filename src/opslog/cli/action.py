"""opslog action — follow-ups that carry into every later week until they are done."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from opslog.cli.common import app_context, due_option, past_day_option, say
from opslog.cli.completion import action_ids
from opslog.context import AppContext
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
    from opslog.store.retros import add_action

    app = app_context(ctx)
    parsed = parse_action(" ".join(text), app.today(), week_start=app.settings.week_start)
    owner_ = _owner(owner, parsed.owner) if owner is not None else parsed.owner
    due_ = _due(app, due, parsed.due) if due is not None else parsed.due
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


def _owner(flag: str, marker: str) -> str:
    """--owner (an '@' before the name is dropped), unless @name in the text differs."""
    from opslog.domain.text import clean_short

    owner = clean_short(flag, _("owner")).lstrip("@＠")
    if marker and owner != marker:
        raise BadInput(
            _("two owners: --owner {flag!r} and @{owner_} in the text").format(
                flag=owner, owner_=marker
            )
        )
    return owner


def _due(app: AppContext, flag: str, marker: date | None) -> date | None:
    """--due ('none' takes the due day away), unless due:D in the text differs."""
    day = None if flag.strip().lower() in ("none", "-") else due_option(app, flag)
    if marker and day != marker:
        raise BadInput(
            _("two due days: --due {due!r} and due:{due_} in the text").format(
                due=flag, due_=marker.isoformat()
            )
        )
    return day


@action_app.command("update")
def update(
    ctx: typer.Context,
    action_id: int = typer.Argument(
        ..., metavar="ID", help="The action's id.", autocompletion=action_ids
    ),
    text: str | None = typer.Option(
        None, "--text", "-t", help="New text; '@name' and 'due:D' in it are read."
    ),
    owner: str | None = typer.Option(None, "--owner", "-o", help="Who does it ('' for nobody)."),
    due: str | None = typer.Option(
        None, "--due", metavar="DATE", help="By when ('none' takes the due day away)."
    ),
) -> None:
    """Change an action's text, owner or due day. '@bob' and 'due:fri' in --text are read
    as `action add` reads them. Values it already has change nothing (exit 0).

    Example: opslog action update 4 --due next-fri --owner wang
    """
    from opslog.domain.actions import parse_action
    from opslog.store.retros import update_action

    app = app_context(ctx)
    requested: dict[str, Any] = {}
    marker_owner, marker_due = "", None
    if text is not None:
        parsed = parse_action(text, app.today(), week_start=app.settings.week_start)
        requested["text"], marker_owner, marker_due = parsed.text, parsed.owner, parsed.due
        if parsed.owner:
            requested["owner"] = parsed.owner
        if parsed.due is not None:
            requested["due"] = parsed.due
    if owner is not None:
        requested["owner"] = _owner(owner, marker_owner)
    if due is not None:
        requested["due"] = _due(app, due, marker_due)
    if not requested:
        raise BadInput(_("nothing to change: give --text, --owner or --due"))
    with app.db().write() as conn:
        before, after = update_action(conn, action_id, requested, app.timestamp())
    shown = [
        f"{_(name)} {_shown(getattr(before, name))} → {_shown(getattr(after, name))}"
        for name in ("text", "owner", "due")
        if getattr(before, name) != getattr(after, name)
    ]
    if not shown:
        say(_("action {id} already has those values; nothing changed").format(id=after.id))
        return
    say(_("action {id} updated: {changes}").format(id=after.id, changes="; ".join(shown)))


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    return value.isoformat() if isinstance(value, date) else str(value)


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
        from opslog.cli.author import say_others_of_kind

        say_others_of_kind(app, "action", "action list --all")
        return
    app.console().print(action_table(actions, weeks, today, _("Actions")))


@action_app.command("done")
def done(
    ctx: typer.Context,
    action_id: int = typer.Argument(
        ..., metavar="ID", help="The action's id.", autocompletion=action_ids
    ),
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
