"""opslog search"""

from __future__ import annotations

import typer

from opslog.cli.common import app_context, argv_text, say
from opslog.cli.log import complete_kind
from opslog.domain.kinds import KINDS
from opslog.i18n import _


def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ..., metavar="QUERY...", help='Words that must all appear; "a phrase".'
    ),
    kind: list[str] = typer.Option(
        [], "--kind", "-k", help="Only this kind (repeatable).", autocompletion=complete_kind
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON array."),
) -> None:
    """Full-text search of every kind.

    Finds the records whose text holds every word: any substring, Chinese included,
    ASCII case ignored ("double quotes" keep a phrase). Looks in notes, check-ins,
    goals, progress notes, risks, risk reviews, retros and actions; matches are
    highlighted on a terminal.

    Example: opslog search 供应商 late --kind checkin
    """
    from opslog.domain.search import SearchQuery, parse_kind
    from opslog.store.search import search as find

    app = app_context(ctx)
    wanted = SearchQuery.parse(" ".join(argv_text(q) for q in query))
    kinds = tuple(parse_kind(k) for k in kind) or KINDS
    with app.db(create=False).read() as conn:
        hits = find(conn, wanted, kinds)
    if as_json:
        from opslog.render.log_views import hit_json, json_array

        for chunk in json_array(hit_json(h) for h in hits):
            print(chunk, end="")
    elif not app.terminal.stdout:
        from opslog.render.log_views import search_line

        for hit in hits:
            print(search_line(hit))
    elif hits:
        from opslog.cli.pager import show_rich
        from opslog.render.log_views import search_table

        show_rich(app, [search_table(hits, no_color=app.no_color)])
    if not hits:
        say(_("nothing found for {items}").format(items=" ".join(wanted.terms)))
    elif not as_json and app.terminal.stdout:
        say(_("{n_hits} found").format(n_hits=len(hits)))


def register(app: typer.Typer) -> None:
    app.command("search")(search)
