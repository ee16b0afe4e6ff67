"""Issue 17, "nothing lost, round two": what an adversarial probe found that the first
reliability matrix missed. One test (or a few) per finding; docs/reliability.md lists
them under "Round two"."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.harness import child_env, finish, opslog, rows

FAST = {"OPSLOG_BUSY_TIMEOUT": "0.5"}


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


# --- 6. the password never shows -----------------------------------------------------

SECRET = "Pl4nted5ecret"
COMMANDS: list[tuple[str, ...]] = [
    ("info",),
    ("info", "--check"),
    ("note", "a note"),
    ("checkin", "--done", "shipped", "--no-input"),
    ("week",),
    ("week", "--format", "json"),
    ("goal", "list"),
    ("risk", "list"),
    ("retro", "list"),
    ("action", "list"),
    ("log",),
    ("search", "note"),
    ("export",),
    ("backup", "x.db"),
    ("rm", "note", "1", "--yes"),
    ("nosuchcommand",),
]


def _leaks(text: str) -> list[str]:
    low = text.lower()
    return [w for w in (SECRET.lower(), "password=", "s3cr", "t0ken") if w in low]


@pytest.mark.slow
def test_no_output_or_error_shows_a_password(pg_url: str, tmp_path: Path) -> None:
    """A planted password (in the user info, raw '@' included, and as ?password= or a
    token parameter) never appears in any command's output or errors: on a server that
    accepts it (trust), one that is not there, and a URL drivers would misread."""
    host = pg_url.split("@", 1)[1]
    urls = [
        f"postgresql+psycopg://postgres:{SECRET}@{host}",  # reachable: the commands run
        f"postgresql+psycopg://postgres@{host}?password={SECRET}",
        f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/x",  # nothing listens there
        f"postgresql+psycopg://ann@127.0.0.1:1/x?password={SECRET}&sslmode=disable",
        f"postgresql+psycopg://ann@127.0.0.1:1/x?token=T0KEN{SECRET}",
        f"postgresql+psycopg://ann:S3cr@{SECRET}@127.0.0.1:1/x",  # a raw '@'
        f"nosuchdriver://ann:{SECRET}@127.0.0.1/x",
    ]
    seen_ok = 0
    for n, url in enumerate(urls):
        for args in COMMANDS if n < 2 else COMMANDS[:5]:
            r = opslog(*args, env={"OPSLOG_DB": url})
            assert not _leaks(r.stdout + r.stderr), (url, args, r.stdout, r.stderr)
            assert "Traceback" not in r.stderr, (url, args, r.stderr)
            seen_ok += r.exit_code == 0
        # The settings line of `info` names the database, masked.
    assert seen_ok >= 2 * 10  # the reachable URLs really ran the commands
    info = opslog("info", env={"OPSLOG_DB": urls[0]})
    assert f"postgresql+psycopg://postgres:***@{host}" in info.stdout
    raw_at = opslog("week", env={"OPSLOG_DB": urls[5]})
    assert raw_at.exit_code == 2
    assert raw_at.stderr.strip() == (
        "opslog: bad database URL postgresql+psycopg://ann:***@127.0.0.1:1/x:"
        " write '@' in the user name or password as %40"
    )


# --- 7. PostgreSQL waits no longer than SQLite --------------------------------------


@pytest.mark.slow
def test_postgresql_locks_time_out_like_sqlite_and_give_the_note_back(pg_url: str) -> None:
    import psycopg

    from opslog.store.sa_db import WRITE_LOCK

    env = {"OPSLOG_DB": pg_url, "OPSLOG_BUSY_TIMEOUT": "1"}
    assert opslog("note", "before", env=env).exit_code == 0
    with psycopg.connect(_psycopg_url(pg_url), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
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
    import psycopg

    from opslog.store.sa_db import WRITE_LOCK

    env = {"OPSLOG_DB": pg_url, "OPSLOG_BUSY_TIMEOUT": "60"}
    assert opslog("note", "before", env=env).exit_code == 0
    with psycopg.connect(_psycopg_url(pg_url), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
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


# --- 8. a read-only spell leaves nothing that breaks later writes ---------------------


def test_a_read_while_the_file_is_read_only_leaves_no_read_only_side_files(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("note", "before the spell").exit_code == 0
    os.chmod(db_path, 0o400)
    with monkeypatch.context() as m:
        m.setattr(os, "access", lambda p, mode: False)  # as root chmod stops nothing
        r = run("week")
        assert r.exit_code == 0 and "before the spell" in r.stdout, r.stderr
    os.chmod(db_path, 0o600)
    # SQLite makes -wal/-shm with the file's mode: 0400 then, which a later writer
    # (not root) could not open. Ours are put back to 0600.
    for side in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if side.exists():
            assert side.stat().st_mode & 0o777 == 0o600, side
    assert run("note", "after the spell").exit_code == 0
    assert [t for (t,) in rows(db_path, "SELECT text FROM note ORDER BY id")] == [
        "before the spell", "after the spell"]  # fmt: skip


def test_a_write_refused_as_read_only_names_the_file_that_is(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from opslog.store.db import translate_sqlite_error

    assert run("note", "x").exit_code == 0
    shm = Path(f"{db_path}-shm")
    shm.write_bytes(b"")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: str(p) != str(shm) and real(p, mode))
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    assert str(translate_sqlite_error(exc, str(db_path))) == f"not saved: {shm} is read-only"
    # The folder, when it is the one (the database opened read-only for it).
    folder = db_path.parent
    monkeypatch.setattr(os, "access", lambda p, mode: str(p) != str(folder))
    shm.unlink()
    r = run("note", "y")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"opslog: not saved: {folder} is read-only"


# --- 9, 10. full disks and read-only folders -----------------------------------------


def _tmpfs(where: Path, size: str) -> Path:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(where)], capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    return where


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill(folder: Path) -> None:
    import contextlib

    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:  # fill the file system to the last block
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/bin/mount").exists(), reason="needs root and mount"
)


@pytest.mark.slow
@needs_root
def test_reads_work_on_a_full_disk_and_a_write_says_the_disk_is_full(tmp_path: Path) -> None:
    disk = _tmpfs(tmp_path / "small", "1m")
    try:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "earlier note", env=env).exit_code == 0
        assert opslog("checkin", "--done", "earlier day", env=env).exit_code == 0
        _fill(disk)
        for args in (("week",), ("log",), ("search", "earlier"), ("info", "--check")):
            r = opslog(*args, env=env)
            assert r.exit_code == 0, (args, r.stderr)
            assert "earlier" in r.stdout or args[0] == "info", (args, r.stdout)
            assert "not saved" not in r.stderr
        r = opslog("note", "new note", env=env)
        assert r.exit_code == 1
        assert r.stderr.splitlines() == [
            "not saved; to try again: opslog note --date 2026-11-27 -- 'new note'",
            f"opslog: not saved: the disk is full ({disk / 'opslog.db'})",
        ]
        r = opslog("checkin", "--done", "more", "--mood", "4", env=env)
        assert r.exit_code == 1
        assert r.stderr.splitlines() == [
            "not saved; to try again:",
            "  opslog checkin --date 2026-11-27 --done more --mood 4",
            f"opslog: not saved: the disk is full ({disk / 'opslog.db'})",
        ]
        (disk / "filler").unlink()
        assert opslog("note", "new note", env=env).exit_code == 0
        texts = [t for (t,) in rows(disk / "opslog.db", "SELECT text FROM note ORDER BY id")]
        assert texts == ["earlier note", "new note"]
    finally:
        _umount(disk)


@pytest.mark.slow
@needs_root
def test_changes_only_in_the_wal_are_read_when_nothing_can_be_written(tmp_path: Path) -> None:
    import shutil
    import sqlite3

    work = tmp_path / "work" / "opslog.db"
    env = {"OPSLOG_DB": str(work)}
    assert opslog("note", "checkpointed", env=env).exit_code == 0
    holder = sqlite3.connect(work)  # keeps the WAL from being checkpointed at exit
    try:
        holder.execute("SELECT count(*) FROM note").fetchone()
        assert opslog("note", "only in the wal", env=env).exit_code == 0
        assert Path(f"{work}-wal").stat().st_size > 0
        disk = _tmpfs(tmp_path / "ro", "4m")
        shutil.copyfile(work, disk / "opslog.db")
        shutil.copyfile(f"{work}-wal", disk / "opslog.db-wal")  # and no -shm
    finally:
        holder.close()
    try:
        assert subprocess.run(["mount", "-o", "remount,ro", str(disk)],
                              capture_output=True, check=False).returncode == 0  # fmt: skip
        ro = {"OPSLOG_DB": str(disk / "opslog.db")}
        r = opslog("log", env=ro)
        assert r.exit_code == 0, r.stderr
        assert "checkpointed" in r.stdout and "only in the wal" in r.stdout
        r = opslog("info", "--check", env=ro)
        assert r.exit_code == 0, r.stderr
        assert "  note         2" in r.stdout
        r = opslog("note", "more", env=ro)
        assert r.exit_code == 1 and "read-only" in r.stderr.splitlines()[-1]
    finally:
        _umount(disk)
