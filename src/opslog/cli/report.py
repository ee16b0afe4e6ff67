"""opslog report"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, optional_day, say
from opslog.cli.completion import words
from opslog.errors import BadInput
from opslog.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from opslog.context import AppContext
    from opslog.domain.periods import Period
    from opslog.domain.report import ReportSummary
    from opslog.domain.team import TeamWeek

FORMATS = ("table", "markdown", "json", "html", "chat")


def report(
    ctx: typer.Context,
    words: list[str] | None = typer.Argument(
        None,
        metavar="[PERIOD]",
        help="2026-11, 2026-Q4, 2026, a week (2026-W48, last week), "
        "this|last month|quarter|year. Default: this month.",
    ),
    since: str | None = typer.Option(None, "--since", metavar="DATE", help="From this day."),
    until: str | None = typer.Option(
        None, "--until", metavar="DATE", help="Up to this day, included (default: today)."
    ),
    format_: str = typer.Option(
        "table", "--format", "-f", help="table, markdown, json, html or chat.",
        autocompletion=words("table", "markdown", "json", "html", "chat"),
    ),
    author: str | None = typer.Option(None, "--author", "-a", help="Another author's report."),
    team: bool = typer.Option(
        False, "--team", help="Everyone's entries in one report, the team page first."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write a new file instead of stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
) -> None:
    """The report for a month, a quarter, a year, a week or a range of days: check-ins,
    goals, risks, actions, what keeps coming back, retros and notes.

    Example: opslog report 2026-Q4 --format html -o q4.html
    """
    app = app_context(ctx)
    when = " ".join(words) if words else None  # `report last month` needs no quotes
    if format_ not in FORMATS:
        raise BadInput(
            _("unknown format {format_!r}: expected table, markdown, json, html or chat").format(
                format_=format_
            )
        )
    if team and author:
        raise BadInput(_("--team and --author do not go together"))
    period = _period(app, when, since, until)
    target = output_target(output, force)
    summary, page = build(app, period, author, team)
    if format_ == "table" and target is None and app.terminal.stdout:
        from opslog.cli.pager import show_rich
        from opslog.render.report_grids import report_renderables
        from opslog.render.team_views import team_blocks
        from opslog.render.week_table import block_renderables

        first = block_renderables(team_blocks(page, team_label(summary))) if page else []
        show_rich(app, [*first, *report_renderables(summary)])
    else:
        write(render(summary, format_, app.settings.lang, page), target, force)
    if summary.is_empty:
        from opslog.cli.author import say_others  # only for an empty report

        name = author or app.author
        if team or not say_others(app, period.start, period.end, name, "report"):
            say(_("Nothing logged in {label}.").format(label=period.label))


def _period(app: AppContext, when: str | None, since: str | None, until: str | None) -> Period:
    from opslog.domain.periods import day_range, parse_period

    if since is None and until is None:
        return parse_period(when, app.today(), app.settings.week_start)
    if when is not None:
        raise BadInput(_("give a PERIOD ({when!r}) or --since/--until, not both").format(when=when))
    if since is None:
        raise BadInput("--until needs --since")
    first = optional_day(app, since)
    last = optional_day(app, until) or app.today()
    assert first is not None
    return day_range(first, last)


def build(
    app: AppContext, period: Period, author: str | None, team: bool
) -> tuple[ReportSummary, TeamWeek | None]:
    """The report, and with --team the team page (the roster, or everyone who wrote)."""
    from opslog.domain.report import build_report
    from opslog.domain.team import build_team_period
    from opslog.store.report import load_report
    from opslog.store.team import team_roster
    from opslog.store.week import team_authors

    with app.db(create=False).read() as conn:
        authors = team_authors(conn) if team else [author or app.author]
        week_start, stale_days = app.settings.week_start, app.settings.stale_days
        data = load_report(conn, period, None if team else authors, app.today(),
                           week_start=week_start)  # fmt: skip
        roster = team_roster(conn) if team else []
    summary = build_report(data, period, app.today(), authors, week_start, stale_days)
    if not team:
        return summary, None
    return summary, build_team_period(
        data, summary, roster, week_start=week_start, stale_days=stale_days
    )


def team_label(summary: ReportSummary) -> str:
    p = summary.period
    return f"{p.label} · {p.start.isoformat()} – {p.end.isoformat()}"


def render(
    summary: ReportSummary, format_: str, lang: str = "en", team: TeamWeek | None = None
) -> str:
    """The report as text (the table as plain text: a pipe or a file); with a team page
    (`--team`) that page first."""
    if format_ == "json":
        from opslog.render.week_json import dumps

        doc = summary.to_json()
        doc["summary"] = team.to_json() if team is not None else None
        return dumps(doc) + "\n"
    if format_ == "html":
        from opslog.render.report_html import render_report_html

        return render_report_html(summary, lang, team)
    first = _team_page(team, format_, team_label(summary)) if team else ""
    if format_ == "markdown":
        from opslog.render.report_markdown import render_report_markdown

        return first + render_report_markdown(summary)
    if format_ == "chat":
        from opslog.render.chat import report_chat

        return first + report_chat(summary)
    from opslog.render.report_grids import render_report_plain

    return first + render_report_plain(summary)


def _team_page(team: TeamWeek, format_: str, label: str) -> str:
    """`report --team`'s first page as text (the views load only when asked for)."""
    from opslog.render import team_views

    if format_ == "markdown":
        return team_views.render_team_markdown(team, label)
    if format_ == "chat":
        return team_views.render_team_chat(team, label)
    return team_views.render_team_plain(team, label) + "\n"


def output_target(output: str | None, force: bool) -> Path | None:
    if output in (None, "-"):
        if force:
            raise BadInput("--force goes with --output FILE only")
        return None
    from pathlib import Path

    from opslog.cli.export import check_target

    path = Path(output)
    check_target(path, force)
    return path


def write(text: str, target: Path | None, force: bool) -> None:
    """To stdout, or to a new file (written whole, then moved into place)."""
    if target is None:
        print(text, end="")
        return
    from opslog.cli.export import private_file

    with private_file(target, force) as out:
        out.write(text.encode("utf-8"))
    say(_("report written to {target}").format(target=target))


def register(app: typer.Typer) -> None:
    # `opslog report -1` is "last week", not an option.
    app.command("report", context_settings={"ignore_unknown_options": True})(report)
