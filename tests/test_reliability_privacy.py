"""Reliability matrix, 7: privacy, of the files on disk and of the database password.

The data folder is 0700; the database, its -wal and -shm, a backup left by an upgrade,
and the files `backup` and `export -o` write are 0600. Checked in real processes
started under umask 000 and 022, with the -wal/-shm looked at while opslog holds the
database open (they go away when it exits). A password in the database URL never shows
in any output or error.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.harness import HERE, child_env, count, finish, integrity, opslog


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _under_umask(umask: int, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    def set_umask() -> None:
        os.umask(umask)

    return subprocess.Popen(
        args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=set_umask,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o000, 0o022], ids=["umask000", "umask022"])
def test_default_location_files_are_private(private_home: Path, umask: int) -> None:
    env = child_env()
    env.pop("OPSLOG_DB", None)  # the platformdirs default under the test's HOME
    data = private_home / ".local" / "share" / "opslog"
    db = data / "opslog.db"
    proc = _under_umask(umask, [sys.executable, "-m", "opslog", "note", "first"], env)
    _, err = finish(proc, 30)
    assert proc.returncode == 0, err.decode()
    assert mode(data) == 0o700
    assert mode(db) == 0o600
    # Hold it open: a driver stays inside a write transaction until told to go on.
    holder = _under_umask(umask, [sys.executable, "-c", HOLD], env | {"DB": str(db)})
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == b"open\n"
        for extra in ("opslog.db-wal", "opslog.db-shm"):
            assert (data / extra).exists(), extra
            assert mode(data / extra) == 0o600, extra
    finally:
        with contextlib.suppress(OSError):
            holder.stdin.write(b"go\n")
            holder.stdin.flush()
        finish(holder, 30)
    assert holder.returncode == 0
    assert mode(db) == 0o600


# Opens the database the way opslog does (opslog.store.open) and waits mid-transaction.
HOLD = """
import os, sys
from pathlib import Path
from opslog.store.db import Location
from opslog.store.open import open_database
db = open_database(Location(path=Path(os.environ["DB"])))
with db.write() as conn:
    conn.execute("INSERT INTO note (uid, author, created_at, updated_at, day, text, tags)"
                 " VALUES ('held', 'ann', 't', 't', '2026-11-27', 'held', '[]')")
    print("open", flush=True)
    sys.stdin.readline()
db.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o000, 0o022], ids=["umask000", "umask022"])
def test_a_db_path_of_new_folders_is_private_to_the_last_folder(tmp_path: Path,
                                                                umask: int) -> None:
    db = tmp_path / "a" / "b" / "opslog.db"
    proc = _under_umask(umask, [sys.executable, "-m", "opslog", "--db", str(db), "note", "x"],
                        child_env())  # fmt: skip
    _, err = finish(proc, 30)
    assert proc.returncode == 0, err.decode()
    assert (mode(tmp_path / "a"), mode(tmp_path / "a" / "b"), mode(db)) == (0o700, 0o700, 0o600)


@pytest.mark.slow
def test_an_interactive_session_holding_the_file_keeps_wal_and_shm_private(
    tmp_path: Path, db_path: Path
) -> None:
    """The real command, paused at its first question, under umask 000."""
    import pty

    assert subprocess.run([sys.executable, "-m", "opslog", "note", "x"], env=child_env(),
                          capture_output=True, check=False).returncode == 0  # fmt: skip
    for extra in ("-wal", "-shm"):
        Path(f"{db_path}{extra}").unlink(missing_ok=True)
    pid, fd = pty.fork()
    if pid == 0:
        os.umask(0)
        os.execve(sys.executable, [sys.executable, "-m", "opslog", "checkin"], child_env())
    try:
        seen = b""
        deadline = time.monotonic() + 20
        while b"Done today" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
        assert b"Done today" in seen, seen
        for extra in ("-wal", "-shm"):
            path = Path(f"{db_path}{extra}")
            assert path.exists() and mode(path) == 0o600, extra
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


@pytest.mark.slow
def test_the_backup_left_by_an_upgrade_is_private(tmp_path: Path, db_path: Path) -> None:
    assert subprocess.run([sys.executable, "-m", "opslog", "note", "x"], env=child_env(),
                          capture_output=True, check=False).returncode == 0  # fmt: skip
    proc = _under_umask(0, [sys.executable, str(HERE / "driver.py"), "migrate", "10"],
                        child_env())  # fmt: skip
    out, err = finish(proc, 60)
    assert proc.returncode == 0 and b"ack migrated" in out, err.decode()
    from opslog.store.migrations import SCHEMA_VERSION

    (backup,) = db_path.parent.glob(f"opslog.db.v{SCHEMA_VERSION}-*.bak")
    assert mode(backup) == 0o600
    assert mode(db_path) == 0o600
    assert [p.name for p in db_path.parent.iterdir() if "backup-" in p.name] == []


@pytest.mark.slow
def test_missing_parents_of_the_default_folder_are_not_world_writable(
    private_home: Path,
) -> None:
    env = child_env()
    env.pop("OPSLOG_DB", None)
    proc = _under_umask(0, [sys.executable, "-m", "opslog", "note", "x"], env)
    finish(proc, 30)
    for folder in (private_home / ".local", private_home / ".local" / "share"):
        assert not mode(folder) & 0o022, f"{folder} is {oct(mode(folder))}"


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o000, 0o022], ids=["umask000", "umask022"])
def test_backup_and_export_files_are_private_whatever_the_umask(
    run: Run, tmp_path: Path, umask: int
) -> None:
    assert run("note", "earlier note #kept").exit_code == 0
    made = []
    for args in (["backup", str(tmp_path / "copy.db")],
                 ["export", "-o", str(tmp_path / "all.jsonl")],
                 ["export", "-f", "csv", "-k", "note", "-o", str(tmp_path / "notes.csv")]):
        proc = _under_umask(umask, [sys.executable, "-m", "opslog", *args], child_env())
        _, err = finish(proc, 30)
        assert proc.returncode == 0, err.decode()
        made.append(Path(args[-1]))
    for path in made:
        assert mode(path) == 0o600, f"{path.name}: {oct(mode(path))}"
    assert integrity(made[0]) == "ok" and count(made[0], "note") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- a password never shows -----------------------------------------------------------

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

