"""Authors (issue 16 item 4): an empty view says who else wrote in it; `author list`
counts every kind; `author rename` renames everywhere in one transaction. Today is
Friday 2026-11-27 (week 2026-W48: Mon 11-23 – Sun 11-29); the test author is ann."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"


def lin_writes(run: Run) -> None:
    """lin: 2 notes and a check-in this week, a goal with 1 value, a risk (and its first
    review, which `risk add` writes), an action."""
    for args in (
        ("note", "华东仓 restock", "-d", "mon"),
        ("note", "supplier call", "-d", "tue"),
        ("checkin", "--done", "shipped", "-d", "wed"),
        ("goal", "add", "GMV", "--metric", "gmv", "--target", "100", "--due", "+4w"),
        ("goal", "checkin", "1", "20"),
        ("risk", "add", "断货", "-p", "3", "-i", "4"),
        ("action", "add", "call supplier @wang"),
    ):
        result = run("--author", "lin", *args)
        assert result.exit_code == 0, result.stderr


def test_an_empty_week_says_who_wrote_in_it_and_how_to_see_it(run: Run) -> None:
    lin_writes(run)
    result = run("week")
    assert result.exit_code == 0
    # lin's records dated this week: 2 notes, the check-in, the goal (its start), the
    # value, the risk and its review, the action = 8.
    assert result.stderr == (
        "Nothing by ann in 2026-11-23 – 2026-11-29, but others wrote in it: lin (8). "
        "See theirs: opslog week --author lin, or everyone's: opslog week --team\n"
    )
    assert "華" not in result.stdout
    shown = run("week", "--author", "lin", "--format", "json")
    assert len(json.loads(shown.stdout)["goals"]) == 1 and shown.stderr == ""
    # Nobody else wrote last week: the usual line.
    assert run("week", "last").stderr.startswith("Nothing logged this week yet.")


def test_the_hint_in_chinese_and_for_the_report(run: Run) -> None:
    lin_writes(run)
    run("--author", "wang", "note", "x", "-d", "2026-11-02")
    zh = run("week", env={"OPSLOG_LANG": "zh"})
    assert zh.stderr == (
        "2026-11-23 – 2026-11-29 没有 ann 的记录，但其他人有：lin（8）。"
        "查看他们的：opslog week --author lin，或所有人的：opslog week --team\n"
    )
    report = run("report")  # November: lin's 8, wang's note
    assert report.stderr == (
        "Nothing by ann in 2026-11-01 – 2026-11-30, but others wrote in it: lin (8), wang (1)."
        " See theirs: opslog report --author lin, or everyone's: opslog report --team\n"
    )


def test_the_sample_imported_under_another_name_points_to_lin(run: Run) -> None:
    assert run("import", str(SAMPLE)).exit_code == 0
    result = run("week", "2026-W47")
    assert "opslog week --author lin" in result.stderr
    assert "Nothing logged" not in result.stderr


def test_author_list_counts_every_kind(run: Run) -> None:
    lin_writes(run)
    run("action", "done", "1")  # ann marks lin's action done: still lin's record
    run("note", "mine")
    run("feedback", "add", "物流慢", "--category", "物流")
    result = run("author", "list", "--json")
    assert json.loads(result.stdout) == {
        "schema": "opslog.authors/1",
        "you": "ann",
        "authors": [
            {"author": "ann", "records": 2, "kinds": {"note": 1, "feedback": 1}},
            {"author": "lin", "records": 8, "kinds": {"note": 2, "checkin": 1, "goal": 1,
             "progress": 1, "risk": 1, "risk_review": 1, "action": 1}},
        ],
    }  # fmt: skip
    text = run("author", "list").stdout.splitlines()
    assert text[3].split() == ["ann", "(you)", "2", "note", "1,", "feedback", "1"]
    assert text[4].split()[:2] == ["lin", "8"]
    alone = run("author", "list", env={"OPSLOG_AUTHOR": "zhao"})
    assert alone.stderr == "you write as zhao: nothing by that name yet\n"


def test_rename_changes_every_kind_author_owner_done_by_and_roster(run: Run) -> None:
    lin_writes(run)
    run("action", "done", "1", env={"OPSLOG_AUTHOR": "lin"})  # done_by lin
    run("--author", "wang", "goal", "add", "NPS", "--metric", "nps", "--target", "50",
        "--due", "+4w", "--owner", "lin")  # fmt: skip
    run("team", "add", "lin", "wang")
    result = run("author", "rename", "lin", "林")
    assert result.exit_code == 0, result.stderr
    # goal: lin's own and wang's owned by lin (2 records); action: author and done_by.
    assert result.stderr == (
        "renamed lin to 林: note 2, checkin 1, goal 2, progress 1, risk 1, risk_review 1,"
        " action 1, team_member 1\n"
    )
    records = [json.loads(x) for x in run("export").stdout.splitlines()]
    names = {(r["kind"], r["author"], r.get("owner"), r.get("done_by")) for r in records}
    assert "lin" not in json.dumps(sorted(map(str, names)))
    assert ("goal", "wang", "林", None) in names
    assert ("action", "林", "wang", "林") in names
    members = [m["author"] for m in json.loads(run("team", "list", "--json").stdout)["members"]]
    assert members == ["wang", "林"]
    assert json.loads(run("week", "--author", "林", "--format", "json").stdout)["goals"]


def test_rename_into_a_name_on_the_roster_keeps_one_place(run: Run) -> None:
    run("--author", "lin", "note", "x")
    run("team", "add", "lin", "林")
    assert run("author", "rename", "lin", "林").exit_code == 0
    members = [m["author"] for m in json.loads(run("team", "list", "--json").stdout)["members"]]
    assert members == ["林"]


def test_a_colliding_rename_changes_nothing(run: Run) -> None:
    run("--author", "lin", "note", "x")
    run("--author", "lin", "checkin", "--done", "a", "-d", "tue")
    run("--author", "林", "checkin", "--done", "b", "-d", "tue")
    before = run("export").stdout
    result = run("author", "rename", "lin", "林")
    assert (result.exit_code, result.stderr) == (2, (
        "opslog: lin and 林 both have a record of one per author (checkin 2026-11-24):"
        " keep one (opslog rm), then rename\n"))  # fmt: skip
    assert run("export").stdout == before


def test_a_rename_onto_a_kpi_name_in_another_case_is_refused(run: Run) -> None:
    """KPI names are unique per author whatever the case and width: lin's GMV and 林's
    ｇｍｖ would become two of one name."""
    run("--author", "lin", "kpi", "add", "GMV")
    run("--author", "林", "kpi", "add", "ｇｍｖ")
    result = run("author", "rename", "lin", "林")
    assert (result.exit_code, result.stderr) == (2, (
        "opslog: lin and 林 both have a record of one per author (kpi GMV):"
        " keep one (opslog rm), then rename\n"))  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [(("lin", "lin"), 2, "'lin' and 'lin' are the same name"),
     (("nobody", "x"), 1, "no records by 'nobody' (see: opslog author list)"),
     (("lin", " "), 2, "bad author ' ' (from the command line)")],
)  # fmt: skip
def test_rename_refusals(run: Run, args: tuple[str, str], code: int, message: str) -> None:
    run("--author", "lin", "note", "x")
    result = run("author", "rename", *args)
    assert (result.exit_code, result.stderr) == (code, f"opslog: {message}\n")


def test_on_a_shared_postgresql_only_your_own_name(run: Run, pg_url: str) -> None:
    env = {"OPSLOG_DB": pg_url}
    run("--author", "lin", "note", "x", env=env)
    run("note", "y", env=env)  # ann's
    refused = run("author", "rename", "lin", "林", env=env)
    assert (refused.exit_code, refused.stderr) == (2, (
        "opslog: on a shared PostgreSQL database you can rename only your own name (ann),"
        " not 'lin'\n"))  # fmt: skip
    own = run("author", "rename", "ann", "安", env=env)
    assert own.exit_code == 0, own.stderr
    doc = json.loads(run("author", "list", "--json", env={**env, "OPSLOG_AUTHOR": "安"}).stdout)
    assert [(a["author"], a["records"]) for a in doc["authors"]] == [("lin", 1), ("安", 1)]


# --- the store, on every driver -------------------------------------------------------


def test_counts_and_rename_on_every_driver(database: object) -> None:
    from opslog.domain.records import Checkin, Note, Risk
    from opslog.store.authors import author_counts, others_in, rename_author
    from opslog.store.crud import create

    now = "2026-11-27T09:00:00.000000+00:00"
    from datetime import date

    day = date(2026, 11, 24)
    with database.write() as conn:  # type: ignore[attr-defined]
        create(conn, Note, author="lin", now=now, day=day, text="a")
        create(conn, Note, author="lin", now=now, day=date(2026, 10, 1), text="b")
        create(conn, Checkin, author="lin", now=now, day=day, done="c")
        create(conn, Risk, author="ann", now=now, day=day, title="r", probability=2, impact=3,
               owner="lin")  # fmt: skip
    with database.read() as conn:  # type: ignore[attr-defined]
        assert author_counts(conn) == {"ann": {"risk": 1}, "lin": {"note": 2, "checkin": 1}}
        assert others_in(conn, date(2026, 11, 23), date(2026, 11, 29), "ann") == [("lin", 2)]
        assert others_in(conn, date(2026, 11, 23), date(2026, 11, 29), "lin") == [("ann", 1)]
    with database.write() as conn:  # type: ignore[attr-defined]
        changed = rename_author(conn, "lin", "林", me="lin")
    assert changed == {"note": 2, "checkin": 1, "risk": 1}
    with database.read() as conn:  # type: ignore[attr-defined]
        assert author_counts(conn) == {"ann": {"risk": 1}, "林": {"note": 2, "checkin": 1}}
        assert conn.scalar("SELECT owner FROM risk") == "林"


@pytest.mark.parametrize(
    ("kind", "add", "empty"),
    [("goal", ("goal", "add", "GMV", "--metric", "gmv", "--target", "9", "--due", "+4w"),
      "No active goals. Add one: opslog goal add --help"),
     ("risk", ("risk", "add", "断货", "-p", "3", "-i", "4"),
      "No open risks. Add one with: opslog risk add TITLE -p 3 -i 4"),
     ("action", ("action", "add", "call supplier"), "No open actions.")],
)  # fmt: skip
def test_an_empty_list_says_who_else_has_some(
    run: Run, kind: str, add: tuple[str, ...], empty: str
) -> None:
    run("--author", "lin", *add)
    run("--author", "lin", *add)
    run("--author", "王 芳", *add)
    result = run(kind, "list")
    assert result.stderr == (
        f"{empty}\nothers have {kind} records: lin (2), 王 芳 (1). "
        f"See theirs: opslog --author lin {kind} list --all\n"
    )
    assert run(kind, "list", env={"OPSLOG_AUTHOR": "lin"}).stdout  # lin's are there
    alone = run(kind, "list", env={"OPSLOG_AUTHOR": "zhao", "OPSLOG_LANG": "zh"})
    word = {"goal": "目标", "risk": "风险", "action": "行动项"}[kind]  # the kind in Chinese
    assert f"其他人有{word}记录：lin（2）、王 芳（1）。" in alone.stderr
