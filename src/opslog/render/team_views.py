"""The roster and `team status` as aligned plain text (Chinese names count two columns)
or JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from opslog.domain.team import Member, TeamStatus
from opslog.i18n import _
from opslog.render.plain_table import render_grid
from opslog.render.week_grids import Cell, Grid, user
from opslog.render.week_json import dumps
from opslog.render.words import day_label


def render_roster(members: list[Member]) -> str:
    grid = Grid(_("Team"), [_("Member"), _("Workdays")])
    for m in members:
        grid.add(user(m.author), ", ".join(m.workdays))
    return "\n".join(render_grid(grid)) + "\n"


def render_roster_json(members: list[Member]) -> str:
    return dumps(
        {
            "schema": "opslog.team/1",
            "members": [{"author": m.author, "workdays": m.workdays} for m in members],
        }
    )


def local_time(stamp: str) -> str:
    """A created_at stamp (UTC) as the local HH:MM it came in."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%H:%M")


def render_status(s: TeamStatus) -> str:
    source = "" if s.roster else f" ({_('no roster: everyone who wrote')})"
    if s.start == s.end:
        weekday = day_label(s.start).split()[0]
        title = f"{_('Check-ins')} · {weekday} {s.start.isoformat()}{source}"
        grid = Grid(title, [_("Member"), _("Check-in")])
        for m in s.members:
            d = m.days[0]
            if d.at is not None:
                mark = f"✓ {local_time(d.at)}"
            elif not d.workday:
                mark = f"– {_('not a workday')}"
            elif d.day > s.upto:
                mark = "·"
            else:
                mark = f"✗ {_('no check-in')}"
            grid.add(user(m.author), mark)
    else:
        upto = f", {_('up to')} {s.upto.isoformat()}" if s.upto < s.end else ""
        title = f"{_('Check-ins')} · {s.start.isoformat()} – {s.end.isoformat()}{upto}{source}"
        grid = Grid(title, [_("Member"), _("Check-in days"), _("Missing"), _("Last check-in")],
                    right=frozenset({1}))  # fmt: skip
        for m in s.members:
            missing = ", ".join(day_label(d) for d in m.missing_days) or "–"
            last = m.last_checkin.isoformat() if m.last_checkin else _("never")
            grid.add(user(m.author), Cell(f"{m.checkin_days}/{m.expected_days}"), missing, last)
    return "\n".join(render_grid(grid)) + "\n"
