"""Helpers every command uses: the context, dates from options, stdin text, messages."""

from __future__ import annotations

import sys
from datetime import date

import typer

from opslog.context import AppContext
from opslog.errors import BadInput


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def day_option(app: AppContext, text: str | None) -> date:
    from opslog.domain.dates import parse_date

    return app.today() if text is None else parse_date(text, app.today())


def optional_day(app: AppContext, text: str | None) -> date | None:
    return None if text is None else day_option(app, text)


def say(message: str) -> None:
    """A message for the person (stderr), never data."""
    from opslog.render.safe import inert

    print(inert(message), file=sys.stderr)


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def read_stdin_text(what: str) -> str:
    """All of stdin as strict UTF-8; a bad byte is named by its offset."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{what} on stdin is not valid UTF-8 (byte {exc.start})") from exc
