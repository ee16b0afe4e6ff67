"""opslog backup"""

from __future__ import annotations

from pathlib import Path

import typer

from opslog.cli.common import app_context, say
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., metavar="FILE", help="Where to write the copy (a new file).", dir_okay=False
    ),
    force: bool = typer.Option(False, "--force", "-f", help="Replace FILE if it exists."),
) -> None:
    """A consistent copy of the database, to FILE.

    SQLite's online backup: one snapshot, even while other opslog processes write.
    FILE is private (0600) and not replaced without --force. To read the copy:
    opslog --db FILE week

    Example: opslog backup ~/backups/opslog-$(date +%F).db
    """
    from opslog.store.db import SqliteDatabase
    from opslog.store.maintenance import backup as copy_to

    app = app_context(ctx)
    if str(file) == "-":  # before opening: bad input creates nothing
        raise BadInput(_("backup writes a file, not stdout: name one (opslog export streams)"))
    db = app.db(create=False)
    if getattr(db, "missing", False):
        raise OpslogError(_("nothing to back up: {where} does not exist").format(where=db.where))
    if not isinstance(db, SqliteDatabase):
        raise BadInput(
            _(
                "backup copies SQLite files; {where} is not one (use pg_dump, or opslog export)"
            ).format(where=db.where)
        )
    target = file.expanduser()
    size = copy_to(db, target, force=force)
    say(
        _("backed up {where} to {target} ({v:,.0f} KiB)").format(
            where=db.where, target=target, v=size / 1024
        )
    )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
