"""Issue 17, "nothing lost, round two": what an adversarial probe found that the first
reliability matrix missed. One test (or a few) per finding; docs/reliability.md lists
them under "Round two"."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from opslog.errors import StoreError
from opslog.store.db import Database
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
        assert re.search(r"^  note +2$", r.stdout, re.M), r.stdout
        r = opslog("note", "more", env=ro)
        assert r.exit_code == 1 and "read-only" in r.stderr.splitlines()[-1]
    finally:
        _umount(disk)


# --- 11. damaged files -----------------------------------------------------------------


def _page_size(path: Path) -> int:
    return int(rows(path, "PRAGMA page_size")[0][0])


def _overwrite_page(path: Path, page: int) -> None:
    size = _page_size(path)
    with path.open("r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes([0x0D]) + b"\xa5" * (size - 1))  # a leaf header, then garbage


def _seeded(run: Run, db_path: Path, notes: int = 300) -> None:
    import sqlite3

    assert run("note", "first").exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executemany(
            "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
            " VALUES (?, 'ann', '2026-11-27T00:00:00+00:00', '2026-11-27T00:00:00+00:00',"
            " '2026-11-27', ?, '[]')",
            [(f"u{n:05d}", f"note {n} " + "x" * 200) for n in range(notes)],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_info_check_on_a_damaged_table_is_one_line_and_exit_1(run: Run, db_path: Path) -> None:
    _seeded(run, db_path)
    root = rows(db_path, "SELECT rootpage FROM sqlite_master WHERE name = 'note'")[0][0]
    _overwrite_page(db_path, int(root))
    r = opslog("info", "--check")
    assert r.exit_code == 1, r.stdout
    assert "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert "is damaged" in r.stderr and str(db_path) in r.stderr


def test_backup_of_a_damaged_file_says_so_and_info_check_finds_it(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    _seeded(run, db_path)
    index = rows(db_path, "SELECT rootpage FROM sqlite_master WHERE type = 'index'"
                 " AND tbl_name = 'note' ORDER BY rootpage DESC LIMIT 1")[0][0]  # fmt: skip
    _overwrite_page(db_path, int(index))
    copy = tmp_path / "copy.db"
    r = opslog("backup", str(copy))
    assert r.exit_code == 1, r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith(f"opslog: {db_path} is damaged (")
    assert f"the copy {copy} has the same damage" in r.stderr
    assert copy.exists()  # the copy is still made: it holds what could be read
    r = opslog("info", "--check")
    assert r.exit_code == 1
    assert "damaged" in r.stderr and len(r.stderr.splitlines()) == 1


# --- 12. folders and files that are not there -----------------------------------------


def test_a_data_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    env = {"XDG_DATA_HOME": str(blocker / "share"), "OPSLOG_DB": ""}
    r = opslog("note", "x", env={**env})
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == (
        f"opslog: cannot create the folder {blocker / 'share'}: Not a directory"
    )


@pytest.mark.parametrize("command", [("week",), ("log",), ("search", "x"), ("export",)])
def test_a_read_of_a_mistyped_db_creates_nothing(
    run: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    typo = tmp_path / "no" / "such" / "opslgo.db"
    r = run("--db", str(typo), *command)
    assert r.exit_code == 0  # an empty logbook is shown, as for a new one
    assert r.stderr.splitlines()[0] == (
        f"opslog: {typo} does not exist: nothing to show, and nothing was created (a note"
        " or a check-in starts a logbook there)"
    )
    assert not (tmp_path / "no").exists()
    r = run("--db", str(typo), "backup", str(tmp_path / "copy.db"))
    assert r.exit_code == 1 and f"nothing to back up: {typo} does not exist" in r.stderr
    assert not (tmp_path / "no").exists() and not (tmp_path / "copy.db").exists()


# --- 13. numbers at the edge ----------------------------------------------------------


def test_a_target_the_views_cannot_tell_from_the_baseline_is_refused(run: Run) -> None:
    for baseline, target in (("0", "1e-320"), ("0.5", "0.5000000000000001"), ("2", "2.001")):
        r = run("goal", "add", "Tiny", "--metric", "m", "--baseline", baseline,
                "--target", target, "--due", "+5w")  # fmt: skip
        assert r.exit_code == 2, (baseline, target, r.stderr)
        assert f"target {float(target)!r} cannot be told from baseline" in r.stderr
    assert run("goal", "add", "Ok", "--metric", "m", "--baseline", "2", "--target", "2.01",
               "--due", "+5w").exit_code == 0  # fmt: skip
    r = run("goal", "edit", "1", "--target", "2.004")
    assert r.exit_code == 2 and "cannot be told from baseline" in r.stderr


@pytest.mark.parametrize(
    ("baseline", "target", "value", "shown"),
    [
        (0.0, 1e-320, 5.0, "–"),  # progress overflows: none
        (0.5, 0.5000000000000001, 1.0, ">10,000%"),
        (0.0, 1.0, 1e15, ">10,000%"),
        (3.0, 3.0, 4.0, "–"),  # a target equal to the baseline: none
    ],
)
def test_every_view_survives_any_stored_goal_number(
    run: Run, db_path: Path, baseline: float, target: float, value: float, shown: str
) -> None:
    import json
    import sqlite3

    assert run("goal", "add", "Edge", "--metric", "m", "--baseline", "0", "--target", "1",
               "--due", "+5w").exit_code == 0  # fmt: skip
    assert run("goal", "checkin", "1", "0.5").exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE goal SET baseline = ?, target = ?", (baseline, target))
        conn.execute("UPDATE progress SET value = ?", (value,))
    conn.close()
    for args in (("week",), ("week", "--format", "markdown"), ("goal", "show", "1"),
                 ("goal", "list")):  # fmt: skip
        r = run(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert "Edge" in r.stdout
    r = run("week", "--format", "json")
    assert r.exit_code == 0, r.stderr
    goal = json.loads(r.stdout)["goals"][0]
    listed = json.loads(run("goal", "list", "--json").stdout)
    assert listed[0]["title"] == "Edge"
    md = run("week", "--format", "markdown").stdout
    line = next(x for x in md.splitlines() if "Edge" in x)
    assert f" {shown} |" in line, line
    if shown == "–":
        assert goal["progress"] is None


# --- 14. smaller ------------------------------------------------------------------------


def test_backup_removes_the_copies_killed_backups_left(run: Run, tmp_path: Path) -> None:
    assert run("note", "x").exit_code == 0
    out = tmp_path / "backups"
    out.mkdir()
    dead = 2**22 + 7  # above Linux's largest pid: no such process
    stale = [out / f".opslog-1.db.tmp-{dead}", out / f".other.db.tmp-{dead}",
             out / f".opslog-1.db.tmp-{dead}-journal"]  # fmt: skip
    for path in stale[:2]:
        path.write_bytes(b"SQLite format 3\0" + b"\0" * 4000)
    stale[2].write_bytes(b"")
    live = out / f".opslog-2.db.tmp-{os.getpid()}"  # a backup still running
    live.write_bytes(b"SQLite format 3\0")
    mine = out / f".notes.txt.tmp-{dead}"  # not a database: not ours to remove
    mine.write_text("someone's text")
    r = run("backup", str(out / "opslog-3.db"))
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["opslog-3.db", live.name, mine.name])


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["jsonl", "csv"])
def test_a_200_mb_line_on_stdin_is_refused_using_little_memory(db_path: Path, shape: str) -> None:
    """The line cap in a real process: 200 MB on one line through a pipe is refused
    once 16 MiB of it were read; the rest is never read (nor spooled to disk), and the
    process never holds hundreds of MB."""
    import threading

    args = ["import", "-"] + (["--kind", "note"] if shape == "csv" else [])
    head = b"day,text\n2026-01-01," if shape == "csv" else b'{"kind": "note", "text": "'
    proc = subprocess.Popen(
        [sys.executable, "-m", "opslog", *args],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=child_env(),
    )  # fmt: skip
    assert proc.stdin is not None and proc.stderr is not None
    sent = [0]

    def feed() -> None:
        chunk = b"x" * (1 << 20)
        try:
            proc.stdin.write(head)  # type: ignore[union-attr]
            for _ in range(200):
                proc.stdin.write(chunk)  # type: ignore[union-attr]
                sent[0] += len(chunk)
            proc.stdin.write(b'"}\n')  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()  # type: ignore[union-attr]

    feeder = threading.Thread(target=feed)
    feeder.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    feeder.join(60)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 2, err
    expected = (
        "opslog: stdin:2: a line longer than 16 MiB, which no CSV row of opslog's is"
        if shape == "csv"
        else "opslog: line 1: longer than 16 MiB, which no opslog record is"
        " (a JSON document on one line? export it as jsonl)"
    )
    assert err.splitlines() == [expected]
    assert usage.ru_maxrss < 150 * 1024, f"{usage.ru_maxrss // 1024} MB"  # KiB on Linux
    assert sent[0] < 64 << 20, f"{sent[0] >> 20} MiB read"  # the rest never read
    assert not db_path.exists()  # a failed import into a new logbook leaves nothing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--db", "~nosuchuser17/x.db", "week"),
            "opslog: bad database path '~nosuchuser17/x.db': no user 'nosuchuser17'",
        ),
        (("week", "-99999"), "opslog: bad week '-99999': outside the years 1970..2100"),
        (("week", "+99999"), "opslog: bad week '+99999': outside the years 1970..2100"),
    ],
)
def test_odd_arguments_are_one_line_not_a_traceback(
    args: tuple[str, ...], message: str, db_path: Path
) -> None:
    r = opslog(*args)
    assert "Traceback" not in r.stderr
    assert r.exit_code == 2
    assert r.stderr.strip() == message


@pytest.mark.parametrize("version", ["-5", "0", "x1"])
def test_a_nonsense_schema_version_is_refused_and_backs_nothing_up(
    run: Run, db_path: Path, version: str
) -> None:
    import sqlite3

    assert run("note", "x").exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE opslog_meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.close()
    before = sorted(p.name for p in db_path.parent.iterdir())
    for _ in range(2):
        r = opslog("week")
        assert r.exit_code == 1
        assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1
        assert str(db_path) in r.stderr
    assert sorted(p.name for p in db_path.parent.iterdir()) == before  # no .bak


@pytest.mark.parametrize("form", ["plain", "url"])
def test_a_relative_path_in_the_config_file_is_from_the_config_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    value = "logs/team.db" if form == "plain" else "sqlite:///logs/team.db"
    (cfg / "config.toml").write_text(f'db = "{value}"\n')
    monkeypatch.setenv("OPSLOG_CONFIG", str(cfg / "config.toml"))
    monkeypatch.delenv("OPSLOG_DB")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = opslog("note", "where am I", env={"OPSLOG_DB": ""})
    assert r.exit_code == 0, r.stderr
    assert (cfg / "logs" / "team.db").exists()
    assert not (elsewhere / "logs").exists()


def test_read_only_commands_never_say_not_saved(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from opslog.store import db as dbmod

    assert run("note", "x").exit_code == 0

    def failing(*_a: object, **_k: object) -> object:
        raise dbmod.translate_sqlite_error(sqlite3.OperationalError("disk I/O error"),
                                           str(db_path))  # fmt: skip

    monkeypatch.setattr(dbmod.SqliteConn, "execute", failing)
    for args in (("week",), ("log",), ("search", "x"), ("export",), ("info",)):
        r = run(*args)
        assert r.exit_code == 1, args
        assert "not saved" not in r.stderr, (args, r.stderr)
        assert r.stderr.strip() == f"opslog: cannot read {db_path} (disk I/O error)"
    r = run("note", "y")  # a write still gives its entry back
    assert r.stderr.startswith("not saved; to try again: opslog note --date 2026-11-27 -- y")


AUTOLINKS = [
    "<http://example.com> x",
    "see http://a.com/x_y_z*b* ok",
    "www.example.com/a_b and WWW.X.COM",
    "<a@b.c> mail a_b@c.com",
    "https://x.y/[a](b) ftp://x.y/~a~",
    "[l](http://e.com) ![i](x.png) `code` http://x.y`",
    "1. www.x & &amp; &#64; <b>bold</b>",
]


@pytest.mark.parametrize("text", AUTOLINKS)
def test_markdown_views_read_as_typed_in_commonmark_and_gfm(run: Run, text: str) -> None:
    import html
    import re
    from urllib.parse import unquote

    import cmarkgfm
    from markdown_it import MarkdownIt

    assert run("note", "--", text).exit_code == 0
    doc = run("week", "--format", "markdown").stdout
    exported = run("export", "--format", "markdown").stdout
    commonmark = MarkdownIt("commonmark").enable("table")
    for source in (doc, exported):
        for name, render in (("cmark-gfm", cmarkgfm.github_flavored_markdown_to_html),
                             ("markdown-it", commonmark.render)):  # fmt: skip
            page = render(source)
            found = False
            for cell in re.findall(r"<(?:td|li)>(.*?)</(?:td|li)>", page, re.S):
                shown = html.unescape(re.sub(r"<[^>]+>", "", cell))
                if text in shown:
                    found = True
                    hrefs = re.findall(r'href="([^"]*)"', cell)
                    for href in hrefs:  # an e-mail address may link: to itself
                        assert unquote(html.unescape(href)).removeprefix("mailto:") in text
                    assert "<img" not in cell, (name, cell)
            assert found, (name, text, page)


# --- 2. a check-in changed meanwhile keeps the other change ---------------------------


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


# --- 1. a failed import never deletes a database someone else filled ------------------


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
