"""Reliability matrix, 4 and 5 on the team database (issue 17): the server SIGKILLed
under writers and an import, a COMMIT whose answer never came, the opslog process
SIGKILLed mid-import and mid-write, and a read-only role. A full disk is SQLite's alone.

The tests that kill the server run on a cluster of their own (fsync on, as a real
one), never on the session-wide one the other tests share."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.crash import SEED, export_records, kill_after, spawn
from tests.fixtures.harness import Proc, child_env, finish, opslog
from tests.pg import Cluster, pg_bin, reset

pytestmark = pytest.mark.slow

BASE = date(2020, 1, 1)


def _plain(url: str) -> str:
    return url.split("?", 1)[0].replace("postgresql+psycopg://", "postgresql://")


def _sql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(_plain(url), autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A server of this module's own, to kill and restart."""
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI")
        pytest.skip("PostgreSQL server binaries not installed")
    own = Cluster(fast=False)
    try:
        own.start()
        own.create_database()
        yield own
    finally:
        own.remove()


@pytest.fixture
def own_url(cluster: Cluster) -> str:
    reset(cluster.url)
    return cluster.url


def _one_clear_line(r: Proc) -> str:
    """The failure's own line: exit 1, no traceback, one `opslog:` line, the last."""
    assert r.exit_code == 1, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    said = [line for line in r.stderr_lines if line.startswith("opslog: ")]
    assert len(said) == 1 and r.stderr_lines[-1] == said[0], r.stderr
    return said[0]


def _write_records(path: Path, n: int) -> set[str]:
    records = export_records(n, 40)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return {str(r["uid"]) for r in records}


KINDS = ("note", "checkin", "goal", "progress", "risk", "risk_review", "retro", "action")


def _imported(url: str, uids: set[str]) -> int:
    return sum(
        sum(1 for (u,) in _sql(url, f'SELECT uid FROM "{kind}"') if u in uids) for kind in KINDS
    )


def _uids(url: str) -> dict[str, str]:
    """uid → the whole row, of every kind: what "as before" compares."""
    found: dict[str, str] = {}
    for kind in KINDS:
        for row in _sql(url, f'SELECT uid, * FROM "{kind}"'):
            found[str(row[0])] = repr(row)
    return found


def _two_goals(env: dict[str, str]) -> None:
    for title in ("GMV", "Refunds"):
        r = opslog("goal", "add", title, "-m", title.lower(), "--target", "100",
                   "--due", "2100-01-01", "--start", "1999-12-01", env=env)  # fmt: skip
        assert r.exit_code == 0, r.stderr


# --- the server killed under writers and an import -----------------------------------


@dataclass
class Writer:
    """`opslog note` and `opslog checkin --no-input` in turn, each its own process,
    until told to stop; every outcome kept."""

    k: int
    env: dict[str, str]
    stop: threading.Event
    outcomes: list[tuple[str, int, Proc]] = field(default_factory=list)

    def day(self, i: int) -> str:
        return (BASE + timedelta(days=self.k * 1000 + i)).isoformat()

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            if i % 2 == 0:
                args: tuple[str, ...] = ("note", "--date", self.day(i), f"w{self.k} note {i}")
            else:
                args = ("checkin", "--no-input", "--date", self.day(i), "--done",
                        f"w{self.k} done {i}", "--goal", f"1={i}", "--goal", f"2={-i}")  # fmt: skip
            r = opslog(*args, env=self.env, timeout=120)
            self.outcomes.append((args[0], i, r))
            i += 1

    def successes_since(self, moment: int) -> int:
        return sum(1 for _kind, _i, r in self.outcomes[moment:] if r.exit_code == 0)


def _wait_for(what: str, check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def _holders_and_waiters(url: str) -> list[tuple[str, bool]]:
    """(application_name, granted) for every session holding or awaiting opslog's
    write lock."""
    return [
        (str(name), bool(granted))
        for name, granted in _sql(url,
            "SELECT a.application_name, l.granted FROM pg_locks l"
            " JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'")
    ]  # fmt: skip


def _check_writes(url: str, writers: list[Writer]) -> dict[str, int]:
    """Every write that exited 0 is there; every one that said "nothing was saved" is
    not; each failure is one clear line; no check-in without both of its goal values."""
    notes = {t for (t,) in _sql(url, "SELECT text FROM note")}
    checkins = {d for (d,) in _sql(url, "SELECT done FROM checkin")}
    progress: dict[str, list[float]] = {}
    for day, value in _sql(url, "SELECT day, value FROM progress"):
        progress.setdefault(str(day), []).append(float(value))
    seen = {"ok": 0, "cannot connect": 0, "lost": 0, "maybe": 0}
    for w in writers:
        for kind, i, r in w.outcomes:
            text = f"w{w.k} note {i}" if kind == "note" else f"w{w.k} done {i}"
            there = text in (notes if kind == "note" else checkins)
            if kind == "checkin" and there:  # all or nothing: the values with it
                assert sorted(progress.pop(w.day(i), [])) == [-i, i], text
            if r.exit_code == 0:
                assert there, f"{text} exited 0 but is missing"
                seen["ok"] += 1
                continue
            line = _one_clear_line(r)
            if line.startswith("opslog: cannot connect to "):
                seen["cannot connect"] += 1
                assert not there, text
                assert r.stderr_lines[0].startswith("not saved; to try again:"), r.stderr
            elif "while it saved" in line:
                seen["maybe"] += 1
                assert r.stderr_lines[0].startswith("perhaps saved; if 'opslog log'"), r.stderr
            else:
                assert line.startswith("opslog: lost the connection to the database ("), line
                assert line.endswith("; nothing was saved"), line
                assert not there, f"{text} said nothing was saved, yet it is there"
                seen["lost"] += 1
    assert progress == {}, f"goal values without their check-in: {progress}"
    return seen


def test_the_server_killed_under_writers_and_an_import_loses_no_acknowledged_write(
    cluster: Cluster, own_url: str, tmp_path: Path
) -> None:
    env = {"OPSLOG_DB": own_url, "OPSLOG_BUSY_TIMEOUT": "60"}
    _two_goals(env)
    export = tmp_path / "export.jsonl"
    uids = _write_records(export, 20000)
    stop = threading.Event()
    writers = [Writer(k, {**env, "OPSLOG_DB": f"{own_url}?application_name=w{k}"}, stop)
               for k in (1, 2)]  # fmt: skip
    threads = [threading.Thread(target=w.run) for w in writers]
    importer = subprocess.Popen(
        [sys.executable, "-m", "opslog", "import", str(export)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=child_env({**env, "OPSLOG_DB": f"{own_url}?application_name=import"}),
    )  # fmt: skip
    try:
        for t in threads:
            t.start()
        # Kill 1, at a known moment: the import holds the write lock, in the middle of
        # its transaction, and both writers wait for it inside theirs.
        _wait_for("the import to hold the write lock and both writers to wait", lambda: (
            sorted(_holders_and_waiters(own_url))
            == [("import", True), ("w1", False), ("w2", False)]))  # fmt: skip
        cluster.kill()
        out, err = finish(importer, 60)
        imported = subprocess.CompletedProcess(importer.args, importer.returncode, out, err)
        time.sleep(1.0)  # writers started meanwhile find no server
        cluster.start()
        # Kill 2, at a random moment of the writers' loop.
        rng = random.Random(SEED)
        _wait_for("writes after the restart", lambda: all(w.successes_since(0) for w in writers))
        time.sleep(rng.uniform(0.0, 3.0))
        cluster.kill()
        time.sleep(0.5)
        cluster.start()
        marks = [len(w.outcomes) for w in writers]

        def settled() -> bool:
            return all(w.successes_since(m) >= 3 for w, m in zip(writers, marks, strict=True))

        _wait_for("3 writes each after the last restart", settled, 180)
    finally:
        stop.set()
        for t in threads:
            t.join(180)
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    # The import was cut off in its transaction: one line, and none of it is there.
    stderr = imported.stderr.decode()
    assert imported.returncode == 1 and "Traceback" not in stderr, stderr
    assert stderr.startswith("opslog: lost the connection to the database ("), stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert _imported(own_url, uids) == 0
    seen = _check_writes(own_url, writers)
    print(f"writers' outcomes: {seen}")
    assert seen["lost"] >= 2, seen  # the two that waited for the import's lock
    assert seen["ok"] >= 6, seen
    # Run again, the import goes in whole.
    again = opslog("import", str(export), env=env, timeout=300)
    assert again.exit_code == 0, again.stderr
    assert _imported(own_url, uids) == len(uids)


def test_a_commit_whose_answer_was_lost_is_not_called_unsaved(
    cluster: Cluster, own_url: str
) -> None:
    """The server made the COMMIT durable and died before saying so (here: waiting for
    a synchronous standby that never comes). The writer cannot know: it must not say
    "nothing was saved", nor give the note back as unsaved (a retry would write it
    twice)."""
    env = {"OPSLOG_DB": own_url}
    assert opslog("note", "before", env=env).exit_code == 0
    _sql(own_url, "ALTER SYSTEM SET synchronous_standby_names = 'nobody'")
    _sql(own_url, "SELECT pg_reload_conf()")
    try:
        writer = subprocess.Popen(
            [sys.executable, "-m", "opslog", "note", "in doubt"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(env),
        )  # fmt: skip
        _wait_for("the COMMIT to wait for the standby", lambda: _sql(own_url,
            "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'SyncRep'"))  # fmt: skip
        cluster.kill()
        out, err = finish(writer, 60)
    finally:
        if not _alive(cluster):
            cluster.start()
        _sql(own_url, "ALTER SYSTEM RESET synchronous_standby_names")
        _sql(own_url, "SELECT pg_reload_conf()")
    r = Proc(writer.returncode, out.decode(), err.decode(), out)
    line = _one_clear_line(r)
    assert line.startswith("opslog: lost the connection to the database while it saved ("), line
    assert line.endswith("; the change may or may not be there: look before trying again"), line
    assert r.stderr_lines[0] == (
        "perhaps saved; if 'opslog log' does not show it, to save it:"
        " opslog note --date 2026-11-27 -- 'in doubt'"
    )
    # And it was saved: "nothing was saved" would have been false.
    assert [t for (t,) in _sql(own_url, "SELECT text FROM note ORDER BY id")] == [
        "before",
        "in doubt",
    ]


def _alive(cluster: Cluster) -> bool:
    try:
        _sql(cluster.url, "SELECT 1")
    except Exception:
        return False
    return True


# --- the opslog process killed (the session-wide server keeps running) ---------------


def test_sigkill_of_an_import_on_postgresql_leaves_all_of_it_or_none(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSLOG_DB", pg_url)
    for args in (("note", "before the import"), ("checkin", "--done", "kept", "--no-input")):
        assert opslog(*args).exit_code == 0
    export = tmp_path / "export.jsonl"
    uids = _write_records(export, 2000)
    proc = spawn("import", "1", env={"OPSLOG_IMPORT": str(export)})
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ack start\n"
    began = time.monotonic()
    _out, err = finish(proc, 120)
    span = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    assert _imported(pg_url, uids) == len(uids)
    rng = random.Random(SEED)
    seen = {"none": 0, "all": 0}
    for run in range(8):
        reset(pg_url)
        for args in (("note", "before the import"), ("checkin", "--done", "kept", "--no-input")):
            assert opslog(*args).exit_code == 0
        before = _uids(pg_url)
        proc = spawn("import", "1", env={"OPSLOG_IMPORT": str(export)})
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ack start\n"
        acks, err_text = kill_after(proc, rng.uniform(0.0, span * 1.1))
        where = f"seed {SEED}, run {run}"
        assert "Traceback" not in err_text, f"{where}: {err_text}"
        found = _imported(pg_url, uids)
        assert found in (0, len(uids)), f"{where}: a partial import, {found} of {len(uids)}"
        if "imported" in acks:
            assert found == len(uids), where
        seen["all" if found else "none"] += 1
        after = _uids(pg_url)
        assert set(before) <= set(after), where  # what was there is there
        if not found:
            assert after == before, where
        # The server holds no session of the killed process's open: no lock left.
        _wait_for("the killed session's lock to go", lambda: not _holders_and_waiters(pg_url))
        if found == 0 and run % 3 == 0:
            again = opslog("import", str(export), timeout=300)
            assert again.exit_code == 0, again.stderr
            assert _imported(pg_url, uids) == len(uids), where
    print(f"import span {span:.2f} s, outcomes {seen}")
    assert seen["none"] >= 2, f"too few kills landed inside the import: {seen}"


def test_sigkill_of_writers_on_postgresql_loses_no_acknowledged_write_and_splits_none(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSLOG_DB", pg_url)
    env = {"OPSLOG_DB": pg_url}
    _two_goals(env)
    base = date(2000, 1, 1)
    rng = random.Random(SEED)
    acked: set[str] = set()
    start = 0
    killed_mid_run = 0
    for run in range(8):
        proc = spawn("checkins", str(start))
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()  # warm: the kill lands in writes
        assert first.startswith("ack "), first + (
            proc.stderr.read().decode() if proc.stderr else ""
        )
        acks, err = kill_after(proc, rng.uniform(0.0, 0.8))
        killed_mid_run += bool(acks)  # a write acknowledged after the first
        acks.append(first[4:].strip())
        assert "Traceback" not in err, f"seed {SEED}, run {run}: {err}"
        assert proc.returncode == -signal.SIGKILL, f"seed {SEED}, run {run}: {err}"
        acked.update(acks)
        checkins = {
            str(d): (t, m) for d, t, m in _sql(pg_url, "SELECT day, done, mood FROM checkin")
        }
        progress: dict[str, list[float]] = {}
        for day, value in _sql(pg_url, "SELECT day, value FROM progress"):
            progress.setdefault(str(day), []).append(float(value))
        notes = {t for (t,) in _sql(pg_url, "SELECT text FROM note")}
        for day, (done, mood) in checkins.items():
            i = int(done.split()[1])
            assert day == (base + timedelta(days=i)).isoformat() and mood == i % 5 + 1
            assert sorted(progress.pop(day, [])) == [-i, i], f"run {run}: {day} split"
        assert progress == {}, f"run {run}: goal values without their check-in: {progress}"
        for what in acked:
            kind, i = what.split()
            if kind == "checkin":
                assert (base + timedelta(days=int(i))).isoformat() in checkins, what
            else:
                assert f"note {i} #crash" in notes, what
        _wait_for("the killed session's lock to go", lambda: not _holders_and_waiters(pg_url))
        start = max([int(a.split()[1]) for a in acked] + [start]) + 2
    assert killed_mid_run >= 4, "the kills mostly landed in the first write"


def test_ctrl_c_during_an_import_on_postgresql_rolls_it_back_in_one_line(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fixtures.crash import ctrl_c_an_import, spawn_warm

    monkeypatch.setenv("OPSLOG_DB", pg_url)
    assert opslog("note", "before the import").exit_code == 0
    export = tmp_path / "export.jsonl"
    uids = _write_records(export, 6000)
    before = _uids(pg_url)
    proc = spawn_warm("import", str(export))
    began = time.monotonic()
    _out, err = finish(proc, 120)
    span = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    rng = random.Random(SEED)
    interrupted = 0
    for run in range(6):
        reset(pg_url)
        assert opslog("note", "before the import").exit_code == 0
        before = _uids(pg_url)
        code, err = ctrl_c_an_import(export, span, rng)
        where = f"seed {SEED}, run {run}"
        if code is None:  # done before the signal came
            assert _imported(pg_url, uids) == len(uids), where
            continue
        assert (code, err) == (130, "opslog: interrupted\n"), f"{where}: {code} {err}"
        found = _imported(pg_url, uids)  # all of it when the signal came past the COMMIT
        assert found in (0, len(uids)), f"{where}: a partial import, {found} of {len(uids)}"
        if not found:
            assert _uids(pg_url) == before, where
            interrupted += 1
        _wait_for("the interrupted session's lock to go", lambda: not _holders_and_waiters(pg_url))
    assert interrupted >= 3, f"too few signals landed inside the import ({interrupted})"


# --- read-only ------------------------------------------------------------------------

WRITES: list[tuple[str, ...]] = [
    ("note", "not to be saved"),
    ("checkin", "--done", "not to be saved", "--no-input"),
    ("goal", "add", "Not saved", "-m", "m", "--target", "5", "--due", "+1w"),
    ("rm", "note", "1", "--yes"),
]


@pytest.mark.parametrize("how", ["select only", "read-only transactions"])
def test_a_read_only_role_reads_everything_and_each_write_says_why(
    pg_url: str, tmp_path: Path, how: str
) -> None:
    owner = {"OPSLOG_DB": pg_url}
    for args in (("note", "kept #ro"), ("checkin", "--done", "kept", "--no-input")):
        assert opslog(*args, env=owner).exit_code == 0
    export = tmp_path / "export.jsonl"
    _write_records(export, 50)
    role = "opslog_reader" if how == "select only" else "opslog_ro"
    _sql(pg_url, f"DROP ROLE IF EXISTS {role}")
    if how == "select only":
        _sql(pg_url, f"CREATE ROLE {role} LOGIN")
        _sql(pg_url, f"GRANT USAGE ON SCHEMA public TO {role}")
        _sql(pg_url, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        reason = "opslog: not allowed: permission denied for table "
    else:
        _sql(pg_url, f"CREATE ROLE {role} LOGIN SUPERUSER")
        _sql(pg_url, f"ALTER ROLE {role} SET default_transaction_read_only = on")
        reason = "opslog: not saved: the database is read-only here (cannot execute "
    env = {"OPSLOG_DB": pg_url.replace("postgres@", f"{role}@")}
    before = opslog("export", env=owner).stdout
    try:
        for args, shows in ((("week",), "kept"), (("log",), "kept"), (("search", "kept"), "kept"),
                            (("export",), "kept #ro")):  # fmt: skip
            r = opslog(*args, env=env)
            assert r.exit_code == 0 and shows in r.stdout and r.stderr == "", (args, r.stderr)
        assert opslog("export", env=env).stdout == before
        for args in [*WRITES, ("import", str(export))]:
            r = opslog(*args, env=env)
            line = _one_clear_line(r)
            assert line.startswith(reason), (args, line)
        assert opslog("export", env=owner).stdout == before  # nothing written
    finally:
        _sql(pg_url, f"DROP OWNED BY {role}")
        _sql(pg_url, f"DROP ROLE {role}")
