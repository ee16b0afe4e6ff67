"""The console script's entry point: the cheapest possible start.

Garbage collection is switched off before anything is imported (a short-lived CLI
only pays for it: ~30% of import time), and `--version` answers without importing Typer.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    gc.disable()
    if sys.argv[1:] == ["--version"]:
        from opslog import __version__

        print(f"opslog {__version__}")
        return
    from opslog.cli.app import main as run_app

    run_app()
