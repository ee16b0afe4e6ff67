"""Line editing for the questions on a terminal: the standard library's `readline`
behind `input()` gives arrow keys, Home/End, Backspace over wide characters (in a UTF-8
locale) and a history per question (↑ offers the earlier answers to the same question,
then the answer already on record).

Why readline and not prompt_toolkit: importing `prompt_toolkit.shortcuts` cost
hundreds of times what `import readline` does (`-X importtime`, medians of 15
interleaved runs: readline about a millisecond, prompt_toolkit a third of a second or
more), for a few questions a day, and readline does what the questions need.

`readline` is imported only here, and only when `input()` will use it: when stdin and
stdout are the process's own terminal (CPython's own rule in `input()`). Off a terminal
(a pipe, a test's CliRunner) nothing is imported and nothing is remembered.

The answers are kept in `answers.json` in the data folder (0700, the file 0600), the
last `KEEP` of each question. They are written when the command ends; a flow left with
Ctrl-C or end of input ("nothing was saved") forgets what was typed in it."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

KEEP = 50  # answers remembered per question
FILE_NAME = "answers.json"

_pending: dict[str, list[str]] = {}
_started = False
_prompted = False  # readline told the prompt is already on the screen (we draw it)


def on_a_terminal() -> bool:
    """Whether `input()` reads through readline: stdin and stdout the process's own
    file descriptors 0 and 1, both terminals."""
    try:
        return (
            sys.stdin.fileno() == 0
            and sys.stdout.fileno() == 1
            and os.isatty(0)
            and os.isatty(1)
        )
    except (AttributeError, ValueError, OSError):
        return False


PLAIN, EDITED, EDITED_DRAWS_PROMPT = "plain", "edited", "edited, draws the prompt"


@contextlib.contextmanager
def editing(question: str, default: str = "") -> Iterator[str]:
    """While a question is read: EDITED when readline edits the line, loaded with this
    question's earlier answers (and `default`, the latest) as its history; PLAIN off a
    terminal, where `input()` reads a plain line.

    Pass the prompt to `input()` when edited, so readline can redraw it. The prompt is
    still ours to write on stderr, as every question's is (readline is told it is on
    the screen already), except where readline cannot be told so:
    EDITED_DRAWS_PROMPT, it draws the prompt itself, on the terminal (stdout)."""
    utf8 = _utf8_locale() if on_a_terminal() else None
    if utf8 is None:
        yield PLAIN
        return
    with _locale_environment(utf8):
        # GNU readline takes its locale from LC_ALL/LC_CTYPE/LANG, as it starts and as
        # it reads a line: the UTF-8 one is named there meanwhile, then given back.
        import readline

        _start(readline)
        readline.clear_history()
        for answer in [*_stored().get(question, []), *_pending.get(question, []), default]:
            if answer and answer != _last(readline):
                readline.add_history(answer)
        yield EDITED if _prompted else EDITED_DRAWS_PROMPT


def _utf8_locale() -> str | None:
    """readline edits characters (a Chinese one is one, two columns wide) only in a
    UTF-8 locale. Under LC_ALL=C (ssh without locale forwarding, cron, containers)
    opslog speaks UTF-8 anyway (cli/common.utf8_streams): so does readline. The locale
    to read with ("" when the current one will do), or None where no UTF-8 one exists:
    plain input() then."""
    import locale

    if locale.nl_langinfo(locale.CODESET).replace("-", "").upper() == "UTF8":
        return ""
    for name in ("C.UTF-8", "C.utf8", "en_US.UTF-8"):
        try:
            locale.setlocale(locale.LC_CTYPE, name)
            return name
        except locale.Error:
            continue
    return None


@contextlib.contextmanager
def _locale_environment(utf8: str) -> Iterator[None]:
    if not utf8:
        yield
        return
    saved = {k: os.environ.get(k) for k in ("LC_ALL", "LC_CTYPE")}
    os.environ["LC_ALL"] = os.environ["LC_CTYPE"] = utf8
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def remember(question: str, answer: str) -> None:
    """An answer to keep for the question (saved when the command ends)."""
    if answer.strip() and answer.strip() != "-":
        _pending.setdefault(question, []).append(answer.strip())


def forget() -> None:
    """The flow was left: what was typed in it is not kept."""
    _pending.clear()


def history_path() -> Path:
    from opslog.config import data_dir

    return data_dir() / FILE_NAME


def _last(readline: Any) -> str | None:
    length = readline.get_current_history_length()
    return readline.get_history_item(length) if length else None


def _start(readline: Any) -> None:
    global _started
    if _started:
        return
    _started = True
    import atexit

    readline.set_auto_history(False)  # what is kept is decided here, per question
    readline.set_completer(None)
    readline.parse_and_bind("tab: tab-insert")  # no file-name completion in an answer
    atexit.register(save)
    _tell_prompted(readline)


def _tell_prompted(readline: Any) -> None:
    """Set GNU readline's `rl_already_prompted`: "the application has displayed the
    prompt itself; it must still be passed to readline() so that redisplay can update
    the display properly" (its manual). Not in Python's module: through ctypes."""
    global _prompted
    try:
        import ctypes

        flag = ctypes.c_int.in_dll(ctypes.CDLL(readline.__file__), "rl_already_prompted")
        flag.value = 1
        _prompted = True
    except (OSError, ValueError, AttributeError, TypeError):
        _prompted = False  # libedit, or a static build: readline draws the prompt


_cache: dict[str, list[str]] | None = None


def _stored() -> dict[str, list[str]]:
    global _cache
    if _cache is None:
        _cache = {}
        try:
            data = json.loads(history_path().read_text("utf-8"))
        except (OSError, ValueError):
            data = None  # none yet, or unreadable: start afresh
        if isinstance(data, dict) and isinstance(data.get("answers"), dict):
            _cache = {
                str(q): [a for a in answers if isinstance(a, str)]
                for q, answers in data["answers"].items()
                if isinstance(answers, list)
            }
    return _cache


def save() -> None:
    """Write the answers of this command to the history file (atomically, 0600).
    A failure to write the history is not worth a word: the data is in the logbook."""
    if not _pending:
        return
    merged = dict(_stored())
    for question, answers in _pending.items():
        kept = [a for a in merged.get(question, []) if a not in answers]
        merged[question] = [*kept, *dict.fromkeys(answers)][-KEEP:]
    _pending.clear()
    path = history_path()
    try:
        from opslog.store.open import make_private_dirs

        make_private_dirs(path.parent)
        temp = path.with_name(f".{FILE_NAME}.{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"answers": merged}, handle, ensure_ascii=False, indent=0)
        os.replace(temp, path)
    except Exception:  # history is a convenience, never an error
        return
