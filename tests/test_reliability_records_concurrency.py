"""Reliability matrix, 3 (continued): concurrency for import and the register commands.

Four processes importing the same export at once, while two others check in on a goal
and update a risk: every record is there exactly once (an import is one BEGIN
IMMEDIATE transaction and skips the uids already there), no write fails. A database
held locked past the busy timeout: import, goal, risk, retro, action and rm say
"busy … try again" in one line, exit 1, and write nothing.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.crash import export_records
from tests.fixtures.harness import (
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

FAST = {"OPSLOG_BUSY_TIMEOUT": "0.3"}


@pytest.fixture
def shared_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = memory_dir(tmp_path) / "opslog.db"
    monkeypatch.setenv("OPSLOG_DB", str(path))
    yield path
    cleanup()


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
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in LOCKED_WRITES:
            r = opslog(*args, env=FAST, input=line if args[0] == "import" else None)
            assert r.exit_code == 1, f"{args}: {r.stderr}"
            assert "Traceback" not in r.stderr
            last = r.stderr.strip().splitlines()[-1]
            assert last == "opslog: the database is busy (locked by another opslog); try again", (
                f"{args}: {r.stderr}"
            )
    finally:
        holder.rollback()
        holder.close()
    assert dump(db_path) == before
