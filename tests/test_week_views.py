"""The weekly report's three views, compared whole."""

import io
import json
import re

import pytest

from tests.conftest import Run


@pytest.fixture
def week_of_work(run: Run) -> None:
    run("note", "kick-off 周会 #team", "-d", "mon")
    run(
        "checkin",
        "-d",
        "wed",
        "--done",
        "refund flow | v2",
        "--blocker",
        "supplier 延迟",
        "--plan",
        "call them",
        "--mood",
        "3",
    )
    run("note", "双11 recap [bold]ok[/] #release")
    run("checkin", "--done", "weekly report", "--plan", "rest", "--mood", "5")


MARKDOWN = """\
# Week 48, 2026 · 2026-11-23 – 2026-11-29 · ann

## Days

| Day | Done | Blockers | Plan | Mood | Notes |
|---|---|---|---|---|---|
| Mon 11-23 | – | | | | • kick-off 周会 #team |
| Tue 11-24 | – | | | |  |
| Wed 11-25 | refund flow \\| v2 | supplier 延迟 | call them | 3 😐 |  |
| Thu 11-26 | – | | | |  |
| Fri 11-27 | weekly report |  | rest | 5 😄 | • 双11 recap \\[bold\\]ok\\[/\\] #release |
| Sat 11-28 | – | | | |  |
| Sun 11-29 | – | | | |  |

## Stats

Check-ins 2/7 · streak 1 day · notes 2 · top tags #release ×1, #team ×1
"""


def test_markdown_is_the_whole_report_with_pipes_and_brackets_escaped(
    run: Run, week_of_work: None
) -> None:
    r = run("week", "--format", "markdown")
    assert (r.exit_code, r.stdout) == (0, MARKDOWN)


def test_json_is_the_contract(run: Run, week_of_work: None) -> None:
    doc = json.loads(run("week", "-f", "json").stdout)
    uid = doc["days"][0]["notes"][0]["uid"]
    assert re.fullmatch(r"[0-9a-f-]{36}", uid)
    assert doc == {
        "schema": "opslog.week/1",
        "week": "2026-W48",
        "start": "2026-11-23",
        "end": "2026-11-29",
        "authors": ["ann"],
        "days": [
            {
                "day": "2026-11-23",
                "checkin": None,
                "notes": [{"id": 1, "uid": uid, "text": "kick-off 周会 #team", "tags": ["team"]}],
            },
            {"day": "2026-11-24", "checkin": None, "notes": []},
            {
                "day": "2026-11-25",
                "checkin": {
                    "done": "refund flow | v2",
                    "blockers": "supplier 延迟",
                    "plan": "call them",
                    "mood": 3,
                },
                "notes": [],
            },
            {"day": "2026-11-26", "checkin": None, "notes": []},
            {
                "day": "2026-11-27",
                "checkin": {"done": "weekly report", "blockers": "", "plan": "rest", "mood": 5},
                "notes": [
                    {
                        "id": 2,
                        "uid": doc["days"][4]["notes"][0]["uid"],
                        "text": "双11 recap [bold]ok[/] #release",
                        "tags": ["release"],
                    }
                ],
            },
            {"day": "2026-11-28", "checkin": None, "notes": []},
            {"day": "2026-11-29", "checkin": None, "notes": []},
        ],
        "goals": [],
        "risks": [],
        "retro": None,
        "actions": [],
        "stats": {
            "checkin_days": 2,
            "streak": 1,
            "notes": 2,
            "top_tags": [["release", 1], ["team", 1]],
        },
        "kpis": [],
        "feedback": {
            "total": 0,
            "previous": 0,
            "change": 0,
            "categories": [],
            "channels": [],
            "new_categories": [],
            "improvements": [],
        },
    }


def test_rich_table_shows_all_seven_days_and_literal_markup(run: Run, week_of_work: None) -> None:
    import os
    from datetime import date
    from pathlib import Path

    from rich.console import Console

    from opslog.domain.dates import parse_week
    from opslog.domain.week import build_week_summary
    from opslog.render.week_table import render_week_table
    from opslog.store.db import SqliteDatabase
    from opslog.store.week import load_week

    week = parse_week("2026-W48", date(2026, 11, 27))
    db = SqliteDatabase(Path(os.environ["OPSLOG_DB"]))
    with db.read() as conn:
        summary = build_week_summary(
            load_week(conn, week, ["ann"]), week, date(2026, 11, 27), ["ann"]
        )
    console = Console(record=True, width=120, file=io.StringIO(), color_system=None)
    render_week_table(summary, console)
    text = console.export_text()
    for day in ("Mon 11-23", "Tue 11-24", "Sun 11-29"):
        assert day in text
    assert "双11 recap [bold]ok[/] #release" in text
    assert "supplier 延迟" in text and "refund flow | v2" in text


def test_an_empty_logbook_says_how_to_start(run: Run) -> None:
    r = run("week")
    assert r.exit_code == 0
    assert "opslog note" in r.stderr and "opslog checkin" in r.stderr


def test_piped_table_never_cuts_long_text(run: Run) -> None:
    long = "运营 " * 60 + "THE-END"
    run("note", long)
    out = run("week").stdout
    assert "THE-END" in out and "…" not in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_terminal_escapes_never_reach_the_output(run: Run, fmt: str) -> None:
    run("note", "evil \x1b[2J\x1b]52;c;aGk=\x07 \u202e dlrow \x9b31m")
    out = run("week", "-f", fmt).stdout
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\u202e" not in out


def test_unknown_format_and_bad_week_exit_2(run: Run) -> None:
    assert run("week", "-f", "pdf").exit_code == 2
    r = run("week", "2026-W60")
    assert (r.exit_code, "2026-W60" in r.stderr) == (2, True)


def test_a_future_week_has_no_streak(run: Run) -> None:
    run("checkin", "--done", "x")
    doc = json.loads(run("week", "2026-W53", "-f", "json").stdout)
    assert doc["stats"]["streak"] == 0


def test_a_risk_new_and_rescored_in_one_week_shows_both(run: Run) -> None:
    run("risk", "add", "supplier", "-p", "4", "-i", "4")
    run("risk", "update", "1", "--probability", "3")
    md = run("week", "-f", "markdown").stdout
    assert "| new, score 16 → 12 |" in md


def test_tags_given_with_the_option_show_beside_the_note(run: Run) -> None:
    run("note", "顺丰 pickup moved #logistics", "--tag", "物流", "--tag", "logistics")
    md = run("week", "-f", "markdown").stdout
    assert "• 顺丰 pickup moved #logistics #物流 |" in md
