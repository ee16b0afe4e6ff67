"""Reliability matrix, 4 (continued): crashes during import, goal check-ins and risk
updates; Ctrl-C at each question of `retro add` and at `rm`'s confirmation.

SIGKILL at random moments (a fixed seed, printed on failure): afterwards `PRAGMA
integrity_check` is ok and the search index agrees with its tables; an import is all
there or not at all (it is one transaction, whether it indexes row by row or drops the
index triggers and rebuilds at the end); every goal check-in and risk update that was
acknowledged is there, and every risk update has its review (the reviews form an
unbroken chain of old → new values ending at the risk as it stands).
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.fixtures.crash import KILLS, SEED, Terminal, export_records, kill_after, spawn
from tests.fixtures.harness import (
    FORBIDDEN,
    child_env,
    cli,
    dump,
    finish,
    integrity,
    rows,
)


def _started(proc: subprocess.Popen[bytes]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line == b"ack start\n", line + proc.stderr.read() if proc.stderr else line


def _index_ok(path: Path) -> None:
    """FTS5's own check of every search index against its table (a write, so on a copy:
    the file under test is left as the crash left it)."""
    copy = path.with_name("index-check.db")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn = sqlite3.connect(copy)
    try:
        source.backup(conn)  # the file with its -wal, as the next opslog would see it
    finally:
        source.close()
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name LIKE '%!_fts' ESCAPE '!'")]  # fmt: skip
        for fts in tables:
            conn.execute(f'INSERT INTO "{fts}"("{fts}", rank) VALUES (\'integrity-check\', 1)')
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {f"{t}_{s}" for t in tables for s in ("ai", "ad", "au")} <= triggers, triggers
    finally:
        conn.close()
        copy.unlink()


# --- import -------------------------------------------------------------------------------


def _write(path: Path, records: list[dict[str, object]]) -> int:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path.stat().st_size


def _base(path: Path) -> None:
    for args in (
        ("note", "before the import #kept"),
        ("checkin", "--done", "kept"),
        ("goal", "add", "kept", "--metric", "m", "--target", "5", "--due", "+1w"),
    ):
        cli(path, *args)  # fmt: skip


def _imported(path: Path, uids: set[str]) -> int:
    found = 0
    for kind in ("note", "checkin", "goal", "progress", "risk", "risk_review", "retro", "action"):
        found += sum(1 for (u,) in rows(path, f'SELECT uid FROM "{kind}"') if u in uids)
    return found


@pytest.mark.slow
def test_sigkill_during_an_import_leaves_all_of_it_or_none(mem_db: Path, tmp_path: Path) -> None:
    from opslog.cli.importer import BULK_MIN_BYTES

    pristine = tmp_path / "pristine.db"
    _base(pristine)
    before = dump(pristine)
    # Two files: one indexed row by row, one large enough for the bulk path (the index
    # triggers dropped inside the transaction and the index rebuilt at its end).
    files = []
    for name, n, pad in (("rows.jsonl", 2000, 40), ("bulk.jsonl", 3000, 300)):
        records = export_records(n, pad)
        size = _write(tmp_path / name, records)
        files.append((tmp_path / name, {str(r["uid"]) for r in records}, size))
    assert files[0][2] < BULK_MIN_BYTES <= files[1][2], [f[2] for f in files]

    spans = []
    for path, uids, _size in files:  # how long an uninterrupted import takes
        shutil.copy(pristine, mem_db)
        proc = spawn("import", "1", env={"OPSLOG_IMPORT": str(path)})
        _started(proc)
        began = time.monotonic()
        out, err = finish(proc, 60)
        spans.append(time.monotonic() - began)
        assert proc.returncode == 0 and b"ack imported" in out, err.decode()
        assert _imported(mem_db, uids) == len(uids)

    rng = random.Random(SEED)
    seen = {"none": 0, "all": 0}
    for run in range(KILLS):
        path, uids, _size = files[run % 2]
        for leftover in mem_db.parent.iterdir():
            leftover.unlink()
        shutil.copy(pristine, mem_db)
        proc = spawn("import", "1", env={"OPSLOG_IMPORT": str(path)})
        _started(proc)
        acks, err = kill_after(proc, rng.uniform(0.0, spans[run % 2] * 1.1))
        where = f"seed {SEED}, run {run} ({path.name})"
        assert "Traceback" not in err, f"{where}: {err}"
        assert integrity(mem_db) == "ok", where
        found = _imported(mem_db, uids)
        assert found in (0, len(uids)), f"{where}: a partial import, {found} of {len(uids)}"
        if "imported" in acks:
            assert found == len(uids), where
        seen["all" if found else "none"] += 1
        after = dump(mem_db)
        for table, kept in before.items():  # what was there before is there, untouched
            assert set(kept) <= set(after[table]), f"{where}: {table}"
        if not found:
            assert after == before, where
        _index_ok(mem_db)
        if found == 0 and run % 4 == 1:  # and the import, run again, goes in whole
            proc = spawn("import", "1", env={"OPSLOG_IMPORT": str(path)})
            _, err = finish(proc, 60)
            assert proc.returncode == 0, err.decode()
            assert _imported(mem_db, uids) == len(uids), where
            _index_ok(mem_db)
    print(f"import spans {[round(s, 2) for s in spans]} s, outcomes {seen}")
    assert seen["none"] >= KILLS // 3, f"too few kills landed inside the import: {seen}"


# --- goal check-ins and risk updates --------------------------------------------------------


def _check_register(path: Path, acked: set[str]) -> None:
    assert integrity(path) == "ok"
    (goal_uid,) = rows(path, "SELECT uid FROM goal WHERE id = 1")[0]
    values = {
        int(v): note
        for v, note in rows(
            path, "SELECT value, note FROM progress WHERE goal_uid = ?", (goal_uid,)
        )
    }
    (risk_uid, probability) = rows(path, "SELECT uid, probability FROM risk WHERE id = 1")[0]
    reviews = rows(path, "SELECT old_probability, new_probability, note FROM risk_review"
                   " WHERE risk_uid = ? ORDER BY id", (risk_uid,))  # fmt: skip
    assert reviews[0][2] == "identified"
    previous = reviews[0][1]
    updates = set()
    for old, new, note in reviews[1:]:  # every update kept, none half-done
        assert old == previous, f"review {note!r} starts from {old}, the risk was {previous}"
        i = int(note.split()[1])
        assert new == i % 5 + 1, note
        updates.add(i)
        previous = new
    assert previous == probability, "the risk's probability is not its last review's"
    for what in acked:
        kind, i = what.split()
        if kind == "progress":
            assert values.get(int(i)) == f"value {i}", f"acknowledged check-in {i} is missing"
        else:
            assert int(i) in updates, f"acknowledged risk update {i} has no review"


@pytest.mark.slow
def test_sigkill_during_goal_checkins_and_risk_updates_loses_no_acknowledged_write(
    mem_db: Path,
) -> None:
    cli(mem_db, "goal", "add", "GMV", "--metric", "gmv", "--target", "1000000", "--due", "+5w")
    cli(mem_db, "risk", "add", "supplier", "-p", "3", "-i", "4")
    rng = random.Random(SEED)
    acked: set[str] = set()
    start, landed = 0, 0
    for run in range(20):
        proc = spawn("register", str(start))
        _started(proc)
        acks, err = kill_after(proc, rng.uniform(0.02, 0.35))
        assert "Traceback" not in err, f"seed {SEED}, run {run}: {err}"
        assert proc.returncode == -signal.SIGKILL, f"seed {SEED}, run {run}: {err}"
        acked.update(acks)
        landed += bool(acks)
        try:
            _check_register(mem_db, acked)
        except AssertionError as exc:
            raise AssertionError(f"seed {SEED}, run {run}: {exc}") from exc
        start = max([int(a.split()[1]) for a in acked] + [start]) + 2  # past any unacked
    assert landed >= 10, "the kills mostly landed before any write"


# --- Ctrl-C at each question ---------------------------------------------------------------

# `retro add` on a terminal: its questions in order, and an answer to each.
RETRO_QUESTIONS = [
    ("Went well 1", "banner on time"),
    ("Went well 2", ""),
    ("To improve 1", "late stock data"),
    ("To improve 2", ""),
    ("Action 1", "call the supplier @bob due:fri"),
    ("Action 2", ""),
]


def _retro_interrupted_at(question: int, env: dict[str, str]) -> tuple[int, str]:
    term = Terminal(["retro", "add"], env)
    try:
        for label, answer in RETRO_QUESTIONS[:question]:
            term.expect(label.encode())
            del term.seen[:]
            term.send(answer.encode() + b"\r")
        term.expect(RETRO_QUESTIONS[question][0].encode())
        term.send(b"\x03")
        return term.finish()
    finally:
        term.close()


@pytest.mark.slow
def test_ctrl_c_at_every_question_of_the_retro_writes_nothing(db_path: Path) -> None:
    cli(db_path, "note", "make the file")
    before = dump(db_path)
    env = child_env({"TERM": "dumb"})
    for question in range(len(RETRO_QUESTIONS)):
        code, out = _retro_interrupted_at(question, env)
        label = RETRO_QUESTIONS[question][0]
        assert code == 130, f"Ctrl-C at {label!r}: exit {code}\n{out}"
        assert "interrupted: nothing was saved" in out, out
        assert "Traceback" not in out, out
        assert dump(db_path) == before, f"Ctrl-C at {label!r} wrote something"
    term = Terminal(["retro", "add"], env)  # the same answers to the end do save
    try:
        for label, answer in RETRO_QUESTIONS:
            term.expect(label.encode())
            del term.seen[:]
            term.send(answer.encode() + b"\r")
        code, out = term.finish()
    finally:
        term.close()
    assert code == 0, out
    assert rows(db_path, "SELECT week, went_well, to_improve FROM retro") == [
        ("2026-W48", '["banner on time"]', '["late stock data"]')
    ]
    assert rows(db_path, "SELECT text, owner, due FROM action") == [
        ("call the supplier", "bob", "2026-11-27")
    ]


@pytest.mark.slow
def test_ctrl_c_or_no_at_the_rm_question_deletes_nothing_and_shows_the_record_inert(
    db_path: Path,
) -> None:
    hostile = "\x1b]52;c;cm0gLXJmIH4=\x07 \u202egnp.exe [bold]x[/bold] \x9b31m"
    cli(db_path, "goal", "add", "G", "--metric", "m", "--target", "5", "--due", "+1w")
    cli(db_path, "goal", "checkin", "1", "3", "--note", "n")
    cli(db_path, "note", "--", hostile)
    before = dump(db_path)
    env = child_env({"TERM": "dumb"})
    for args, question, key in ((["rm", "note", "1"], b"Delete note 1?", b"\x03"),
                                (["rm", "goal", "1"], b"and its 1 progress record?", b"\x03"),
                                (["rm", "note", "1"], b"Delete note 1?", b"n\r")):  # fmt: skip
        term = Terminal(args, env)
        try:
            term.expect(question)
            term.send(key)
            code, out = term.finish()
        finally:
            term.close()
        assert code == (130 if key == b"\x03" else 0), out
        assert not FORBIDDEN.search(out.replace("\r", "")), repr(out)
        if args[1] == "note":
            assert "^[]52;c;cm0gLXJmIH4=^G <U+202E>gnp.exe [bold]x[/bold] <U+009B>31m" in out
        assert ("interrupted: nothing was saved" if key == b"\x03" else "nothing deleted") in out
        assert dump(db_path) == before, args
