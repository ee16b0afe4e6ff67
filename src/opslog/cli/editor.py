"""Edit text in the user's editor through a private temp file, as git and jrnl do
(Typer >= 0.26 no longer ships `typer.edit`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from opslog.domain.plain import plain
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _
from opslog.terminal import Terminal

FALLBACK_EDITORS = ("editor", "nano", "vi")  # only on a terminal, when none is set


def editor_command(environ: Mapping[str, str], terminal: Terminal) -> str:
    """$VISUAL, then $EDITOR (a shell command, like `code --wait`), else a terminal
    editor that is installed; BadInput when there is none to run."""
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            return value
    if terminal.stdin and terminal.stdout:
        for program in FALLBACK_EDITORS:
            if shutil.which(program):
                return program
    raise BadInput(_("no editor: set $VISUAL or $EDITOR (for example: export EDITOR=nano)"))


@plain
class Edited:
    text: str
    path: Path  # the temp file, kept when the text could not be saved

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def edit_text(
    initial: str, label: str, terminal: Terminal, environ: Mapping[str, str] | None = None
) -> Edited:
    """Open `initial` in the editor; return what was saved (CRLF as LF, trailing blanks
    off). The file is created 0600; the caller discards it once the text is safe."""
    env = os.environ if environ is None else environ
    command = editor_command(env, terminal)
    fd, name = tempfile.mkstemp(prefix=f"opslog-{label}-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(initial.rstrip("\n") + "\n")
        # As git does: the editor string goes through the shell, the path as "$1". The
        # shell waits out a Ctrl-C (`trap :`; the editor still gets it, as it would
        # anyway) instead of dying of it and leaving the editor running on its own.
        argv = [f'trap : INT QUIT; {command} "$@"', command, str(path)]
        status = _run_editor(argv)
        if status in (-signal.SIGINT, 128 + signal.SIGINT):  # the editor died of Ctrl-C
            from opslog.cli.prompts import Interrupted

            raise Interrupted(_("interrupted: nothing was saved"))
        if status == 127:
            raise OpslogError(
                _("cannot run the editor ({command}): not found; nothing changed").format(
                    command=command
                )
            )
        if status != 0:
            raise OpslogError(
                _("the editor ({command}) exited with status {status}; nothing changed").format(
                    command=command, status=status
                )
            )
        raw = path.read_bytes()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("the edited text is not valid UTF-8 (byte {start}); it is kept in {path}").format(
                start=exc.start, path=path
            )
        ) from exc
    return Edited(text.replace("\r\n", "\n").rstrip(), path)


def _run_editor(argv: list[str]) -> int:
    """The editor's exit status. Ctrl-C is the editor's while it runs, as in git: vi
    and nano read it as a key, and opslog must not kill them (and the edit) for it."""
    import threading

    editor = subprocess.Popen(argv, shell=True)
    if threading.current_thread() is not threading.main_thread():
        return editor.wait()  # signal handlers belong to the main thread
    was_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    was_quit = signal.signal(signal.SIGQUIT, signal.SIG_IGN)
    try:
        return editor.wait()
    finally:
        signal.signal(signal.SIGINT, was_int)
        signal.signal(signal.SIGQUIT, was_quit)


# --- forms: several fields in one buffer ---------------------------------------------


def render_form(sections: list[tuple[str, str | list[str]]]) -> str:
    """`label: value` sections; a list is one `- item` line per item (an item's later
    lines indented by two spaces)."""
    lines: list[str] = []
    for label, value in sections:
        if isinstance(value, list):
            lines.append(f"{label}:")
            lines.extend("- " + item.replace("\n", "\n  ") for item in value)
        else:
            lines.append(f"{label}: {value}".rstrip())
    return "\n".join(lines)


def parse_form(text: str, labels: list[str], lists: frozenset[str]) -> dict[str, str | list[str]]:
    """Read back what render_form wrote (and the user changed). A section runs from its
    `label:` line (at the start of a line, any case) to the next; BadInput when a label
    is missing or text stands before the first one."""
    import re

    header = re.compile(
        r"^(" + "|".join(re.escape(lb) for lb in labels) + r")[ \t]*:(.*)$", re.IGNORECASE
    )
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        m = header.match(line)
        if m:
            label = next(lb for lb in labels if lb.lower() == m.group(1).lower())
            if label in found:
                raise BadInput(_("the form has '{label}:' twice").format(label=label))
            current = found[label] = [m.group(2).strip()]
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise BadInput(
                _("text before the first field ({labels}:): {strip!r}").format(
                    labels=labels[0], strip=line.strip()[:40]
                )
            )
    missing = [lb for lb in labels if lb not in found]
    if missing:
        raise BadInput(_("the form has no '{missing}:' line").format(missing=missing[0]))
    return {lb: _items(found[lb]) if lb in lists else "\n".join(found[lb]).strip() for lb in labels}


def _items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if line[:1] in (" ", "\t") and items and not stripped.startswith(("- ", "• ", "* ")):
            items[-1] += "\n" + stripped
        else:
            for marker in ("- ", "• ", "* "):
                if stripped.startswith(marker):
                    stripped = stripped[len(marker) :].strip()
                    break
            if stripped:
                items.append(stripped)
    return items
