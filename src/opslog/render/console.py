"""The Rich console every table view prints with. On a terminal: colours and boxes.
Into a pipe or a file: no colour and no box drawing (columns stay aligned), so that
`opslog goal list > goals.txt` or `| grep` reads as plain text."""

from __future__ import annotations

import os
import re
from typing import Any

from rich.console import Console, Group
from rich.table import Table

from opslog.terminal import Terminal


def _unbox(renderable: Any) -> None:
    if isinstance(renderable, Table):
        renderable.box = None
        renderable.show_edge = False
        renderable.show_lines = False
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            _unbox(part)


PIPE_WIDTH = 400


class OpslogConsole(Console):
    def print(self, *objects: Any, **kwargs: Any) -> None:
        for renderable in objects:
            if not self.is_terminal:
                _unbox(renderable)
        super().print(*objects, **kwargs)

    def _render_buffer(self, buffer: Any) -> str:
        """Into a pipe or a file, no line ends in spaces: Rich pads every table cell to
        its column's width, the last one too (`goal show | less`, a diff, an editor that
        marks trailing blanks). Only spaces before a line's end: a print ending mid-line
        (end="") keeps its spaces for the next."""
        text = super()._render_buffer(buffer)
        return text if self.is_terminal else _PADDING.sub("\n", text)


_PADDING = re.compile(r" +\n")


def make_console(terminal: Terminal, *, stderr: bool = False) -> Console:
    """A console for stdout as the terminal facts say (or for stderr, which Rich
    measures itself). A pipe has no width: lines as long as their text, not folded at
    80 columns."""
    if stderr:
        console = OpslogConsole(
            stderr=True, no_color=not terminal.color, highlight=False, emoji=False
        )
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console.width = PIPE_WIDTH
        return console
    return OpslogConsole(
        # Not a terminal: left to Rich, which still honours FORCE_COLOR in a pipe.
        force_terminal=True if terminal.stdout else None,
        width=terminal.width or PIPE_WIDTH,
        no_color=not terminal.color,
        highlight=False,
        emoji=False,
    )
