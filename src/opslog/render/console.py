"""The Rich console every table view prints with. On a terminal: colours and boxes.
Into a pipe or a file: no colour and no box drawing (columns stay aligned), so that
`opslog goal list > goals.txt` or `| grep` reads as plain text."""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console, Group
from rich.table import Table


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
        if not self.is_terminal:
            for renderable in objects:
                _unbox(renderable)
        super().print(*objects, **kwargs)


def make_console(*, stderr: bool = False, no_color: bool = False) -> Console:
    console = OpslogConsole(stderr=stderr, no_color=no_color, highlight=False, emoji=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # A pipe has no width: lines as long as their text, not folded at 80 columns.
        console.width = PIPE_WIDTH
    return console
