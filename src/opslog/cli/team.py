"""opslog team: the roster, who has checked in, and row-level security on PostgreSQL."""

from __future__ import annotations

import typer

from opslog.cli.common import app_context, argv_text, say
from opslog.i18n import _, joined

team_app = typer.Typer(
    help="The team: who is on it, their workdays, and who has checked in.\n\n"
    "Example: opslog team add lin wang zhao --workdays mon-fri",
    no_args_is_help=True,
)


def _names(words: list[str]) -> list[str]:
    from opslog.config import _check_author

    names = []
    for word in words:
        name = _check_author(argv_text(word), "the command line")
        if name not in names:
            names.append(name)
    return names


@team_app.command("add")
def add(
    ctx: typer.Context,
    names: list[str] = typer.Argument(..., metavar="NAME...", help="Authors' names."),
    workdays: str | None = typer.Option(
        None,
        "--workdays",
        "-w",
        metavar="DAYS",
        help="Their workdays: mon-fri (default), sun-thu, mon,wed,fri.",
    ),
) -> None:
    """Put people on the team (again: change their workdays).

    Example: opslog team add lin wang zhao --workdays mon-fri
    """
    from opslog.domain.team import parse_workdays
    from opslog.store.team import add_members

    app = app_context(ctx)
    who = _names(names)
    days = parse_workdays(argv_text(workdays)) if workdays is not None else None
    with app.db().write() as conn:
        added, updated = add_members(conn, who, days, author=app.author, now=app.timestamp())
    if added:
        say(_("added to the team: {items}").format(items=joined(added)))
    if updated:
        say(_("workdays changed: {items}").format(items=joined(updated)))
    if not added and not updated:
        say(_("already on the team, nothing changed"))


@team_app.command("rm")
def rm(
    ctx: typer.Context,
    names: list[str] = typer.Argument(..., metavar="NAME...", help="Authors' names."),
) -> None:
    """Take people off the team (their records stay).

    Example: opslog team rm zhao
    """
    from opslog.store.team import remove_members

    app = app_context(ctx)
    who = _names(names)
    with app.db().write() as conn:
        remove_members(conn, who)
    say(_("removed from the team: {items}").format(items=joined(who)))


@team_app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="JSON instead of text."),
) -> None:
    """The roster and each member's workdays.

    Example: opslog team list --json
    """
    from opslog.render.team_views import render_roster, render_roster_json
    from opslog.store.team import roster

    app = app_context(ctx)
    with app.db().read() as conn:
        members = roster(conn)
    if json_:
        print(render_roster_json(members))
    elif members:
        print(render_roster(members), end="")
    else:
        say(_("no roster yet: the team is whoever writes (add people: opslog team add NAME…)"))


@team_app.command("status")
def status(
    ctx: typer.Context,
    when: list[str] | None = typer.Argument(
        None, metavar="[DAY|WEEK]", help="today (default), a day, or a week: this, last, 2026-W48."
    ),
    json_: bool = typer.Option(False, "--json", help="JSON (opslog.team-status/1)."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when someone missed a workday (for cron)."
    ),
) -> None:
    """Who has checked in: for a day, each member's check-in and its time; for a week,
    check-in days over workdays so far, the missing days and the last check-in.

    Example: opslog team status last --exit-code || opslog send ops-group reminder.md
    """
    from opslog.domain.team import parse_period, team_status
    from opslog.store.team import checkin_marks, last_checkins, team_members

    app = app_context(ctx)
    words = " ".join(argv_text(w) for w in when) if when else None  # `this week` unquoted
    start, end = parse_period(words, app.today(),
                              app.settings.week_start)  # fmt: skip
    with app.db().read() as conn:
        members, on_roster = team_members(conn, start, end)
        marks = checkin_marks(conn, start, end)
        last = last_checkins(conn, end)
    result = team_status(members, marks, last, start, end, app.today(), roster=on_roster)
    if json_:
        from opslog.render.week_json import dumps

        print(dumps(result.to_json()))
    else:
        from opslog.render.team_views import render_status

        print(render_status(result), end="")
    if not members:
        say(_("nobody on the team and nobody wrote in this period (add people: opslog team add)"))
    if exit_code and result.anyone_missing:
        raise typer.Exit(1)


@team_app.command("secure")
def secure(ctx: typer.Context) -> None:
    """PostgreSQL: every login reads the whole team but writes only its own rows.

    Run it once as the database's owner, then give each person a login of their own
    and the role opslog_team (GRANT opslog_team TO lin). Their author is their login.

    Example: opslog --db postgresql+psycopg://admin@db.internal/ops team secure
    """
    from opslog.store.secure import ROLE
    from opslog.store.secure import secure as install

    app = app_context(ctx)
    with app.db().write() as conn:
        tables = install(conn)
    say(
        _(
            "row-level security on {n_tables} tables: each login writes "
            "only its own rows; give each person a login and the role: "
            "GRANT {ROLE} TO name"
        ).format(n_tables=len(tables), ROLE=ROLE)
    )


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")
