"""Quick GIL hand-offs for the two-thread bulk paths (the export's page thread, the
import's writer thread).

In each, one thread runs Python (checking lines) while the other spends its time in
SQLite's C code with the GIL released. Each time the C-side thread comes back for the
GIL (after every SQLite step, every page or batch handed over) it waits until the
Python thread lets go, which CPython forces only after the switch interval: 5 ms by
default. A few hand-offs per page or batch, a thousand pages or batches per million
rows: seconds of the C-side thread doing nothing (the "convoy effect"). A shorter
interval for the length of the work bounds each wait at that; the Python thread is
interrupted only when the other one is waiting, so it pays one switch per hand-off.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

HANDOFF_S = 0.0005


@contextmanager
def quick_handoffs(interval: float = HANDOFF_S) -> Iterator[None]:
    """The interpreter's switch interval at most `interval` inside, as it was after
    (it is process-wide: set around the threads' work only)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, interval))
    try:
        yield
    finally:
        sys.setswitchinterval(before)
