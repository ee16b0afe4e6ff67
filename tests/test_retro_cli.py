"""opslog retro add / list / show: one retro per author per week, actions from markers."""

from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run
from tests.fixtures.harness import table


def test_add_with_flags_saves_the_weeks_retro(run: Run, db_path: Path) -> None:
    r = run("retro", "add", "--well", "双11 banner on time", "--well", "team helped",
            "--improve", "late stock data")
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert table(db_path, "SELECT week, day, went_well, to_improve FROM retro") == [
        ("2026-W48", "2026-11-27", '["双11 banner on time", "team helped"]', '["late stock data"]')
    ]


def test_action_markers_make_an_open_action_of_the_retro(run: Run, db_path: Path) -> None:
    r = run("retro", "add", "--action", "Call the supplier @bob due:2026-11-25")
    assert r.exit_code == 0, r.stderr
    assert "new action #1" in r.stderr
    assert table(db_path, "SELECT a.text, a.owner, a.due, a.status, r.week FROM action a"
                          " JOIN retro r ON r.uid = a.retro_uid") == [
        ("Call the supplier", "bob", "2026-11-25", "open", "2026-W48")
    ]


def test_adding_again_appends_to_the_same_row(run: Run, db_path: Path) -> None:
    run("retro", "add", "--week", "last", "--well", "a", "--improve", "x")
    r = run("retro", "add", "--week", "2026-W47", "--well", "b", "--well", "a")
    assert "added to: 2 went well, 1 to improve" in r.stderr
    assert table(db_path, "SELECT week, day, went_well, to_improve FROM retro") == [
        ("2026-W47", "2026-11-22", '["a", "b"]', '["x"]')
    ]


@pytest.mark.parametrize("args", [("--week", "2026-W99"), ("--action", "@bob due:fri"),
                                  ("--action", "x due:someday"), ("--well", " ")])
def test_bad_input_exits_2_and_writes_nothing(run: Run, db_path: Path,
                                              args: tuple[str, ...]) -> None:
    r = run("retro", "add", "--well", "ok", *args)
    assert r.exit_code == 2, r.stderr
    assert table(db_path, "SELECT id FROM retro UNION ALL SELECT id FROM action") == []


def test_no_flags_off_a_terminal_is_refused(run: Run) -> None:
    r = run("retro", "add")
    assert (r.exit_code, "nothing to add" in r.stderr) == (2, True)


def test_terminal_asks_one_item_per_line(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("retro", "add", input="fast replies\nbanner\n\nstock data\n\n"
                                  "fix feed @ann due:+1w\nbad @a @b\nsecond\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Went well 1" in r.stderr and "names 2 owners" in r.stderr
    assert table(db_path, "SELECT went_well, to_improve FROM retro") == [
        ('["fast replies", "banner"]', '["stock data"]')
    ]
    assert table(db_path, "SELECT text, owner, due FROM action ORDER BY id") == [
        ("fix feed", "ann", "2026-12-04"), ("second", "", None)
    ]


def test_eof_at_a_question_writes_nothing(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("retro", "add", input="fast replies\n\nstock\n\nan action\n")
    assert r.exit_code == 130
    assert table(db_path, "SELECT id FROM retro UNION ALL SELECT id FROM action") == []


def test_list_shows_weeks_latest_first_with_open_actions(run: Run) -> None:
    run("retro", "add", "--week", "last", "--well", "w47 good", "--action", "a", "--action", "b")
    run("retro", "add", "--well", "w48 good")
    run("action", "done", "1")
    out = run("retro", "list").stdout
    assert out.index("2026-W48") < out.index("2026-W47")
    assert "w47 good" in out and "1 open / 2" in out


def test_show_prints_the_retro_and_its_actions(run: Run) -> None:
    run("retro", "add", "--week", "last", "--well", "快", "--improve", "slow stock",
        "--action", "Call supplier @bob due:2026-11-20")
    out = run("retro", "show", "last").stdout
    assert "Retro 2026-W47" in out and "• 快" in out and "• slow stock" in out
    assert "Call supplier" in out and "bob" in out and "overdue" in out


def test_show_a_week_without_a_retro_is_not_found(run: Run) -> None:
    r = run("retro", "show", "2026-W40")
    assert (r.exit_code, "no retro for 2026-W40" in r.stderr) == (1, True)


def test_terminal_with_nothing_entered_saves_nothing(run: Run, db_path: Path,
                                                     stdin_tty: Terminal) -> None:
    r = run("retro", "add", input="\n\n\n")
    assert (r.exit_code, "nothing saved" in r.stderr) == (0, True)
    assert table(db_path, "SELECT id FROM retro") == []
