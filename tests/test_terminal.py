"""The terminal facts: decided once from the real streams and the environment, then
carried on the AppContext (tests set them through the `terminal` fixture instead)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from opslog.terminal import Terminal


def test_pipes_are_not_terminals_and_have_no_width(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, io.StringIO())
    assert Terminal.detect({}) == Terminal(False, False, False, None, True)
    assert Terminal.detect({"COLUMNS": "72", "NO_COLOR": "1"}).width == 72
    assert Terminal.detect({"NO_COLOR": "1"}).color is False
    assert Terminal.detect({"COLUMNS": "wide"}).width is None
    assert Terminal.detect({"COLUMNS": "0"}).width is None


def test_a_real_terminal_is_seen_with_its_width() -> None:
    """A child on a pseudo-terminal 57 columns wide (no COLUMNS) finds all three
    streams terminals and the width from the terminal itself."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 57, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    code = "from opslog.terminal import Terminal; print(Terminal.detect())"
    done = subprocess.run(
        [sys.executable, "-c", code], stdin=child, stdout=child, stderr=child, env=env,
        timeout=30, check=False,
    )  # fmt: skip
    os.close(child)
    out = b""
    while b"\n" not in out:
        out += os.read(main, 1024)
    os.close(main)
    assert done.returncode == 0
    assert out.decode().strip() == (
        "Terminal(stdin=True, stdout=True, stderr=True, width=57, color=True)"
    )


def test_the_context_carries_the_facts_the_command_started_with() -> None:
    from opslog.config import load_settings
    from opslog.context import AppContext

    settings = load_settings({}, os.environ)
    app = AppContext(settings, terminal=Terminal(stdout=True, width=60, color=False))
    assert app.no_color is True and app.terminal.width == 60
    assert AppContext(settings).terminal == Terminal()  # a pipe unless told
