"""opslog feedback — customer feedback: add, list, top, import, link, impact.

Channels and categories are free text matched case- and width-insensitively; a new one
one edit away from a known one is kept, with a hint naming the near one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from opslog.cli.common import app_context, argv_text, optional_day, past_day_option, say
from opslog.errors import BadInput
from opslog.i18n import _, joined

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from opslog.context import AppContext
    from opslog.render.week_grids import Block
    from opslog.store.db import Conn

feedback_app = typer.Typer(
    help="Customer feedback from every channel: counted by category, compared with the "
    "previous period, and linked to the actions that address it.\n\n"
    "Example: opslog feedback add '配送太慢' --channel 客服热线 --category 物流 --sentiment neg",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _authors(app: AppContext, team: bool) -> list[str] | None:
    return None if team else [app.author]


def _show(blocks: list[Block], app: AppContext) -> None:
    if app.terminal.stdout:
        from opslog.cli.pager import show_rich
        from opslog.render.week_table import block_renderables

        show_rich(app, block_renderables(blocks))
    else:
        from opslog.render.plain_table import render_blocks

        print(render_blocks(blocks).lstrip("\n"), end="")


def resolve_key(conn: Conn, column: str, typed: str) -> str:
    """The stored spelling for a typed channel or category; a hint for a near new one."""
    from opslog.store.feedback import resolve_key as resolve

    found = resolve(conn, column, typed)
    if found.near is not None:
        say(
            _("new {column} {key!r}; did you mean {near!r}? (kept as typed)").format(
                column=column, key=found.key, near=found.near
            )
        )
    return found.key


@feedback_app.command("add")
def add(
    ctx: typer.Context,
    text: list[str] = typer.Argument(
        None, help="What the customer said (may be empty with --count)."
    ),
    channel: str = typer.Option(
        "", "--channel", "-c", help="Where it came from: 客服热线, 评价, email…"
    ),
    category: str = typer.Option(
        "", "--category", "-k", help="What it is about: 物流, 尺码, price…"
    ),
    count: str = typer.Option(
        "1", "--count", "-n", metavar="N", help="How many alike (default 1)."
    ),
    sentiment: str | None = typer.Option(
        None, "--sentiment", "-s", metavar="pos|neu|neg", help="Positive, neutral or negative."
    ),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
) -> None:
    """Add customer feedback; prints its id. No personal data fields: the text is yours.

    Example: opslog feedback add "尺码偏小" --channel 评价 --category 尺码 --count 12 -d yesterday
    """
    from opslog.domain.feedback import parse_count, parse_sentiment
    from opslog.domain.text import clean_short, clean_text
    from opslog.store.feedback import add_feedback

    app = app_context(ctx)
    body = clean_text(" ".join(argv_text(w) for w in text or []), _("feedback"), required=False)
    n = parse_count(argv_text(count))
    channel_typed = clean_short(argv_text(channel), _("channel"))
    category_typed = clean_short(argv_text(category), _("category"))
    mood = parse_sentiment(None if sentiment is None else argv_text(sentiment))
    day = past_day_option(app, date_)  # a day after today: asked about, or warned about
    if not body and count.strip() == "1" and not category_typed:
        raise BadInput(_("feedback is empty: give its text, or --category with --count"))
    with app.db().write() as conn:
        saved = add_feedback(
            conn,
            author=app.author,
            now=app.timestamp(),
            day=day,
            text=body,
            channel=resolve_key(conn, "channel", channel_typed),
            category=resolve_key(conn, "category", category_typed),
            count=n,
            sentiment=mood,
        )
    print(saved.id)
    what = f"{saved.category or _('uncategorised')} ×{n}"
    where = _(" via {channel}").format(channel=saved.channel) if saved.channel else ""
    say(
        _("feedback {id} saved for {day}: {what}{where}").format(
            id=saved.id, day=day.isoformat(), what=what, where=where
        )
    )


@feedback_app.command("list")
def list_(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", metavar="DATE", help="From this day."),
    until: str | None = typer.Option(None, "--until", metavar="DATE", help="Up to this day."),
    category: str | None = typer.Option(None, "--category", "-k", help="One category."),
    channel: str | None = typer.Option(None, "--channel", "-c", help="One channel."),
    team: bool = typer.Option(False, "--team", help="Everyone's feedback, not only yours."),
    json_: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """Feedback in date order, filtered by day, category or channel.

    Example: opslog feedback list --category 物流 --since -4w
    """
    from opslog.store.feedback import list_feedback

    app = app_context(ctx)
    start, end = optional_day(app, since), optional_day(app, until)
    with app.db().read() as conn:
        items = list_feedback(
            conn,
            _authors(app, team),
            since=start,
            until=end,
            category=None if category is None else argv_text(category),
            channel=None if channel is None else argv_text(channel),
        )
    if json_:
        from opslog.render.feedback_views import feedback_json
        from opslog.render.week_json import dumps

        print(dumps([feedback_json(f) for f in items]))
        return
    if not items:
        say(_("No feedback found. Add some with: opslog feedback add TEXT --category K"))
        return
    from opslog.render.feedback_views import list_blocks

    _show(list_blocks(items), app)


@feedback_app.command("top", context_settings={"ignore_unknown_options": True})
def top(
    ctx: typer.Context,
    period: list[str] = typer.Argument(
        None, help="this week (default), last, -N, 2026-W48, 2026-11, 2026-Q4, 2026, last month…"
    ),
    by: str = typer.Option("category", "--by", "-b", help="category or channel."),
    team: bool = typer.Option(False, "--team", help="Everyone's feedback, not only yours."),
    json_: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """Feedback counted by category (or channel) for a period, beside the period before
    it (the week, month, quarter or year before, as in the report), with the change and
    the sentiment shares.

    Example: opslog feedback top last month --by channel
    """
    from opslog.domain.feedback import Span, key_json, rank_keys
    from opslog.domain.periods import parse_period
    from opslog.store.feedback import seen_before, tallies

    app = app_context(ctx)
    if by not in ("category", "channel"):
        raise BadInput(_("bad --by {by!r}: expected category or channel").format(by=by))
    text = " ".join(argv_text(w) for w in period) if period else None
    found = parse_period(text or "this week", app.today(), app.settings.week_start)
    # "previous" as the report says it: the week, month, quarter or year before.
    the_period = Span.of(found)
    who = _authors(app, team)
    with app.db().read() as conn:
        counted = tallies(conn, who, the_period, by)
        old = seen_before(conn, who, the_period.previous.start, [t.key for t in counted])
    rows = rank_keys(counted, old if by == "category" else [t.key for t in counted])
    if json_:
        from opslog.render.week_json import dumps

        print(dumps([key_json(k) for k in rows]))
        return
    if not rows:
        say(_("No feedback in this period or the one before."))
        return
    from opslog.render.feedback_views import top_blocks

    _show(top_blocks(rows, the_period, by), app)


@feedback_app.command("import")
def import_(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="A CSV or TSV export."),
    map_: list[str] = typer.Option(
        [],
        "--map",
        "-m",
        metavar="COLUMN=FIELD",
        help="Which column is which field: day, text, channel, category, count, sentiment.",
    ),
    id_column: str | None = typer.Option(
        None, "--id-column", metavar="COLUMN", help="The ticket number: re-imports match by it."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="E", help="The file's encoding (default: detected)."
    ),
    date_format: str | None = typer.Option(
        None, "--date-format", metavar="FORMAT", help="For month-first dates, like %m/%d/%Y."
    ),
) -> None:
    """Import feedback from a customer-service export (CSV/TSV, UTF-8 or GBK, Chinese
    headers) in one transaction. Columns named like the fields (日期, 渠道, 问题类型,
    内容…) are found by name; importing the same file again adds nothing.

    Example: opslog feedback import cs-export.csv --map 问题类型=category --map 内容=text
    """
    from opslog.domain.feedback_import import KeyBook, column_fields, parse_maps, read_rows
    from opslog.store.feedback import import_rows, known_keys
    from opslog.tabular import open_table

    app = app_context(ctx)
    maps = parse_maps(argv_text(m) for m in map_)
    column = None if id_column is None else argv_text(id_column)
    parse_day = _date_parser(date_format)
    with open_table(argv_text(file), encoding) as table:
        columns = column_fields(table.header, maps, column)
        with app.db().write() as conn:
            book = KeyBook(known_keys(conn, "channel"), known_keys(conn, "category"), [])
            checked = read_rows(
                table.rows(), columns, parse_day=parse_day, book=book, author=app.author,
                id_column=column, split_time=date_format is None,
            )  # fmt: skip
            added, skipped = import_rows(conn, checked, author=app.author, now=app.timestamp())
    for hint in book.hints:
        say(hint)
    mapped = joined(f"{c} → {f}" for c, f in columns.items())
    say(
        _(
            "imported {added} feedback record{v} ({skipped} already there); columns: {mapped}"
        ).format(added=added, v="s" if added != 1 else "", skipped=skipped, mapped=mapped)
    )


def _date_parser(date_format: str | None) -> Callable[[str], date]:
    from opslog.domain.cells import check_date_format, date_parser

    if date_format is not None:
        try:
            check_date_format(date_format)
        except ValueError as exc:
            raise BadInput(
                _("bad --date-format {date_format!r}: {exc}").format(
                    date_format=date_format, exc=exc
                )
            ) from None
    return date_parser(date_format)


@feedback_app.command("link")
def link(
    ctx: typer.Context,
    category: str = typer.Argument(..., help="The category the action addresses."),
    action: int | None = typer.Option(None, "--action", "-a", metavar="ID", help="An action's id."),
    risk: int | None = typer.Option(None, "--risk", "-r", metavar="ID", help="A risk's id."),
) -> None:
    """Record that an action (or a risk) addresses a category of feedback; once the
    action is done, `feedback impact` shows whether the feedback went down.

    Example: opslog feedback link 物流 --action 3
    """
    from opslog.domain.text import clean_short
    from opslog.store.feedback import link as add_link

    app = app_context(ctx)
    typed = clean_short(argv_text(category), _("category"), required=True)
    if (action is None) == (risk is None):
        raise BadInput(_("give one of --action ID or --risk ID"))
    with app.db().write() as conn:
        made, _risk, new = add_link(
            conn,
            author=app.author,
            now=app.timestamp(),
            day=app.today(),
            category=resolve_key(conn, "category", typed),
            action_id=action,
            risk_id=risk,
        )
    what = f"action #{action}" if action is not None else f"risk #{risk}"
    if new:
        say(_("{what} now addresses {category!r}").format(what=what, category=made.category))
    else:
        say(
            _("{what} already addresses {category!r}: nothing changed").format(
                what=what, category=made.category
            )
        )


@feedback_app.command("impact")
def impact(
    ctx: typer.Context,
    category: str = typer.Argument(..., help="A category linked to an action."),
    weeks: int = typer.Option(4, "--weeks", "-w", metavar="N", help="Weeks before and after."),
    action: int | None = typer.Option(
        None, "--action", "-a", metavar="ID", help="This action (default: the latest done one)."
    ),
    team: bool = typer.Option(False, "--team", help="Everyone's feedback, not only yours."),
    json_: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """Did the fix work? The category's count per week for N weeks before the linked
    action was done and N weeks from that day, and the change in the weekly mean.

    Example: opslog feedback impact 物流 --weeks 6
    """
    from opslog.domain.feedback import impact_json
    from opslog.domain.text import clean_short
    from opslog.store.feedback import impact as find_impact

    app = app_context(ctx)
    typed = clean_short(argv_text(category), _("category"), required=True)
    if not 1 <= weeks <= 104:
        raise BadInput(_("bad --weeks {weeks}: expected 1 to 104").format(weeks=weeks))
    with app.db().read() as conn:
        result = find_impact(
            conn, _authors(app, team), typed, app.today(), weeks=weeks, action_id=action
        )
    if json_:
        from opslog.render.week_json import dumps

        print(dumps(impact_json(result)))
        return
    from opslog.render.feedback_views import impact_blocks

    _show(impact_blocks(result), app)


def register(app: typer.Typer) -> None:
    app.add_typer(feedback_app, name="feedback")
