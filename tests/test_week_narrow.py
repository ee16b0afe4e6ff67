"""`opslog week` on a narrow terminal (issue 16 item 14): below 100 columns the days and
goals are stacked blocks (the day, then its fields indented), any table that would cut a
word is too, and no line breaks inside a word; Chinese counts two columns."""

from __future__ import annotations

import re

import pytest

from opslog.render.cells import width, wrap
from opslog.terminal import Terminal
from tests.conftest import Run

SGR = re.compile(r"\x1b\[[0-9;]*m")
WORDS = ["kickoff", "Blockers", "supplier", "Refund", "analysis", "#双12", "双11", "track"]


@pytest.fixture
def week(run: Run) -> None:
    run("goal", "add", "Refund analysis 退款分析", "--metric", "refunds", "--baseline", "0",
        "--target", "10", "--start", "2026-11-01", "--due", "2026-12-31")  # fmt: skip
    run("goal", "checkin", "1", "9", "--date", "mon")
    run("note", "kickoff with the supplier for 双11 #双12", "-d", "mon")
    run("checkin", "-d", "wed", "--done", "kickoff done; 退款分析完成，明天复盘",
        "--blocker", "Blockers: supplier late", "--plan", "call them", "--mood", "3")  # fmt: skip


def shown(
    run: Run, terminal: Terminal, columns: int, lang: str = "en", *args: str
) -> list[str]:
    """`opslog week` on a terminal `columns` wide: its lines, without the colours."""
    terminal.stdout, terminal.width = True, columns
    r = run("week", *args, env={"PAGER": "cat", "OPSLOG_LANG": lang})
    assert r.exit_code == 0, r.stderr
    return SGR.sub("", r.stdout).splitlines()


@pytest.mark.usefixtures("week")
@pytest.mark.parametrize("columns", [40, 60, 80, 120])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_line_is_wider_than_the_screen_nor_breaks_a_word(
    run: Run, terminal: Terminal, columns: int, lang: str
) -> None:
    lines = shown(run, terminal, columns, lang)
    assert lines and max(width(line) for line in lines) <= columns
    text = "\n".join(lines)
    flowing = " ".join(re.split(r"[\s│┃]+", text))  # words as read, across lines or cells
    for word in WORDS:
        if lang == "en" or word != "track":
            assert word in text, (word, text)  # whole, on one line
    assert "退款分析完成，" in flowing.replace(" ", "")  # Chinese may break between characters
    stacked = columns < 100
    assert ("Mon 11-23  ✓" in text or "周一 11-23  ✓" in text) is False  # no check-in Monday
    assert any(line.startswith(("Wed 11-25  ✓", "周三 11-25  ✓")) for line in lines) is stacked
    assert any(line.startswith("#1 Refund analysis") for line in lines) is stacked
    assert ("┃ Day" in text or "┃ 日期" in text) is not stacked


@pytest.mark.usefixtures("week")
def test_a_day_and_a_goal_as_blocks_at_60_columns(run: Run, terminal: Terminal) -> None:
    lines = shown(run, terminal, 60)
    days = lines[lines.index("Days") : lines.index("Goals")]
    assert days == [
        "Days",
        "Mon 11-23  ·",
        "  Notes: • kickoff with the supplier for 双11 #双12",
        "Tue 11-24  ·",
        "Wed 11-25  ✓",
        "  Done: kickoff done; 退款分析完成，明天复盘",
        "  Blockers: Blockers: supplier late",
        "  Plan: call them",
        "  Mood: 3 😐",
        "Thu 11-26  ·",
        "Fri 11-27  ·",
        "Sat 11-28  ·",
        "Sun 11-29  ·",
        "",
    ]
    goals = lines[lines.index("Goals") :]
    assert goals[:5] == [
        "Goals",
        "#1 Refund analysis 退款分析",
        "  Baseline → latest → target: 0 → 9 → 10",
        "  Progress: █████████░ 90%  Expected: 43%  Status: on track",  # 26 of 60 days
        "  Δ week: +9  Trend: ▄",
    ]


def test_at_40_columns_long_fields_wrap_under_their_label(run: Run, terminal: Terminal) -> None:
    run("checkin", "--done", "shipped the 双11 banner, then the kickoff with the supplier "
        "team, then 退款分析", "--mood", "4")  # fmt: skip
    lines = shown(run, terminal, 40)
    friday = lines[lines.index("Fri 11-27  ✓") :][:6]
    assert friday == [
        "Fri 11-27  ✓",
        "  Done: shipped the 双11 banner, then",  # 37 columns: "the" would make 41
        "    the kickoff with the supplier team,",  # 39
        "    then 退款分析",
        "  Mood: 4 🙂",
        "Sat 11-28  ·",
    ]


def test_a_pipe_at_100_columns_or_more_keeps_its_table_and_long_lines(
    run: Run, terminal: Terminal
) -> None:
    run("note", "kickoff " * 30 + "#双12", "-d", "mon")
    terminal.width = 100  # COLUMNS=100 in a pipe: the table as before, whatever its width
    out = run("week").stdout.splitlines()
    assert out[3].split() == ["Day", "✓", "Done", "Blockers", "Plan", "Mood", "Notes"]
    assert max(width(line) for line in out) > 240


def test_a_pipe_with_narrow_columns_is_stacked(run: Run, terminal: Terminal) -> None:
    run("note", "kickoff with the supplier for 双11 #双12", "-d", "mon")
    terminal.width = 40  # COLUMNS=40 in a pipe
    out = run("week").stdout.splitlines()
    assert "Mon 11-23  ·" in out and "  Notes: • kickoff with the supplier for" in out
    assert "    双11 #双12" in out
    assert max(width(line) for line in out) <= 40


@pytest.mark.parametrize(
    ("text", "size", "lines"),
    [
        ("on track for the kickoff", 10, ["on track", "for the", "kickoff"]),
        ("Blockers resolved", 9, ["Blockers", "resolved"]),
        ("退款分析完成", 5, ["退款", "分析", "完成"]),
        ("大促，今天上线。ok", 6, ["大促，", "今天上", "线。ok"]),  # no line starts with ，
        ("note #双12 tag", 6, ["note", "#双12", "tag"]),  # a tag stays whole
        ("双11 done", 4, ["双11", "done"]),
        ("（周五）上线", 6, ["（周", "五）上", "线"]),  # brackets stay with their words
        ("supercalifragilistic", 8, ["supercal", "ifragili", "stic"]),  # alone too wide: cut
        ("a\nb c", 3, ["a", "b c"]),
    ],
)
def test_wrap_breaks_between_words_and_chinese_characters(
    text: str, size: int, lines: list[str]
) -> None:
    assert wrap(text, size) == lines
    assert all(width(line) <= size for line in lines)


@pytest.mark.usefixtures("week")
def test_a_real_terminal_60_columns_wide_gets_the_blocks() -> None:
    """End to end: the width comes from the terminal itself (no COLUMNS)."""
    import os

    from tests.fixtures.pty_session import PtySession, opslog_argv

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"PAGER": "cat"}
    term = PtySession(opslog_argv("week"), env, columns=60, rows=100)
    try:
        assert term.wait() == 0
    finally:
        term.close()
    lines = SGR.sub("", term.output.decode("utf-8")).replace("\r\n", "\n").splitlines()
    assert "Wed 11-25  ✓" in lines and "  Plan: call them" in lines
    assert max(width(line) for line in lines) <= 60


@pytest.mark.usefixtures("week")
@pytest.mark.parametrize("columns", [40, 60])
def test_the_team_week_fits_a_narrow_terminal_too(
    run: Run, terminal: Terminal, columns: int
) -> None:
    run("--author", "bob", "checkin", "--done", "supplier kickoff 供应商会议 done", "--mood", "4")
    lines = shown(run, terminal, columns, "en", "--team")
    assert max(width(line) for line in lines) <= columns
    team = "\n".join(lines[: lines.index(next(x for x in lines if x.startswith("Week ")))])
    for word in ("Blockers", "supplier", "analysis", "Progress"):
        assert word in team, (word, team)  # a table 40 wide had "Block/ers", "analysi/s"
