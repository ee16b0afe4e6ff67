"""A throw-away PostgreSQL server for the tests: Debian's binaries, a fresh cluster in a
temp folder, listening on 127.0.0.1 only, stopped at the end of the session.

`postgres_server()` is the session-wide one most tests share; a test that kills or
stops the server takes a `Cluster` of its own (tests/test_reliability_pg_faults.py)."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A cluster in a temp folder that a test may start, SIGKILL and start again; its
    URL (and port) stay the same across restarts. `fsync` is on unless `fast`: a test
    that kills the server checks what survives, as on a real one."""

    def __init__(self, *, fast: bool = True) -> None:
        bindir = pg_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="opslog-pg-"))
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
        self.port = _free_port()
        self.fsync = "off" if fast else "on"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/opslog_test"
        self._run(str(bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  "postgres", "-E", "UTF8", "--no-sync")  # fmt: skip

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "120",
            "-l", str(self.root / "log"), "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sock} -c fsync={self.fsync}",
            "start",
        )  # fmt: skip

    def create_database(self) -> None:
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", "opslog_test")  # fmt: skip

    def kill(self) -> None:
        """SIGKILL the postmaster, then its backends (as the kernel's OOM killer or a
        power cut would leave them: gone, no shutdown checkpoint), and wait until the
        port is free again."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        self._kill_children(pid)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self._kill_children(pid)

    def _kill_children(self, parent: int) -> None:
        # The backends outlive a killed postmaster until they notice; a real crash
        # takes them too. Children of `parent` by /proc (no pkill by name).
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                with suppress(ProcessLookupError):
                    os.kill(int(entry.name), signal.SIGKILL)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
             "-w", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield an SQLAlchemy URL of a new, empty database."""
    cluster = Cluster()
    try:
        cluster.start()
        cluster.create_database()
        yield cluster.url
    finally:
        cluster.remove()


def reset(url: str) -> None:
    """An empty public schema between tests."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


# --- row-level security (opslog team secure): logins on the test server ---------------


def as_login(url: str, login: str) -> str:
    return url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://{login}@")


def sql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:  # fmt: skip
        for statement in statements:
            conn.execute(statement)


def secure_with_logins(run: Callable[..., Any], url: str, logins: tuple[str, ...]) -> str:
    """The database at `url` secured by its owner (`opslog team secure`), each of
    `logins` a login holding the team role; `run` is the tests' CLI runner."""
    for login in logins:
        sql(url, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
                 f" '{login}') THEN CREATE ROLE {login} LOGIN; END IF; END $$")  # fmt: skip
    assert run("info", env={"OPSLOG_DB": url}).exit_code == 0  # the tables, by the owner
    result = run("team", "secure", env={"OPSLOG_DB": url})
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("row-level security on ")
    sql(url, *(f"GRANT opslog_team TO {login}" for login in logins))
    return url
