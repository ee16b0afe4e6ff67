"""opslog backup"""

from __future__ import annotations

from pathlib import Path

import typer

from opslog.cli.common import app_context, say
from opslog.errors import BadInput, OpslogError


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
        raise BadInput("backup writes a file, not stdout: name one (opslog export streams)")
    db = app.db(create=False)
    if getattr(db, "missing", False):
        raise OpslogError(f"nothing to back up: {db.where} does not exist")
    if not isinstance(db, SqliteDatabase):
        raise BadInput(
            f"backup copies SQLite files; {db.where} is not one (use pg_dump, or opslog export)"
        )
    target = file.expanduser()
    size = copy_to(db, target, force=force)
    say(f"backed up {db.where} to {target} ({size / 1024:,.0f} KiB)")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
