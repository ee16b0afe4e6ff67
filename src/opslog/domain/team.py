"""The team: members' workdays and who has checked in. Pure: the store hands in the
roster and the period's check-ins (one query each), this works out each member's days.

A member's `expected_days` are their workdays from the period's start up to today or its
end, whichever is earlier; `missing_days` those without a check-in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from opslog.domain.goals import GoalLine
from opslog.domain.plain import plain
from opslog.domain.records import Retro
from opslog.domain.week import ActionLine, RiskLine, WeekData, WeekSummary
from opslog.errors import BadInput
from opslog.i18n import _

if TYPE_CHECKING:
    from opslog.domain.report import ReportData, ReportSummary

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WORKDAYS = list(WEEKDAYS[:5])
STATUS_SCHEMA = "opslog.team-status/1"
_LONG = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
    "周一": "mon", "周二": "tue", "周三": "wed", "周四": "thu", "周五": "fri",
    "周六": "sat", "周日": "sun",
}  # fmt: skip


def _weekday(word: str, spec: str) -> int:
    key = word.strip().lower()
    key = _LONG.get(key, key)
    if key not in WEEKDAYS:
        raise BadInput(
            _("bad workdays {spec!r}: {word!r} is not a weekday (mon, tue, … sun)").format(
                spec=spec, word=word.strip()
            )
        )
    return WEEKDAYS.index(key)


def parse_workdays(spec: str) -> list[str]:
    """`mon-fri`, `mon,wed,fri`, `sun-thu`, `mon-fri,sat` → weekday names in week order."""
    days: set[int] = set()
    for piece in spec.replace("，", ",").split(","):
        if not piece.strip():
            raise BadInput(
                _("bad workdays {spec!r}: expected e.g. mon-fri or mon,wed,fri").format(spec=spec)
            )
        if "-" in piece:
            first, _dash, last = piece.partition("-")
            a, b = _weekday(first, spec), _weekday(last, spec)
            days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
        else:
            days.add(_weekday(piece, spec))
    return [WEEKDAYS[i] for i in sorted(days)]


@plain(frozen=True)
class Member:
    author: str
    workdays: list[str] = field(default_factory=lambda: list(DEFAULT_WORKDAYS))
    on_roster: bool = True


@plain(frozen=True)
class CheckinMark:
    author: str
    day: date
    at: str  # the check-in's created_at (UTC ISO 8601)


@plain
class DayMark:
    day: date
    workday: bool
    at: str | None  # when the check-in came in; None without one


@plain
class MemberStatus:
    author: str
    workdays: list[str]
    days: list[DayMark]
    expected_days: int
    checkin_days: int  # workday or not
    missing_days: list[date]
    last_checkin: date | None

    @property
    def workday_checkin_days(self) -> int:
        """The check-in days among `expected_days` (a Saturday's is not one of them)."""
        return self.expected_days - len(self.missing_days)


@plain
class TeamStatus:
    start: date
    end: date
    upto: date  # the last day counted: today or the end, whichever is earlier
    members: list[MemberStatus]
    roster: bool  # False: the team is whoever wrote in the period

    @property
    def anyone_missing(self) -> bool:
        return any(m.missing_days for m in self.members)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": STATUS_SCHEMA,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "members": [
                {
                    "author": m.author,
                    "workdays": m.workdays,
                    "expected_days": m.expected_days,
                    "checkin_days": m.checkin_days,
                    "workday_checkin_days": m.workday_checkin_days,
                    "missing_days": [d.isoformat() for d in m.missing_days],
                    "last_checkin": m.last_checkin.isoformat() if m.last_checkin else None,
                    "days": [
                        {
                            "day": d.day.isoformat(),
                            "workday": d.workday,
                            "checkin": d.at is not None,
                            "at": d.at,
                        }
                        for d in m.days
                    ],
                }
                for m in self.members
            ],
        }


def is_workday(member: Member, day: date) -> bool:
    return WEEKDAYS[day.weekday()] in member.workdays


def expected_days(member: Member, start: date, upto: date) -> int:
    """The member's workdays in start..upto (0 when upto is before start): the days a
    check-in is expected on, as `team status` counts them."""
    from opslog.domain.periods import workdays

    return workdays(start, upto, frozenset(WEEKDAYS.index(d) for d in member.workdays))


def team_status(
    members: Iterable[Member],
    checkins: Iterable[CheckinMark],
    last_checkins: Mapping[str, date],
    start: date,
    end: date,
    today: date,
    roster: bool = True,
) -> TeamStatus:
    """Each member's days in [start, end]; workdays after today are not expected yet."""
    upto = min(end, today)
    by_author: dict[str, dict[date, str]] = {}
    for c in checkins:
        by_author.setdefault(c.author, {})[c.day] = c.at
    period = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    out = []
    for m in members:
        mine = by_author.get(m.author, {})
        days = [DayMark(d, is_workday(m, d), mine.get(d)) for d in period]
        expected = [d for d in days if d.workday and d.day <= upto]
        out.append(
            MemberStatus(
                author=m.author,
                workdays=list(m.workdays),
                days=days,
                expected_days=len(expected),
                checkin_days=sum(1 for d in days if d.at is not None),
                missing_days=[d.day for d in expected if d.at is None],
                last_checkin=last_checkins.get(m.author),
            )
        )
    return TeamStatus(start, end, upto, out, roster)


def parse_period(text: str | None, today: date, week_start: str = "monday") -> tuple[date, date]:
    """`team status`'s period: a day (default today; `yesterday`, `fri`, a date) or a week
    in any of the forms that name only a week (`this`, `last`, `-N`, `2026-W48`, 上周, 第48周);
    上周 is last week, not its Monday."""
    from opslog.domain.dates import named_week, parse_date

    if text is None:
        return today, today
    week = named_week("this" if text.strip().lower() == "week" else text, today, week_start)
    if week is not None:
        return week.start, week.end
    day = parse_date(text, today)
    return day, day


# --- the team page (`week --team`): a summary over each member's WeekSummary ---------

TOP_RISKS = 10
OFF_TRACK = ("at_risk", "behind", "missed")


@plain
class MemberWeek:
    author: str
    checkin_days: int  # workday or not
    expected_days: int  # their workdays in the week or period, up to today (team status's)
    workday_checkin_days: int  # the check-in days among `expected_days`: <= expected_days
    mood_avg: float | None
    goals_off_track: list[GoalLine]
    blockers: list[str]


@plain
class TeamWeek:
    """The team page of a week (`week --team`) or of any period (`report --team`)."""

    members: list[MemberWeek]
    goals: list[tuple[str, GoalLine]]  # (owner, goal), by owner
    risks: list[tuple[str, RiskLine]]  # (author, risk): the open ones, highest score first
    actions: list[tuple[str, ActionLine]]  # (owner, action): open, by owner, overdue first

    def to_json(self) -> dict[str, Any]:
        from opslog.domain.week import _action_json, _goal_json, _risk_json

        return {
            "members": [
                {
                    "author": m.author,
                    "checkin_days": m.checkin_days,
                    "expected_days": m.expected_days,
                    "workday_checkin_days": m.workday_checkin_days,
                    "mood_avg": m.mood_avg,
                    "goals_off_track": [g.goal.id for g in m.goals_off_track],
                    "blockers": m.blockers,
                }
                for m in self.members
            ],
            "goals": [{**_goal_json(g), "owner": owner} for owner, g in self.goals],
            "risks": [{**_risk_json(r), "author": author} for author, r in self.risks],
            "actions": [{**_action_json(a), "owner": owner} for owner, a in self.actions],
        }


def build_team_week(summaries: list[WeekSummary], roster: list[Member]) -> TeamWeek:
    """`summaries`: one WeekSummary per member of `roster`, in the team's order."""
    members = []
    goals: list[tuple[str, GoalLine]] = []
    risks: list[tuple[str, RiskLine]] = []
    actions: list[tuple[str, ActionLine]] = []
    for s, member in zip(summaries, roster, strict=True):
        author = s.authors[0]
        upto = min(s.week.end, s.asof)
        moods = [d.checkin.mood for d in s.days if d.checkin and d.checkin.mood is not None]
        blockers = [
            line.strip()
            for d in s.days
            if d.checkin
            for line in d.checkin.blockers.splitlines()
            if line.strip()
        ]
        members.append(
            MemberWeek(
                author=author,
                checkin_days=s.stats.checkin_days,
                expected_days=expected_days(member, s.week.start, upto),
                workday_checkin_days=sum(
                    1 for d in s.days if d.checkin and d.day <= upto and is_workday(member, d.day)
                ),
                mood_avg=round(sum(moods) / len(moods), 1) if moods else None,
                goals_off_track=[g for g in s.goals if g.state.status in OFF_TRACK],
                blockers=blockers,
            )
        )
        goals += [(g.goal.owner or author, g) for g in s.goals]
        risks += [(author, r) for r in s.risks if r.risk.status != "closed"]
        actions += [(a.action.owner or author, a) for a in s.actions if a.status == "open"]
    goals.sort(key=lambda og: (og[0].casefold(), og[1].goal.id))
    risks.sort(key=lambda ar: (-ar[1].risk.score, ar[1].risk.id))
    actions.sort(key=lambda oa: (oa[0].casefold(), not oa[1].overdue, oa[1].action.id))
    return TeamWeek(members, goals, risks[:TOP_RISKS], actions)


def build_team_period(
    data: ReportData,
    summary: ReportSummary,
    roster: list[Member],
    *,
    week_start: str = "monday",
    stale_days: int = 7,
) -> TeamWeek:
    """The team page of a period's report, from its one load of everyone's records
    (`data`, `summary`): the same page as the week's, judged as of the report's `asof`."""
    from opslog.domain.dates import week_of
    from opslog.domain.goals import goal_line
    from opslog.domain.report import NOT_A_BLOCKER
    from opslog.domain.risks import review_due

    asof, members_set = summary.asof, {m.author for m in roster}
    lines = [
        goal_line(g, [p for p in data.progress if p.goal_uid == g.uid], asof, stale_days=stale_days)
        for g in data.goals
        if g.author in members_set
    ]
    members = []
    for member in roster:
        name = member.author
        mine = [c for c in data.checkins if c.author == name and c.day <= asof]
        moods = [c.mood for c in mine if c.mood is not None]
        blockers = [
            line.strip()
            for c in sorted(mine, key=lambda c: c.day)
            for line in c.blockers.splitlines()
            if line.strip().casefold() not in NOT_A_BLOCKER
        ]
        members.append(
            MemberWeek(
                author=name,
                checkin_days=len({c.day for c in mine}),
                expected_days=expected_days(member, summary.period.start, asof),
                workday_checkin_days=len({
                    c.day for c in mine
                    if c.day >= summary.period.start and is_workday(member, c.day)
                }),
                mood_avg=round(sum(moods) / len(moods), 1) if moods else None,
                goals_off_track=[
                    g for g in lines if g.goal.author == name and g.state.status in OFF_TRACK
                ],
                blockers=list(dict.fromkeys(blockers)),
            )
        )
    goals = sorted(((g.goal.owner or g.goal.author, g) for g in lines),
                   key=lambda og: (og[0].casefold(), og[1].goal.id))  # fmt: skip
    opened = set(summary.risks.opened)
    risks = sorted(
        ((r.risk.author, RiskLine(r.risk, r.level, r.risk.id in opened, False, False,
                                  review_due(r.risk, asof), None))
         for r in summary.risks.open_at_end if r.risk.author in members_set),
        key=lambda ar: (-ar[1].risk.score, ar[1].risk.id),
    )  # fmt: skip
    actions = []
    for a in data.actions:
        open_at_end = a.status == "open" or (a.done_day is not None and a.done_day > asof)
        if a.author not in members_set or not open_at_end or a.day > asof:
            continue
        from_week = data.retro_weeks.get(a.retro_uid or "") or week_of(a.day, week_start).label
        overdue = a.due is not None and a.due < asof
        actions.append((a.owner or a.author, ActionLine(a, "open", overdue, from_week)))
    actions.sort(key=lambda oa: (oa[0].casefold(), not oa[1].overdue, oa[1].action.id))
    return TeamWeek(members, goals, risks[:TOP_RISKS], actions)


def split_week(
    data: WeekData,
    retros: list[Retro],
    checkin_days_by: Mapping[str, list[date]],
    authors: list[str],
) -> dict[str, WeekData]:
    """One load of the whole team's week cut into each author's (with every author's
    retro of the week and check-in days, which `data` holds only one of)."""
    out = {}
    for a in authors:
        goals = [g for g in data.goals if g.author == a]
        goal_uids = {g.uid for g in goals}
        risks = [r for r in data.risks if r.author == a]
        risk_uids = {r.uid for r in risks}
        kpis = [k for k in data.kpis if k.author == a]
        kpi_uids = {k.uid for k in kpis} | {
            u for k in kpis for u in (k.ratio_num_uid, k.ratio_den_uid) if u
        }
        out[a] = WeekData(
            notes=[n for n in data.notes if n.author == a],
            checkins=[c for c in data.checkins if c.author == a],
            goals=goals,
            progress=[p for p in data.progress if p.goal_uid in goal_uids],
            risks=risks,
            reviews=[r for r in data.reviews if r.risk_uid in risk_uids],
            retro=next((r for r in retros if r.author == a), None),
            actions=[x for x in data.actions if x.author == a],
            retro_weeks=data.retro_weeks,
            checkin_days=list(checkin_days_by.get(a, [])),
            kpis=kpis,
            kpi_series={u: v for u, v in data.kpi_series.items() if u in kpi_uids},
        )
    return out
