"""opslog log"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, argv_text, optional_span, say
from opslog.context import AppContext
from opslog.domain.kinds import KINDS
from opslog.errors import BadInput
from opslog.i18n import _, joined

if TYPE_CHECKING:
    from opslog.domain.search import Entry


def complete_kind(incomplete: str) -> list[str]:
    return [k for k in KINDS if k.startswith(incomplete)]


def log(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", "-s", metavar="DATE", help="From this day on."
    ),
    until: str | None = typer.Option(None, "--until", "-u", metavar="DATE", help="Up to this day."),
    kind: list[str] = typer.Option(
        [], "--kind", "-k", help="Only this kind (repeatable).", autocompletion=complete_kind
    ),
    tag: str | None = typer.Option(None, "--tag", "-t", help="Only notes with this tag."),
    author: list[str] = typer.Option([], "--author", "-a", help="Only this author (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array."),
) -> None:
    """Everything logged, in date order.

    Every kind, everyone's unless --author. A table on a terminal (paged); in a pipe,
    tab-separated lines: day, kind, id, author, text.

    Example: opslog log --since "last monday" --kind note --tag release
    """
    from opslog.domain.search import parse_kind
    from opslog.domain.text import normalize_tags
    from opslog.store.log import LogFilter, iter_log, log_shape

    app = app_context(ctx)
    first, last = optional_span(app, since, until)
    tags = normalize_tags([argv_text(tag)]) if tag is not None else []
    if tag is not None and len(tags) != 1:
        raise BadInput(_("bad --tag {tag!r}: one word").format(tag=tag))
    kinds = tuple(parse_kind(k) for k in kind) or KINDS
    if tags and "note" not in kinds:
        raise BadInput(
            _("--tag finds notes; it does not go with --kind {items}").format(items=joined(kinds))
        )
    authors = tuple(argv_text(a) for a in author)
    wanted = LogFilter(kinds, first, last, authors, tags[0] if tags else None)
    with app.db(create=False).read() as conn:
        entries = iter_log(conn, wanted)
        if as_json:
            from opslog.render.log_views import entry_json, json_array

            for chunk in json_array(entry_json(e) for e in entries):
                print(chunk, end="")
            return
        if app.terminal.stdout:
            shown = _tables(app, entries, *log_shape(conn, wanted))
        else:
            shown = _lines(entries)
    if not shown:
        filtered = kind or tag or author or since or until
        say(
            _("nothing logged that matches")
            if filtered
            else _('nothing logged yet: opslog note "…"')
        )


def _lines(entries: Iterator[Entry]) -> int:
    """Tab-separated lines as the rows come (a pipe may take millions); how many."""
    from opslog.render.log_views import plain_line

    count = 0
    for e in entries:
        print(plain_line(e))
        count += 1
    return count


def _tables(app: AppContext, entries: Iterator[Entry], top_id: int, show_author: bool) -> int:
    """Tables as the rows come, through the pager; how many rows."""
    from itertools import chain

    from opslog.cli.pager import show_rich
    from opslog.render.log_views import log_tables

    first = next(entries, None)
    if first is None:
        return 0
    count = 0

    def counted() -> Iterator[Entry]:
        nonlocal count
        for e in chain([first], entries):
            count += 1
            yield e

    show_rich(app, log_tables(counted(), top_id=top_id, show_author=show_author))
    return count


def register(app: typer.Typer) -> None:
    app.command("log")(log)
