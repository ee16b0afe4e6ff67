import sqlite3
import threading
from pathlib import Path

from tests.conftest import Run
from tests.fixtures.records import open_db


def test_backup_is_a_private_copy_opslog_can_read(run: Run, tmp_path: Path) -> None:
    run("note", "供应商 signed")
    target = tmp_path / "copy.db"
    r = run("backup", str(target))
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"to {target}" in r.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".copy.db.tmp-*"))
    r = run("--db", str(target), "search", "供应商")
    assert r.stdout.startswith("2026-11-27\tnote\t1\tann\ttext: 供应商 signed")


def test_backup_replaces_a_file_only_with_force(run: Run, tmp_path: Path) -> None:
    run("note", "one")
    target = tmp_path / "copy.db"
    target.write_text("precious")
    r = run("backup", str(target))
    assert r.exit_code == 2 and "--force" in r.stderr
    assert target.read_text() == "precious"
    assert run("backup", str(target), "--force").exit_code == 0
    assert run("--db", str(target), "log").stdout.endswith("\tone\n")


def test_backup_replaces_a_symlink_never_its_target(run: Run, tmp_path: Path) -> None:
    run("note", "one")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    link = tmp_path / "copy.db"
    link.symlink_to(elsewhere)
    assert run("backup", str(link)).exit_code == 2
    assert run("backup", str(link), "--force").exit_code == 0
    assert elsewhere.read_text() == "not yours" and not link.is_symlink()


def test_backup_refuses_the_database_itself(run: Run, db_path: Path) -> None:
    run("note", "one")
    r = run("backup", str(db_path), "--force")
    assert r.exit_code == 2 and "the database itself" in r.stderr


def test_backup_is_consistent_while_another_process_writes(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    run("note", "start")
    open_db(db_path).close()
    stop = threading.Event()

    def writer() -> None:  # two rows per transaction: a torn copy would hold an odd count
        raw = sqlite3.connect(str(db_path), timeout=10, isolation_level=None)
        while not stop.is_set():
            raw.execute("BEGIN IMMEDIATE")
            for _ in range(2):
                raw.execute(
                    "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags) "
                    "VALUES (lower(hex(randomblob(16))), 'bob', 'x', 'x', '2026-11-27', 'w', '[]')"
                )
            raw.execute("COMMIT")
        raw.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = []
        for i in range(5):
            target = tmp_path / f"copy{i}.db"
            assert run("backup", str(target)).exit_code == 0
            copy = sqlite3.connect(str(target))
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(
                copy.execute("SELECT count(*) FROM note WHERE author = 'bob'").fetchone()[0]
            )
            copy.close()
    finally:
        stop.set()
        thread.join()
    assert all(n % 2 == 0 for n in counts) and counts[-1] > 0
