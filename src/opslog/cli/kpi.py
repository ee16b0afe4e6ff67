"""opslog kpi — the numbers an operations lead watches: add, record, import, list, show,
edit, archive. Values are read as exports write them (`12,800`, `3.4%`, `1.2万`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer

from opslog.cli.common import app_context, argv_text, past_day_option, say
from opslog.cli.completion import kpi_names
from opslog.errors import BadInput
from opslog.i18n import _, joined

if TYPE_CHECKING:
    from opslog.context import AppContext
    from opslog.domain.dates import Week


kpi_app = typer.Typer(
    name="kpi",
    help="KPIs: numbers read day by day (traffic, orders, GMV, conversion, members), their "
    "value over a week, and their health.\n\n"
    "Example: opslog kpi add 转化率 --unit % --ratio 订单/流量 --keep-above 3",
    rich_markup_mode=None,
    no_args_is_help=True,
)


def _value(text: str, what: str = "value") -> float:
    from opslog.domain.cells import parse_number
    from opslog.domain.kpis import check_value

    try:
        value = parse_number(argv_text(text))
    except ValueError:
        raise BadInput(
            _("bad {what} {text!r}: expected a number, like 12800, 12,800 or 3.4%").format(
                what=what, text=text
            )
        ) from None
    if value is None:
        raise BadInput(
            _("bad {what} {text!r}: expected a number, like 12800, 12,800 or 3.4%").format(
                what=what, text=text
            )
        )
    return check_value(value, what)


def _opt_value(text: str | None, what: str) -> float | None:
    if text is None or text.strip().lower() in ("", "none", "-"):
        return None
    return _value(text, what)


def _unit(text: str) -> str:
    from opslog.domain.fields import clean_unit

    return clean_unit(argv_text(text), "--unit")


def this_week(app: AppContext) -> Week:
    from opslog.domain.dates import parse_week

    return parse_week("this", app.today(), app.settings.week_start)


def _show_blocks(app: AppContext, blocks: list[Any]) -> None:
    if app.terminal.stdout:
        from opslog.cli.pager import show_rich
        from opslog.render.week_table import block_renderables

        show_rich(app, block_renderables(blocks))
    else:
        from opslog.render.plain_table import render_blocks

        print(render_blocks(blocks).lstrip("\n"), end="")


@kpi_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The KPI's name (unique among yours)."),
    unit: str = typer.Option("", "--unit", "-u", help="The unit: visits, ¥, %, members."),
    agg: str = typer.Option(
        "sum",
        "--agg",
        metavar="sum|avg|last",
        help="A week's value: sum (flows), avg (sampled levels), last (stocks).",
    ),
    ratio: str | None = typer.Option(
        None, "--ratio", metavar="NUM/DEN", help="A rate: sum(NUM)/sum(DEN), ×100 for unit %."
    ),
    keep_above: str | None = typer.Option(
        None, "--keep-above", metavar="N", help="Healthy at or above N."
    ),
    keep_below: str | None = typer.Option(
        None, "--keep-below", metavar="N", help="Healthy at or below N."
    ),
    why: str = typer.Option("", "--why", help="Why it matters."),
) -> None:
    """Add a KPI and print its id.

    Example: opslog kpi add 转化率 --unit % --ratio 订单/流量 --keep-above 3
    """
    from opslog.domain.kpis import check_agg, check_thresholds, parse_ratio
    from opslog.domain.text import clean_text
    from opslog.store.kpis import add_kpi

    app = app_context(ctx)
    agg_ = check_agg(agg)
    ratio_ = parse_ratio(argv_text(ratio)) if ratio is not None else None
    if ratio_ is not None and agg_ != "sum":
        raise BadInput("--ratio and --agg: a ratio is sum over sum; give one or the other")
    above, below = _opt_value(keep_above, "--keep-above"), _opt_value(keep_below, "--keep-below")
    check_thresholds(above, below)
    fields = {"unit": _unit(unit), "why": clean_text(argv_text(why), "--why", required=False)}
    with app.db().write() as conn:
        kpi = add_kpi(
            conn, author=app.author, now=app.timestamp(), name=argv_text(name),
            agg=agg_, ratio=ratio_, keep_above=above, keep_below=below, **fields,
        )  # fmt: skip
    print(kpi.id)
    from opslog.render.words import agg_word

    how = f"{agg_word('ratio')} {ratio_[0]}/{ratio_[1]}" if ratio_ else agg_word(agg_)
    say(
        _("KPI {id} added: {name} ({how}{v})").format(
            id=kpi.id, name=kpi.name, how=how, v=", " + kpi.unit if kpi.unit else ""
        )
    )


@kpi_app.command("record", context_settings={"ignore_unknown_options": True})
def record(
    ctx: typer.Context,
    kpi: str = typer.Argument(
        ..., metavar="NAME|ID", help="The KPI's name or id.", autocompletion=kpi_names
    ),
    value: str = typer.Argument(..., metavar="VALUE", help="The day's value: 12800, 12,800, 3.4%."),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day (default today)."
    ),
    note: str = typer.Option("", "--note", "-n", help="A note on this value."),
) -> None:
    """Record a KPI's value for a day (again for the same day replaces it).

    Example: opslog kpi record 流量 12800 --date yesterday
    """
    from opslog.domain.text import clean_text
    from opslog.render.kpi_views import value_text
    from opslog.store.kpis import find_kpi, record_reading

    app = app_context(ctx)
    value_n = _value(value)
    day = past_day_option(app, date_)  # a day after today: asked about, or warned about
    clean_note = clean_text(argv_text(note), "--note", required=False)
    with app.db().write() as conn:
        found = find_kpi(conn, app.author, argv_text(kpi))
        reading, replaced = record_reading(
            conn, author=app.author, now=app.timestamp(), kpi=found, day=day, value=value_n,
            note=clean_note,
        )  # fmt: skip
    verb = _("replaced") if replaced else _("recorded")
    say(
        _("{name} {value_text} {verb} for {day}").format(
            name=found.name,
            value_text=value_text(reading.value, found.unit),
            verb=verb,
            day=day.isoformat(),
        )
    )


@kpi_app.command("import")
def import_(
    ctx: typer.Context,
    file: str = typer.Argument(
        ..., metavar="FILE", help="A CSV or TSV file (Excel, WPS, a shop backend)."
    ),
    date_column: str | None = typer.Option(
        None,
        "--date-column",
        metavar="COLUMN",
        help="The column holding the day (default: 日期, date or day).",
    ),
    map_: list[str] = typer.Option(
        [], "--map", metavar="COLUMN=KPI", help="Read COLUMN into the KPI named KPI (repeatable)."
    ),
    create: bool = typer.Option(
        False, "--create", help="Add KPIs (sum) for mapped names that do not exist."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="ENC", help="Force the encoding (utf-8, gb18030, utf-16)."
    ),
    date_format: str | None = typer.Option(
        None, "--date-format", metavar="FMT", help="Dates like 11/27/2026: %m/%d/%Y."
    ),
) -> None:
    """Import readings from a CSV/TSV export: one transaction, readings replace by day.

    Example: opslog kpi import shop.csv --date-column 日期 --map 访客数=流量 --map 支付订单数=订单
    """
    from opslog.domain.cells import check_date_format
    from opslog.domain.kpis import parse_maps
    from opslog.store.kpi_import import import_table
    from opslog.tabular import open_table

    app = app_context(ctx)
    maps = parse_maps([argv_text(m) for m in map_])
    fmt = None
    if date_format is not None:
        try:
            fmt = check_date_format(date_format)
        except ValueError as exc:
            raise BadInput(
                _("bad --date-format {date_format!r}: {exc}").format(
                    date_format=date_format, exc=exc
                )
            ) from None
    with open_table(argv_text(file), encoding) as table:
        progress = _progress(table) if app.terminal.stderr and table.size > 200_000 else None
        with app.db().write() as conn:
            try:
                report = import_table(
                    conn, table, author=app.author, now=app.timestamp(),
                    date_column=date_column, maps=maps, create=create, date_format=fmt,
                    progress=progress,
                )  # fmt: skip
            finally:
                if progress is not None:  # the progress line goes: messages start clean
                    print("\r\x1b[K", end="", file=sys.stderr, flush=True)
    if report.ignored:
        say(_("ignored columns (map them with --map COLUMN=KPI): ") + joined(report.ignored))
    for name in report.created:
        say(_("KPI added: {name} (sum)").format(name=name))
    columns = joined(f"{c}→{k}" for c, k in report.columns.items())
    say(
        _(
            "imported {readings} readings from {rows} rows ({changed} "
            "new or changed); columns {columns}"
        ).format(
            readings=report.readings, rows=report.rows, changed=report.changed, columns=columns
        )
    )


def _progress(table: Any) -> Any:
    """A progress line on stderr (for a big file, on a terminal)."""
    size = max(table.size, 1)

    def show(rows: int) -> None:
        pct = min(100, table.position() * 100 // size)
        shown = _("{rows} rows read, {pct}%").format(rows=f"{rows:,}", pct=pct)
        print(f"\r  {shown}", end="", file=sys.stderr, flush=True)

    return show


def _lines(app: AppContext, conn: Any, kpis: list[Any], week: Week) -> dict[str, Any]:
    from opslog.store.kpis import week_lines

    return {line.kpi.uid: line for line in week_lines(conn, app.author, kpis, week.start, week.end)}


@kpi_app.command("list")
def list_(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", "-a", help="Also archived KPIs."),
    json_: bool = typer.Option(False, "--json", help="A JSON array, with this week's values."),
) -> None:
    """List your KPIs with this week's value and health.

    Example: opslog kpi list --json | jq '.[] | select(.week.health == "unhealthy") | .name'
    """
    from opslog.store.kpis import author_kpis

    app = app_context(ctx)
    week = this_week(app)
    with app.db().read() as conn:
        kpis = author_kpis(conn, app.author, archived=all_)
        lines = _lines(app, conn, kpis, week)
    if json_:
        from opslog.render.kpi_views import list_json

        print(list_json(kpis, lines))
        return
    if not kpis:
        say(
            _("No KPIs. Add one: opslog kpi add --help")
            if all_
            else _("No active KPIs. Add one: opslog kpi add --help")
        )
        return
    from opslog.render.kpi_views import list_grid

    _show_blocks(app, [list_grid(kpis, lines)])


@kpi_app.command("show")
def show(
    ctx: typer.Context,
    kpi: str = typer.Argument(
        ..., metavar="NAME|ID", help="The KPI's name or id.", autocompletion=kpi_names
    ),
    weeks: int = typer.Option(8, "--weeks", "-w", min=1, max=520, help="How many weeks to show."),
) -> None:
    """Show a KPI: this week's value and health, its weekly values, its days, a chart.

    Example: opslog kpi show 转化率 --weeks 12
    """
    from datetime import timedelta

    from opslog.domain.kpis import daily_values, kpi_line, period_value
    from opslog.render.kpi_views import show_blocks
    from opslog.store.kpis import author_kpis, find_kpi, load_series, readings

    app = app_context(ctx)
    week = this_week(app)
    first = week.start - timedelta(weeks=weeks - 1)
    with app.db().read() as conn:
        found = find_kpi(conn, app.author, argv_text(kpi))
        names = {k.uid: k.name for k in author_kpis(conn, app.author)}
        series = load_series(conn, app.author, [found], first - timedelta(days=7), week.end)
        notes = (
            {r.day: r for r in readings(conn, app.author, found.uid)} if not found.is_ratio else {}
        )
    line = kpi_line(found, series, week.start, week.end,
                    week.start - timedelta(days=7), week.start - timedelta(days=1))  # fmt: skip
    from opslog.domain.dates import iso_week_label

    weekly = []
    for i in range(weeks):
        start = first + timedelta(weeks=i)
        weekly.append(
            (iso_week_label(start), period_value(found, series, start, start + timedelta(days=6)))
        )
    days = list(daily_values(found, series, week.end - timedelta(days=27), week.end))
    _show_blocks(app, show_blocks(found, names, days, weekly, line, notes))


@kpi_app.command("edit")
def edit(
    ctx: typer.Context,
    kpi: str = typer.Argument(
        ..., metavar="NAME|ID", help="The KPI's name or id.", autocompletion=kpi_names
    ),
    name: str | None = typer.Option(None, "--name", help="A new name."),
    unit: str | None = typer.Option(None, "--unit", "-u", help="A new unit."),
    agg: str | None = typer.Option(
        None, "--agg", metavar="sum|avg|last", help="A new aggregation."
    ),
    keep_above: str | None = typer.Option(
        None, "--keep-above", metavar="N|none", help="Healthy at or above N (none: no floor)."
    ),
    keep_below: str | None = typer.Option(
        None, "--keep-below", metavar="N|none", help="Healthy at or below N (none: no ceiling)."
    ),
    why: str | None = typer.Option(None, "--why", help="Why it matters."),
    active: bool = typer.Option(False, "--active", help="Bring an archived KPI back."),
) -> None:
    """Change a KPI's name, unit, aggregation, thresholds or why.

    Example: opslog kpi edit 退款率 --keep-below 5
    """
    from opslog.domain.kpis import check_agg, check_thresholds
    from opslog.domain.text import clean_text
    from opslog.store.kpis import find_kpi, update_kpi

    app = app_context(ctx)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = argv_text(name)
    if unit is not None:
        changes["unit"] = _unit(unit)
    if agg is not None:
        changes["agg"] = check_agg(agg)
    if keep_above is not None:
        changes["keep_above"] = _opt_value(keep_above, "--keep-above")
    if keep_below is not None:
        changes["keep_below"] = _opt_value(keep_below, "--keep-below")
    if why is not None:
        changes["why"] = clean_text(argv_text(why), "--why", required=False)
    if active:
        changes["status"] = "active"
    if not changes:
        raise BadInput(
            _(
                "nothing to change: give --name, --unit, --agg, "
                "--keep-above, --keep-below, --why or --active"
            )
        )
    with app.db().write() as conn:
        found = find_kpi(conn, app.author, argv_text(kpi))
        if found.is_ratio and "agg" in changes:
            raise BadInput(
                _("{name} is a ratio (sum over sum): it has no --agg").format(name=found.name)
            )
        check_thresholds(changes.get("keep_above", found.keep_above),
                         changes.get("keep_below", found.keep_below))  # fmt: skip
        after = update_kpi(conn, found, now=app.timestamp(), **changes)
    say(_("KPI {id} {name} updated: ").format(id=after.id, name=after.name) + joined(changes))


@kpi_app.command("archive")
def archive(
    ctx: typer.Context,
    kpi: str = typer.Argument(
        ..., metavar="NAME|ID", help="The KPI's name or id.", autocompletion=kpi_names
    ),
) -> None:
    """Archive a KPI: kept with its readings, no longer asked for or shown in the week.

    Example: opslog kpi archive 社群人数
    """
    from opslog.store.kpis import find_kpi, update_kpi

    app = app_context(ctx)
    with app.db().write() as conn:
        found = find_kpi(conn, app.author, argv_text(kpi))
        if found.status == "archived":
            say(
                _("KPI {id} {name} is already archived; nothing changed").format(
                    id=found.id, name=found.name
                )
            )
            return
        update_kpi(conn, found, now=app.timestamp(), status="archived")
    say(
        _("KPI {id} {name} archived (kpi edit {id} --active brings it back)").format(
            id=found.id, name=found.name
        )
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(kpi_app, name="kpi")
