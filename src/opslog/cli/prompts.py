"""Questions on a terminal. Prompts go to stderr (with line editing on a terminal:
cli/lineedit.py); a bad answer asks again; Ctrl-C or end of input raises
`Interrupted`, so a flow can leave without writing anything."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from opslog.errors import OpslogError
from opslog.i18n import _
from opslog.render.safe import inert, one_line

T = TypeVar("T")


class Interrupted(OpslogError):
    exit_code = 130


class Back(Exception):
    """`<` typed at a question that allows it: go back to the question before."""


BACK = "<"


def ask(label: str, default: str = "", *, back: bool = False, remember: bool = True) -> str:
    # Labels and defaults hold user text (a goal's title, this morning's answer):
    # shown inert, like everywhere else.
    shown = f" [{one_line(default)}]" if default else ""
    prompt = f"{one_line(label)}{shown}: "
    from opslog.cli import lineedit

    try:
        # Inside the try: Ctrl-C can land while the prompt is being written, before
        # input() has started to read.
        with lineedit.editing(label, default) as how:
            if how != lineedit.EDITED_DRAWS_PROMPT:
                sys.stderr.write(prompt)
                sys.stderr.flush()
            # Edited: readline (arrows, Home/End, wide characters, ↑ for earlier
            # answers) is given the prompt, to redraw it when the line changes.
            line = input() if how == lineedit.PLAIN else input(prompt)
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\n")
        lineedit.forget()
        raise Interrupted(_("interrupted: nothing was saved")) from None
    if any("\ud800" <= c <= "\udfff" for c in line):
        sys.stderr.write("  " + _("not valid UTF-8; type it again") + "\n")
        return ask(label, default, back=back, remember=remember)
    if "\x00" in line:
        sys.stderr.write("  " + _("a NUL byte is not text; type it again") + "\n")
        return ask(label, default, back=back, remember=remember)
    answer = line.strip()
    if answer == BACK and back:
        raise Back
    if remember:
        lineedit.remember(label, line)
    if answer == "-":
        return ""  # "-" clears what was there (or skips); Enter keeps it
    return answer or default


def ask_parsed(
    label: str, parse: Callable[[str], T], default: str = "", *, back: bool = False
) -> T | None:
    """Ask until `parse` accepts the answer; Enter on an empty default, or `-`, skips
    (None)."""
    while True:
        answer = ask(label, default, back=back)
        if not answer:
            return None
        try:
            return parse(answer)
        except OpslogError as exc:
            sys.stderr.write(f"  {inert(str(exc))}\n")


def ask_text(
    label: str, what: str, default: str = "", *, short: bool = False, back: bool = False
) -> str:
    """A line of free text, checked like a flag would be; a bad answer asks again."""
    from opslog.domain.text import clean_short, clean_text

    check = clean_short if short else clean_text
    while True:
        answer = ask(label, default, back=back)
        try:
            return check(answer, what, required=False)
        except OpslogError as exc:
            sys.stderr.write(f"  {inert(str(exc))}\n")


YES = ("y", "yes", "是", "好")
NO = ("", "n", "no", "否", "不")


def ask_yes(label: str, *, back: bool = False) -> bool:
    """y/yes (是) or n/no (否), Enter for no; anything else asks again."""
    while True:
        answer = ask(f"{label} {_('[y/N]')}", back=back, remember=False).lower()
        if answer in YES:
            return True
        if answer in NO:
            return False
        sys.stderr.write("  " + _("answer y or n (Enter: no)") + "\n")
