"""Output on a terminal goes through a pager, as git does: `$PAGER` if set (empty or
`cat` turns paging off), else `less -FRX` (quit at once if it fits one screen, keep the
colours, leave the text on the screen). Never when stdout is not a terminal.

Text is fed to the pager as it is drawn, so the first screen shows at once however long
the log, and quitting the pager early stops the drawing."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from opslog.context import AppContext
from opslog.terminal import Terminal

DEFAULT_PAGER = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to run, or None for none (unset PAGER means less, if installed)."""
    command = environ.get("PAGER", DEFAULT_PAGER).strip()
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


@contextlib.contextmanager
def paged(terminal: Terminal, environ: Mapping[str, str] | None = None) -> Iterator[IO[str]]:
    """A stream for the output: the pager's stdin on a terminal, else stdout."""
    env = os.environ if environ is None else environ
    command = pager_command(env) if terminal.stdout else None
    if command is None:
        yield sys.stdout
        return
    pager_env = {**env, "LESS": env.get("LESS", "FRX"), "LV": env.get("LV", "-c")}
    sys.stdout.flush()
    proc = subprocess.Popen(
        command,
        shell=True,
        stdin=subprocess.PIPE,
        env=pager_env,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert proc.stdin is not None
    try:
        yield proc.stdin
    except BrokenPipeError:
        pass  # the reader quit early (q in less): nothing more to draw
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        while True:
            try:
                proc.wait()
                break
            except KeyboardInterrupt:
                continue  # Ctrl-C belongs to the pager; wait until it exits


def show_rich(app: AppContext, renderables: Iterable[Any]) -> None:
    """Draw Rich renderables one after the other, through the pager on a terminal."""
    console = app.console()
    with paged(app.terminal) as out:
        for renderable in renderables:
            with console.capture() as capture:
                console.print(renderable)
            out.write(capture.get())
