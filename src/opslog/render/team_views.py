"""The roster and `team status` as aligned plain text (Chinese names count two columns)
or JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from opslog.domain.goals import GoalLine
from opslog.domain.team import Member, MemberWeek, TeamStatus, TeamWeek
from opslog.domain.week import ActionLine
from opslog.i18n import _, aside, colon, comma, joined, kind_word
from opslog.render.plain_table import render_grid
from opslog.render.week_grids import Block, Cell, Grid, user
from opslog.render.week_json import dumps
from opslog.render.words import STATUS_WORDS, checkin_days, day_label, percent


def render_roster(members: list[Member]) -> str:
    grid = Grid(_("Team"), [_("Member"), _("Workdays")])
    for m in members:
        # Shown as the day labels elsewhere (Mon, 周一); --workdays takes either.
        grid.add(user(m.author), joined(_(d.capitalize()) for d in m.workdays))
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
    source = "" if s.roster else aside(_("no roster: everyone who wrote"))
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
            missing = joined(day_label(d) for d in m.missing_days) or "–"
            last = m.last_checkin.isoformat() if m.last_checkin else _("never")
            days = checkin_days(m.workday_checkin_days, m.expected_days, m.checkin_days)
            grid.add(user(m.author), Cell(days), missing, last)
    return "\n".join(render_grid(grid)) + "\n"


# --- the team page: the summary that `week --team` starts with -----------------------


def _days(m: MemberWeek) -> str:
    return checkin_days(m.workday_checkin_days, m.expected_days, m.checkin_days)


def _mood(m: MemberWeek) -> str:
    return "–" if m.mood_avg is None else f"{m.mood_avg:g}"


def _off_track(m: MemberWeek) -> str:
    return joined(
        f"#{g.goal.id} {_(STATUS_WORDS.get(g.state.status, g.state.status))}"
        for g in m.goals_off_track
    )


def _due(a: ActionLine) -> str:
    due = a.action.due.isoformat() if a.action.due else "–"
    return f"{due} {_('overdue')}" if a.overdue else due


def team_blocks(t: TeamWeek, label: str) -> list[Block]:
    """The summary as grids, drawn by Rich on a terminal and as plain text in a pipe."""
    members = Grid(f"{_('Team')} · {label}",
                   [_("Member"), _("Check-ins"), _("Mood"), _("Goals off track"), _("Blockers")],
                   right=frozenset({1, 2}))  # fmt: skip
    for m in t.members:
        days = _days(m)
        members.add(user(m.author), days, _mood(m), _off_track(m) or "–",
                    user("\n".join(m.blockers) or "–"))  # fmt: skip
    blocks: list[Block] = [members]
    if t.goals:
        goals = Grid(_("Goals by owner"), [_("Owner"), _("Goal"), _("Progress"), _("Status")],
                     right=frozenset({2}))  # fmt: skip
        for owner, g in t.goals:
            goals.add(user(owner), user(f"#{g.goal.id} {g.goal.title}"),
                      percent(g.state.progress),
                      _(STATUS_WORDS.get(g.state.status, g.state.status)))  # fmt: skip
        blocks.append(goals)
    if t.risks:
        risks = Grid(_("Top open risks"), [_("Risk"), "P×I", _("Level"), _("Owner")])
        for author, r in t.risks:
            risks.add(user(f"#{r.risk.id} {r.risk.title}"),
                      f"{r.risk.probability}×{r.risk.impact}={r.risk.score}", _(r.level),
                      user(r.risk.owner or author))  # fmt: skip
        blocks.append(risks)
    if t.actions:
        actions = Grid(_("Open actions by owner"), [_("Owner"), _("Action"), _("Due")])
        for owner, a in t.actions:
            actions.add(user(owner), user(f"#{a.action.id} {a.action.text}"), _due(a))
        blocks.append(actions)
    return blocks


def render_team_plain(t: TeamWeek, label: str) -> str:
    from opslog.render.plain_table import render_blocks

    return render_blocks(team_blocks(t, label)).lstrip("\n")


def render_team_markdown(t: TeamWeek, label: str) -> str:
    from opslog.render.safe import markdown_inline as md
    from opslog.render.week_markdown import header

    out = [f"# {_('Team')} · {label}", "",
           *header("Member", "Check-ins", "Mood", "Goals off track", "Blockers")]  # fmt: skip
    for m in t.members:
        blockers = "<br>".join(md(b) for b in m.blockers) or "–"
        out.append(f"| {md(m.author)} | {_days(m)} | {_mood(m)} "
                   f"| {_off_track(m) or '–'} | {blockers} |")  # fmt: skip
    if t.goals:
        out += ["", f"## {_('Goals by owner')}", "",
                *header("Owner", "Goal", "Progress", "Status")]  # fmt: skip
        for owner, g in t.goals:
            status = _(STATUS_WORDS.get(g.state.status, g.state.status))
            out.append(f"| {md(owner)} | #{g.goal.id} {md(g.goal.title)} "
                       f"| {percent(g.state.progress)} | {status} |")  # fmt: skip
    if t.risks:
        out += ["", f"## {_('Top open risks')}", "", *header("Risk", "P×I", "Level", "Owner")]
        for author, r in t.risks:
            out.append(f"| #{r.risk.id} {md(r.risk.title)} | {r.risk.probability}×"
                       f"{r.risk.impact}={r.risk.score} | {_(r.level)} "
                       f"| {md(r.risk.owner or author)} |")  # fmt: skip
    if t.actions:
        out += ["", f"## {_('Open actions by owner')}", "", *header("Owner", "Action", "Due")]
        for owner, a in t.actions:
            due = _due(a).replace(_("overdue"), f"**{_('overdue')}**")
            out.append(f"| {md(owner)} | #{a.action.id} {md(a.action.text)} | {due} |")
    return "\n".join(out) + "\n\n"


def render_team_chat(t: TeamWeek, label: str) -> str:
    """Headings and bullets only, for a chat."""
    from opslog.render.safe import markdown_inline as md

    out = [f"# {_('Team')} · {label}", ""]
    for m in t.members:
        bits = [f"{_('Check-ins')} {_days(m)}", f"{_('Mood')} {_mood(m)}"]
        if m.goals_off_track:
            bits.append(f"{_('Goals off track')}{colon()}{_off_track(m)}")
        out.append(f"- **{md(m.author)}**{colon()}{' · '.join(bits)}")
        out += [f"  - {_('Blockers')}{colon()}{md(b)}" for b in m.blockers]
    if t.goals:
        out += ["", f"## {_('Goals by owner')}", ""]
        for owner, g in t.goals:
            status = _(STATUS_WORDS.get(g.state.status, g.state.status))
            out.append(f"- {md(owner)}{colon()}#{g.goal.id} {md(g.goal.title)}"
                       + aside(f"{percent(g.state.progress)}{comma()}{status}"))  # fmt: skip
    if t.risks:
        out += ["", f"## {_('Top open risks')}", ""]
        for author, r in t.risks:
            out.append(f"- #{r.risk.id} {md(r.risk.title)}{colon()}{r.risk.probability}×"
                       f"{r.risk.impact}={r.risk.score} {_(r.level)}{comma()}"
                       f"@{md(r.risk.owner or author)}")  # fmt: skip
    if t.actions:
        out += ["", f"## {_('Open actions by owner')}", ""]
        for owner, a in t.actions:
            due = aside(f"{_('due')} {a.action.due.isoformat()}") if a.action.due else ""
            late = f" **{_('overdue')}**" if a.overdue else ""
            out.append(f"- {md(owner)}{colon()}#{a.action.id} {md(a.action.text)}{due}{late}")
    return "\n".join(out) + "\n\n"


def render_authors(counts: dict[str, dict[str, int]], you: str) -> str:
    """`author list`: each author, their records in all, and by kind (the kinds in the
    registry's order)."""
    grid = Grid(_("Authors"), [_("Author"), _("Records"), _("By kind")], right=frozenset({1}))
    for author, kinds in counts.items():
        name = user(author + (aside(_("you")) if author == you else ""))
        by_kind = joined(f"{kind_word(kind)} {n}" for kind, n in kinds.items())
        grid.add(name, str(sum(kinds.values())), by_kind)
    return "\n".join(render_grid(grid)) + "\n"


def render_authors_json(counts: dict[str, dict[str, int]], you: str) -> str:
    return dumps(
        {
            "schema": "opslog.authors/1",
            "you": you,
            "authors": [
                {"author": a, "records": sum(kinds.values()), "kinds": kinds}
                for a, kinds in counts.items()
            ],
        }
    )


def team_html(t: TeamWeek, label: str) -> str:
    """The team page as one HTML section, first on the team's week or report page."""
    from opslog.render.html_kit import STATUS_FILL, esc, pill, progress_bar, section, table

    def status(g: GoalLine) -> str:
        word = _(STATUS_WORDS.get(g.state.status, g.state.status))
        return pill(word, STATUS_FILL.get(g.state.status, "#57606a"))

    parts = [table(
        [_("Member"), _("Check-ins"), _("Mood"), _("Goals off track"), _("Blockers")],
        [[esc(m.author), _days(m), _mood(m), esc(_off_track(m) or "–"),
          "<br>".join(esc(b) for b in m.blockers) or "–"] for m in t.members],
        numeric=frozenset({1, 2}),
    )]  # fmt: skip
    if t.goals:
        parts += [f"<h3>{esc(_('Goals by owner'))}</h3>", table(
            [_("Owner"), _("Goal"), _("Progress"), _("Status")],
            [[esc(owner), esc(f"#{g.goal.id} {g.goal.title}"),
              progress_bar(g.state.progress, g.state.expected) + percent(g.state.progress),
              status(g)] for owner, g in t.goals],
        )]  # fmt: skip
    if t.risks:
        parts += [f"<h3>{esc(_('Top open risks'))}</h3>", table(
            [_("Risk"), "P×I", _("Level"), _("Owner")],
            [[esc(f"#{r.risk.id} {r.risk.title}"),
              f"{r.risk.probability}×{r.risk.impact}={r.risk.score}", esc(_(r.level)),
              esc(r.risk.owner or author)] for author, r in t.risks],
        )]  # fmt: skip
    if t.actions:
        parts += [f"<h3>{esc(_('Open actions by owner'))}</h3>", table(
            [_("Owner"), _("Action"), _("Due")],
            [[esc(owner), esc(f"#{a.action.id} {a.action.text}"),
              f"<strong>{esc(_due(a))}</strong>" if a.overdue else esc(_due(a))]
             for owner, a in t.actions],
        )]  # fmt: skip
    return section("team", f"{_('Team')} · {label}", parts)
