"""Reliability matrix, 3: concurrency.

Four processes writing at once lose nothing and fail nothing (SQLite's busy timeout
queues the writers; every write is one short BEGIN IMMEDIATE transaction); four importing
the same export at once, while others check in on a goal and update a risk, add every
record exactly once (an import is one transaction and skips the uids already there). A
database held locked past the timeout gives a clear "busy, try again", exit 1, writes
nothing, and gives a note or a check-in back on stderr as a command that saves it once
the lock is gone; PostgreSQL waits no longer than SQLite. A check-in changed by another
opslog while its questions or its editor were open keeps the other change, and a failed
import never removes a logbook that others created meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from opslog.errors import BadInput, StoreError
from opslog.store import db as store_db
from opslog.store.db import Database
from tests.conftest import Run
from tests.fixtures.crash import export_records
from tests.fixtures.harness import (
    HERE,
    Proc,
    child_env,
    cleanup,
    count,
    dump,
    finish,
    integrity,
    memory_dir,
    opslog,
    rows,
)

# --- four processes writing at once ---------------------------------------------------

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


@pytest.mark.slow
def test_four_busy_writers_back_to_back_lose_nothing(shared_db: Path) -> None:
    """The same, with no start-up between writes: the four contend for the lock all
    the time (each process runs the command line code 50 times in a row)."""
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


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "opslog", *args], env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


@pytest.mark.slow
def test_four_imports_of_one_export_at_once_add_each_record_once(
    run: Run, shared_db: Path, tmp_path: Path
) -> None:
    assert run("goal", "add", "GMV", "--metric", "gmv", "--target", "500", "--due", "+5w"
               ).exit_code == 0  # fmt: skip
    assert run("risk", "add", "supplier", "-p", "3", "-i", "4").exit_code == 0
    records = export_records(2000, 40)
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    script = (
        "import sys\nfrom opslog.cli.app import main\n"
        "for i in range(40):\n"
        "    for args in (['goal', 'checkin', '1', str(i)], ['risk', 'update', '1', '-p',"
        " str(i % 5 + 1), '--note', f'u{i}']):\n"
        "        sys.argv = ['opslog', *args]\n"
        "        try:\n            main()\n        except SystemExit as e:\n"
        "            assert not e.code, (args, e.code)\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script], env=child_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)]  # fmt: skip
    importers = [_start("import", str(export)) for _ in range(4)]
    summaries = []
    for proc in importers + writers:
        _out, err = finish(proc, 120)
        assert proc.returncode == 0, err.decode()
        summaries.append(err.decode())
    assert integrity(shared_db) == "ok"
    added = [s for s in summaries[:4] if s.startswith(f"imported {len(records)} of")]
    assert len(added) == 1, summaries[:4]  # one import added all, the others nothing
    assert sum(s.startswith(f"imported 0 of {len(records)}") for s in summaries[:4]) == 3
    for kind in ("note", "checkin", "goal", "progress", "risk", "risk_review", "retro", "action"):
        theirs = {r["uid"] for r in records if r["kind"] == kind}
        assert theirs <= {u for (u,) in rows(shared_db, f'SELECT uid FROM "{kind}"')}, kind
    assert count(shared_db, "note") == len([r for r in records if r["kind"] == "note"])
    goal = "(SELECT uid FROM goal WHERE id = 1)"
    assert rows(shared_db, f"SELECT count(*) FROM progress WHERE goal_uid = {goal}") == [(40,)]
    assert rows(shared_db, "SELECT count(*) FROM risk_review WHERE note LIKE 'u%'") == [(40,)]


# --- a locked database ----------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another connection holds the database locked (BEGIN EXCLUSIVE) meanwhile."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


FAST = {"OPSLOG_BUSY_TIMEOUT": "0.3"}


@pytest.mark.slow
def test_a_locked_database_gives_back_the_note_to_retry(run: Run, db_path: Path) -> None:
    assert run("note", "before").exit_code == 0
    text = "shipped the 双11 banner; it's 'done' #release\nsecond line"
    with _locked(db_path):
        r = opslog("note", text, "--tag", "ops", env=FAST)
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
    with _locked(db_path):
        r = opslog("checkin", "--done", "evening 'all' done", "--blocker", "supplier late",
                   "--blocker", "QA", "--mood", "4", "--goal", "1=118.5", env=FAST)
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
    with _locked(db_path):
        r = run("checkin", input="did it\nnone\nplan b\n5\ny\nstock-out\n4\n5\nbob\nreorder\nn\n\n")
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


LOCKED_WRITES = [
    ("import", "-"),
    ("goal", "add", "G", "--metric", "m", "--target", "5", "--due", "+1w"),
    ("goal", "checkin", "1", "3"),
    ("risk", "add", "R", "-p", "2", "-i", "2"),
    ("risk", "update", "1", "-p", "5"),
    ("retro", "add", "--well", "w"),
    ("action", "add", "a"),
    ("rm", "note", "1", "--yes"),
]


@pytest.mark.slow
def test_a_locked_database_says_busy_and_writes_nothing(run: Run, db_path: Path) -> None:
    for args in (("note", "before"), ("goal", "add", "G", "--metric", "m", "--target", "5",
                                      "--due", "+1w"), ("risk", "add", "R", "-p", "1", "-i", "1")):
        assert run(*args).exit_code == 0  # fmt: skip
    line = json.dumps({"kind": "note", "uid": "0f000000-0000-4000-8000-000000000001",
                       "author": "bob", "created_at": "2026-11-27T18:00:00+00:00",
                       "updated_at": "2026-11-27T18:00:00+00:00", "day": "2026-11-27",
                       "text": "theirs"}) + "\n"  # fmt: skip
    before = dump(db_path)
    with _locked(db_path):
        for args in LOCKED_WRITES:
            r = opslog(*args, env=FAST, input=line if args[0] == "import" else None)
            assert r.exit_code == 1, f"{args}: {r.stderr}"
            assert "Traceback" not in r.stderr
            last = r.stderr.strip().splitlines()[-1]
            assert last == "opslog: the database is busy (locked by another opslog); try again", (
                f"{args}: {r.stderr}"
            )
    assert dump(db_path) == before


# --- PostgreSQL waits no longer than SQLite -------------------------------------------


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextlib.contextmanager
def _write_lock_held(pg_url: str) -> Iterator[Any]:
    """Another session holds opslog's write lock, until it unlocks or goes."""
    import psycopg

    from opslog.store.sa_db import WRITE_LOCK

    with psycopg.connect(_psycopg_url(pg_url), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        yield holder


@pytest.mark.slow
def test_postgresql_locks_time_out_like_sqlite_and_give_the_note_back(pg_url: str) -> None:
    from opslog.store.sa_db import WRITE_LOCK

    env = {"OPSLOG_DB": pg_url, "OPSLOG_BUSY_TIMEOUT": "1"}
    assert opslog("note", "before", env=env).exit_code == 0
    with _write_lock_held(pg_url) as holder:
        started = time.monotonic()
        r = opslog("note", "while locked", env=env, timeout=30)
        waited = time.monotonic() - started
        holder.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
        assert r.exit_code == 1, r.stderr
        assert waited < 15
        lines = r.stderr.strip().splitlines()
        assert lines[-1] == "opslog: the database is busy (locked by another opslog); try again"
        retry = "opslog note --date 2026-11-27 -- 'while locked'"
        assert lines[0] == f"not saved; to try again: {retry}"
        # A table another session locked: a read waits the same timeout, then says busy.
        with holder.transaction():
            holder.execute("LOCK TABLE note IN ACCESS EXCLUSIVE MODE")
            week = opslog("week", env=env, timeout=30)
        assert week.exit_code == 1, week.stderr
        assert week.stderr.strip() == (
            "opslog: the database is busy (locked by another opslog); try again"
        )
    again = opslog("note", "while locked", env=env)
    assert again.exit_code == 0
    texts = [n["text"] for n in _pg_rows(pg_url, "SELECT text FROM note ORDER BY id")]
    assert texts == ["before", "while locked"]


def _pg_rows(url: str, sql: str) -> list[dict[str, object]]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(_psycopg_url(url), row_factory=dict_row) as conn:
        return list(conn.execute(sql).fetchall())


@pytest.mark.slow
def test_a_connection_lost_while_waiting_is_one_line(pg_url: str) -> None:
    from opslog.store.sa_db import WRITE_LOCK

    env = {"OPSLOG_DB": pg_url, "OPSLOG_BUSY_TIMEOUT": "60"}
    assert opslog("note", "before", env=env).exit_code == 0
    with _write_lock_held(pg_url) as holder:
        proc = subprocess.Popen(
            [sys.executable, "-m", "opslog", "note", "lost"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(env),
        )  # fmt: skip
        # The server ends the waiting session (as when it dies): poll until it waits.
        deadline = time.monotonic() + 30
        killed = False
        while time.monotonic() < deadline and not killed:
            killed = bool(holder.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
            ).fetchall())  # fmt: skip
        _out, err = finish(proc)
        holder.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
    assert killed
    text = err.decode()
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    assert text.splitlines()[-1].startswith("opslog: lost the connection to the database (")
    assert text.splitlines()[-1].endswith("; nothing was saved")
    assert "not saved; to try again: opslog note --date 2026-11-27 -- lost" in text


def test_a_busy_timeout_of_zero_still_waits_a_moment_on_postgresql() -> None:
    from opslog.store.sa_db import _timeouts_ms

    os.environ["OPSLOG_BUSY_TIMEOUT"] = "0"
    try:
        assert _timeouts_ms() == 1  # 0 would mean "wait forever" to PostgreSQL
    finally:
        del os.environ["OPSLOG_BUSY_TIMEOUT"]
    assert _timeouts_ms() == 5000


# --- a check-in changed meanwhile keeps the other change ------------------------------


def _amend_meanwhile(*flags: str) -> None:
    """Another opslog amends the day, as `checkin --blocker … --no-input` does."""
    r = opslog("checkin", *flags, "--no-input")
    assert r.exit_code == 0, r.stderr


@pytest.fixture
def slow_questions(monkeypatch: pytest.MonkeyPatch, db_path: Path, stdin_tty: object) -> list[str]:
    """The interactive check-in on a terminal; while its questions are being answered,
    another opslog runs `checkin FLAGS --no-input` (the flags filled in by the test)."""
    import opslog.cli.checkin as module

    flags: list[str] = []
    real = module._ask

    def answered_slowly(*args: object) -> object:
        answers = real(*args)  # type: ignore[arg-type]
        _amend_meanwhile(*flags)
        return answers

    monkeypatch.setattr(module, "_ask", answered_slowly)
    return flags


def _day(db_path: Path) -> tuple[str, str, str]:
    done, blockers, plan = rows(db_path, 'SELECT done, blockers, "plan" FROM checkin')[0]
    return str(done), str(blockers), str(plan)


def test_an_interactive_checkin_writes_only_what_was_changed(
    run: Run, db_path: Path, slow_questions: list[str]
) -> None:
    assert run("checkin", "--done", "my day", "--no-input").exit_code == 0
    slow_questions += ["--blocker", "VPN down since 17:00"]
    # Enter at done and blockers (kept), a plan typed, Enter at mood, no new risk, no
    # feedback.
    r = run("checkin", input="\n\nsupplier call\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "changed meanwhile" not in r.stderr
    assert _day(db_path) == ("my day", "VPN down since 17:00", "supplier call")


@pytest.mark.parametrize(("answer", "blockers"), [("n", "VPN down"), ("y", "mine")])
def test_a_field_changed_on_both_sides_is_asked_about(
    run: Run, db_path: Path, slow_questions: list[str], answer: str, blockers: str
) -> None:
    assert run("checkin", "--done", "my day", "--no-input").exit_code == 0
    slow_questions += ["--blocker", "VPN down"]
    r = run("checkin", input=f"done better\nmine\n\n\nn\n\n{answer}\n")
    assert r.exit_code == 0, r.stderr
    assert "blockers was changed meanwhile (elsewhere) to: VPN down" in r.stderr
    assert "Replace it with yours (mine)?" in r.stderr
    assert _day(db_path) == ("done better", blockers, "")


def test_a_field_changed_at_the_last_moment_is_not_overwritten(database: Database) -> None:
    """Between the question and the write: the write transaction checks the fields the
    user changed still hold what was asked about, on every driver."""
    from opslog.store.daily import get_checkin, write_checkin

    day = date(2026, 11, 27)

    def write(
        changes: dict[str, str | int | None], expected: dict[str, str | int | None] | None
    ) -> None:
        write_checkin(database, author="ann", now="2026-11-27T17:00:00Z", day=day,
                      changes=changes, goals={}, kpis={}, risks=[], expected=expected)  # fmt: skip

    write({"blockers": "VPN down"}, None)
    with pytest.raises(StoreError, match="the check-in's blockers for 2026-11-27 changed"):
        write({"blockers": "mine", "plan": "p"}, {"blockers": ""})
    write({"plan": "p"}, {"plan": ""})
    with database.read() as conn:
        held = get_checkin(conn, "ann", day)
    assert held is not None and (held.blockers, held.plan) == ("VPN down", "p")


def _editor(tmp_path: Path, meanwhile: str, old: str, new: str) -> dict[str, str]:
    """$EDITOR: a script that runs `opslog checkin --blocker MEANWHILE` (another opslog,
    while the editor is open), then replaces OLD with NEW in the file."""
    script = tmp_path / "ed.py"
    script.write_text(
        "import pathlib, subprocess, sys\n"
        f"subprocess.run([sys.executable, '-m', 'opslog', 'checkin', '--blocker', {meanwhile!r},"
        " '--no-input'], check=True, capture_output=True)\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "t = p.read_text(encoding='utf-8')\n"
        f"p.write_text(t.replace({old!r}, {new!r}), encoding='utf-8')\n",
        encoding="utf-8",
    )
    return {"EDITOR": f"{sys.executable} {script}"}


def test_edit_checkin_keeps_a_change_made_while_the_editor_was_open(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    assert run("checkin", "--done", "my day", "--plan", "call", "--no-input").exit_code == 0
    r = run(
        "edit", "checkin", "1", env=_editor(tmp_path, "VPN down", "plan: call", "plan: call 供应商")
    )
    assert r.exit_code == 0, r.stderr
    assert _day(db_path) == ("my day", "VPN down", "call 供应商")
    # The same field changed on both sides: refused, naming it; nothing written.
    editor = _editor(tmp_path, "VPN back", "blockers: VPN down", "blockers: mine")
    r = run("edit", "checkin", "1", env=editor)
    assert r.exit_code == 1
    assert "checkin 1: blockers changed while you were editing; not saved" in r.stderr
    assert "your text is kept in" in r.stderr
    assert _day(db_path) == ("my day", "VPN back", "call 供应商")


# --- a failed import never removes a logbook others filled ----------------------------


@pytest.mark.slow
def test_a_failed_import_leaves_a_database_others_created_meanwhile(db_path: Path) -> None:
    assert not db_path.exists()
    proc = subprocess.Popen([sys.executable, "-m", "opslog", "import", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=child_env())  # fmt: skip
    assert proc.stdin is not None
    # Four times a pipe's buffer of good records: once this write returns, the import
    # is reading its input (no sleep needed to know it started).
    proc.stdin.write(_notes(1000).encode())
    proc.stdin.flush()
    # While the import reads its slow pipe, two acknowledged writes create the logbook.
    assert opslog("note", "important").exit_code == 0
    assert opslog("checkin", "--done", "my day", "--no-input").exit_code == 0
    proc.stdin.write(b'{"kind": "note", "broken\n')
    proc.stdin.close()
    proc.stdin = None  # closed: finish() must not flush it again
    _out, err = finish(proc)
    assert proc.returncode == 2, err
    assert err.decode().startswith("opslog: line 1001: bad JSON"), err
    assert db_path.exists()
    assert rows(db_path, "SELECT text FROM note") == [("important",)]
    assert rows(db_path, "SELECT done FROM checkin") == [("my day",)]
    # Nothing beside it: no private copy of the import left.
    assert {p.name for p in db_path.parent.iterdir()} <= {
        "opslog.db", "opslog.db-wal", "opslog.db-shm"
    }  # fmt: skip


def _notes(n: int) -> str:
    """An export of `n` notes (ids 1..n), as jsonl."""
    stamp = "2026-11-27T18:00:00.000000+00:00"
    return "".join(
        json.dumps({"kind": "note", "uid": f"00000000-0000-4000-8000-{i:012d}", "id": i,
                    "author": "ann", "created_at": stamp, "updated_at": stamp,
                    "day": "2026-11-27", "text": f"n{i} 笔记 " + "x" * 200, "tags": []}) + "\n"
        for i in range(1, n + 1)
    )  # fmt: skip


def test_a_failed_import_into_a_new_file_leaves_no_file(run: Run, db_path: Path) -> None:
    r = run("import", "-", input='{"kind": "note", "broken\n')
    assert r.exit_code == 2
    assert not db_path.exists()
    assert not db_path.parent.exists() or list(db_path.parent.iterdir()) == []


def test_an_import_into_a_new_file_goes_in_whole_and_private(run: Run, db_path: Path) -> None:
    """The new logbook an import makes is linked into place only once complete: every
    record there, the file 0600, no private copy left beside it."""
    lines = _notes(50)
    r = run("import", "-", input=lines)
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT count(*), min(id), max(id) FROM note") == [(50, 1, 50)]
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []
