"""opslog note"""

from __future__ import annotations

import typer

from opslog.cli.common import app_context, day_option, read_stdin_text, say, stdin_is_terminal


def note(
    ctx: typer.Context,
    text: list[str] = typer.Argument(None, help="The note; '-' or piped stdin reads stdin."),
    date: str | None = typer.Option(None, "--date", "-d", help="The day (default today)."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeatable)."),
) -> None:
    """Add a note to the day; #hashtags in the text become tags.

    Example: opslog note "双11 banner live #release" --tag shop
    """
    from opslog.domain.text import clean_text, extract_tags, normalize_tags
    from opslog.store.daily import add_note

    app = app_context(ctx)
    words = list(text or [])
    if words in ([], ["-"]) and (words == ["-"] or not stdin_is_terminal()):
        body = read_stdin_text("the note")
    else:
        body = " ".join(words)
    day = day_option(app, date)
    body = clean_text(body, "the note")
    tags = normalize_tags([*extract_tags(body), *tag])
    with app.db().write() as conn:
        note_id = add_note(
            conn, author=app.author, now=app.timestamp(), day=day, text=body, tags=tags
        )
    print(note_id)
    shown = f" #{' #'.join(tags)}" if tags else ""
    say(f"note {note_id} saved for {day.isoformat()}{shown}")


def register(app: typer.Typer) -> None:
    app.command("note")(note)
