import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opslog.domain import records
from opslog.store import crud
from opslog.store.convert import new_uid
from opslog.store.db import Database, Location
from opslog.store.open import open_database
from tests.conftest import Run

NOW = "2026-11-27T18:00:00.000000+00:00"


def open_db(db_path: Path) -> Database:
    return open_database(Location(path=db_path))


def add(conn: Any, cls: type[records.Common], **fields: Any) -> records.Common:
    """Insert a record of any kind (the goal/risk/retro commands are not needed)."""
    record = cls(
        id=0,
        uid=new_uid(),
        author=fields.pop("author", "ann"),
        created_at=NOW,
        updated_at=NOW,
        **fields,
    )
    record.id = crud.insert(conn, record)
    return record


def seed(db_path: Path) -> dict[str, records.Common]:
    db = open_db(db_path)
    try:
        return fill(db)
    finally:
        db.close()


def fill(db: Database) -> dict[str, records.Common]:
    """One record of every kind, each on its own day of 2026-W48 (goal: starts 11-01)."""
    d = date.fromisoformat
    with db.write() as conn:
        goal = add(
            conn,
            records.Goal,
            title="GMV 双11 campaign",
            metric="GMV",
            target=120,
            baseline=100,
            unit="k",
            start=d("2026-11-01"),
            due=d("2026-12-31"),
        )
        risk = add(
            conn,
            records.Risk,
            day=d("2026-11-25"),
            title="支付网关 outage",
            probability=4,
            impact=5,
            mitigation="second provider",
        )
        retro = add(
            conn,
            records.Retro,
            week="2026-W48",
            day=d("2026-11-27"),
            went_well=['say "hi" works'],
            to_improve=["早点发周报"],
        )
        out = {
            "note": add(
                conn,
                records.Note,
                day=d("2026-11-23"),
                text="call 供应商 #ops",
                tags=["ops", "shop"],
            ),
            "checkin": add(
                conn,
                records.Checkin,
                day=d("2026-11-24"),
                done="发完周报",
                blockers="supplier late",
                plan="supplier call",
                mood=4,
            ),
            "goal": goal,
            "progress": add(
                conn,
                records.Progress,
                goal_uid=goal.uid,
                day=d("2026-11-25"),
                value=110,
                confidence=7,
                note="after the banner",
            ),
            "risk": risk,
            "risk_review": add(
                conn,
                records.RiskReview,
                risk_uid=risk.uid,
                day=d("2026-11-26"),
                old_probability=4,
                new_probability=3,
                old_impact=5,
                new_impact=5,
                old_status="open",
                new_status="open",
                note="provider signed",
            ),
            "retro": retro,
            "action": add(
                conn,
                records.Action,
                day=d("2026-11-27"),
                text="weekly report by 5pm",
                owner="bob",
                retro_uid=retro.uid,
            ),
        }
    return out


def columns(stdout: str, n: int) -> list[str]:
    return [line.split("\t")[n] for line in stdout.splitlines()]


def test_log_lists_every_kind_in_date_order(run: Run, db_path: Path) -> None:
    seed(db_path)
    r = run("log")
    assert r.exit_code == 0, r.stderr
    assert columns(r.stdout, 1) == [
        "goal",
        "note",
        "checkin",
        "progress",
        "risk",
        "risk_review",
        "retro",
        "action",
    ]
    days = columns(r.stdout, 0)
    assert days == sorted(days) and days[0] == "2026-11-01"
    assert "goal #1 GMV 双11 campaign: 110 (confidence 7)" in r.stdout
    assert r.stderr == ""


def test_log_filters_by_day_kind_and_author(run: Run, db_path: Path) -> None:
    seed(db_path)
    run("note", "bob's note", "--date", "2026-11-24", env={"OPSLOG_AUTHOR": "bob"})
    r = run("log", "--since", "2026-11-24", "--until", "wed", "--kind", "checkin", "-k", "risk")
    assert columns(r.stdout, 1) == ["checkin", "risk"]
    assert columns(run("log", "--author", "bob").stdout, 4) == ["bob's note"]


def test_log_tag_matches_whole_tags_of_notes_only(run: Run, db_path: Path) -> None:
    seed(db_path)
    run("note", "tagged", "--tag", "ops-2")
    r = run("log", "--tag", "#OPS")
    assert columns(r.stdout, 4) == ["call 供应商 #ops  #shop"]


def test_log_json_is_one_array_with_every_field(run: Run, db_path: Path) -> None:
    seed(db_path)
    doc = json.loads(run("log", "--json").stdout)
    by_kind = {item["kind"]: item for item in doc}
    assert len(doc) == 8
    assert by_kind["goal"]["day"] == "2026-11-01" and by_kind["goal"]["target"] == 120
    assert by_kind["progress"]["goal_id"] == by_kind["goal"]["id"]
    assert (by_kind["risk"]["score"], by_kind["risk"]["level"]) == (20, "critical")
    assert by_kind["note"]["tags"] == ["ops", "shop"]
    assert by_kind["retro"]["went_well"] == ['say "hi" works']


def test_log_json_of_nothing_is_an_empty_array(run: Run) -> None:
    r = run("log", "--json")
    assert (r.exit_code, json.loads(r.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--since", "someday"], "'someday'"),
        (["--kind", "memo"], "'memo'"),
        (["--since", "2026-11-27", "--until", "2026-11-01"], "2026-11-27"),
        (["--tag", "x", "--kind", "goal"], "--tag"),
    ],
)
def test_log_bad_options_exit_2_naming_the_value(run: Run, args: list[str], named: str) -> None:
    r = run("log", *args)
    assert r.exit_code == 2
    assert named in r.stderr and r.stdout == ""


def test_log_of_an_empty_book_says_so_on_stderr(run: Run) -> None:
    r = run("log")
    assert (r.exit_code, r.stdout) == (0, "")
    assert "nothing logged yet" in r.stderr


def test_log_on_a_terminal_is_a_table(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path)
    monkeypatch.setattr("opslog.cli.log.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("PAGER", "cat")
    r = run("log", "--kind", "note", "--kind", "checkin")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["Day", "Kind", "#", "Text"]
    monday = next(line for line in lines if "2026-11-23 Mon" in line)
    assert "call 供应商 #ops  #shop" in monday
    assert "\t" not in r.stdout


def test_table_keeps_user_markup_and_escapes_inert() -> None:
    from rich.console import Console

    from opslog.domain.search import Entry
    from opslog.render.log_views import log_tables

    note = records.Note(1, "u", "ann", NOW, NOW, date(2026, 11, 27), "[bold]x[/bold] \x1b[31m")
    console = Console(record=True, width=80, force_terminal=True, color_system="standard")
    console.print(*log_tables([Entry("note", note.day, note)], top_id=1, show_author=False))
    assert "[bold]x[/bold] ^[[31m" in console.export_text()
