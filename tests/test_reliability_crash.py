"""Reliability matrix, 4: crashes.

SIGKILL at random moments, many times, while check-ins (with goal values) and notes
are written, while a migration runs, during an import, and during goal check-ins and
risk updates: afterwards the file passes `PRAGMA integrity_check` and the search index
agrees with its tables; every write that was acknowledged is there, and no transaction
is there in part (a check-in without its goal values, a half-migrated schema, part of
an import, a risk update without its review). Ctrl-C at each question of the
interactive check-in and of `retro add`, and at `rm`'s confirmation, writes nothing. A
backup killed midway leaves a copy that the next backup removes.

The kills use a fixed seed (printed on failure) so that a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.crash import KILLS, SEED, export_records, kill_after, spawn
from tests.fixtures.harness import (
    FORBIDDEN,
    child_env,
    cli,
    count,
    dump,
    finish,
    integrity,
    rows,
)
from tests.fixtures.pty_session import CTRL_C, ENTER, PtySession, opslog_argv


def _started(proc: subprocess.Popen[bytes]) -> None:
    """The driver has done its imports and now starts writing."""
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


def _kill_again_and_again(
    mode: str,
    delays: tuple[float, float],
    check: Callable[[Path, set[str]], None],
    path: Path,
    runs: int = KILLS,
    after_start: bool = False,
) -> tuple[set[str], int]:
    """Start the driver's `mode` and SIGKILL it `runs` times, each at a random moment
    within `delays` seconds (of its start, or of its `ack start`), and `check` the file
    against every write acknowledged so far after each kill; each run starts past every
    number the one before may have written. Every acknowledged write, and how many runs
    were killed after one."""
    rng = random.Random(SEED)
    acked: set[str] = set()
    start, landed = 0, 0
    for run in range(runs):
        proc = spawn(mode, str(start))
        if after_start:
            _started(proc)
        acks, err = kill_after(proc, rng.uniform(*delays))
        where = f"seed {SEED}, run {run}"
        assert "Traceback" not in err, f"{where}: {err}"
        assert proc.returncode == -signal.SIGKILL, f"{where}: {err}"
        acked.update(acks)
        landed += bool(acks)
        try:
            check(path, acked)
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
        start = max([int(a.split()[1]) for a in acked] + [start]) + 2  # past any unacked
    return acked, landed


# --- check-ins and notes --------------------------------------------------------------


def _add_goals(path: Path) -> None:
    from opslog.store.db import Location
    from opslog.store.goals import add_goal
    from opslog.store.open import open_database

    db = open_database(Location(path=path))
    with db.write() as conn:
        for title in ("GMV", "Refunds"):
            add_goal(conn, author="ann", now="1999-12-01T00:00:00+00:00", title=title,
                     metric=title.lower(), target=100, baseline=0, due=date(2100, 1, 1),
                     start=date(1999, 12, 1))  # fmt: skip
    db.close()


def _day(i: int) -> str:
    return (date(2000, 1, 1) + timedelta(days=i)).isoformat()


def _check_checkins(path: Path, acked: set[str]) -> None:
    assert integrity(path) == "ok"
    checkins = rows(path, "SELECT day, done, mood FROM checkin ORDER BY day")
    progress = rows(path, "SELECT day, goal_uid, value FROM progress ORDER BY day, id")
    goals = [u for (u,) in rows(path, "SELECT uid FROM goal ORDER BY id")]
    notes = {t for (t,) in rows(path, "SELECT text FROM note")}
    by_day: dict[str, list[tuple[str, float]]] = {}
    for day, goal_uid, value in progress:
        by_day.setdefault(day, []).append((goal_uid, value))
    for day, done, mood in checkins:
        i = int(done.split()[1])
        assert day == _day(i) and mood == i % 5 + 1
        # the check-in's transaction also holds both goal values: all or nothing
        assert by_day.pop(day, None) == [(goals[0], float(i)), (goals[1], float(-i))], day
    assert by_day == {}, f"goal values without their check-in: {by_day}"
    days = {day for day, _, _ in checkins}
    for what in acked:
        kind, i = what.split()
        if kind == "checkin":
            assert _day(int(i)) in days, f"acknowledged {what} is missing"
        else:
            assert f"note {i} #crash" in notes, f"acknowledged {what} is missing"


@pytest.mark.slow
def test_sigkill_during_checkins_loses_no_acknowledged_write_and_splits_none(
    mem_db: Path,
) -> None:
    _add_goals(mem_db)
    acked, killed_mid_run = _kill_again_and_again("checkins", (0.25, 0.7), _check_checkins, mem_db)
    assert killed_mid_run >= KILLS // 2, "the kills mostly landed before any write"
    assert count(mem_db, "checkin") >= len([a for a in acked if a.startswith("checkin")])


# --- migration --------------------------------------------------------------------------

STATEMENTS = 50000


def _v1_with_rows(path: Path) -> None:
    from opslog.store.db import Location
    from opslog.store.open import open_database

    db = open_database(Location(path=path))
    with db.write() as conn:
        for i in range(50):
            conn.execute(
                "INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
                " VALUES (:u, 'ann', 't', 't', '2026-11-27', :t, '[]')",
                {"u": f"uid-{i}", "t": f"kept {i} 双11"},
            )
    db.close()


def _schema_state(path: Path) -> str:
    """'v1' (the current schema) or 'v2' (the test-only next one), nothing in between."""
    from opslog.store.migrations import SCHEMA_VERSION

    version = rows(path, "SELECT value FROM opslog_meta WHERE key = 'schema_version'")[0][0]
    columns = {r[1] for r in rows(path, "PRAGMA table_info(note)")}
    tables = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    indexes = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    if version == str(SCHEMA_VERSION):
        assert "pinned" not in columns and "v2_filler" not in tables
        assert "ix_v2_filler_payload" not in indexes
        return "v1"
    assert version == str(SCHEMA_VERSION + 1), version
    assert "pinned" in columns and "ix_v2_filler_payload" in indexes
    assert count(path, "v2_filler") == STATEMENTS
    assert rows(path, "SELECT count(*) FROM note WHERE pinned = 1")[0][0] == 50
    return "v2"


@pytest.mark.slow
def test_sigkill_during_a_migration_leaves_v1_or_v2_never_half(
    mem_db: Path, tmp_path: Path
) -> None:
    pristine = tmp_path / "pristine.db"
    _v1_with_rows(pristine)
    notes_before = rows(pristine, "SELECT uid, text FROM note ORDER BY id")

    # How long an uninterrupted upgrade takes (backup copy included), to spread the
    # kills over it.
    shutil.copy(pristine, mem_db)
    proc = spawn("migrate", str(STATEMENTS))
    _started(proc)
    began = time.monotonic()
    out, err = finish(proc, 60)
    span = time.monotonic() - began
    assert proc.returncode == 0 and b"ack migrated" in out, err.decode()
    assert _schema_state(mem_db) == "v2"

    rng = random.Random(SEED)
    seen = {"v1": 0, "v2": 0, "inside": 0}
    for run in range(KILLS):
        for leftover in mem_db.parent.iterdir():
            leftover.unlink()
        shutil.copy(pristine, mem_db)
        proc = spawn("migrate", str(STATEMENTS))
        _started(proc)  # imports done: now it opens
        acks, err = kill_after(proc, rng.uniform(0.0, span * 1.2))
        acks.append("start")
        assert "Traceback" not in err, f"seed {SEED}, run {run}: {err}"
        where = f"seed {SEED}, run {run}"
        assert integrity(mem_db) == "ok", where
        state = _schema_state(mem_db)
        seen[state] += 1
        if "migrated" in acks:
            assert state == "v2", where
        elif "start" in acks:
            seen["inside"] += 1  # killed between the start of the upgrade and its end
        assert rows(mem_db, "SELECT uid, text FROM note ORDER BY id") == notes_before, where
        for backup in mem_db.parent.glob("*.bak"):  # a backup is complete or absent
            assert integrity(backup) == "ok", where
            assert rows(backup, "SELECT uid, text FROM note ORDER BY id") == notes_before
        if run % 6 == 0:  # and the next start finishes the job
            proc = spawn("migrate", str(STATEMENTS))
            _, err = finish(proc, 60)
            assert proc.returncode == 0, err.decode()
            assert _schema_state(mem_db) == "v2", where
    print(f"migration span {span:.2f} s, outcomes {seen}")
    assert seen["inside"] >= KILLS // 3, f"too few kills landed inside the upgrade: {seen}"


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
    _, landed = _kill_again_and_again(
        "register", (0.02, 0.35), _check_register, mem_db, runs=20, after_start=True
    )
    assert landed >= 10, "the kills mostly landed before any write"


# --- Ctrl-C at each question -----------------------------------------------------------

# The interactive check-in's questions in order, and an answer to each.
QUESTIONS = [
    ("Done today", "shipped"),
    ("Blockers", "none"),
    ("Plan for tomorrow", "call"),
    ("Mood", "4"),
    ("Goal #1", "42"),
    ("Any new risk?", "y"),
    ("  Risk", "stock-out"),
    ("  Probability", "3"),
    ("  Impact", "4"),
    ("  Owner", "bob"),
    ("  Mitigation", "reorder"),
    ("Any new risk?", "n"),
    ("Any customer feedback today?", "配送太慢"),
    ("  Category", "物流"),
    ("  Channel", "客服热线"),
    ("  How many alike", "2"),
    ("  Sentiment", "neg"),
    ("More customer feedback?", ""),
]
# `retro add` on a terminal: its questions in order, and an answer to each.
RETRO_QUESTIONS = [
    ("Went well 1", "banner on time"),
    ("Went well 2", ""),
    ("To improve 1", "late stock data"),
    ("To improve 2", ""),
    ("Action 1", "call the supplier @bob due:fri"),
    ("Action 2", ""),
]


def _on_a_terminal(
    args: list[str],
    questions: list[tuple[str, str]],
    env: dict[str, str],
    ctrl_c_at: int | None = None,
) -> tuple[int, str]:
    """`opslog ARGS` on a terminal, each question answered in turn; with `ctrl_c_at`,
    Ctrl-C is pressed at that question instead. The exit code and what it wrote on
    stderr (the questions and messages)."""
    term = PtySession(opslog_argv(*args), env, stderr_to=subprocess.PIPE)
    try:
        for label, answer in questions[:ctrl_c_at]:
            term.expect(label)  # and past it: the next may repeat it ("Any new risk?")
            term.send(answer + ENTER)
        if ctrl_c_at is not None:
            term.expect(questions[ctrl_c_at][0])
            term.press_to_end(CTRL_C)  # twice if the first came too early
        return term.wait(), term.text
    finally:
        term.close()


def _ctrl_c_at_each_question_writes_nothing(
    args: list[str], questions: list[tuple[str, str]], db_path: Path
) -> None:
    before = dump(db_path)
    env = child_env({"TERM": "dumb"})
    for question in range(len(questions)):
        code, out = _on_a_terminal(args, questions, env, ctrl_c_at=question)
        label = questions[question][0].strip()
        assert code == 130, f"Ctrl-C at {label!r}: exit {code}\n{out}"
        assert "interrupted: nothing was saved" in out, out
        assert "Traceback" not in out, out
        assert dump(db_path) == before, f"Ctrl-C at {label!r} wrote something"
    # and the same questions answered to the end do save (the flow is the real one)
    code, out = _on_a_terminal(args, questions, env)
    assert code == 0, out


@pytest.mark.slow
def test_ctrl_c_at_every_question_of_the_checkin_writes_nothing(db_path: Path) -> None:
    cli(db_path, "note", "make the file")
    _add_goals(db_path)
    with sqlite3.connect(db_path) as conn:  # one active goal, so one goal question
        conn.execute("UPDATE goal SET status = 'dropped' WHERE id = 2")
    _ctrl_c_at_each_question_writes_nothing(["checkin"], QUESTIONS, db_path)
    assert rows(db_path, "SELECT done, mood FROM checkin") == [("shipped", 4)]
    assert rows(db_path, "SELECT title, probability, impact FROM risk") == [("stock-out", 3, 4)]
    assert rows(db_path, "SELECT value FROM progress") == [(42.0,)]
    assert rows(db_path, "SELECT text, category, channel, count, sentiment FROM feedback") == [
        ("配送太慢", "物流", "客服热线", 2, "neg")
    ]


@pytest.mark.slow
def test_ctrl_c_at_every_question_of_the_retro_writes_nothing(db_path: Path) -> None:
    cli(db_path, "note", "make the file")
    _ctrl_c_at_each_question_writes_nothing(["retro", "add"], RETRO_QUESTIONS, db_path)
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
    for args, question, key in ((["rm", "note", "1"], "Delete note 1?", CTRL_C),
                                (["rm", "goal", "1"], "and its 1 progress record?", CTRL_C),
                                (["rm", "note", "1"], "Delete note 1?", "n" + ENTER)):  # fmt: skip
        term = PtySession(opslog_argv(*args), env, stderr_to=subprocess.PIPE)
        try:
            term.expect(question)
            if key == CTRL_C:
                term.press_to_end(key)
            else:
                term.send(key)
            code, out = term.wait(), term.text
        finally:
            term.close()
        assert code == (130 if key == CTRL_C else 0), out
        assert not FORBIDDEN.search(out.replace("\r", "")), repr(out)
        if args[1] == "note":
            assert "^[]52;c;cm0gLXJmIH4=^G <U+202E>gnp.exe [bold]x[/bold] <U+009B>31m" in out
        assert ("interrupted: nothing was saved" if key == CTRL_C else "nothing deleted") in out
        assert dump(db_path) == before, args


# --- Ctrl-C during an import and while the editor runs ------------------------------


@pytest.mark.slow
def test_ctrl_c_during_an_import_rolls_it_back_in_one_line(mem_db: Path, tmp_path: Path) -> None:
    """SIGINT (Ctrl-C) at random moments of a 20 000-record import, into an existing
    logbook and into a new one: exit 130, "opslog: interrupted", nothing of it there
    (no new file at all), the search index and its triggers whole."""
    from tests.fixtures.crash import ctrl_c_an_import, spawn_warm

    pristine = tmp_path / "pristine.db"
    _base(pristine)
    before = dump(pristine)
    records = export_records(20000, 40)
    _write(tmp_path / "big.jsonl", records)
    uids = {str(r["uid"]) for r in records}
    shutil.copy(pristine, mem_db)
    proc = spawn_warm("import", str(tmp_path / "big.jsonl"))
    began = time.monotonic()
    _out, err = finish(proc, 120)
    span = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    rng = random.Random(SEED)
    interrupted = 0
    for run in range(8):
        for leftover in mem_db.parent.iterdir():
            leftover.unlink()
        new = run % 2 == 1  # every other run: into a logbook the import makes
        if not new:
            shutil.copy(pristine, mem_db)
        code, err = ctrl_c_an_import(tmp_path / "big.jsonl", span, rng)
        where = f"seed {SEED}, run {run}"
        if code is None:  # done before the signal came
            assert _imported(mem_db, uids) == len(uids), where
            continue
        assert (code, err) == (130, "opslog: interrupted\n"), f"{where}: {code} {err}"
        # Past the COMMIT (or the new file's link) the import is in, whole: the words
        # never said otherwise. Before it, nothing of it is.
        left = sorted(p.name for p in mem_db.parent.iterdir() if not p.name.endswith("-wal"))
        if new and not mem_db.exists():
            assert left == [], where  # not even a private copy
            interrupted += 1
            continue
        assert left in (["opslog.db"], ["opslog.db", "opslog.db-shm"]), f"{where}: {left}"
        assert integrity(mem_db) == "ok", where
        found = _imported(mem_db, uids)
        assert found in (0, len(uids)), f"{where}: a partial import, {found} of {len(uids)}"
        if not found:
            assert dump(mem_db) == before, where
            interrupted += 1
        _index_ok(mem_db)
    assert interrupted >= 4, f"too few signals landed inside the import ({interrupted})"


def _slow_editor(tmp_path: Path, takes_ctrl_c: bool) -> tuple[Path, Path, Path]:
    """An editor that says it is open (a file), waits for the test's word (another
    file), then changes "old" to "new"; it either reads Ctrl-C as a key (as vi and nano
    do) or dies of it."""
    ready, go = tmp_path / "ready", tmp_path / "go"
    script = tmp_path / "slow-editor"
    script.write_text(
        "#!/bin/sh\n"
        + ("trap '' INT QUIT\n" if takes_ctrl_c else "")
        + f'touch "{ready}"\n'
        + f'while [ ! -e "{go}" ]; do sleep 0.05; done\n'
        + 'sed -i "s/old/new/" "$1"\n'
    )
    script.chmod(0o755)
    return script, ready, go


@pytest.mark.slow
@pytest.mark.parametrize("editor", ["reads ctrl-c as a key", "dies of ctrl-c"])
def test_ctrl_c_while_the_editor_runs(mem_db: Path, tmp_path: Path, editor: str) -> None:
    """Ctrl-C is the editor's while it runs (as in git): opslog waits for it, and saves
    what an editor that went on saves; one that died of it changes nothing: exit 130,
    one line, no temp file left."""
    cli(mem_db, "note", "old text")
    takes = editor == "reads ctrl-c as a key"
    script, ready, go = _slow_editor(tmp_path, takes)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = child_env({"EDITOR": str(script), "TMPDIR": str(temp)})
    term = PtySession(opslog_argv("edit", "note", "1"), env, stderr_to=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline, term.text
            time.sleep(0.05)
        term.send(CTRL_C)
        time.sleep(1.0)  # past subprocess's 0.25 s grace before it would kill the editor
        go.touch()
        code, err = term.wait(), term.text
    finally:
        term.close()
    texts = [t for (t,) in rows(mem_db, "SELECT text FROM note")]
    if takes:
        assert code == 0, err
        assert texts == ["new text"]
    else:
        assert code == 130, err
        assert [line for line in err.splitlines() if line.startswith("opslog")] == [
            "opslog: interrupted: nothing was saved"
        ], err
        assert "Traceback" not in err
        assert texts == ["old text"]
    assert list(temp.iterdir()) == []


# --- copies that killed backups left --------------------------------------------------


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
