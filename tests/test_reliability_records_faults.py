"""Reliability matrix, 5 (continued): faults around import, the register commands,
log, search, export, info, rm and backup.

A full disk during an import (row by row, or the bulk path that rebuilds the search
index at the end) or a goal, risk, retro or action write: "not saved: the disk is full"
naming the file, exit 1, earlier data intact, and the same command works once there is
room. A read-only database (or file system): every read command works, every write
fails in one clear line, the file unchanged. Files opslog writes for the user (`backup`,
`export -o`) are 0600 whatever the umask, never written through a symlink, and never
replace a file without --force.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.disk import full_disk, tmpfs
from tests.fixtures.harness import child_env, count, dump, finish, integrity, opslog


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


BIG = "y" * 60_000  # more than the free pages of a small database
FULL_DISK_WRITES = [
    ("goal", "add", BIG[:200], "--metric", "m", "--target", "5", "--due", "+1w", "--why", BIG),
    ("goal", "checkin", "1", "110", "--note", BIG),
    ("risk", "add", "R", "-p", "2", "-i", "2", "--mitigation", BIG),
    ("risk", "update", "1", "-p", "5", "--note", BIG),
    ("retro", "add", "--week", "last", "--well", BIG),
    ("action", "add", BIG),
]


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
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a tmpfs")
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


# --- read-only ------------------------------------------------------------------------------

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
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to mount a tmpfs")
def test_a_read_only_file_system_still_logs_searches_exports_and_informs(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as disk:
        env = {"OPSLOG_DB": str(disk / "opslog.db")}
        for args in (("note", "written before #ro"), ("goal", "add", "G", "--metric", "m",
                                                       "--target", "5", "--due", "+1w")):
            assert opslog(*args, env=env).exit_code == 0  # fmt: skip
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)],
                                 capture_output=True, check=False)  # fmt: skip
        if remount.returncode != 0:
            pytest.skip("cannot remount read-only")
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


# --- files written for the user --------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o000, 0o022], ids=["umask000", "umask022"])
def test_backup_and_export_files_are_private_whatever_the_umask(
    run: Run, tmp_path: Path, umask: int
) -> None:
    _seed(run)
    made = []
    for args in (["backup", str(tmp_path / "copy.db")],
                 ["export", "-o", str(tmp_path / "all.jsonl")],
                 ["export", "-f", "csv", "-k", "note", "-o", str(tmp_path / "notes.csv")]):
        proc = subprocess.Popen([sys.executable, "-m", "opslog", *args], env=child_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: os.umask(umask))  # fmt: skip
        _, err = finish(proc, 30)
        assert proc.returncode == 0, err.decode()
        made.append(Path(args[-1]))
    for path in made:
        assert _mode(path) == 0o600, f"{path.name}: {oct(_mode(path))}"
    assert integrity(made[0]) == "ok" and count(made[0], "note") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


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
        assert target.read_bytes() != b"keep me" and _mode(target) == 0o600
    for args in (("export", "-o"), ("backup",)):  # a folder is never a file name
        r = run(*args, str(folder))
        assert r.exit_code == 2 and "folder" in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
