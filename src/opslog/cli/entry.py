"""The console script's entry point: the cheapest possible start and end.

Garbage collection is off from the first line (a short-lived CLI only pays for it: ~30%
of import time), and everything alive at the end is frozen, so that the interpreter's
final collection does not walk it (~10 ms). `--version` answers without Typer.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    gc.disable()
    try:
        if sys.argv[1:] == ["--version"]:
            from opslog import __version__

            print(f"opslog {__version__}")
            return
        from opslog.cli.app import main as run_app

        run_app()
    finally:
        gc.freeze()
