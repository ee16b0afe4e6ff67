"""KPIs as grids of cells (drawn by week_table.py on a terminal, plain_table.py in a
pipe), as Markdown and as JSON. Lines are computed in domain/kpis.py; nothing here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from opslog.domain.kpis import KpiLine, agg_name
from opslog.domain.records import Kpi, Reading
from opslog.i18n import _, colon, joined
from opslog.render.safe import inert, markdown_inline
from opslog.render.words import agg_word, number, signed

HEALTH_COLOURS = {"ok": "green", "unhealthy": "bold red", "no_data": "dim"}
HEALTH_WORDS = {"ok": "ok", "unhealthy": "UNHEALTHY", "no_data": "no data"}


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit}" if unit else number(value)


def change_pct_text(pct: float | None) -> str:
    if pct is None:
        return "–"
    return ("+" if pct > 0 else "") + f"{pct * 100:.1f}%"


def health_text(health: str | None) -> str:
    return "–" if health is None else _(HEALTH_WORDS[health])


def health_word(health: str | None) -> str:
    """The health in lower case, for a report's table and a page's pill: ok, unhealthy,
    no data (never the JSON's `no_data`), – for none."""
    return "–" if health is None else _(HEALTH_WORDS[health].lower())


def rule_text(kpi: Kpi) -> str:
    parts = []
    if kpi.keep_above is not None:
        parts.append(f"≥ {number(kpi.keep_above)}")
    if kpi.keep_below is not None:
        parts.append(f"≤ {number(kpi.keep_below)}")
    return joined(parts)


def how_text(kpi: Kpi, names: dict[str, str]) -> str:
    if kpi.is_ratio:
        assert kpi.ratio_num_uid is not None and kpi.ratio_den_uid is not None
        num = names.get(kpi.ratio_num_uid, "?")
        den = names.get(kpi.ratio_den_uid, "?")
        return f"{num}/{den}" + (" ×100" if kpi.unit == "%" else "")
    return agg_word(kpi.agg)


def kpi_grid(lines: Sequence[KpiLine], title: str | None = None) -> Any:
    from opslog.render.week_grids import Cell, Grid, user

    grid = Grid(
        title or _("KPIs"),
        ["#", _("KPI"), _("Value"), _("Last week"), _("Change"), "%", _("Health"), _("Trend")],
        right=frozenset({0, 2, 3, 4, 5}),
    )
    for line in lines:
        k = line.kpi
        grid.add(
            str(k.id),
            user(k.name, "bold red" if line.health == "unhealthy" else ""),
            user(value_text(line.value, k.unit)),
            user(value_text(line.previous, k.unit)),
            signed(line.change),
            change_pct_text(line.change_pct),
            Cell(health_text(line.health), HEALTH_COLOURS.get(line.health or "", "")),
            line.spark,
        )
    return grid


def kpi_markdown(lines: Sequence[KpiLine]) -> list[str]:
    """The week's KPI table in Markdown (a heading, then one row per KPI)."""
    if not lines:
        return []
    out = [
        f"## {_('KPIs')}",
        "",
        f"| {_('KPI')} | {_('Value')} | {_('Last week')} | {_('Change')} | % "
        f"| {_('Health')} | {_('Trend')} |",
        "|---|--:|--:|--:|--:|---|---|",
    ]
    for line in lines:
        k = line.kpi
        health = health_text(line.health)
        if line.health == "unhealthy":
            health = f"**{health}**"
        cells = [
            markdown_inline(k.name),
            markdown_inline(value_text(line.value, k.unit)),
            markdown_inline(value_text(line.previous, k.unit)),
            signed(line.change),
            change_pct_text(line.change_pct),
            health,
            line.spark,
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out


def list_grid(kpis: Sequence[Kpi], lines: dict[str, KpiLine]) -> Any:
    from opslog.render.week_grids import Cell, Grid, user

    names = {k.uid: k.name for k in kpis}
    grid = Grid(
        _("KPIs"),
        ["#", _("KPI"), _("Unit"), _("How"), _("Rule"), _("This week"), _("Health"), _("Status")],
        right=frozenset({0, 5}),
    )
    for k in kpis:
        line = lines.get(k.uid)
        health = line.health if line else None
        grid.add(
            str(k.id),
            user(k.name),
            user(k.unit),
            user(how_text(k, names)),
            rule_text(k),
            user(value_text(line.value if line else None, k.unit)),
            Cell(health_text(health), HEALTH_COLOURS.get(health or "", "")),
            Cell(_(k.status), "dim" if k.status != "active" else ""),
        )
    return grid


def kpi_json(kpi: Kpi, line: KpiLine | None, names: dict[str, str]) -> dict[str, Any]:
    from opslog.domain.week import json_number

    return {
        "id": kpi.id,
        "uid": kpi.uid,
        "name": kpi.name,
        "unit": kpi.unit,
        "agg": agg_name(kpi),
        "ratio": [names.get(kpi.ratio_num_uid or ""), names.get(kpi.ratio_den_uid or "")]
        if kpi.is_ratio
        else None,
        "keep_above": json_number(kpi.keep_above),
        "keep_below": json_number(kpi.keep_below),
        "why": kpi.why,
        "status": kpi.status,
        "week": line.to_json() if line else None,
    }


def list_json(kpis: Sequence[Kpi], lines: dict[str, KpiLine]) -> str:
    names = {k.uid: k.name for k in kpis}
    items = [kpi_json(k, lines.get(k.uid), names) for k in kpis]
    return json.dumps(items, ensure_ascii=False, indent=2)


def show_blocks(
    kpi: Kpi,
    names: dict[str, str],
    days: Sequence[tuple[date, float]],
    weeks: Sequence[tuple[str, float | None]],
    current: KpiLine,
    readings: dict[date, Reading],
) -> list[Any]:
    """A KPI: what it is, its health this week, its weekly values, its latest days."""
    from opslog.domain.goals import sparkline
    from opslog.render.week_grids import Cell, Grid, Line, user

    name = _("{name} ({unit})").format(name=kpi.name, unit=kpi.unit) if kpi.unit else kpi.name
    head = f"KPI {kpi.id} {name}"
    facts = [f"{_('How')}{colon()}{how_text(kpi, names)}"]
    if rule_text(kpi):
        facts.append(f"{_('Rule')}{colon()}{rule_text(kpi)}")
    if kpi.status != "active":
        facts.append(_(kpi.status))
    blocks: list[Any] = [
        Line((Cell(inert(head), "bold"),)),
        Line((Cell(inert(_("; ").join(facts))),)),
    ]
    if kpi.why:
        blocks.append(Line((Cell(inert(f"{_('Why')}{colon()}{kpi.why}"), "dim"),)))
    blocks.append(
        Line(
            (
                Cell(f"{_('This week')}{colon()}{value_text(current.value, kpi.unit)}  "),
                Cell(health_text(current.health), HEALTH_COLOURS.get(current.health or "", "")),
                Cell(
                    f"  {_('last week')}{colon()}{value_text(current.previous, kpi.unit)}"
                    f" ({signed(current.change)}, {change_pct_text(current.change_pct)})"
                ),
            )
        )
    )
    weekly = Grid(_("Weeks"), [_("Week"), _("Value")], right=frozenset({1}))
    for label, value in weeks:
        weekly.add(label, user(value_text(value, kpi.unit)))
    values = [v for _w, v in weeks if v is not None]
    weekly.note = sparkline(values)
    daily = Grid(_("Days"), [_("Day"), _("Value"), _("Note")], right=frozenset({1}))
    for d, v in days:
        reading = readings.get(d)
        daily.add(
            d.isoformat(), user(value_text(v, kpi.unit)), user(reading.note if reading else "")
        )
    daily.note = sparkline([v for _d, v in days])
    blocks += [weekly, daily]
    return blocks
