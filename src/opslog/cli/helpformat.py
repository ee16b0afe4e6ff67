"""--help in the user's language: command and option help, and the framework's own words
(Usage, Options, [default: …], "Show this message and exit.").

Help is translated when it is drawn, not when the commands are defined: Typer builds
the commands before the global callback has read the settings, and a test process
switches languages between runs. The texts are looked up as written in the code (a
command's docstring, an option's help=), so the catalogue keys are the English texts.
With lang = "en" nothing here changes a character.

Installed once by `make_app`. Typer's own words go through its module-level gettext
`_`, which is pointed at ours; Click's (vendored in Typer) through the help formatter
class and the short help of command lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from opslog.i18n import _, language

_EXTRA = re.compile(r"^(.*?)(\s{2}\[[^\]]*\])?$", re.DOTALL)


def install() -> None:
    from typer import _click
    from typer import core as typer_core

    base: Any = _click.core.Context.formatter_class
    if getattr(base, "opslog_translates", False):
        return
    _click.core.Context.formatter_class = _formatter_class(base)
    typer_core._ = lambda text: _(text)  # type: ignore[attr-defined,assignment]
    original = _click.core.Command.get_short_help_str

    def short_help(self: Any, limit: int = 45) -> str:
        if language() == "en" or not (self.short_help or self.help):
            return str(original(self, limit))
        full = _(self.short_help or self.help)
        first = full.split("\n\n")[0].replace("\n", "")
        first = first.split("。")[0] + ("。" if "。" in first else "")
        from opslog.render.cells import truncate

        return truncate(first, limit * 2)  # a Chinese character is two columns

    _click.core.Command.get_short_help_str = short_help  # type: ignore[method-assign]


def _formatter_class(base: Any) -> Any:
    class OpslogHelpFormatter(base):  # type: ignore[misc]
        opslog_translates = True

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            if language() == "en":
                super().write_heading(heading)
            else:  # 选项：, not 选项:
                self.write(f"{'':>{self.current_indent}}{heading}{_(':')}\n")

        def write_text(self, text: str) -> None:
            translated = _(text)
            if translated == text:
                super().write_text(text)
                return
            indent = " " * self.current_indent
            for line in translated.splitlines():
                self.write(f"{indent}{line}\n" if line else "\n")

        def write_dl(
            self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
        ) -> None:
            if language() == "en":
                super().write_dl(rows, col_max, col_spacing)
                return
            rows = [(first, _row_help(second)) for first, second in rows]
            _write_dl_cells(self, rows, col_max, col_spacing)

    return OpslogHelpFormatter


def _row_help(text: str) -> str:
    """An option's help, with Typer's `  [default: …; required]` kept apart (its words
    are translated where Typer makes them)."""
    m = _EXTRA.match(text)
    if m is None:
        return _(text)
    return _(m.group(1)) + (m.group(2) or "")


def _write_dl_cells(out: Any, rows: list[tuple[str, str]], col_max: int, spacing: int) -> None:
    """Click's definition list, with the second column wrapped in terminal columns (a
    Chinese character is two) rather than characters."""
    from opslog.render.cells import width as cells

    first_col = min(max((cells(a) for a, _b in rows), default=0), col_max) + spacing
    room = max(out.width - first_col - out.current_indent - 2, 20)
    for first, second in rows:
        out.write(f"{'':>{out.current_indent}}{first}")
        if not second:
            out.write("\n")
            continue
        if cells(first) <= first_col - spacing:
            out.write(" " * (first_col - cells(first)))
        else:
            out.write("\n" + " " * (first_col + out.current_indent))
        lines = wrap_cells(second, room)
        out.write(lines[0] + "\n")
        for line in lines[1:]:
            out.write(" " * (first_col + out.current_indent) + line + "\n")


def wrap_cells(text: str, size: int) -> list[str]:
    """Lines of at most `size` terminal columns: breaks at spaces, or between two
    Chinese characters, never inside an ASCII word that fits on a line."""
    from opslog.render.cells import width as cells

    tokens = re.findall(r"[ \t]+|[\x21-\x7e]+|.", text.replace("\n", " "))
    lines, line = [], ""
    for token in tokens:
        if cells(line + token) > size and line.strip():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


# Click's usage errors are plain English f-strings: recognised here by their shape and
# said again from the catalogue. Unknown shapes stay as Click wrote them.
_USAGE_ERRORS = [
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
     "No such option: {name} (possible options: {options})"),
    (r"No such option: (?P<name>\S+)", "No such option: {name}"),
    (r"Missing argument (?P<param>.+?)\.", "Missing argument {param}."),
    (r"Missing option (?P<param>.+?)\.", "Missing option {param}."),
    (r"Missing parameter (?P<param>.+?)\.", "Missing parameter {param}."),
    (r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.+)\)",  # typer._click: "(s)"
     "Got unexpected extra arguments ({args})"),
    (r"Option (?P<name>'.+') requires an argument\.", "Option {name} requires an argument."),
    (r"Option (?P<name>'.+') does not take a value\.", "Option {name} does not take a value."),
    (r"Invalid value for (?P<param>.+?): (?P<value>.+) is not a valid integer\.",
     "Invalid value for {param}: {value} is not a whole number."),
    (r"Invalid value for (?P<param>.+?): (?P<value>.+) is not a valid float\.",
     "Invalid value for {param}: {value} is not a number."),
    (r"Invalid value for (?P<param>.+?): (?P<value>.+) is not in the range (?P<range>.+)\.",
     "Invalid value for {param}: {value} is not in the range {range}."),
    (r"Invalid value for (?P<param>.+?): (?P<value>.+) is not one of (?P<choices>.+)\.",
     "Invalid value for {param}: {value} is not one of {choices}."),
    (r"Invalid value for (?P<param>.+?): (?P<reason>.+)", "Invalid value for {param}: {reason}"),
]  # fmt: skip


def usage_message(message: str) -> str:
    """Click's usage error `message` in the user's language."""
    if language() == "en":
        return message
    typo = re.fullmatch(r"(?P<error>.+?)\.? Did you mean (?P<suggestions>.+)\?", message, re.DOTALL)
    if typo:  # Typer's suggestion after a translated "No such command"
        error = typo["error"].rstrip("。.")
        return _("{error}. Did you mean {suggestions}?").format(
            error=usage_message(error), suggestions=typo["suggestions"]
        )
    for pattern, msgid in _USAGE_ERRORS:
        m = re.fullmatch(pattern, message, re.DOTALL)
        if m:
            return _(msgid).format(**m.groupdict())
    return message
