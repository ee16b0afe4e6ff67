"""opslog week"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from opslog.cli.common import app_context, say
from opslog.cli.completion import words
from opslog.errors import BadInput
from opslog.i18n import _

if TYPE_CHECKING:
    from opslog.context import AppContext
    from opslog.domain.dates import Week
    from opslog.domain.week import WeekSummary

FORMATS = ("table", "markdown", "json", "html", "chat")


def week(
    ctx: typer.Context,
    when: str | None = typer.Argument(
        None, help="this (default), last, -N, 2026-W48, or any date in the week."
    ),
    format_: str = typer.Option(
        "table", "--format", "-f", help="table, markdown, json, html or chat.",
        autocompletion=words("table", "markdown", "json", "html", "chat"),
    ),
    author: str | None = typer.Option(None, "--author", "-a", help="Another author's week."),
    team: bool = typer.Option(False, "--team", help="Everyone's week, by author."),
    output: str | None = typer.Option(
        None, "--output", "-o", help="html: write a new file instead of stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
) -> None:
    """The weekly summary: days, goals, risks, retro, open actions, stats.

    Example: opslog week last --format markdown | pbcopy
    """
    from opslog.domain.dates import parse_week
    from opslog.domain.week import build_week_summary
    from opslog.store.week import load_week

    app = app_context(ctx)
    if format_ not in FORMATS:
        raise BadInput(
            _("unknown format {format_!r}: expected table, markdown, json, html or chat").format(
                format_=format_
            )
        )
    if team and author:
        raise BadInput(_("--team and --author do not go together"))
    from opslog.cli.report import output_target

    target = output_target(output, force)
    if target is not None and format_ != "html":
        raise BadInput("--output goes with --format html (use > FILE for the others)")
    the_week = parse_week(when, app.today(), app.settings.week_start)
    if team:
        _team_week(app, the_week, format_, target, force)
        return
    with app.db(create=False).read() as conn:
        name = author or app.author
        summaries = [
            build_week_summary(
                load_week(conn, the_week, [name], app.today()),
                the_week,
                app.today(),
                [name],
                stale_days=app.settings.stale_days,
            )
        ]
    if format_ == "html":
        from opslog.cli.report import write
        from opslog.render.week_html import render_week_html

        write(render_week_html(summaries, app.settings.lang), target, force)
        return
    _show(app, summaries, format_, team)


def _team_week(app: AppContext, the_week: Week, format_: str, target: Any, force: bool) -> None:
    """One team page (the summary), then each member's report."""
    from opslog.domain.team import Member, build_team_week
    from opslog.domain.week import build_week_summary
    from opslog.store.team import load_team_week, team_roster

    with app.db(create=False).read() as conn:
        roster = team_roster(conn) or [Member(app.author, on_roster=False)]
        names = [m.author for m in roster]
        datas = load_team_week(conn, the_week, names)
    summaries = [
        build_week_summary(
            datas[name], the_week, app.today(), [name], stale_days=app.settings.stale_days
        )
        for name in names
    ]
    team = build_team_week(summaries, roster)
    if format_ == "html":  # the team page, then each member's
        from opslog.cli.report import write
        from opslog.render.week_html import render_week_html

        write(render_week_html(summaries, app.settings.lang, team), target, force)
        return
    label = f"{the_week.label} · {the_week.start.isoformat()} – {the_week.end.isoformat()}"
    if format_ == "json":
        from opslog.render.week_json import render_team_json

        print(render_team_json(summaries, team.to_json()))
        return
    if format_ == "markdown":
        from opslog.render.team_views import render_team_markdown

        print(render_team_markdown(team, label), end="")
    elif format_ == "chat":
        from opslog.render.team_views import render_team_chat

        print(render_team_chat(team, label), end="")
    else:
        if app.terminal.stdout:
            from opslog.cli.pager import show_rich
            from opslog.render.team_views import team_blocks
            from opslog.render.week_table import block_renderables, week_renderables

            width = app.terminal.width
            parts = block_renderables(team_blocks(team, label), width)
            show_rich(app, [*parts, *(p for s in summaries for p in week_renderables(s, width))])
            return
        from opslog.render.team_views import render_team_plain

        print(render_team_plain(team, label), end="")
        print()
    _show(app, summaries, format_, True)


def _show(app: AppContext, items: list[WeekSummary], format_: str, team: bool) -> None:
    if format_ == "json":
        from opslog.render.week_json import render_team_json, render_week_json

        print(render_team_json(items) if team else render_week_json(items[0]))
        return
    if format_ == "chat":
        from opslog.render.chat import week_chat

        print("\n".join(week_chat(s) for s in items), end="")
    elif format_ == "markdown":
        from opslog.render.week_markdown import render_week_markdown

        print("\n".join(render_week_markdown(s) for s in items), end="")
    else:
        if app.terminal.stdout:
            from opslog.cli.pager import show_rich
            from opslog.render.week_table import week_renderables

            width = app.terminal.width
            show_rich(app, [part for s in items for part in week_renderables(s, width)])
        else:
            from opslog.render.plain_table import render_week_plain

            width = app.terminal.width
            print("\n".join(render_week_plain(s, width) for s in items), end="")
    if all(s.is_empty for s in items):
        from opslog.cli.author import say_others

        week, name = items[0].week, items[0].authors[0]
        if team or not say_others(app, week.start, week.end, name, "week"):
            say(_('Nothing logged this week yet. Start with: opslog note "…"  or  opslog checkin'))


def register(app: typer.Typer) -> None:
    # `opslog week -2` is "two weeks ago", not an option.
    app.command("week", context_settings={"ignore_unknown_options": True})(week)
