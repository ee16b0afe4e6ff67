import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.output import fields
from tests.fixtures.records import seed


def test_info_shows_where_what_and_how_many(run: Run, db_path: Path) -> None:
    seed(db_path)
    r = run("info")
    assert r.exit_code == 0 and r.stderr == ""
    f = fields(r.stdout)
    assert f["data"].startswith(f"{db_path} (SQLite 3.")
    assert f["config"].endswith("config.toml (none; optional)")
    assert f["author"] == "ann (environment OPSLOG_AUTHOR)"
    assert f["schema"] == "v3"
    assert f["search"] == "full-text index (FTS5 trigram)"
    assert (f["records"], f["note"], f["risk_review"]) == ("8", "1", "1")
    assert "integrity" not in f


def test_info_before_first_use_creates_nothing(run: Run, db_path: Path) -> None:
    r = run("info")
    assert r.exit_code == 0 and "not created yet" in r.stdout
    assert not db_path.exists()
    r = run("info", "--check")
    assert r.exit_code == 1 and "nothing to check" in r.stderr


def test_info_check_says_ok(run: Run, db_path: Path) -> None:
    seed(db_path)
    r = run("info", "--check")
    assert r.exit_code == 0
    assert fields(r.stdout)["integrity"] == "ok"


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (
            "DROP TRIGGER note_fts_au; UPDATE note SET text = 'changed behind its back'",
            "search index note_fts is out of step",
        ),
        (
            "PRAGMA foreign_keys = OFF; UPDATE progress SET goal_uid = 'gone'",
            "progress row 1 refers to a missing goal",
        ),
    ],
)
def test_info_check_finds_damage_and_exits_1(
    run: Run, db_path: Path, damage: str, named: str
) -> None:
    seed(db_path)
    raw = sqlite3.connect(str(db_path))
    raw.executescript(damage)
    raw.close()
    r = run("info", "--check")
    assert r.exit_code == 1
    assert named in fields(r.stdout)["integrity"]
    assert "integrity check failed" in r.stderr


def test_info_search_and_backup_on_postgresql(run: Run, pg_url: str) -> None:
    run("--db", pg_url, "note", "团队 note")
    r = run("--db", pg_url, "info", "--check")
    assert r.exit_code == 0, r.stderr
    f = fields(r.stdout)
    assert (f["note"], f["search"]) == ("1", "substring scan (PostgreSQL)")
    assert f["integrity"].startswith("ok")
    assert run("--db", pg_url, "search", "团队").stdout.endswith("\ttext: 团队 note\n")
    r = run("--db", pg_url, "backup", "copy.db")
    assert r.exit_code == 2 and "pg_dump" in r.stderr


def test_check_on_a_locked_database_says_busy_not_damaged(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    run("note", "x")
    monkeypatch.setenv("OPSLOG_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        r = run("info", "--check")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.exit_code == 1
    assert "busy" in r.stderr and "out of step" not in r.stdout + r.stderr
