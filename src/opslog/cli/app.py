"""The `opslog` command: global options, the command groups, and the one place where
errors become a message on stderr and an exit code.

Start-up matters (opslog runs many times a day): nothing here or in the command
modules imports SQLAlchemy, SQLModel, pydantic or Rich at module level (ruff's
banned-module-level-imports and tests/test_startup.py hold us to it).
"""

from __future__ import annotations

import gc
import os
import sys

import typer

from opslog import __version__
from opslog.errors import OpslogError

app = typer.Typer(
    name="opslog",
    help="An operations logbook for the command line: notes, the end-of-day check-in, "
    "SMART goals, a risk register, weekly retros and the weekly report.\n\n"
    "Example: opslog checkin --done 'shipped the 双11 banner' --plan 'supplier call'",
    rich_markup_mode=None,  # plain help is half the cost of Rich help
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"opslog {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="Database file or SQLAlchemy URL (env OPSLOG_DB).", show_default=False
    ),
    author: str | None = typer.Option(
        None,
        "--author",
        help="Who writes (env OPSLOG_AUTHOR; default: login name).",
        show_default=False,
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (also NO_COLOR)."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """opslog — the operations logbook."""
    from opslog.config import load_settings
    from opslog.context import AppContext

    if not isinstance(ctx.obj, AppContext):
        settings = load_settings({"db": db, "author": author}, os.environ)
        ctx.obj = AppContext(settings, no_color=no_color or bool(os.environ.get("NO_COLOR")))
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from opslog.cli import (
        action,
        backup,
        checkin,
        edit,
        export,
        goal,
        importer,
        info,
        log,
        note,
        retro,
        risk,
        search,
        week,
    )

    for module in (
        note,
        checkin,
        week,
        goal,
        risk,
        retro,
        action,
        log,
        search,
        export,
        importer,
        edit,
        backup,
        info,
    ):
        module.register(app)


_register()


def main() -> None:
    # A short-lived process: collecting garbage at start-up only costs time.
    gc.disable()
    try:
        app(prog_name="opslog")
    except OpslogError as exc:
        print(f"opslog: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # `opslog log | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
