"""Reliability matrix, 3: concurrency.

Four processes writing at once lose nothing and fail nothing (SQLite's busy timeout
queues the writers; every write is one short BEGIN IMMEDIATE transaction). A database
held locked past the timeout gives a clear "busy, try again", exit 1, writes nothing,
and gives the entry back on stderr as a command that saves it once the lock is gone.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from opslog.errors import BadInput
from opslog.store import db as store_db
from tests.conftest import Run
from tests.fixtures.harness import (
    Proc,
    cleanup,
    count,
    finish,
    integrity,
    memory_dir,
    opslog,
    rows,
)

WRITERS = 4
EACH = 50


def _writer(n: int) -> list[Proc]:
    """50 writes by author wN: notes and check-ins in turn, each check-in a new day."""
    env = {"OPSLOG_AUTHOR": f"w{n}"}
    out = []
    for i in range(EACH):
        if i % 2 == 0:
            out.append(opslog("note", f"w{n} note {i} #load", env=env))
        else:
            day = (date(2026, 1, 1) + timedelta(days=i)).isoformat()
            out.append(opslog("checkin", "--date", day, "--done", f"w{n} done {i}",
                              "--mood", "4", env=env))
    return out


@pytest.fixture
def shared_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = memory_dir(tmp_path) / "data" / "opslog.db"
    monkeypatch.setenv("OPSLOG_DB", str(path))
    yield path
    cleanup()


@pytest.mark.slow
def test_four_processes_writing_at_once_lose_nothing(shared_db: Path) -> None:
    db_path = shared_db
    # The database does not exist yet: the four also race to create it.
    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(_writer, range(WRITERS)))
    failures = [(r.exit_code, r.stderr) for rs in results for r in rs if r.exit_code != 0]
    assert failures == []
    assert integrity(db_path) == "ok"
    assert count(db_path, "note") + count(db_path, "checkin") == WRITERS * EACH
    for n in range(WRITERS):
        notes = rows(db_path, "SELECT text FROM note WHERE author = ? ORDER BY id", (f"w{n}",))
        assert notes == [(f"w{n} note {i} #load",) for i in range(0, EACH, 2)]
        done = rows(db_path, "SELECT done FROM checkin WHERE author = ? ORDER BY day", (f"w{n}",))
        assert done == [(f"w{n} done {i}",) for i in range(1, EACH, 2)]
    ids = [int(r.stdout) for rs in results for r in rs if r.stdout.strip()]
    assert sorted(ids) == list(range(1, WRITERS * EACH // 2 + 1))  # every note id printed
    leftovers = [p.name for p in db_path.parent.iterdir() if ".init-" in p.name]
    assert leftovers == []


def _locked(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


FAST = {"OPSLOG_BUSY_TIMEOUT": "0.3"}


@pytest.mark.slow
def test_a_locked_database_gives_back_the_note_to_retry(run: Run, db_path: Path) -> None:
    assert run("note", "before").exit_code == 0
    text = "shipped the 双11 banner; it's 'done' #release\nsecond line"
    holder = _locked(db_path)
    try:
        r = opslog("note", text, "--tag", "ops", env=FAST)
    finally:
        holder.rollback()
        holder.close()
    assert r.exit_code == 1, r.stderr
    assert "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last == "opslog: the database is busy (locked by another opslog); try again"
    assert "not saved; to try again: " in r.stderr
    assert rows(db_path, "SELECT text FROM note") == [("before",)]
    # The command given back saves exactly what was typed.
    retry = r.stderr.split("to try again: ", 1)[1].rsplit("\nopslog: ", 1)[0]
    argv = shlex.split(retry)
    assert argv[:2] == ["opslog", "note"]
    again = opslog(*argv[1:])
    assert again.exit_code == 0, again.stderr
    assert rows(db_path, "SELECT text, tags, day FROM note WHERE id = 2") == [
        (text, '["release", "ops"]', "2026-11-27")
    ]


@pytest.mark.slow
def test_a_locked_database_gives_back_the_checkin_and_writes_none_of_it(
    run: Run, db_path: Path
) -> None:
    from opslog.store.db import Location
    from opslog.store.goals import add_goal
    from opslog.store.open import open_database

    assert run("checkin", "--done", "morning", "--plan", "kept").exit_code == 0
    db = open_database(Location(path=db_path))
    with db.write() as conn:
        add_goal(conn, author="ann", now="2026-11-01T00:00:00+00:00", title="GMV",
                 metric="gmv", target=120, baseline=100, due=date(2026, 12, 31),
                 start=date(2026, 11, 1))
    db.close()
    before = {t: rows(db_path, f"SELECT * FROM {t}") for t in ("checkin", "progress", "risk")}
    holder = _locked(db_path)
    try:
        r = opslog("checkin", "--done", "evening 'all' done", "--blocker", "supplier late",
                   "--blocker", "QA", "--mood", "4", "--goal", "1=118.5", env=FAST)
    finally:
        holder.rollback()
        holder.close()
    assert r.exit_code == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].endswith("is busy (locked by another opslog); "
                                                      "try again")
    after = {t: rows(db_path, f"SELECT * FROM {t}") for t in ("checkin", "progress", "risk")}
    assert after == before
    lines = r.stderr.splitlines()
    command = lines[lines.index("not saved; to try again:") + 1].strip()
    argv = shlex.split(command)
    assert argv[:4] == ["opslog", "checkin", "--date", "2026-11-27"]
    again = opslog(*argv[1:])
    assert again.exit_code == 0, again.stderr
    assert rows(db_path, 'SELECT done, blockers, "plan", mood FROM checkin') == [
        ("evening 'all' done", "supplier late\nQA", "kept", 4)
    ]
    assert rows(db_path, "SELECT value FROM progress") == [(118.5,)]


@pytest.mark.usefixtures("stdin_tty")
def test_a_busy_interactive_checkin_gives_back_every_answer(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSLOG_BUSY_TIMEOUT", "0.1")
    assert run("note", "make the file").exit_code == 0
    holder = _locked(db_path)
    try:
        r = run("checkin", input="did it\nnone\nplan b\n5\ny\nstock-out\n4\n5\nbob\nreorder\nn\n\n")
    finally:
        holder.rollback()
        holder.close()
    assert r.exit_code == 1
    assert "opslog checkin --date 2026-11-27 --done 'did it' --blocker none --plan 'plan b' " \
           "--mood 5" in r.stderr
    assert "opslog risk add stock-out --probability 4 --impact 5 --owner bob " \
           "--mitigation reorder" in r.stderr
    assert count(db_path, "checkin") == 0 and count(db_path, "risk") == 0


def test_the_busy_timeout_defaults_to_5_s_and_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPSLOG_BUSY_TIMEOUT", raising=False)
    assert store_db.busy_timeout() == 5.0
    monkeypatch.setenv("OPSLOG_BUSY_TIMEOUT", "0.25")
    assert store_db.busy_timeout() == 0.25
    for bad in ("soon", "-1", "nan", "1e9"):
        monkeypatch.setenv("OPSLOG_BUSY_TIMEOUT", bad)
        with pytest.raises(BadInput, match="OPSLOG_BUSY_TIMEOUT"):
            store_db.busy_timeout()


@pytest.mark.slow
def test_four_busy_writers_back_to_back_lose_nothing(shared_db: Path) -> None:
    """The same, with no start-up between writes: the four contend for the lock all
    the time (each process runs the command line code 50 times in a row)."""
    import subprocess
    import sys

    from tests.fixtures.harness import HERE, child_env

    assert opslog("note", "make the file").exit_code == 0
    procs = [
        subprocess.Popen(
            [sys.executable, str(HERE / "driver.py"), "writes", str(EACH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env({"OPSLOG_AUTHOR": f"d{n}"}),
        )
        for n in range(WRITERS)
    ]
    try:
        outs = [finish(p, 120) for p in procs]
    finally:
        for p in procs:  # never leave a writer behind
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in procs] == [0] * WRITERS, [e.decode() for _, e in outs]
    assert [o.decode().count("ack write") for o, _ in outs] == [EACH] * WRITERS
    assert integrity(shared_db) == "ok"
    assert count(shared_db, "note") + count(shared_db, "checkin") == 1 + WRITERS * EACH
