"""The `opslog` command: global options, the command groups, and the one place where
errors become a message on stderr and an exit code.

Start-up matters (opslog runs many times a day): nothing here or in the command
modules imports SQLAlchemy, SQLModel, pydantic or Rich at module level (ruff's
banned-module-level-imports and tests/test_startup.py hold us to it).
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, NoReturn

import typer

from opslog import __version__
from opslog.errors import OpslogError
from opslog.i18n import _


def _version(value: bool) -> None:
    if value:
        print(f"opslog {__version__}")
        raise typer.Exit()


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
    from dataclasses import replace

    from opslog.config import load_settings
    from opslog.context import AppContext
    from opslog.terminal import Terminal

    if not isinstance(ctx.obj, AppContext):
        settings = load_settings({"db": db, "author": author}, os.environ)
        # The terminal facts, decided once here; a test hands its own in as `obj`.
        terminal = ctx.obj if isinstance(ctx.obj, Terminal) else Terminal.detect()
        if no_color or os.environ.get("NO_COLOR"):
            terminal = replace(terminal, color=False)
        ctx.obj = AppContext(settings, terminal=terminal)
        from opslog.i18n import set_language

        set_language(settings.lang)
    ctx.call_on_close(ctx.obj.close)


# Top-level command -> the module that registers it. Only the module of the command
# being run is imported and converted to Click (Typer builds every registered command
# on each call); --help, completion and unknown words get them all.
COMMAND_MODULES = {
    "note": "note",
    "checkin": "checkin",
    "week": "week",
    "report": "report",
    "goal": "goal",
    "risk": "risk",
    "retro": "retro",
    "action": "action",
    "feedback": "feedback",
    "log": "log",
    "search": "search",
    "export": "export",
    "import": "importer",
    "edit": "edit",
    "rm": "edit",
    "backup": "backup",
    "info": "info",
    "help": "helptopics",
    "kpi": "kpi",
    "send": "send",
    "team": "team",
    "author": "author",
}
_GLOBAL_OPTIONS_WITH_VALUE = ("--db", "--author")


def make_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just the one named (a faster start)."""
    import importlib

    new = typer.Typer(
        name="opslog",
        help="An operations logbook for the command line: notes, the end-of-day check-in, "
        "SMART goals, a risk register, customer feedback, weekly retros and the weekly report.\n\n"
        "Example: opslog checkin --done 'shipped the 双11 banner' --plan 'supplier call'",
        rich_markup_mode=None,  # plain help is half the cost of Rich help
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(main_options)
    _language_for_help()
    names = [COMMAND_MODULES[only]] if only in COMMAND_MODULES else COMMAND_MODULES.values()
    for name in dict.fromkeys(names):
        importlib.import_module(f"opslog.cli.{name}").register(new)
    return new


def _language_for_help() -> None:
    """Help is drawn in the user's language, even `opslog --help`, which Click answers
    before the global callback reads the settings."""
    from opslog.config import early_language
    from opslog.i18n import set_language

    set_language(early_language(os.environ))
    _install_help_lazily()


def _install_help_lazily() -> None:
    """Typer's own words ("No such command") in the user's language; the help formatter
    of cli/helpformat.py is imported when Click first draws help, not on every start."""
    from typer import _click
    from typer import core as typer_core

    context = _click.core.Context
    if getattr(context.formatter_class, "opslog_translates", False):
        return
    original = context.formatter_class

    def formatter(*args: Any, **kwargs: Any) -> Any:
        from opslog.cli.helpformat import install

        context.formatter_class = original
        install()  # the translating formatter from now on, and the commands' short help
        return context.formatter_class(*args, **kwargs)

    formatter.opslog_translates = True  # type: ignore[attr-defined]
    context.formatter_class = staticmethod(formatter)  # type: ignore[assignment]
    typer_core._ = lambda text: _(text)  # type: ignore[attr-defined,assignment]


def command_word(argv: list[str]) -> str | None:
    """The top-level command in argv, skipping the global options before it."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str) -> typer.Typer:
    # `from opslog.cli.app import app`: the full app, for tests and tools.
    if name == "app":
        return make_app()
    raise AttributeError(name)


def main() -> None:
    from opslog.cli.common import argv_text, utf8_streams

    utf8_streams()
    sys.excepthook = _scrubbed_traceback
    sys.argv = [argv_text(arg) for arg in sys.argv]
    completing = any(k.startswith("_OPSLOG_COMPLETE") for k in os.environ)
    only = None if completing else command_word(sys.argv[1:])
    try:
        code = make_app(only)(prog_name="opslog", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except OpslogError as exc:
        fail(str(exc), exc.exit_code)
    except typer.Abort:
        fail(_("interrupted: nothing was saved"), 130)
    except typer.TyperException as exc:
        # Click's usage errors (unknown option, missing argument): one line, not four.
        from typer._click.exceptions import NoArgsIsHelpError

        from opslog.cli.helpformat import usage_message

        if isinstance(exc, NoArgsIsHelpError):  # `opslog kpi`: the group's help, as Click
            print(exc.format_message(), file=sys.stderr)  # shows it (not an error line
            sys.exit(2)  # around the help with a hint to read that same help)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        ctx = getattr(exc, "ctx", None)
        hint = _(" (see '{path} --help')").format(path=ctx.command_path) if ctx else ""
        if message.startswith("No such option") and ctx and _takes_text(ctx.command):
            hint += _("; text that starts with '-' goes after --, as in: {example}").format(
                example=f"{ctx.command_path} -- '-3% …'"
            )
        fail(f"{usage_message(message)}{hint}", int(getattr(exc, "exit_code", 2)))
    except BrokenPipeError:
        # `opslog log | head`: the reader left; not an error worth a traceback.
        _drop_stdout()
        sys.exit(1)
    except OSError as exc:
        # Output to a full disk (`opslog export > /dev/full`), an unreadable file.
        _drop_stdout()
        fail(_("cannot write the output: {v}").format(v=exc.strerror or exc), 1)
    if code == 130:  # Typer's answer to Ctrl-C outside a question
        fail(_("interrupted"), 130)
    if isinstance(code, int) and code:
        sys.exit(code)


# The arguments a user types free text into (a note, a title, a search), which may
# start with '-': there, an unknown option is likely text meant as such.
_TEXT_ARGUMENTS = frozenset({"text", "title", "query"})


def _takes_text(command: object) -> bool:
    return any(
        p.param_type_name == "argument" and p.name in _TEXT_ARGUMENTS
        for p in getattr(command, "params", [])
    )


def _scrubbed_traceback(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """A traceback (a bug) still never shows a password from the database URL."""
    import traceback

    from opslog.store.db import scrub

    text = "".join(traceback.format_exception(kind, exc, tb))
    print(scrub(text), file=sys.stderr, end="")


def _drop_stdout() -> None:
    """Discard what is still buffered for stdout, so exit does not fail on it again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def fail(message: str, exit_code: int) -> NoReturn:
    from opslog.render.safe import inert
    from opslog.store.db import scrub

    print(f"opslog: {inert(scrub(message))}", file=sys.stderr)
    sys.exit(exit_code)
