"""opslog author: who wrote what (every kind), and renaming an author."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, argv_text, say
from opslog.i18n import _, aside, joined, kind_word

if TYPE_CHECKING:
    from opslog.context import AppContext

author_app = typer.Typer(
    help="The authors in the logbook: how many records each wrote, and renaming one.\n\n"
    "Example: opslog author list",
    no_args_is_help=True,
)


@author_app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="JSON (opslog.authors/1)."),
) -> None:
    """Every author and their records, in all and by kind.

    Example: opslog author list --json
    """
    from opslog.render.team_views import render_authors, render_authors_json
    from opslog.store.authors import author_counts

    app = app_context(ctx)
    with app.db(create=False).read() as conn:
        counts = author_counts(conn)
    if json_:
        print(render_authors_json(counts, app.author))
        return
    if counts:
        print(render_authors(counts, app.author), end="")
    if app.author not in counts:
        say(_("you write as {author}: nothing by that name yet").format(author=app.author))


@author_app.command("rename")
def rename(
    ctx: typer.Context,
    old: str = typer.Argument(..., metavar="OLD", help="The name in the records now."),
    new: str = typer.Argument(..., metavar="NEW", help="The name to give them."),
) -> None:
    """Rename an author in every kind of record (author, owner, done by, the roster), in
    one transaction. On a shared PostgreSQL database only your own name.

    Example: opslog author rename lin 林
    """
    from opslog.config import _check_author
    from opslog.store.authors import rename_author

    app = app_context(ctx)
    old_name = _check_author(argv_text(old), "the command line")
    new_name = _check_author(argv_text(new), "the command line")
    with app.db().write() as conn:
        changed = rename_author(conn, old_name, new_name, me=app.author)
    items = joined(f"{kind_word(kind)} {n}" for kind, n in changed.items())
    say(_("renamed {old} to {new}: {items}").format(old=old_name, new=new_name, items=items))
    if old_name == app.author:
        say(_("you still write as {old}: set author = \"{new}\" in config.toml").format(
            old=old_name, new=new_name))  # fmt: skip


def say_others(app: AppContext, start: date, end: date, name: str, command: str) -> bool:
    """For an empty view: when other authors wrote in the period, say who and how to see
    their records (`--author X`, `--team`). True when it said so."""
    from opslog.store.authors import others_in

    with app.db(create=False).read() as conn:
        others = others_in(conn, start, end, name)
    if not others:
        return False
    counted = [a + aside(str(n)) for a, n in others[:5]] + (["…"] if len(others) > 5 else [])
    listed = joined(counted)
    first = others[0][0]
    shown = f"'{first}'" if any(c.isspace() for c in first) else first
    say(
        _(
            "Nothing by {name} in {start} – {end}, but others wrote in it: {listed}. "
            "See theirs: opslog {command} --author {first}, or everyone's: opslog {command} --team"
        ).format(
            name=name,
            start=start.isoformat(),
            end=end.isoformat(),
            listed=listed,
            command=command,
            first=shown,
        )
    )
    return True


def say_others_of_kind(app: AppContext, kind: str, command: str) -> None:
    """For an empty list (`goal list` …): when other authors have records of `kind`,
    say who and how to list theirs (the global --author)."""
    from opslog.store.authors import author_counts

    with app.db(create=False).read() as conn:
        counts = author_counts(conn)
    others = sorted(
        ((a, kinds[kind]) for a, kinds in counts.items() if a != app.author and kind in kinds),
        key=lambda an: (-an[1], an[0]),
    )
    if not others:
        return
    first = others[0][0]
    say(
        _("others have {kind} records: {listed}. See theirs: opslog --author {first} {command}")
        .format(kind=kind_word(kind), listed=joined(a + aside(str(n)) for a, n in others[:5]),
                first=f"'{first}'" if any(c.isspace() for c in first) else first,
                command=command)
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(author_app, name="author")
