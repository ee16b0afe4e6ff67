"""Views of retros and their actions: tables for a terminal, JSON for scripts.
User text goes in through `inert()` as Rich `Text`, never markup."""

from __future__ import annotations

from datetime import date
from typing import Any

from opslog.domain.actions import is_overdue
from opslog.domain.records import Action, Retro, by_other
from opslog.i18n import _
from opslog.render.safe import inert
from opslog.render.words import by_names


def action_json(action: Action, from_week: str, today: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "uid": action.uid,
        "text": action.text,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "status": action.status,
        "done_day": action.done_day.isoformat() if action.done_day else None,
        "overdue": is_overdue(action, today),
        "from_week": from_week,
        "retro_uid": action.retro_uid,
    }


def action_table(actions: list[Action], weeks: dict[str, str], today: date, title: str) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", title_style="bold")
    for name, fold in (
        ("#", False), (_("Action"), True), (_("Owner"), True), (_("Due"), False),
        (_("From"), False), (_("Status"), True),
    ):  # fmt: skip
        table.add_column(name, overflow="fold", no_wrap=not fold)
    for a in actions:
        if is_overdue(a, today):
            status = Text(_("overdue"), style="bold red")
        elif a.status == "done":
            done = a.done_day.isoformat() if a.done_day else ""
            status = Text(f"{_('done')} {done}".strip(), "green")
            by = by_other(a.done_by, a)
            if by:
                status.append(" " + by_names([by], inert))
        else:
            status = Text(_("open"))
        table.add_row(
            str(a.id),
            Text(inert(a.text)),
            Text(inert(a.owner or "–")),
            a.due.isoformat() if a.due else "–",
            weeks.get(a.uid, ""),
            status,
        )
    return table


def retro_table(retros: list[Retro], counts: dict[str, tuple[int, int]]) -> Any:
    """counts: retro uid -> (open actions, all actions)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_("Retros"), title_justify="left", title_style="bold")
    table.add_column(_("Week"), no_wrap=True)
    for name in (_("Went well"), _("To improve"), _("Actions")):
        table.add_column(name, overflow="fold")
    for r in retros:
        open_, total = counts.get(r.uid, (0, 0))
        table.add_row(
            r.week,
            Text(inert("\n".join(f"• {t}" for t in r.went_well) or "–")),
            Text(inert("\n".join(f"• {t}" for t in r.to_improve) or "–")),
            _("{open} open / {total}").format(open=open_, total=total) if total else "–",
        )
    return table


def retro_detail(retro: Retro, actions: list[Action], weeks: dict[str, str], today: date) -> Any:
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [
        Text.assemble(
            (_("Retro {week}").format(week=retro.week), "bold"),
            "  ",
            Text(inert(retro.author), "cyan"),
        )
    ]
    for label, items in (("Went well", retro.went_well), ("To improve", retro.to_improve)):
        parts.append(Text(_(label), style="bold"))
        parts += [Text("  • " + inert(t)) for t in items] or [Text("  –", style="dim")]
    if actions:
        parts.append(action_table(actions, weeks, today, _("Actions")))
    return Group(*parts)
