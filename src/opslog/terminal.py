"""The terminal facts a command runs with: decided once, carried on the AppContext."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from opslog.domain.plain import plain


@plain
class Terminal:
    """Where a command runs, decided once as it starts (httpie's `Environment`): which
    streams are terminals, how wide the screen is, whether colour is wanted. Commands
    ask these facts, never `isatty()` or the environment, so a test sets them in one
    place (tests/conftest.py's `terminal` fixture) instead of patching modules.

    `width` is the screen's columns on a terminal, or COLUMNS when set; None in a pipe
    with no COLUMNS (lines as long as their text). Finding it costs one ioctl: no Rich."""

    stdin: bool = False  # questions may be asked; an editor may be opened
    stdout: bool = False  # tables, colour, the pager
    stderr: bool = False  # progress bars
    width: int | None = None
    color: bool = True  # False with --no-color or NO_COLOR

    @classmethod
    def detect(cls, environ: Mapping[str, str] | None = None) -> Terminal:
        env = os.environ if environ is None else environ
        stdout = _isatty(sys.stdout)
        return cls(
            stdin=_isatty(sys.stdin),
            stdout=stdout,
            stderr=_isatty(sys.stderr),
            width=_columns(env, stdout),
            color=not env.get("NO_COLOR"),
        )


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def _columns(environ: Mapping[str, str], on_a_terminal: bool) -> int | None:
    """COLUMNS when it is a positive number, else the terminal's own width (stdout's,
    then stderr's, as Rich and shutil look), else None."""
    text = environ.get("COLUMNS", "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    if not on_a_terminal:
        return None
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns or None
        except (AttributeError, ValueError, OSError):
            continue
    return None
