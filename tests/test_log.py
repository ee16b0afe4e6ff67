import json
import re
from datetime import date
from pathlib import Path

import pytest

from opslog.domain import records
from tests.conftest import Run
from tests.fixtures.clock import NOW
from tests.fixtures.records import seed


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


@pytest.mark.usefixtures("stdout_tty")
def test_log_on_a_terminal_is_a_table(run: Run, db_path: Path) -> None:
    seed(db_path)
    r = run("log", "--kind", "note", "--kind", "checkin")
    lines = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout).splitlines()  # bold headings on a terminal
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
