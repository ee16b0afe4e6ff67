"""Reliability matrix, 5: faults around the database file.

A full disk: "not saved", the entry given back, earlier data intact. A read-only
database: reads work, writes fail clearly. A damaged, truncated, empty or foreign file,
or one from a newer opslog: one clear line, exit 1, and the file left byte for byte as
it was (never "repaired" or initialised over).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.disk import full_disk, tmpfs
from tests.fixtures.harness import count, dump, integrity, opslog, rows

BIG = "x" * 60_000  # more than the free pages of a small database


def _seed(run: Run) -> None:
    assert run("note", "earlier note #kept").exit_code == 0
    assert run("checkin", "--done", "earlier day", "--date", "yesterday").exit_code == 0


# --- a full disk ------------------------------------------------------------------------


def test_a_full_disk_says_not_saved_and_keeps_earlier_data(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(run)
    before = dump(db_path)
    with full_disk(monkeypatch):
        r = run("note", BIG)
        assert r.exit_code == 1
        assert r.stderr.strip().splitlines()[-1].startswith("opslog: not saved: the disk is full")
        assert "not saved; to try again: opslog note --date 2026-11-27 -- xxxx" in r.stderr
        r = run("checkin", "--done", BIG, "--mood", "2")
        assert r.exit_code == 1 and "disk is full" in r.stderr
        assert "opslog checkin --date 2026-11-27 --done xxx" in r.stderr
    assert dump(db_path) == before
    assert integrity(db_path) == "ok"
    assert run("note", BIG).exit_code == 0  # room again: it saves


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root")
def test_a_really_full_file_system_says_not_saved(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "earlier note", env=env).exit_code == 0
        assert opslog("checkin", "--done", "earlier", env=env).exit_code == 0
        before = dump(disk / "opslog.db")
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            with contextlib.suppress(OSError):
                while True:  # fill the file system to the last block
                    os.write(fd, b"\0" * 4096)
        finally:
            os.close(fd)
        r = opslog("note", BIG, env=env)
        assert r.exit_code == 1, r.stderr
        assert "Traceback" not in r.stderr
        assert "not saved" in r.stderr.splitlines()[-1], r.stderr
        r = opslog("checkin", "--done", BIG, env=env)
        assert r.exit_code == 1 and "not saved" in r.stderr.splitlines()[-1], r.stderr
        filler.unlink()
        assert dump(disk / "opslog.db") == before
        assert integrity(disk / "opslog.db") == "ok"
        assert opslog("note", BIG, env=env).exit_code == 0


# --- read-only --------------------------------------------------------------------------


def test_a_read_only_database_reads_and_refuses_writes_clearly(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(run)
    before = db_path.read_bytes()
    # As root, chmod does not stop writes: pretend, as tests/test_open.py does.
    monkeypatch.setattr(os, "access", lambda p, m: False)
    for fmt in ("table", "markdown", "json"):
        r = run("week", "--format", fmt)
        assert r.exit_code == 0, r.stderr
        assert "earlier note" in r.stdout
    r = run("note", "new")
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].endswith("is read-only")
    assert "to try again: opslog note --date 2026-11-27 -- new" in r.stderr
    r = run("checkin", "--done", "new")
    assert r.exit_code == 1 and "read-only" in r.stderr
    assert db_path.read_bytes() == before


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root")
def test_a_read_only_file_system_still_shows_the_week(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "written before #ro", env=env).exit_code == 0
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)],
                                 capture_output=True, check=False)  # fmt: skip
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only")
        r = opslog("week", "--format", "json", env=env)
        assert r.exit_code == 0, r.stderr
        assert "written before #ro" in r.stdout
        r = opslog("week", env=env)
        assert r.exit_code == 0 and "written before" in r.stdout, r.stderr
        for args in (("note", "more"), ("checkin", "--done", "more")):
            r = opslog(*args, env=env)
            assert r.exit_code == 1, r.stderr
            assert "Traceback" not in r.stderr
            assert "read-only" in r.stderr.splitlines()[-1], r.stderr


# --- files that are not a healthy opslog database ----------------------------------------


def _healthy(tmp_path: Path) -> bytes:
    from datetime import date

    from opslog.store.daily import add_note
    from opslog.store.db import Location
    from opslog.store.open import open_database

    db = open_database(Location(path=tmp_path / "healthy.db"))
    with db.write() as conn:
        for i in range(30):
            add_note(conn, author="ann", now="2026-11-27T00:00:00+00:00", day=date(2026, 11, 27),
                     text=f"row {i} " + "y" * 2000, tags=[])  # fmt: skip
    db.close()
    return (tmp_path / "healthy.db").read_bytes()


def _damaged(kind: str, healthy: bytes) -> bytes:
    rng = __import__("random").Random(kind)
    page = 4096
    if kind == "random_after_header":
        return healthy[:100] + rng.randbytes(len(healthy) - 100)
    if kind == "random_data_pages":  # schema intact, the notes' pages garbage
        return healthy[: 8 * page] + rng.randbytes(len(healthy) - 8 * page)
    if kind == "truncated_half":
        return healthy[: len(healthy) // 2]
    if kind == "truncated_to_one_page":
        return healthy[:page]
    if kind == "truncated_header":
        return healthy[:50]
    if kind == "empty":
        return b""
    if kind == "text":
        return b"my notes, not a database\n"
    raise AssertionError(kind)


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO accounts (name) VALUES ('x')")
        conn.execute("CREATE TABLE note (id INTEGER)")  # even with a table of our name
    conn.close()


def _newer(path: Path) -> None:
    assert opslog("note", "from the future", env={"OPSLOG_DB": str(path)}).exit_code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE opslog_meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()


KINDS = ["random_after_header", "random_data_pages", "truncated_half", "truncated_to_one_page",
         "truncated_header", "empty", "text", "foreign", "newer"]  # fmt: skip
EXPECTED = {
    "empty": "is not an opslog database; refusing to touch it",
    "foreign": "is not an opslog database; refusing to touch it",
    "newer": "has schema v99, newer than this opslog (v3); upgrade opslog to use it",
}


@pytest.mark.slow
def test_a_bad_file_is_refused_in_one_line_and_left_untouched(tmp_path: Path) -> None:
    healthy = _healthy(tmp_path)
    for kind in KINDS:
        path = tmp_path / f"{kind}.db"
        if kind == "foreign":
            _foreign(path)
        elif kind == "newer":
            _newer(path)
        else:
            path.write_bytes(_damaged(kind, healthy))
        before = path.read_bytes()
        env = {"OPSLOG_DB": str(path)}
        for args in (("week", "--format", "json"), ("note", "new"), ("checkin", "--done", "new")):
            r = opslog(*args, env=env)
            where = f"{kind}: opslog {' '.join(args)}"
            assert r.exit_code == 1, f"{where}: {r.exit_code} {r.stderr}"
            assert "Traceback" not in r.stderr, where
            last = r.stderr.strip().splitlines()[-1]
            assert last.startswith(f"opslog: {path}"), f"{where}: {last}"
            assert EXPECTED.get(kind, "is damaged or not a database") in last, f"{where}: {last}"
            if args[0] == "week":
                assert len(r.stderr.strip().splitlines()) == 1, f"{where}: {r.stderr}"
            assert path.read_bytes() == before, f"{where} changed the file"
        leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)
                           and p != path)  # fmt: skip
        assert leftovers == [], f"{kind}: {leftovers}"


def test_a_folder_or_an_impossible_path_is_one_clear_line(run: Run, tmp_path: Path) -> None:
    r = run("--db", str(tmp_path), "note", "x")
    assert r.exit_code == 1 and r.stderr.strip().endswith("is a folder, not a database file")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run("--db", str(blocker / "sub" / "o.db"), "note", "x")
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].endswith("Not a directory")
    dangling = tmp_path / "link.db"
    dangling.symlink_to(tmp_path / "nowhere" / "o.db")
    r = run("--db", str(dangling), "note", "x")
    assert r.exit_code == 1 and "symbolic link to nothing" in r.stderr


def test_an_upgrade_that_cannot_write_its_backup_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opslog.errors import StoreError
    from opslog.store import migrations
    from opslog.store import open as store_open
    from opslog.store.db import Conn, Location
    from opslog.store.open import open_database

    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()
    before = path.read_bytes()

    def v2(conn: Conn) -> None:
        conn.execute("ALTER TABLE note ADD COLUMN pinned INTEGER")

    nxt = migrations.SCHEMA_VERSION + 1  # a test-only next version
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, v2)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)

    def no_room(path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_open, "create_private_file", no_room)
    with pytest.raises(StoreError, match=r"not upgraded: cannot write a backup copy.*unchanged"):
        open_database(Location(path=path))
    assert path.read_bytes() == before
    assert rows(path, "SELECT value FROM opslog_meta WHERE key = 'schema_version'") == [
        (str(nxt - 1),)
    ]
    assert list(tmp_path.glob("*.bak")) == []


def test_two_upgrades_in_the_same_second_keep_both_backups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opslog.store import migrations
    from opslog.store.db import Conn, Location, SqliteDatabase
    from opslog.store.open import backup_copy, open_database

    path = tmp_path / "o.db"
    open_database(Location(path=path)).close()
    db = SqliteDatabase(path)
    first, second = backup_copy(db, 1), backup_copy(db, 1)
    db.close()
    assert first != second and first.exists() and second.exists()
    assert count(first, "note") == 0 and integrity(second) == "ok"

    def broken(conn: Conn) -> None:
        conn.execute("NOT SQL")

    nxt = migrations.SCHEMA_VERSION + 1  # a test-only next version
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    for _ in range(2):  # a failing upgrade retried at once: a clear error each time
        with pytest.raises(Exception, match="database error"):
            open_database(Location(path=path))


@pytest.mark.parametrize("args", [["export"], ["week"], ["week", "-f", "json"], ["log"]],
                         ids=" ".join)
def test_output_to_a_full_disk_is_one_line_not_a_traceback(
    args: list[str], db_path: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    env = {**os.environ, "OPSLOG_DB": str(db_path)}
    subprocess.run([sys.executable, "-m", "opslog", "note", "x"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "opslog", *args], env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr == "opslog: cannot write the output: No space left on device\n"
