"""Chinese views put full-width separators after Chinese words: "计算方式：求和", not
"计算方式: 求和"; a list "A、B", not "A, B". The separators come from the catalogue
(i18n.colon, comma and joined: its SEPARATORS table), so English is unchanged. The
everyday views, on a terminal and in a pipe, on the sample logbook; user text that has a
half-width colon or comma of its own after a Chinese character ("2件9折, 3件85折") is
the user's and is left out.
The piped log and search (tab-separated, for cut and awk), JSON and CSV are not views."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"

VIEWS = [
    "week", "week last", "week --format markdown", "week --format chat", "week --team",
    "report 2026-11", "report 2026-11 --team", "report 2026-11 --format markdown",
    "report 2026-11 --format chat", "goal list", "goal show 1", "goal show 2", "risk list",
    "risk show 1", "risk show 2", "action list --all", "retro show 2026-W47", "kpi list",
    "kpi show 1", "kpi show 3", "kpi show 转化率", "feedback list", "feedback top",
    "feedback impact 物流", "author list", "team status", "team status last", "info",
    "export --format markdown",
]  # fmt: skip
ON_A_TERMINAL = ["log", "log --kind goal", "search refund"]  # a table there, not tab-separated

# A Chinese character (or full-width punctuation), perhaps a space, then : or , .
HALF_WIDTH = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef] ?[:,](?=\s|$|[^\d/])")


def half_width(text: str, user_text: str) -> list[str]:
    """The lines with a half-width colon or comma after a Chinese character that the
    user did not type there."""
    found = []
    for line in text.splitlines():
        for m in HALF_WIDTH.finditer(line):
            if line[m.start() : m.end() + 1] not in user_text:
                found.append(line.strip()[:120])
                break
    return found


def test_the_check_sees_half_width_separators() -> None:
    user = "双12 bundles: 2件9折, 3件85折"
    assert half_width("计算方式: 求和\n计算方式：求和\n原因, 结果", user) == [
        "计算方式: 求和", "原因, 结果"]  # fmt: skip
    assert half_width(user, user) == [] and half_width("2026-11-27 18:00", user) == []


def test_the_separators_are_unchanged_in_english() -> None:
    from opslog.i18n import colon, comma, joined, set_language

    set_language("en")
    assert (colon(), comma(), joined(["a", "b"])) == (": ", ", ", "a, b")
    set_language("zh")
    try:
        assert (colon(), comma(), joined(["甲", "乙"])) == ("：", "，", "甲、乙")
    finally:
        set_language("en")


def test_chinese_views_use_full_width_separators(
    run: Run, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("import", str(SAMPLE)).exit_code == 0
    lin = {"OPSLOG_AUTHOR": "lin"}
    assert run("feedback", "add", "物流慢", "--category", "物流", env=lin).exit_code == 0
    assert run("feedback", "link", "物流", "--action", "2", env=lin).exit_code == 0
    user_text = SAMPLE.read_text(encoding="utf-8")
    monkeypatch.setenv("PAGER", "cat")
    terminal.color = False  # the separators, not colour codes, next to the words
    found: dict[str, list[str]] = {}
    for tty in (False, True):
        terminal.stdout = tty
        for command in VIEWS + (ON_A_TERMINAL if tty else []):
            r = run(*shlex.split(command), env={"OPSLOG_LANG": "zh", **lin})
            assert r.exit_code == 0, (command, r.stderr)
            lines = half_width(r.stdout + r.stderr, user_text)
            if lines:
                found[f"{command} ({'terminal' if tty else 'pipe'})"] = lines[:4]
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
