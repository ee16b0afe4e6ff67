"""opslog note"""

from __future__ import annotations

import typer

from opslog.cli.common import (
    app_context,
    argv_text,
    past_day_option,
    read_stdin_text,
    say,
)
from opslog.errors import MaybeSaved, StoreError
from opslog.i18n import _


def note(
    ctx: typer.Context,
    text: list[str] = typer.Argument(None, help="The note; '-' or piped stdin reads stdin."),
    date: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeatable)."),
) -> None:
    """Add a note to the day; #hashtags in the text become tags.

    Example: opslog note "双11 banner live #release" --tag shop
    """
    from opslog.domain.text import clean_text, extract_tags, normalize_tags
    from opslog.store.daily import add_note

    app = app_context(ctx)
    words = [argv_text(w) for w in text or []]
    day = past_day_option(app, date)  # asked about before the text is read from stdin
    if words in ([], ["-"]) and (words == ["-"] or not app.terminal.stdin):
        body = read_stdin_text(_("the note"))
    else:
        body = " ".join(words)
    body = clean_text(body, _("the note"))
    extra = [argv_text(t) for t in tag]
    tags = normalize_tags([*extract_tags(body), *extra])
    try:
        with app.db().write() as conn:
            note_id = add_note(
                conn, author=app.author, now=app.timestamp(), day=day, text=body, tags=tags
            )
    except StoreError as exc:
        # Busy, disk full, read-only, damaged: nothing was written. Give the entry back
        # so that it is not lost with the error.
        given_back = (
            _("perhaps saved; if 'opslog log' does not show it, to save it: {retry_command}")
            if isinstance(exc, MaybeSaved)
            else _("not saved; to try again: {retry_command}")
        )
        say(given_back.format(retry_command=retry_command(body, day.isoformat(), extra)))
        raise
    print(note_id)
    shown = f" #{' #'.join(tags)}" if tags else ""
    say(
        _("note {note_id} saved for {day}{shown}").format(
            note_id=note_id, day=day.isoformat(), shown=shown
        )
    )


def retry_command(body: str, day: str, tags: list[str]) -> str:
    from shlex import quote

    parts = ["opslog", "note", "--date", day]
    for t in tags:
        parts += ["--tag", quote(t)]
    return " ".join([*parts, "--", quote(body)])


def register(app: typer.Typer) -> None:
    app.command("note")(note)
