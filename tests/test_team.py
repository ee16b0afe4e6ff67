"""The roster and `team status`, on SQLite and on a real PostgreSQL (the team's shared
database). Today is Friday 2026-11-27 (week 2026-W48: Mon 11-23 – Sun 11-29)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.clock import at
from tests.pg import as_login, secure_with_logins, sql


@pytest.fixture(params=["sqlite", "postgresql"])
def trun(request: pytest.FixtureRequest, run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    if request.param == "postgresql":
        monkeypatch.setenv("OPSLOG_DB", request.getfixturevalue("pg_url"))
    return run


def checkin(run: Run, who: str, day: str, now: str = "2026-11-27T09:30:00+00:00") -> None:
    result = run("--author", who, "checkin", "-d", day, "--done", f"{who} {day}",
                 env={"OPSLOG_NOW": now})  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_roster_add_list_change_remove(trun: Run) -> None:
    assert trun("team", "add", "lin", "wang", "王芳").exit_code == 0
    assert trun("team", "add", "zhao", "--workdays", "sun-thu").exit_code == 0
    result = trun("team", "add", "wang", "--workdays", "mon,wed,fri")
    assert result.stderr == "workdays changed: wang\n"
    doc = json.loads(trun("team", "list", "--json").stdout)
    assert doc == {
        "schema": "opslog.team/1",
        "members": [
            {"author": "lin", "workdays": ["mon", "tue", "wed", "thu", "fri"]},
            {"author": "wang", "workdays": ["mon", "wed", "fri"]},
            {"author": "zhao", "workdays": ["mon", "tue", "wed", "thu", "sun"]},
            {"author": "王芳", "workdays": ["mon", "tue", "wed", "thu", "fri"]},
        ],
    }
    text = trun("team", "list").stdout
    assert "王芳    Mon, Tue, Wed, Thu, Fri" in text  # two columns per Chinese character
    zh = trun("team", "list", env={"OPSLOG_LANG": "zh"}).stdout
    assert "wang  周一、周三、周五" in zh
    assert trun("team", "rm", "zhao").exit_code == 0
    missing = trun("team", "rm", "nobody")
    assert (missing.exit_code, missing.stderr) == (
        1, "opslog: 'nobody' is not on the team (see: opslog team list)\n")  # fmt: skip
    names = [m["author"] for m in json.loads(trun("team", "list", "--json").stdout)["members"]]
    assert names == ["lin", "wang", "王芳"]


def test_bad_workdays_are_refused_and_nothing_is_written(trun: Run) -> None:
    result = trun("team", "add", "lin", "wang", "--workdays", "mon-fry")
    assert result.exit_code == 2
    assert result.stderr == (
        "opslog: bad workdays 'mon-fry': 'fry' is not a weekday (mon, tue, … sun)\n"
    )
    assert json.loads(trun("team", "list", "--json").stdout)["members"] == []


def test_status_of_a_day_shows_who_checked_in_and_when(trun: Run) -> None:
    trun("team", "add", "lin", "wang")
    trun("team", "add", "zhao", "--workdays", "sat-sun")
    checkin(trun, "lin", "today", now="2026-11-27T17:42:00+00:00")
    result = trun("team", "status")
    assert result.exit_code == 0
    assert result.stdout == (
        "Check-ins · Fri 2026-11-27\n"
        "Member  Check-in\n"
        "------  ---------------\n"
        "lin     ✓ 17:42\n"
        "wang    ✗ no check-in\n"
        "zhao    – not a workday\n"
    )
    doc = json.loads(trun("team", "status", "--json").stdout)
    assert doc["schema"] == "opslog.team-status/1"
    assert (doc["start"], doc["end"]) == ("2026-11-27", "2026-11-27")
    lin, wang, zhao = doc["members"]
    assert (lin["expected_days"], lin["checkin_days"], lin["missing_days"]) == (1, 1, [])
    assert lin["days"][0]["at"].startswith("2026-11-27T17:42:00")
    assert (wang["expected_days"], wang["missing_days"]) == (1, ["2026-11-27"])
    assert (zhao["expected_days"], zhao["missing_days"], zhao["days"][0]["workday"]) == (
        0, [], False)  # fmt: skip
    assert trun("team", "status", "--exit-code").exit_code == 1  # wang has not


def test_status_of_a_week_counts_workdays_up_to_today(trun: Run) -> None:
    trun("team", "add", "lin", "wang")
    trun("team", "add", "zhao", "--workdays", "mon,wed,fri")
    trun("team", "add", "新人")  # no records at all: still listed, as missing
    for day in ("mon", "tue", "wed", "thu", "fri"):
        checkin(trun, "lin", day)
    checkin(trun, "wang", "mon")
    checkin(trun, "wang", "wed")
    checkin(trun, "wang", "2026-11-18")  # the week before
    checkin(trun, "zhao", "thu")  # a check-in on another day counts as a check-in day
    result = trun("team", "status", "this", "--json")
    doc = json.loads(result.stdout)
    assert (doc["start"], doc["end"]) == ("2026-11-23", "2026-11-29")
    got = {m["author"]: (m["expected_days"], m["checkin_days"], m["missing_days"],
                         m["last_checkin"]) for m in doc["members"]}  # fmt: skip
    assert got == {
        "lin": (5, 5, [], "2026-11-27"),
        "wang": (5, 2, ["2026-11-24", "2026-11-26", "2026-11-27"], "2026-11-25"),
        "zhao": (3, 1, ["2026-11-23", "2026-11-25", "2026-11-27"], "2026-11-26"),
        "新人": (5, 0, ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"],
                 None),
    }  # fmt: skip
    text = trun("team", "status", "this").stdout.splitlines()
    assert text[0] == "Check-ins · 2026-11-23 – 2026-11-29, up to 2026-11-27"
    assert [c.strip() for c in text[4].split("  ") if c.strip()] == [
        "wang", "2/5", "Tue 11-24, Thu 11-26, Fri 11-27", "2026-11-25"]  # fmt: skip
    # zhao's Thursday is not one of the workdays it would be counted against: "0/3 (+1 other
    # day)", not "1/3" with all three missing (nor a report's "4/3" with more).
    assert [c.strip() for c in text[5].split("  ") if c.strip()][:2] == [
        "zhao", "0/3 (+1 other day)"]  # fmt: skip
    assert [(m["author"], m["workday_checkin_days"]) for m in doc["members"]] == [
        ("lin", 5), ("wang", 2), ("zhao", 0), ("新人", 0)]  # fmt: skip
    assert trun("team", "status", "this", "--exit-code").exit_code == 1
    # Last week: only wang wrote (Wednesday), and everyone else missed every workday.
    last = json.loads(trun("team", "status", "last", "--json").stdout)
    assert [(m["author"], m["checkin_days"], len(m["missing_days"])) for m in last["members"]] \
        == [("lin", 0, 5), ("wang", 1, 4), ("zhao", 0, 3), ("新人", 0, 5)]  # fmt: skip


@pytest.mark.parametrize(
    ("words", "start"),
    [(("上周",), "2026-11-16"), (("本周",), "2026-11-23"), (("第47周",), "2026-11-16"),
     (("W47",), "2026-11-16"), (("this", "week"), "2026-11-23"), (("last", "week"), "2026-11-16")],
)  # fmt: skip
def test_status_of_a_week_named_in_any_week_form(
    run: Run, words: tuple[str, ...], start: str
) -> None:
    # 上周 is last week, as everywhere else, not last week's Monday.
    doc = json.loads(run("team", "status", *words, "--json").stdout)
    assert doc["start"] == start
    assert (date.fromisoformat(doc["end"]) - date.fromisoformat(start)).days == 6


def test_exit_code_is_0_when_nobody_missed_a_workday(trun: Run) -> None:
    trun("team", "add", "lin", "--workdays", "thu-fri")
    checkin(trun, "lin", "thu")
    checkin(trun, "lin", "fri")
    result = trun("team", "status", "this", "--exit-code")
    assert result.exit_code == 0


def test_without_a_roster_the_team_is_who_wrote_in_the_period(trun: Run) -> None:
    checkin(trun, "lin", "mon")
    trun("--author", "wang", "note", "-d", "tue", "a note")
    trun("--author", "old", "note", "-d", "2026-10-01", "long ago")
    doc = json.loads(trun("team", "status", "this", "--json").stdout)
    assert [(m["author"], m["checkin_days"]) for m in doc["members"]] == [("lin", 1), ("wang", 0)]
    assert "no roster" in trun("team", "status", "this").stdout


def test_a_bad_period_is_refused(trun: Run) -> None:
    result = trun("team", "status", "someday")
    assert result.exit_code == 2
    assert result.stderr.startswith("opslog: bad date 'someday'")


def count_queries(run: Run, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from opslog.store import db as store_db

    calls: list[str] = []
    real = store_db.SqliteConn.execute

    def counting(self: object, sql: str, params: object = None) -> object:
        calls.append(sql)
        return real(self, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(store_db.SqliteConn, "execute", counting)
    assert run(*args).exit_code == 0
    monkeypatch.setattr(store_db.SqliteConn, "execute", real)
    return len(calls)


@pytest.mark.parametrize("command", [("team", "status", "this"), ("week", "--team")])
def test_a_fixed_number_of_queries_whatever_the_team_size(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """No query per member or per day: 3 members and 30 make the same queries."""
    run("team", "add", "m00", "m01", "m02")
    for who in ("m00", "m01"):
        checkin(run, who, "mon")
        run("--author", who, "goal", "add", "g", "--metric", "m", "--target", "5", "--due", "+2w")
    few = count_queries(run, monkeypatch, *command)
    run("team", "add", *[f"m{i:02}" for i in range(3, 30)])
    for i in range(3, 30):
        checkin(run, f"m{i:02}", "tue")
    assert count_queries(run, monkeypatch, *command) == few


def test_the_team_page_starts_with_the_summary(trun: Run) -> None:
    trun("team", "add", "lin", "wang", "zhao")  # zhao has written nothing
    trun("team", "add", "zhao", "--workdays", "mon,wed,fri")  # 3 of them by Friday
    trun("--author", "lin", "checkin", "-d", "mon", "--done", "a", "--blocker", "CS 导出慢",
         "--mood", "4")  # fmt: skip
    trun("--author", "lin", "checkin", "-d", "wed", "--done", "b", "--mood", "1")
    trun("--author", "wang", "checkin", "-d", "tue", "--done", "c")
    # lin's goal: 10% of the way at 2026-11-27 where 50% was expected: behind.
    trun("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--baseline", "0",
         "--target", "100", "--start", "2026-11-01", "--due", "2026-12-23")  # fmt: skip
    trun("--author", "lin", "goal", "checkin", "1", "10")
    trun("--author", "wang", "goal", "add", "NPS", "--metric", "nps", "--target", "50",
         "--start", "2026-11-01", "--due", "2026-12-31", "--owner", "zhao")  # fmt: skip
    trun("--author", "wang", "risk", "add", "断货", "-p", "3", "-i", "4")
    trun("--author", "lin", "risk", "add", "大促宕机", "-p", "4", "-i", "5", "--owner", "wang")
    trun("--author", "lin", "action", "add", "call supplier @wang due:2026-11-25")
    trun("--author", "wang", "action", "add", "update FAQ due:2026-12-04")
    doc = json.loads(trun("week", "--team", "--format", "json").stdout)
    assert list(doc) == ["schema", "week", "start", "end", "authors", "summary", "reports"]
    assert doc["authors"] == ["lin", "wang", "zhao"]
    summary = doc["summary"]
    assert summary["members"] == [
        {"author": "lin", "checkin_days": 2, "expected_days": 5,
         "workday_checkin_days": 2, "mood_avg": 2.5, "goals_off_track": [1],
         "blockers": ["CS 导出慢"]},
        {"author": "wang", "checkin_days": 1, "expected_days": 5,
         "workday_checkin_days": 1, "mood_avg": None, "goals_off_track": [], "blockers": []},
        {"author": "zhao", "checkin_days": 0, "expected_days": 3,
         "workday_checkin_days": 0, "mood_avg": None, "goals_off_track": [], "blockers": []},
    ]  # fmt: skip
    assert [(g["owner"], g["id"], g["status"]) for g in summary["goals"]] == [
        ("lin", 1, "behind"), ("zhao", 2, "no_data")]  # fmt: skip
    assert [(r["id"], r["score"], r["author"], r["owner"]) for r in summary["risks"]] == [
        (2, 20, "lin", "wang"), (1, 12, "wang", "")]  # fmt: skip
    assert [(a["owner"], a["id"], a["overdue"]) for a in summary["actions"]] == [
        ("wang", 1, True), ("wang", 2, False)]  # fmt: skip
    text = trun("week", "--team").stdout
    assert text.startswith("Team · 2026-W48 · 2026-11-23 – 2026-11-29\n")
    assert text.index("Top open risks") < text.index("Week 48, 2026")  # the summary first
    rows = [line.split() for line in text.splitlines()[3:6]]
    # Check-in days over the member's workdays up to today (Friday), as team status counts.
    assert rows == [["lin", "2/5", "2.5", "#1", "behind", "CS", "导出慢"],
                    ["wang", "1/5", "–", "–", "–"], ["zhao", "0/3", "–", "–", "–"]]  # fmt: skip
    chat = trun("week", "--team", "--format", "chat").stdout
    assert "- **lin**: Check-ins 2/5 · Mood 2.5 · Goals off track: #1 behind\n" in chat
    assert "- wang: #1 call supplier (due 2026-11-25) **overdue**\n" in chat
    assert "|" not in chat.split("# Weekly report")[0]


@pytest.mark.parametrize(
    ("spec", "days"),
    [("mon-fri", ["mon", "tue", "wed", "thu", "fri"]),
     ("sun-thu", ["mon", "tue", "wed", "thu", "sun"]),  # wraps round the week
     ("Mon, Wed,fri", ["mon", "wed", "fri"]),
     ("周一-周三，周六", ["mon", "tue", "wed", "sat"]),
     ("sat-sat", ["sat"])],
)  # fmt: skip
def test_workdays_forms(spec: str, days: list[str]) -> None:
    from opslog.domain.team import parse_workdays

    assert parse_workdays(spec) == days


def test_week_words_and_days_are_told_apart() -> None:
    from datetime import date

    from opslog.domain.team import parse_period

    today = date(2026, 11, 27)
    assert parse_period(None, today) == (today, today)
    assert parse_period("yesterday", today) == (date(2026, 11, 26),) * 2
    assert parse_period("last", today) == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period("2026-W47", today) == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period("-3d", today) == (date(2026, 11, 24),) * 2
    assert parse_period("this", today, "sunday") == (date(2026, 11, 22), date(2026, 11, 28))


# --- row-level security (opslog team secure), on the test PostgreSQL -------------------


@pytest.fixture
def secured(run: Run, pg_url: str) -> str:
    """The test server's database secured by its owner, with the logins lin, wang, zhao."""
    return secure_with_logins(run, pg_url, ("lin", "wang", "zhao"))


def test_each_login_reads_all_but_changes_only_its_own_rows(run: Run, secured: str) -> None:
    lin, wang = as_login(secured, "lin"), as_login(secured, "wang")
    # The author is the login, whatever --author says.
    made = run("--author", "somebody", "note", "lin's note", env={"OPSLOG_DB": lin})
    assert made.exit_code == 0, made.stderr
    assert run("note", "wang's note", env={"OPSLOG_DB": wang}).exit_code == 0
    export = run("export", env={"OPSLOG_DB": wang}).stdout.splitlines()
    assert [(json.loads(x)["author"], json.loads(x)["text"]) for x in export] == [
        ("lin", "lin's note"), ("wang", "wang's note")]  # fmt: skip
    # wang may not change or delete lin's note; the refusal says why, nothing changes.
    refused = run("rm", "note", "1", "--yes", env={"OPSLOG_DB": wang})
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines()[-1] == (
        "opslog: not allowed: note 1 is lin's: the login wang changes only its own records"
    )
    edited = run("edit", "note", "1", env={"OPSLOG_DB": wang, "EDITOR": "sed -i s/lin/x/"})
    assert edited.exit_code == 1
    assert "not allowed: note 1 is lin's" in edited.stderr
    texts = [json.loads(x)["text"] for x in run("export", env={"OPSLOG_DB": lin}).stdout
             .splitlines()]  # fmt: skip
    assert texts == ["lin's note", "wang's note"]
    # lin changes and deletes lin's own note.
    assert run("rm", "note", "1", "--yes", env={"OPSLOG_DB": lin}).exit_code == 0
    assert len(run("export", env={"OPSLOG_DB": wang}).stdout.splitlines()) == 1


def test_a_raw_write_under_another_name_is_refused_by_the_database(secured: str) -> None:
    """Not only opslog's code: a login's own SQL cannot write someone else's rows."""
    import psycopg

    run_sql = lambda login, s: sql(as_login(secured, login), s)  # noqa: E731
    run_sql("lin", "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
                   " VALUES ('u1', 'wang', 't', 't', '2026-11-27', 'forged', '[]')")  # fmt: skip
    with psycopg.connect(secured.replace("postgresql+psycopg://", "postgresql://")) as conn:
        assert conn.execute("SELECT author FROM note").fetchall() == [("lin",)]  # rewritten
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="note 1 is lin's"):
        run_sql("wang", "UPDATE note SET text = 'x'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        run_sql("wang", "DELETE FROM note")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        run_sql("wang", "ALTER TABLE note DISABLE TRIGGER opslog_author")


def test_team_secure_on_sqlite_is_refused(run: Run) -> None:
    result = run("team", "secure")
    assert result.exit_code == 2
    assert result.stderr == (
        "opslog: team secure needs a PostgreSQL database (a shared team database)\n"
    )


# --- whose records are whose ("by X") ----------------------------------------------------


def test_a_value_for_someone_elses_goal_is_kept_as_yours_and_said(run: Run) -> None:
    run("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--target", "100",
        "--due", "+4w")  # fmt: skip
    run("goal", "add", "NPS", "--metric", "nps", "--target", "50", "--due", "+4w")  # ann's
    result = run("checkin", "--done", "x", "--goal", "1=40", "--goal", "2=10")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "goal 1 is lin's: your value is kept as yours (by ann)"
    assert "goal 2" not in result.stderr
    progress = [json.loads(x) for x in run("export", "--kind", "progress").stdout.splitlines()]
    assert [(p["author"], p["value"]) for p in progress] == [("ann", 40), ("ann", 10)]


def test_the_check_in_asks_only_about_your_own_goals(run: Run) -> None:
    from opslog.store.db import Location
    from opslog.store.goals import own_active_goals
    from opslog.store.open import open_database

    run("--author", "lin", "goal", "add", "lin's", "--metric", "m", "--target", "9", "--due", "+4w")
    run("--author", "lin", "goal", "add", "for ann", "--metric", "m", "--target", "9",
        "--due", "+4w", "--owner", "ann")  # fmt: skip
    run("goal", "add", "ann's", "--metric", "m", "--target", "9", "--due", "+4w")
    run("goal", "add", "for wang", "--metric", "m", "--target", "9", "--due", "+4w",
        "--owner", "wang")  # fmt: skip
    import os

    db = open_database(Location(path=Path(os.environ["OPSLOG_DB"])))
    with db.read() as conn:
        assert [g.title for g in own_active_goals(conn, "ann")] == ["for ann", "ann's"]
    db.close()


def test_an_action_done_by_someone_else_keeps_its_author(run: Run) -> None:
    run("--author", "lin", "action", "add", "call supplier @lin")
    result = run("action", "done", "1")  # ann marks lin's action done
    assert result.stderr == "action 1 done: call supplier (by ann, for lin)\n"
    (record,) = [json.loads(x) for x in run("export", "--kind", "action").stdout.splitlines()]
    assert (record["author"], record["status"], record["done_by"]) == ("lin", "done", "ann")


def test_views_say_by_whom(run: Run) -> None:
    run("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--target", "100",
        "--due", "+4w")  # fmt: skip
    run("--author", "lin", "goal", "checkin", "1", "20", "--note", "own")
    run("goal", "checkin", "1", "30", "--note", "from the dashboard")  # ann, on lin's goal
    shown = run("goal", "show", "1").stdout
    assert "by ann · from the dashboard" in shown
    assert "by lin" not in shown
    run("--author", "lin", "action", "add", "call supplier")
    run("action", "done", "1")
    listed = run("--author", "lin", "action", "list", "--all").stdout
    assert "by ann" in listed


def test_the_week_says_by_whom_in_every_view(run: Run) -> None:
    """ann gives a value for lin's goal, re-scores lin's risk and marks lin's action done:
    lin's week keeps them lin's records and says "by ann" in every view and the JSON."""
    run("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--target", "100",
        "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("--author", "lin", "goal", "checkin", "1", "20", "-d", "mon")
    run("--author", "lin", "goal", "add", "NPS", "--metric", "nps", "--target", "50",
        "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("--author", "lin", "goal", "checkin", "2", "10", "-d", "mon")  # lin's own: no "by"
    run("--author", "lin", "risk", "add", "断货", "-p", "2", "-i", "3")
    run("--author", "lin", "action", "add", "call supplier @wang")
    run("--author", "lin", "action", "add", "update FAQ")
    assert run("goal", "checkin", "1", "35", "-d", "wed").exit_code == 0
    assert run("risk", "update", "1", "-p", "4", "--note", "supplier late").exit_code == 0
    assert run("action", "done", "1").exit_code == 0
    assert run("--author", "lin", "action", "done", "2").exit_code == 0
    doc = json.loads(run("week", "--author", "lin", "--format", "json").stdout)
    assert [(g["id"], g["value"], g["value_by"]) for g in doc["goals"]] == [
        (1, 35, "ann"), (2, 10, None)]  # fmt: skip
    assert [(r["score"], r["changed_by"]) for r in doc["risks"]] == [(12, ["ann"])]
    assert [(a["id"], a["status"], a["done_by"]) for a in doc["actions"]] == [
        (1, "done", "ann"), (2, "done", None)]  # fmt: skip
    plain = run("week", "--author", "lin").stdout
    assert "0 → 35 (by ann) → 100" in plain and "0 → 10 → 50" in plain
    assert "score 6 → 12, by ann" in plain
    assert "done by ann" in plain and plain.count("by ann") == 3
    markdown = run("week", "--author", "lin", "--format", "markdown").stdout
    assert "0 → 35 (by ann) → 100" in markdown and "score 6 → 12, by ann |" in markdown
    assert "- [x] #1 call supplier (from 2026-W48, @wang, done by ann)" in markdown
    chat = run("week", "--author", "lin", "--format", "chat").stdout
    assert "- ✓ #1 call supplier (by ann)\n" in chat and "- ✓ #2 update FAQ\n" in chat
    assert "#1 GMV: 35 / 100 (35%, on track, by ann)" in chat
    assert "=12 high, by ann\n" in chat
    html = run("week", "--author", "lin", "--format", "html").stdout
    assert html.count("by ann") == 3
    zh = run("week", "--author", "lin", "--format", "markdown", env={"OPSLOG_LANG": "zh"})
    assert "0 → 35（由 ann 记录） → 100" in zh.stdout
    assert "已完成（由 ann 记录）" in zh.stdout
    # The team page's goals carry it too.
    team = json.loads(run("week", "--team", "--format", "json").stdout)["summary"]
    assert [(g["id"], g["value_by"]) for g in team["goals"]] == [(1, "ann"), (2, None)]
    # ann's own week shows none of lin's records.
    assert json.loads(run("week", "--format", "json").stdout)["goals"] == []


def test_a_name_in_by_is_user_text(run: Run) -> None:
    run("--author", "lin", "risk", "add", "断货", "-p", "2", "-i", "3")
    run("--author", "*w|x*", "risk", "update", "1", "-p", "4")
    markdown = run("week", "--author", "lin", "--format", "markdown").stdout
    assert "by \\*w\\|x\\* |" in markdown


def test_goal_checkin_on_someone_elses_goal_says_so(run: Run) -> None:
    run("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--target", "100",
        "--due", "+4w")  # fmt: skip
    run("--author", "lin", "goal", "add", "NPS", "--metric", "nps", "--target", "50",
        "--due", "+4w", "--owner", "ann")  # fmt: skip
    result = run("goal", "checkin", "1", "40")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1] == "goal 1 is lin's: your value is kept as yours (by ann)"
    own = run("goal", "checkin", "2", "10")  # lin's record, but ann owns it: no note
    assert len(own.stderr.splitlines()) == 1
    zh = run("goal", "checkin", "1", "41", env={"OPSLOG_LANG": "zh"})
    assert zh.stderr.splitlines()[1] == "目标 1 属于 lin：你的数值记在你名下（记录人 ann）"
    progress = [json.loads(x) for x in run("export", "--kind", "progress").stdout.splitlines()]
    assert [(p["author"], p["value"]) for p in progress] == [("ann", 40), ("ann", 10), ("ann", 41)]


def test_on_a_secured_database_a_value_for_anothers_goal_is_the_logins_own(
    run: Run, secured: str
) -> None:
    """Rights per login: wang adds a value to lin's goal (a row of wang's own), and it
    shows 'by wang' in lin's week; changing lin's goal, risk or action is refused (wang
    does not own the action: zhao does)."""
    lin, wang = {"OPSLOG_DB": as_login(secured, "lin")}, {"OPSLOG_DB": as_login(secured, "wang")}
    for args in (("goal", "add", "GMV", "--metric", "gmv", "--target", "100", "--start",
                  "2026-11-01", "--due", "2026-12-31"),
                 ("risk", "add", "断货", "-p", "2", "-i", "3"),
                 ("action", "add", "call supplier @zhao")):  # fmt: skip
        assert run(*args, env=lin).exit_code == 0
    result = run("goal", "checkin", "1", "35", env=wang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1] == (
        "goal 1 is lin's: your value is kept as yours (by wang)")  # fmt: skip
    doc = json.loads(run("week", "--author", "lin", "--format", "json", env=wang).stdout)
    assert [(g["value"], g["value_by"]) for g in doc["goals"]] == [(35, "wang")]
    for args, kind in ((("goal", "done", "1"), "goal"),
                       (("risk", "update", "1", "-p", "4"), "risk"),
                       (("action", "done", "1"), "action")):  # fmt: skip
        refused = run(*args, env=wang)
        assert refused.exit_code == 1, args
        assert refused.stderr.strip().splitlines()[-1] == (
            f"opslog: not allowed: {kind} 1 is lin's: the login wang changes only its own records"
        )
    doc = json.loads(run("week", "--author", "lin", "--format", "json", env=lin).stdout)
    assert (doc["risks"][0]["score"], doc["risks"][0]["changed_by"]) == (6, [])  # nothing kept
    assert doc["actions"][0]["status"] == "open"


def test_on_a_secured_database_an_actions_owner_marks_it_done(run: Run, secured: str) -> None:
    """lin writes an action for wang: wang marks it done (the done fields change, under
    lin's authorship, done by wang) but changes nothing else of it; zhao cannot."""
    lin, wang, zhao = ({"OPSLOG_DB": as_login(secured, login)} for login in ("lin", "wang", "zhao"))
    added = run("action", "add", "call supplier @wang", "--due", "2026-12-04", env=lin)
    assert added.exit_code == 0, added.stderr
    for args, login in ((("action", "done", "1"), "zhao"),
                        (("action", "update", "1", "--text", "phone"), "wang"),
                        (("action", "update", "1", "--owner", "zhao"), "wang"),
                        (("rm", "action", "1", "--yes"), "wang")):  # fmt: skip
        refused = run(*args, env=zhao if login == "zhao" else wang)
        assert refused.exit_code == 1, args
        assert refused.stderr.strip().splitlines()[-1] == (
            f"opslog: not allowed: action 1 is lin's: the login {login} changes only its own"
            " records"
        )
    done = run("action", "done", "1", "--date", "2026-11-26", env={**wang, **at("2026-11-28")})
    assert (done.exit_code, done.stderr) == (0, "action 1 done on 2026-11-26: call supplier\n")
    [line] = run("export", "--kind", "action", env=lin).stdout.splitlines()
    action = json.loads(line)
    expected = {"author": "lin", "owner": "wang", "text": "call supplier", "due": "2026-12-04",
                "status": "done", "done_day": "2026-11-26", "done_by": "wang",
                "updated_at": "2026-11-28T12:00:00.000000+00:00"}  # fmt: skip
    assert {k: action[k] for k in expected} == expected


def test_an_actions_owner_changes_only_the_done_fields_even_in_raw_sql(
    run: Run, secured: str
) -> None:
    import psycopg

    lin, wang = as_login(secured, "lin"), as_login(secured, "wang")
    assert run("action", "add", "call supplier @wang", env={"OPSLOG_DB": lin}).exit_code == 0
    for statement in ("UPDATE action SET text = 'x', status = 'done'",
                      "UPDATE action SET owner = 'zhao'",
                      "UPDATE action SET status = 'dropped'"):  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="action 1 is lin's"):
            sql(wang, statement)
    sql(wang, "UPDATE action SET status = 'done', done_day = '2026-11-27', done_by = 'lin'")
    with psycopg.connect(secured.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute("SELECT author, owner, status, done_by FROM action").fetchone()
    assert row == ("lin", "wang", "done", "wang")  # done by the login, whatever it says
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="action 1 is lin's"):
        sql(wang, "UPDATE action SET status = 'open', done_day = NULL")  # no reopening


# --- report --team: the team page over any period ----------------------------------------


def test_the_team_report_starts_with_the_team_page(trun: Run) -> None:
    trun("team", "add", "lin", "wang", "zhao")  # zhao has written nothing
    trun("team", "add", "zhao", "--workdays", "sun,wed")  # 11-01 … 11-25: 8 of them
    trun("--author", "lin", "checkin", "-d", "2026-11-03", "--done", "a", "--blocker",
         "CS 导出慢", "--mood", "4")  # fmt: skip
    trun("--author", "lin", "checkin", "-d", "2026-11-10", "--done", "b", "--blocker",
         "CS 导出慢\nnone", "--mood", "2")  # fmt: skip
    trun("--author", "lin", "checkin", "-d", "2026-10-30", "--done", "c", "--mood", "5")  # before
    trun("--author", "wang", "checkin", "-d", "2026-11-20", "--done", "d", "--blocker", "无")
    trun("--author", "wang", "checkin", "-d", "2026-11-26", "--done", "e")
    # lin's goal: 10% of the way on 11-27 where 50% was expected: behind.
    trun("--author", "lin", "goal", "add", "GMV", "--metric", "gmv", "--baseline", "0",
         "--target", "100", "--start", "2026-11-01", "--due", "2026-12-23")  # fmt: skip
    trun("--author", "lin", "goal", "checkin", "1", "10")
    trun("--author", "wang", "risk", "add", "断货", "-p", "3", "-i", "4")
    trun("--author", "lin", "risk", "add", "大促宕机", "-p", "4", "-i", "5", "--owner", "wang")
    trun("--author", "lin", "action", "add", "call supplier @wang due:2026-11-25")
    trun("--author", "wang", "action", "add", "update FAQ due:2026-12-04")
    trun("--author", "wang", "action", "add", "done already")
    trun("--author", "wang", "action", "done", "3")
    doc = json.loads(trun("report", "--team", "--format", "json").stdout)
    summary = doc["summary"]
    # November up to Friday the 27th: 20 workdays (zhao, Sundays and Wednesdays: 8);
    # "none" and 无 are no blockers; lin's repeated blocker once; lin's mood (4 + 2) / 2.
    assert summary["members"] == [
        {"author": "lin", "checkin_days": 2, "expected_days": 20,
         "workday_checkin_days": 2, "mood_avg": 3.0, "goals_off_track": [1],
         "blockers": ["CS 导出慢"]},
        {"author": "wang", "checkin_days": 2, "expected_days": 20,
         "workday_checkin_days": 2, "mood_avg": None, "goals_off_track": [], "blockers": []},
        {"author": "zhao", "checkin_days": 0, "expected_days": 8,
         "workday_checkin_days": 0, "mood_avg": None, "goals_off_track": [], "blockers": []},
    ]  # fmt: skip
    assert [(g["owner"], g["id"], g["status"]) for g in summary["goals"]] == [("lin", 1, "behind")]
    assert [(r["id"], r["score"], r["author"]) for r in summary["risks"]] == [
        (2, 20, "lin"), (1, 12, "wang")]  # fmt: skip
    assert [(a["owner"], a["id"], a["overdue"]) for a in summary["actions"]] == [
        ("wang", 1, True), ("wang", 2, False)]  # fmt: skip
    assert json.loads(trun("report", "--format", "json").stdout)["summary"] is None
    text = trun("report", "--team").stdout
    assert text.startswith("Team · 2026-11 · 2026-11-01 – 2026-11-30\n")
    assert [line.split() for line in text.splitlines()[3:6]] == [
        ["lin", "2/20", "3", "#1", "behind", "CS", "导出慢"],
        ["wang", "2/20", "–", "–", "–"], ["zhao", "0/8", "–", "–", "–"]]  # fmt: skip
    assert text.index("Open actions by owner") < text.index("November 2026")
    markdown = trun("report", "--team", "--format", "markdown").stdout
    assert markdown.startswith("# Team · 2026-11 · 2026-11-01 – 2026-11-30\n")
    assert "| lin | 2/20 | 3 | #1 behind | CS 导出慢 |" in markdown
    chat = trun("report", "--team", "--format", "chat").stdout
    assert "- **lin**: Check-ins 2/20 · Mood 3 · Goals off track: #1 behind\n" in chat
    assert "- wang: #1 call supplier (due 2026-11-25) **overdue**\n" in chat
    assert "|" not in chat
    html = trun("report", "--team", "--format", "html").stdout
    assert html.index('<section id="team">') < html.index('<section id="checkins">')
    assert "<h2>Team · 2026-11 · 2026-11-01 – 2026-11-30</h2>" in html
    week_html = trun("week", "--team", "--format", "html").stdout
    assert week_html.count('<section id="team">') == 1
    assert '<td class="n" data-label="Check-ins">1/5</td>' in week_html  # wang's W48: 11-26
    zh = trun("report", "--team", "--format", "chat", env={"OPSLOG_LANG": "zh"}).stdout
    assert zh.startswith("# 团队 · 2026-11 · 2026-11-01 – 2026-11-30\n")
    assert "## 完成情况" in zh  # then the report itself, in its chat layout
