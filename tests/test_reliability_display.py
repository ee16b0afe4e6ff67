"""Reliability matrix, 2: hostile text stays inert in note, checkin and week.

Text typed into opslog is shown later, in a terminal, in a Markdown document pasted
into chat, or in JSON read by a script. None of it may act: no Rich markup or emoji
code interpreted, no escape sequence (screen clear, OSC 52 clipboard write, OSC 8
link), no C1 control, no BEL, no bidi override that reorders what the reader sees, no
`|` or newline that breaks a Markdown table row, no raw control character in JSON. And
the text must still be there to read.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.display import FRAGMENTS, PAGER_CONTROLS, VISIBLE, run_in_pty
from tests.fixtures.harness import FORBIDDEN, SGR, child_env, forbidden, opslog

ALL_IN_ONE = " ".join(FRAGMENTS.values()) + "\nsecond line | 双11 🎉"
BOX = re.compile(r"[\s│┃┆┊║|•]")  # table rules, bullets and the folding whitespace


@pytest.fixture
def hostile_week(run: Run, db_path: Path) -> Path:
    """Wednesday: each fragment as its own note (nothing else in that row, so a folded
    cell reads back in order). Friday: a check-in and a note with everything at once."""
    for fragment in FRAGMENTS.values():
        r = run("note", "--date", "2026-11-25", fragment)
        assert r.exit_code == 0, r.stderr
        assert not forbidden(r.stderr), r.stderr
    r = run("checkin", "--done", ALL_IN_ONE, "--blocker", ALL_IN_ONE, "--plan", ALL_IN_ONE,
            "--mood", "3")
    assert r.exit_code == 0, r.stderr
    assert run("note", ALL_IN_ONE).exit_code == 0
    # A second author whose name is hostile too (config refuses C0 controls only).
    assert run("--author", "m\u202eallory[b]\x9b", "note", "hi").exit_code == 0
    return db_path


def _wednesday_cells(table: str) -> str:
    """The Wednesday row of the Days table, cell text joined (rules and folds removed)."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if "Wed 11-25" in line)
    row = [lines[start]]
    for line in lines[start + 1 :]:
        if re.search(r"(Mon|Tue|Thu|Fri|Sat|Sun) 11-", line) or line.startswith("└"):
            break
        row.append(line)
    return BOX.sub("", "".join(row))


def _assert_inert(output: str) -> None:
    assert not forbidden(output), f"raw control characters in the output: {forbidden(output)}"


@pytest.mark.slow
@pytest.mark.parametrize("team", [False, True], ids=["own", "team"])
def test_table_view_in_a_real_process_is_inert_and_readable(hostile_week: Path,
                                                            team: bool) -> None:
    r = opslog("week", *(["--team"] if team else []), env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    _assert_inert(r.stdout)
    assert "\x1b" not in r.stdout  # not a terminal: no colour codes either
    assert "😄" not in r.stdout
    cells = _wednesday_cells(r.stdout)
    for name, shown in VISIBLE.items():
        assert BOX.sub("", shown) in cells, name
    assert "[bold red]loud[/bold red]" in r.stdout  # markup shown, not applied
    assert "双11 🎉" in r.stdout
    if team:
        assert "m<U+202E>allory[b]<U+009B>" in r.stdout




@pytest.mark.slow
@pytest.mark.parametrize("pager", ["cat", "less -FRX"], ids=["no-pager", "less"])
def test_table_view_on_a_terminal_sends_colours_only(hostile_week: Path, pager: str) -> None:
    if pager != "cat" and not shutil.which("less"):
        pytest.skip("less is not installed")
    env = child_env({"TERM": "xterm-256color", "COLUMNS": "200", "PAGER": pager})
    env.pop("NO_COLOR", None)
    # Tall enough for the team page and every report: less -F then exits by itself.
    code, out = run_in_pty(["week", "--team"], env, rows=200)
    assert code == 0, out
    assert SGR.search(out), "expected colour on a terminal"
    plain = PAGER_CONTROLS.sub("", SGR.sub("", out))
    assert "\x1b" not in plain, repr(plain[plain.index("\x1b") - 40 : plain.index("\x1b") + 40])
    _assert_inert(plain.replace("\r", ""))  # the terminal turns \n into \r\n
    cells = _wednesday_cells(plain.replace("\r", ""))
    for name, shown in VISIBLE.items():
        assert BOX.sub("", shown) in cells, name


@pytest.mark.slow
def test_markdown_view_escapes_and_keeps_every_row_one_line(hostile_week: Path) -> None:
    r = opslog("week", "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    _assert_inert(out)
    lines = out.splitlines()
    start = lines.index("| Day | Done | Blockers | Plan | Mood | Notes |")
    rows = lines[start + 2 : start + 9]
    assert [row[:12] for row in rows] == [
        "| Mon 11-23 ", "| Tue 11-24 ", "| Wed 11-25 ", "| Thu 11-26 ", "| Fri 11-27 ",
        "| Sat 11-28 ", "| Sun 11-29 ",
    ]
    for row in rows:  # 7 cell borders: no `|` from the text, no newline splits a row
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row
    assert lines[start + 9] == ""
    wednesday = rows[2]
    for fragment in ("\\[bold red\\]loud\\[/bold red\\]", ":smile:", "^\\[\\[2J",
                     "\\<U+202E\\>gnp.exe", "a\\|b", "\\&#x202E;", "ding^G"):
        assert fragment in wednesday, fragment
    assert "second line \\| 双11 🎉" in rows[4] and "<br>" in rows[4]


@pytest.mark.slow
def test_json_view_escapes_controls_and_round_trips_the_text(hostile_week: Path) -> None:
    r = opslog("week", "--format", "json")
    assert r.exit_code == 0, r.stderr
    _assert_inert(r.stdout)
    doc = json.loads(r.stdout)
    friday = doc["days"][4]
    assert friday["checkin"]["done"] == ALL_IN_ONE
    assert friday["checkin"]["blockers"] == ALL_IN_ONE
    assert [n["text"] for n in doc["days"][2]["notes"]] == list(FRAGMENTS.values())
    assert "\\u001b[2J" in r.stdout and "\\u202e" in r.stdout and "\\u009b" in r.stdout
    r = opslog("week", "--format", "json", "--team")
    assert r.exit_code == 0
    _assert_inert(r.stdout)
    assert "m\u202eallory[b]\x9b" in json.loads(r.stdout)["authors"]


def test_messages_on_stderr_are_inert_too(run: Run, db_path: Path) -> None:
    r = run("note", "x #tag", "--tag", "ok")
    assert r.exit_code == 0
    r = run("note", "x", "--date", "\x1b[2J")
    assert r.exit_code == 2 and "\x1b" not in r.stderr and "\\x1b[2J" in r.stderr
    r = run("week", "\u202e2026-W48")
    assert r.exit_code == 2 and not FORBIDDEN.search(r.stderr), r.stderr
