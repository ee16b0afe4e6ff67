"""Line editing in the questions (issue 16 item 1), on a real pseudo-terminal: arrow
keys, Backspace over Chinese characters, Home/End, and ↑ for the earlier answers to the
same question. Off a terminal readline is never imported."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.pty_session import (
    BACKSPACE,
    END,
    ENTER,
    HOME,
    LEFT,
    UP,
    PtySession,
    opslog_argv,
)

# A question asked twice, the answers printed: the prompt layer on its own.
ASK_TWICE = """
from opslog.cli.prompts import Interrupted, ask
try:
    print(repr(ask("Done today")))
    print(repr(ask("Plan for tomorrow")))
except Interrupted as exc:
    print("interrupted:", exc)
"""


@pytest.fixture
def env(private_home: Path, db_path: Path) -> dict[str, str]:
    """The test's environment for a child on a terminal (no COLUMNS: the terminal's)."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return env | {"TERM": "xterm", "PYTHONUNBUFFERED": "1"}


def printed(term: PtySession) -> list[str]:
    """What the script printed: its lines holding a repr, among the terminal's echo."""
    lines = term.output.decode("utf-8").splitlines()
    return [line for line in lines if line.startswith(("'", "interrupted"))]


def answers_file(home: Path) -> Path:
    return home / ".local" / "share" / "opslog" / "answers.json"


@pytest.mark.parametrize("locale", [{"LANG": "C.UTF-8"}, {"LC_ALL": "C"}], ids=["utf8", "C"])
def test_arrows_and_backspace_edit_a_chinese_answer(
    env: dict[str, str], locale: dict[str, str]
) -> None:
    """`退款分析x`, Backspace, ←←, `完成`: the x goes, 完成 lands before 分析, and no
    escape sequence is kept. Under LC_ALL=C too (opslog reads in UTF-8 regardless)."""
    env = {k: v for k, v in env.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE")} | locale
    term = PtySession([sys.executable, "-c", ASK_TWICE], env)
    try:
        term.expect("Done today: ")
        term.send("退款分析x" + BACKSPACE + LEFT + LEFT + "完成" + ENTER)
        term.expect("Plan for tomorrow: ")
        term.send(ENTER)
        assert term.wait() == 0
    finally:
        term.close()
    assert printed(term) == ["'退款完成分析'", "''"]


def test_the_checkin_saves_the_edited_text(env: dict[str, str], db_path: Path) -> None:
    term = PtySession(opslog_argv("checkin"), env)
    try:
        term.expect("Done today: ")
        term.send("退款分析x" + BACKSPACE + LEFT + LEFT + "完成" + ENTER)
        while term.proc.poll() is None:  # Enter at every question after it
            try:
                term.expect(r": ", timeout=15)
            except TimeoutError:
                break
            term.send(ENTER)
        assert term.wait() == 0, term.output.decode("utf-8", "replace")
    finally:
        term.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT done FROM checkin").fetchall() == [("退款完成分析",)]


def test_up_offers_earlier_answers_to_the_same_question(
    env: dict[str, str], private_home: Path
) -> None:
    """Each question has its own history: ↑ at "Done today" brings back yesterday's
    answer to it (not the plan), which Home and End then edit."""
    first = PtySession([sys.executable, "-c", ASK_TWICE], env)
    first.expect("Done today: ")
    first.send("call 供应商" + ENTER)
    first.expect("Plan for tomorrow: ")
    first.send("write 周报" + ENTER)
    assert first.wait() == 0
    kept = json.loads(answers_file(private_home).read_text("utf-8"))["answers"]
    assert kept == {"Done today": ["call 供应商"], "Plan for tomorrow": ["write 周报"]}
    assert answers_file(private_home).stat().st_mode & 0o777 == 0o600

    second = PtySession([sys.executable, "-c", ASK_TWICE], env)
    try:
        second.expect("Done today: ")
        second.send(UP + HOME + "re" + END + "!" + ENTER)
        second.expect("Plan for tomorrow: ")
        second.send(UP + UP + ENTER)  # one earlier answer only: a second ↑ stays on it
        assert second.wait() == 0
    finally:
        second.close()
    assert printed(second) == ["'recall 供应商!'", "'write 周报'"]
    kept = json.loads(answers_file(private_home).read_text("utf-8"))["answers"]
    assert kept["Done today"] == ["call 供应商", "recall 供应商!"]


def test_a_flow_left_with_ctrl_d_remembers_nothing(
    env: dict[str, str], private_home: Path
) -> None:
    term = PtySession([sys.executable, "-c", ASK_TWICE], env)
    try:
        term.expect("Done today: ")
        term.send("私密的话" + ENTER)
        term.expect("Plan for tomorrow: ")
        term.press_to_end("\x04")  # Ctrl-D: end of input, "nothing was saved"
        assert term.wait() == 0
    finally:
        term.close()
    assert printed(term) == ["'私密的话'", "interrupted: interrupted: nothing was saved"]
    assert not answers_file(private_home).exists()


def test_the_prompt_is_on_stderr_with_readline_too(env: dict[str, str]) -> None:
    """readline is told the prompt is on the screen already (rl_already_prompted): it
    edits the line on the terminal while the question goes to stderr, as every message."""
    import select

    read_end, write_end = os.pipe()
    term = PtySession([sys.executable, "-c", ASK_TWICE], env, stderr_to=write_end)
    os.close(write_end)
    err = b""
    try:
        while b"Done today: " not in err:
            assert select.select([read_end], [], [], 30)[0], err
            err += os.read(read_end, 1024)
        term.send("退款分析x" + BACKSPACE + LEFT + LEFT + "完成" + ENTER + ENTER)
        assert term.wait() == 0
    finally:
        term.close()
        while chunk := os.read(read_end, 1024):
            err += chunk
        os.close(read_end)
    assert err.decode() == "Done today: Plan for tomorrow: "
    assert printed(term) == ["'退款完成分析'", "''"]
    assert "Done today" not in term.output.decode("utf-8")  # not drawn twice


def test_off_a_terminal_readline_is_not_imported(env: dict[str, str]) -> None:
    code = ASK_TWICE + "import sys; print('readline' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], input="退款分析\x1b[D\n\n", capture_output=True,
        text=True, env=env, timeout=30, check=False,
    )  # fmt: skip
    assert done.stdout == "'退款分析\\x1b[D'\n''\nFalse\n"
    assert done.stderr == "Done today: Plan for tomorrow: "
