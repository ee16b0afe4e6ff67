"""Helpers every command uses: the context, dates from options, stdin text, messages."""

from __future__ import annotations

import sys
from datetime import date

import typer

from opslog.context import AppContext
from opslog.errors import BadInput
from opslog.i18n import _


def app_context(ctx: typer.Context) -> AppContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    utf8_streams()
    return obj


def utf8_streams() -> None:
    """Speak UTF-8 on stdin/stdout/stderr whatever the locale.

    Under LANG=C (cron jobs, containers, ssh without locale forwarding) Python picks
    ASCII, and printing a report with 双11 or a box-drawing line would fail with a
    traceback; the data is UTF-8 and so is nearly every terminal, so say it in UTF-8.
    """
    import codecs

    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None:
            continue
        try:
            if codecs.lookup(encoding).name == "utf-8":
                continue
            errors = "backslashreplace" if stream is sys.stderr else "surrogateescape"
            reconfigure(encoding="utf-8", errors=errors)
        except (LookupError, ValueError, OSError):
            continue


def argv_text(text: str) -> str:
    """Text from the command line as the user typed it.

    Under a non-UTF-8 locale (LANG=C) Python decodes argv as ASCII and keeps every
    other byte as a lone surrogate: re-decode those bytes as UTF-8. Bytes that are not
    UTF-8 either stay as they are, for `clean_text` to refuse naming the byte.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    import os

    try:
        return os.fsencode(text).decode("utf-8")
    except (UnicodeError, ValueError):
        return text


def day_option(app: AppContext, text: str | None) -> date:
    """The day an entry is for: today, or what `--date` says (English or Chinese).
    The date parser is imported only when there is a date to parse."""
    if text is None:
        return app.today()
    from opslog.domain.dates import parse_date

    return parse_date(text, app.today(), week_start=app.settings.week_start)


def past_day_option(app: AppContext, text: str | None) -> date:
    """The day something happened (a check-in, a note, a goal value, a thing finished):
    `--date` as day_option reads it. A day after today is most likely a slip ("next mon"
    for "last mon"): on a terminal the user is asked, off one it is saved with a
    warning on stderr."""
    day = day_option(app, text)
    if day > app.today():
        confirm_future_day(app, day)
    return day


def confirm_future_day(app: AppContext, day: date) -> None:
    """Ask (terminal) or warn (otherwise) about a day after today; BadInput if declined."""
    from opslog.render.words import day_label

    ahead = (day - app.today()).days
    when = (_("{day} ({label}) is {n} day after today") if ahead == 1
            else _("{day} ({label}) is {n} days after today")).format(
        day=day.isoformat(), label=day_label(day), n=ahead)  # fmt: skip
    if app.terminal.stdin:
        from opslog.cli.prompts import ask_yes

        if not ask_yes(_("{when}: save it for that day?").format(when=when)):
            raise BadInput(_("not saved: {day} is in the future").format(day=day.isoformat()))
        return
    say(_("warning: {when} (was a past day meant?); saving it for that day").format(when=when))


def due_option(app: AppContext, text: str) -> date:
    """A due or review date: a bare weekday (`fri`) is the next one, today included."""
    from opslog.domain.dates import parse_date

    return parse_date(text, app.today(), ahead=True, week_start=app.settings.week_start)


def optional_day(app: AppContext, text: str | None) -> date | None:
    return None if text is None else day_option(app, text)


def optional_span(
    app: AppContext, since: str | None, until: str | None
) -> tuple[date | None, date | None]:
    """--since and --until as days (either may be absent); BadInput if since is after until."""
    first, last = optional_day(app, since), optional_day(app, until)
    if first and last and first > last:
        raise BadInput(f"--since {first.isoformat()} is after --until {last.isoformat()}")
    return first, last


def say(message: str) -> None:
    """A message for the person (stderr), never data."""
    from opslog.render.safe import inert
    from opslog.store.db import scrub

    print(inert(scrub(message)), file=sys.stderr)


def read_stdin_text(what: str) -> str:
    """All of stdin as strict UTF-8; a bad byte is named by its offset."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("{what} on stdin is not valid UTF-8 (byte {start})").format(
                what=what, start=exc.start
            )
        ) from exc
