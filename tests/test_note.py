import json
import sqlite3
from pathlib import Path

from tests.conftest import Run


def notes(db_path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT day, text, tags FROM note ORDER BY id").fetchall()


def test_note_prints_its_id_and_keeps_hashtags_as_tags(run: Run, db_path: Path) -> None:
    r = run("note", "双11 banner live", "#Release", "#发布")
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert "note 1 saved for 2026-11-27 #release #发布" in r.stderr
    assert notes(db_path) == [
        ("2026-11-27", "双11 banner live #Release #发布", '["release", "发布"]')
    ]


def test_tag_option_adds_to_hashtags_without_duplicates(run: Run, db_path: Path) -> None:
    run("note", "call #supplier", "--tag", "supplier", "--tag", "供应商")
    assert json.loads(notes(db_path)[0][2]) == ["supplier", "供应商"]


def test_date_option_files_the_note_on_that_day(run: Run, db_path: Path) -> None:
    run("note", "late entry", "--date", "yesterday")
    run("note", "monday entry", "-d", "mon")
    assert [n[0] for n in notes(db_path)] == ["2026-11-26", "2026-11-23"]


def test_piped_stdin_and_dash_read_the_text(run: Run, db_path: Path) -> None:
    assert run("note", input="from a pipe 管道\n").exit_code == 0
    assert run("note", "-", input="dash form").exit_code == 0
    assert [n[1] for n in notes(db_path)] == ["from a pipe 管道", "dash form"]


def test_invalid_utf8_on_stdin_is_refused_naming_the_byte(run: Run, db_path: Path) -> None:
    r = run("note", input=b"ok \xff bad")
    assert r.exit_code == 2
    assert "byte 3" in r.stderr
    assert not db_path.exists() or notes(db_path) == []


def test_empty_and_nul_text_are_refused_and_nothing_is_written(run: Run, db_path: Path) -> None:
    assert run("note", "   ").exit_code == 2
    r = run("note", "a\x00b")
    assert (r.exit_code, "NUL" in r.stderr) == (2, True)
    assert run("note", "x", "--date", "2026-02-30").exit_code == 2
    assert not db_path.exists() or notes(db_path) == []


def test_text_starting_with_a_dash_gets_a_hint(db_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "OPSLOG_DB": str(db_path)}
    proc = subprocess.run([sys.executable, "-m", "opslog", "note", "-3% conversion"], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert proc.returncode == 2
    assert "goes after --" in proc.stderr and proc.stderr.count("\n") == 1
    ok = subprocess.run([sys.executable, "-m", "opslog", "note", "--", "-3% conversion"],
                        env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
