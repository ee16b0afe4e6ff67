"""opslog action add / list / done."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run


def actions(db_path: Path) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT text, owner, due, status, done_day, retro_uid FROM action ORDER BY id"
        ).fetchall()


def test_add_reads_markers_and_prints_the_id(run: Run, db_path: Path) -> None:
    r = run("action", "add", "Check", "refunds", "@carol", "due:tomorrow")
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert actions(db_path) == [("Check refunds", "carol", "2026-11-28", "open", None, None)]


def test_add_with_flags(run: Run, db_path: Path) -> None:
    assert run("action", "add", "write runbook", "--owner", "@ann", "--due", "mon").exit_code == 0
    # a due weekday is the next one (Friday 27th: Monday 30th), not the last
    assert actions(db_path) == [("write runbook", "ann", "2026-11-30", "open", None, None)]


@pytest.mark.parametrize("args", [("x @bob", "--owner", "ann"), ("x due:fri", "--due", "mon"),
                                  ("x", "--due", "soon"), ("@bob",)])
def test_conflicts_and_bad_values_exit_2_and_write_nothing(run: Run, db_path: Path,
                                                           args: tuple[str, ...]) -> None:
    r = run("action", "add", *args)
    assert r.exit_code == 2, r.stderr
    assert actions(db_path) == []


def test_done_marks_it_done_today_once(run: Run, db_path: Path) -> None:
    run("action", "add", "x")
    assert run("action", "done", "1").exit_code == 0
    assert actions(db_path)[0][3:5] == ("done", "2026-11-27")
    again = run("action", "done", "1", "--date", "mon")
    assert (again.exit_code, again.stderr) == (
        0, "action 1 is already done (2026-11-27); nothing changed\n")
    assert actions(db_path)[0][3:5] == ("done", "2026-11-27")
    assert run("action", "done", "7").exit_code == 1


def test_list_shows_open_ones_by_due_with_overdue_marked(run: Run) -> None:
    run("action", "add", "no due")
    run("action", "add", "late one due:2026-11-20")
    run("action", "add", "finished")
    run("action", "done", "3")
    out = run("action", "list").stdout
    assert out.index("late one") < out.index("no due") and "finished" not in out
    assert "overdue" in out and "2026-W48" in out
    assert "finished" in run("action", "list", "--all").stdout


def test_list_json_has_from_week_and_overdue(run: Run) -> None:
    run("retro", "add", "--week", "last", "--action", "from the retro @bob due:2026-11-24")
    run("action", "add", "on its own")
    doc = json.loads(run("action", "list", "--json").stdout)
    assert [(a["text"], a["owner"], a["overdue"], a["from_week"]) for a in doc] == [
        ("from the retro", "bob", True, "2026-W47"), ("on its own", "", False, "2026-W48")
    ]


# --- action update (issue 16 item 5) -------------------------------------------------


def test_update_changes_text_owner_and_due(run: Run, db_path: Path) -> None:
    run("action", "add", "Follow up")
    r = run("action", "update", "1", "--owner", "@Li", "--due", "2026-12-20")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "action 1 updated: owner – → Li; due – → 2026-12-20\n"
    assert actions(db_path)[0][:3] == ("Follow up", "Li", "2026-12-20")
    r = run("action", "update", "1", "--text", "Call 华东仓 @Wang due:next-fri")
    assert r.stderr == ("action 1 updated: text Follow up → Call 华东仓; owner Li → Wang;"
                        " due 2026-12-20 → 2026-12-04\n")  # fmt: skip
    assert actions(db_path)[0][:3] == ("Call 华东仓", "Wang", "2026-12-04")
    assert run("action", "update", "1", "--due", "none", "--owner", "").exit_code == 0
    assert actions(db_path)[0][:3] == ("Call 华东仓", "", None)


def test_update_to_the_values_it_has_changes_nothing(run: Run, db_path: Path) -> None:
    run("action", "add", "x @bob due:fri")
    before = actions(db_path)
    r = run("action", "update", "1", "--owner", "bob", "--due", "2026-11-27")
    assert (r.exit_code, r.stderr) == (0, "action 1 already has those values; nothing changed\n")
    assert actions(db_path) == before


@pytest.mark.parametrize(("args", "said"), [
    ((), "nothing to change: give --text, --owner or --due"),
    (("--text", "x @a", "--owner", "b"), "two owners: --owner 'b' and @a in the text"),
    (("--text", "x due:mon", "--due", "tue"), "two due days"),
    (("--due", "someday"), "someday"),
    (("--text", "@bob"), "no text besides its markers"),
])  # fmt: skip
def test_update_refuses_bad_input_and_writes_nothing(run: Run, db_path: Path,
                                                     args: tuple[str, ...], said: str) -> None:
    run("action", "add", "keep me")
    before = actions(db_path)
    r = run("action", "update", "1", *args)
    assert r.exit_code == 2 and said in r.stderr, r.stderr
    assert actions(db_path) == before


def test_update_of_a_missing_action_exits_1(run: Run) -> None:
    r = run("action", "update", "9", "--owner", "x")
    assert (r.exit_code, r.stderr) == (1, "opslog: no action with id 9\n")
