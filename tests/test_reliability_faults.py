"""Reliability matrix, 5: faults around the database file and the files opslog writes.

A full disk, during a note, a check-in, an import (row by row, or the bulk path that
rebuilds the search index at the end) or a goal, risk, retro or action write: "not
saved: the disk is full" naming the file, exit 1, the entry given back, earlier data
intact, and the same command works once there is room; reads still work. A read-only
database (or file system, or folder): every read command works, every write fails in
one clear line naming what is read-only, the file unchanged. A damaged, truncated,
empty or foreign file, or one from a newer opslog or with a nonsense schema version: one
clear line, exit 1, and the file left byte for byte as it was (never "repaired" or
initialised over). A folder, a missing path, an upgrade that cannot write its backup,
an output device that is full: one clear line each. Files opslog writes for the user
(`backup`, `export -o`) are never written through a symlink, and never replace a file
without --force.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.disk import fill, full_disk, needs_root, remount_read_only, tmpfs
from tests.fixtures.harness import count, dump, integrity, opslog, rows

BIG = "x" * 60_000  # more than the free pages of a small database

def _seed(run: Run) -> None:
    for args in (
        ("note", "earlier note #kept"),
        ("checkin", "--done", "earlier day", "--date", "yesterday"),
        ("goal", "add", "GMV", "--metric", "gmv", "--target", "120", "--baseline", "100",
         "--due", "+5w"),
        ("goal", "checkin", "1", "104"),
        ("risk", "add", "supplier may slip", "-p", "3", "-i", "4"),
        ("retro", "add", "--well", "banner", "--action", "call the supplier @bob"),
    ):  # fmt: skip
        r = run(*args)
        assert r.exit_code == 0, r.stderr


def _export_file(tmp_path: Path, n: int, pad: int) -> Path:
    """An export of `n` notes by bob: over 1 MB takes the bulk path."""
    stamp = "2026-11-20T18:00:00+00:00"
    path = tmp_path / f"in-{n}-{pad}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({
                "kind": "note", "uid": f"0f{n:06d}-0000-4000-8000-{i:012d}", "author": "bob",
                "created_at": stamp, "updated_at": stamp, "day": "2026-11-20",
                "text": f"imported {i} 双11 " + "x" * pad, "tags": []}) + "\n")  # fmt: skip
    return path


# --- a full disk ----------------------------------------------------------------------


FULL_DISK_WRITES = [
    ("goal", "add", BIG[:200], "--metric", "m", "--target", "5", "--due", "+1w", "--why", BIG),
    ("goal", "checkin", "1", "110", "--note", BIG),
    ("risk", "add", "R", "-p", "2", "-i", "2", "--mitigation", BIG),
    ("risk", "update", "1", "-p", "5", "--note", BIG),
    ("retro", "add", "--week", "last", "--well", BIG),
    ("action", "add", BIG),
]


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
@needs_root
def test_a_really_full_file_system_says_not_saved(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "earlier note", env=env).exit_code == 0
        assert opslog("checkin", "--done", "earlier", env=env).exit_code == 0
        before = dump(disk / "opslog.db")
        fill(disk)
        r = opslog("note", BIG, env=env)
        assert r.exit_code == 1, r.stderr
        assert "Traceback" not in r.stderr
        assert "not saved" in r.stderr.splitlines()[-1], r.stderr
        r = opslog("checkin", "--done", BIG, env=env)
        assert r.exit_code == 1 and "not saved" in r.stderr.splitlines()[-1], r.stderr
        (disk / "filler").unlink()
        assert dump(disk / "opslog.db") == before
        assert integrity(disk / "opslog.db") == "ok"
        assert opslog("note", BIG, env=env).exit_code == 0


def test_a_full_disk_during_an_import_or_a_write_says_not_saved_and_keeps_earlier_data(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(run)
    files = [_export_file(tmp_path, 300, 400), _export_file(tmp_path, 2500, 450)]
    assert files[0].stat().st_size < 2**20 <= files[1].stat().st_size  # row by row; bulk
    before = dump(db_path)
    with full_disk(monkeypatch):
        for path in files:
            for source in (str(path), "-"):
                r = run("import", source, input=path.read_bytes() if source == "-" else None)
                assert r.exit_code == 1, r.stderr
                last = r.stderr.strip().splitlines()[-1]
                assert last == f"opslog: not saved: the disk is full ({db_path})", r.stderr
                assert "Traceback" not in r.stderr
        for args in FULL_DISK_WRITES:
            r = run(*args)
            assert r.exit_code == 1, f"{args[:2]}: {r.stderr}"
            assert "not saved: the disk is full" in r.stderr.strip().splitlines()[-1], args[:2]
    assert dump(db_path) == before
    assert integrity(db_path) == "ok"
    assert run("info", "--check").exit_code == 0  # the search index agrees with the tables
    for path in files:  # room again: it imports, in full
        r = run("import", str(path))
        assert r.exit_code == 0, r.stderr
    assert count(db_path, "note") == 1 + 300 + 2500
    assert run("info", "--check").exit_code == 0
    assert run("search", "imported 2499").stdout.count("\n") == 1


@pytest.mark.slow
@needs_root
def test_a_really_full_file_system_during_an_import_says_not_saved(tmp_path: Path) -> None:
    big = _export_file(tmp_path, 2500, 450)  # ~1.3 MB of JSON: the index does not fit in 2 MB
    with tmpfs(tmp_path / "small", "2m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "earlier note", env=env).exit_code == 0
        before = dump(disk / "opslog.db")
        r = opslog("import", str(big), env=env)
        assert r.exit_code == 1, r.stderr
        assert "Traceback" not in r.stderr
        assert "not saved" in r.stderr.splitlines()[-1], r.stderr
        assert dump(disk / "opslog.db") == before
        assert integrity(disk / "opslog.db") == "ok"


@pytest.mark.slow
@needs_root
def test_reads_work_on_a_full_disk_and_a_write_says_the_disk_is_full(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "earlier note", env=env).exit_code == 0
        assert opslog("checkin", "--done", "earlier day", env=env).exit_code == 0
        fill(disk)
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


# --- read-only ------------------------------------------------------------------------


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
@needs_root
def test_a_read_only_file_system_still_shows_the_week(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        assert opslog("note", "written before #ro", env=env).exit_code == 0
        remount_read_only(disk)
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


READS = [
    ("log",), ("log", "--json"), ("log", "--kind", "note", "--tag", "kept"),
    ("search", "earlier"), ("search", "supplier", "--json"),
    ("export",), ("export", "--format", "json"), ("export", "--format", "markdown"),
    ("export", "--format", "csv", "--kind", "goal"), ("info",), ("info", "--check"),
    ("goal", "list"), ("goal", "list", "--json"), ("goal", "show", "1"),
    ("risk", "list"), ("risk", "show", "1"), ("risk", "matrix"),
    ("retro", "list"), ("retro", "show"), ("action", "list", "--all"), ("week",),
]  # fmt: skip
WRITES = [
    ("goal", "add", "G2", "--metric", "m", "--target", "5", "--due", "+1w"),
    ("goal", "checkin", "1", "110"), ("goal", "done", "1"), ("goal", "edit", "1", "--title", "x"),
    ("risk", "add", "R2", "-p", "1", "-i", "1"), ("risk", "update", "1", "-p", "1"),
    ("risk", "close", "1"), ("retro", "add", "--well", "more"), ("action", "add", "more"),
    ("action", "done", "1"), ("rm", "note", "1", "--yes"), ("rm", "goal", "1", "--yes"),
]  # fmt: skip


def test_a_read_only_database_reads_everything_and_refuses_every_write(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(run)
    teammate = _export_file(tmp_path, 5, 10)
    raw = db_path.read_bytes()
    # As root, chmod does not stop writes: pretend, as tests/test_open.py does.
    monkeypatch.setattr(os, "access", lambda p, m: False)
    for args in READS:
        r = run(*args)
        assert r.exit_code == 0, f"{args}: {r.stderr}"
        assert r.stdout, args
    out = tmp_path / "elsewhere.jsonl"
    assert run("export", "-o", str(out)).exit_code == 0 and out.read_text("utf-8")
    assert run("backup", str(tmp_path / "copy.db")).exit_code == 0
    assert integrity(tmp_path / "copy.db") == "ok"
    script = tmp_path / "ed.py"
    script.write_text("import sys; open(sys.argv[1], 'w').write('changed')")
    editor = {"EDITOR": f"{sys.executable} {script}"}
    for args, env in [*((w, None) for w in WRITES), (("import", str(teammate)), None),
                      (("edit", "note", "1"), editor)]:  # fmt: skip
        r = run(*args, env=env)
        assert r.exit_code == 1, f"{args}: {r.stderr}"
        assert "Traceback" not in r.stderr
        assert f"{db_path} is read-only" in r.stderr.strip().splitlines()[-1], f"{args}: {r.stderr}"
    assert db_path.read_bytes() == raw


@pytest.mark.slow
@needs_root
def test_a_read_only_file_system_still_logs_searches_exports_and_informs(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        for args in (("note", "written before #ro"), ("goal", "add", "G", "--metric", "m",
                                                       "--target", "5", "--due", "+1w")):
            assert opslog(*args, env=env).exit_code == 0  # fmt: skip
        remount_read_only(disk)
        for args in (("log",), ("search", "before"), ("export",), ("info", "--check"),
                     ("goal", "list", "--json")):  # fmt: skip
            r = opslog(*args, env=env)
            assert r.exit_code == 0, f"{args}: {r.stderr}"
            assert "Traceback" not in r.stderr
        assert "written before #ro" in opslog("log", env=env).stdout
        for args in (("goal", "checkin", "1", "3"), ("import", "-"), ("rm", "note", "1", "-y")):
            r = opslog(*args, env=env, input=b"")
            if args[0] == "import":  # an empty import writes nothing: nothing to refuse
                assert r.exit_code in (0, 1), r.stderr
                continue
            assert r.exit_code == 1, f"{args}: {r.stderr}"
            assert "read-only" in r.stderr.splitlines()[-1], f"{args}: {r.stderr}"


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


@pytest.mark.slow
@needs_root
def test_changes_only_in_the_wal_are_read_when_nothing_can_be_written(tmp_path: Path) -> None:
    work = tmp_path / "work" / "opslog.db"
    env = {"OPSLOG_DB": str(work)}
    assert opslog("note", "checkpointed", env=env).exit_code == 0
    with tmpfs(tmp_path / "ro", "4m") as disk:
        holder = sqlite3.connect(work)  # keeps the WAL from being checkpointed at exit
        try:
            holder.execute("SELECT count(*) FROM note").fetchone()
            assert opslog("note", "only in the wal", env=env).exit_code == 0
            assert Path(f"{work}-wal").stat().st_size > 0
            shutil.copyfile(work, disk / "opslog.db")
            shutil.copyfile(f"{work}-wal", disk / "opslog.db-wal")  # and no -shm
        finally:
            holder.close()
        remount_read_only(disk)
        ro = {"OPSLOG_DB": str(disk / "opslog.db")}
        r = opslog("log", env=ro)
        assert r.exit_code == 0, r.stderr
        assert "checkpointed" in r.stdout and "only in the wal" in r.stdout
        r = opslog("info", "--check", env=ro)
        assert r.exit_code == 0, r.stderr
        assert re.search(r"^  note +2$", r.stdout, re.M), r.stdout
        r = opslog("note", "more", env=ro)
        assert r.exit_code == 1 and "read-only" in r.stderr.splitlines()[-1]


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


def _page_size(path: Path) -> int:
    return int(rows(path, "PRAGMA page_size")[0][0])


def _overwrite_page(path: Path, page: int) -> None:
    size = _page_size(path)
    with path.open("r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes([0x0D]) + b"\xa5" * (size - 1))  # a leaf header, then garbage


def _seeded(run: Run, db_path: Path, notes: int = 300) -> None:
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


@pytest.mark.parametrize("version", ["-5", "0", "x1"])
def test_a_nonsense_schema_version_is_refused_and_backs_nothing_up(
    run: Run, db_path: Path, version: str
) -> None:
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


def test_read_only_commands_never_say_not_saved(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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


# --- folders and paths ----------------------------------------------------------------


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


# --- upgrades -------------------------------------------------------------------------


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


# --- output and the files written for the user ----------------------------------------


@pytest.mark.parametrize("args", [["export"], ["week"], ["week", "-f", "json"], ["log"]],
                         ids=" ".join)
def test_output_to_a_full_disk_is_one_line_not_a_traceback(
    args: list[str], db_path: Path, tmp_path: Path
) -> None:
    import sys

    env = {**os.environ, "OPSLOG_DB": str(db_path)}
    subprocess.run([sys.executable, "-m", "opslog", "note", "x"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "opslog", *args], env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr == "opslog: cannot write the output: No space left on device\n"


def test_export_and_backup_never_write_through_a_symlink_or_over_a_file(
    run: Run, tmp_path: Path
) -> None:
    _seed(run)
    precious = tmp_path / "precious"
    precious.write_text("precious")
    folder = tmp_path / "folder"
    folder.mkdir()
    links = {"to-file": precious, "dangling": tmp_path / "nowhere", "to-folder": folder}
    for name, target in links.items():
        link = tmp_path / f"{name}.out"
        link.symlink_to(target)
        for force in ([], ["--force"]):
            r = run("export", "-o", str(link), *force)
            assert r.exit_code == 2 and "symbolic link" in r.stderr, (name, force, r.stderr)
        r = run("backup", str(link))
        assert r.exit_code == 2, (name, r.stderr)
        assert link.is_symlink() and Path(os.readlink(link)) == target
    assert precious.read_text() == "precious"
    # --force on backup replaces the link itself, never what it points to
    link = tmp_path / "to-file.out"
    assert run("backup", str(link), "--force").exit_code == 0
    assert not link.is_symlink() and integrity(link) == "ok"
    assert precious.read_text() == "precious"
    # an existing file: refused without --force, replaced with it
    for args in (("export", "-o"), ("backup",)):
        target = tmp_path / f"existing-{args[0]}"
        target.write_text("keep me")
        r = run(*args, str(target))
        assert r.exit_code == 2 and "--force" in r.stderr, r.stderr
        assert target.read_text() == "keep me"
        assert run(*args, str(target), "--force").exit_code == 0
        assert target.read_bytes() != b"keep me" and target.stat().st_mode & 0o777 == 0o600
    for args in (("export", "-o"), ("backup",)):  # a folder is never a file name
        r = run(*args, str(folder))
        assert r.exit_code == 2 and "folder" in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
