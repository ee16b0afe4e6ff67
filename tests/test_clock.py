"""OPSLOG_NOW pins the clock (issue 16 item 12): with an offset, the day is the day at
that offset whatever the system zone; without one, it is local time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from opslog.context import system_clock
from tests.conftest import Run


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_a_pinned_offset_gives_the_day_at_that_offset(
    monkeypatch: pytest.MonkeyPatch, new_york: None
) -> None:
    monkeypatch.setenv("OPSLOG_NOW", "2026-12-01T01:00:00+08:00")
    now = system_clock()
    assert now.date() == date(2026, 12, 1)  # in New York it is still 30 November
    assert now.utcoffset() == timedelta(hours=8)


def test_a_pinned_time_without_offset_is_local(
    monkeypatch: pytest.MonkeyPatch, new_york: None
) -> None:
    monkeypatch.setenv("OPSLOG_NOW", "2026-12-01T01:00:00")
    now = system_clock()
    assert now.date() == date(2026, 12, 1)
    assert now.utcoffset() == timedelta(hours=-5)  # EST, in New York's zone


def test_the_cli_files_a_note_on_the_offsets_day(run: Run) -> None:
    r = run("note", "x", env={"OPSLOG_NOW": "2026-12-01T01:00:00+08:00"})  # TZ=UTC here
    assert r.exit_code == 0 and "saved for 2026-12-01" in r.stderr
    assert '"created_at": "2026-11-30T17:00:00.000000+00:00"' in run("log", "--json").stdout
