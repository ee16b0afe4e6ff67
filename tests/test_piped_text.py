"""Piped plain text ends no line in spaces: Rich pads a table's cells to their column's
width, the last one too, and `opslog goal show | less`, a diff or an editor that marks
trailing blanks showed every line of `goal show` ending in spaces. The everyday text
commands, in English and in Chinese, on the sample logbook (examples/sample.jsonl), with
stdout and stderr pipes as the tests' terminal facts have them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"

COMMANDS = [
    "week", "week last", "week --format markdown", "report 2026-11", "report 2026-11 --team",
    "report 2026-11 --format markdown", "report 2026-11 --format chat", "log", "log --kind goal",
    "search refund", "goal list", "goal list --all", "goal show 1", "goal show 2", "risk list",
    "risk show 1", "action list", "action list --all", "retro show 2026-W47",
    "kpi list", "kpi show 1", "kpi show 转化率", "feedback list", "feedback top",
    "feedback impact 物流", "author list", "team status", "info", "help dates", "--help",
    "goal --help",
    "note 'a note #ops'", "checkin --done shipped --no-input", "goal checkin 1 115",
    "kpi record 流量 9000",
]  # fmt: skip


def padded(text: str) -> list[str]:
    return [line for line in text.splitlines() if line != line.rstrip(" \t")]


def test_the_check_sees_padding() -> None:
    assert padded("a\nb  \n c\n") == ["b  "] and padded("a\n\n") == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_piped_line_ends_in_spaces(run: Run, lang: str) -> None:
    import shlex

    assert run("import", str(SAMPLE)).exit_code == 0
    lin = {"OPSLOG_AUTHOR": "lin"}
    assert run("feedback", "add", "物流慢", "--category", "物流", env=lin).exit_code == 0
    assert run("feedback", "link", "物流", "--action", "2", env=lin).exit_code == 0
    found = {}
    for command in COMMANDS:
        r = run(*shlex.split(command), env={"OPSLOG_LANG": lang, "OPSLOG_AUTHOR": "lin"})
        assert r.exit_code == 0, (command, r.stderr)
        assert r.stdout.strip() or r.stderr.strip(), command
        lines = padded(r.stdout) + padded(r.stderr)
        if lines:
            found[command] = lines[:3]
    assert not found, found
