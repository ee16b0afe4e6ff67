"""Every test gets its own HOME, data and config dirs and database; nothing touches
the real home. `run` invokes the CLI in-process with stdout and stderr kept apart, and
validates every JSON document it prints against its schema (tests/fixtures/schemas.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opslog.terminal import Terminal
from tests.fixtures.clock import FRIDAY


@pytest.fixture(autouse=True)
def english_words() -> Iterator[None]:
    """Each test starts in English: a CLI run with OPSLOG_LANG=zh switches the language
    of the whole process, and a test that calls domain code directly would read Chinese."""
    from opslog.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith("OPSLOG_") or name in ("NO_COLOR", "VISUAL", "EDITOR"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("OPSLOG_AUTHOR", "ann")
    monkeypatch.setenv("OPSLOG_NOW", FRIDAY)
    monkeypatch.setenv("COLUMNS", "160")
    return home


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "opslog.db"
    monkeypatch.setenv("OPSLOG_DB", str(path))
    return path


@pytest.fixture
def terminal() -> Terminal:
    """The terminal facts every `run` in the test starts with (httpie's MockEnvironment):
    CliRunner's streams are pipes, 160 columns (COLUMNS above). A test changes them in
    place (`terminal.stdin = True`, `terminal.width = 60`) or takes `stdin_tty` /
    `stdout_tty`; nothing patches `isatty` or a module."""
    return Terminal(width=160)


@pytest.fixture
def stdin_tty(terminal: Terminal) -> Terminal:
    """stdin is a terminal: the interactive flows ask their questions."""
    terminal.stdin = True
    return terminal


@pytest.fixture
def stdout_tty(terminal: Terminal, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """stdout is a terminal: Rich tables, colour, the pager (PAGER=cat: none runs)."""
    terminal.stdout = True
    monkeypatch.setenv("PAGER", "cat")
    return terminal


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path, terminal: Terminal) -> Run:
    """run("note", "text", input="…", env={…}) -> Result, with the `terminal` facts."""
    from opslog.cli.app import app
    from tests.fixtures.schemas import check_output

    def invoke(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        result = CliRunner().invoke(
            app, list(args), input=input, env=env, prog_name="opslog", obj=replace(terminal)
        )
        if result.exit_code == 0:
            check_output(result.stdout)  # every JSON document printed meets its schema
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit):
            from opslog.errors import OpslogError

            if not isinstance(exc, OpslogError):
                raise exc
            # main() turns OpslogError into a line and an exit code; do the same here.
            return Result(exc.exit_code, result.stdout, result.stderr + f"opslog: {exc}\n", exc)
        return Result(result.exit_code, result.stdout, result.stderr, exc)

    return invoke


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session. Skipped where the server binaries are
    missing, except in CI (CI=true), where .ci/run installs them and a skip would hide
    the team database going untested."""
    from tests.pg import pg_bin, postgres_server

    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI")
        pytest.skip("PostgreSQL server binaries not installed")
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(postgres_url: str) -> str:
    from tests.pg import reset

    reset(postgres_url)
    return postgres_url


@pytest.fixture(params=["stdlib", "sqlalchemy", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A new logbook through each driver the store runs on: the stdlib sqlite3 one (the
    everyday path), SQLAlchemy over the same kind of file, and a real PostgreSQL. Store
    tests take it to run once per driver, so the drivers cannot drift apart."""
    from opslog.store.db import Location
    from opslog.store.open import open_database

    if request.param == "postgresql":
        location = Location(url=request.getfixturevalue("pg_url"))
    else:
        path = tmp_path / "o.db"
        open_database(Location(path=path)).close()  # files are made by the everyday path
        location = Location(path=path) if request.param == "stdlib" else Location(
            url=f"sqlite:///{path}")  # fmt: skip
    db = open_database(location)
    assert type(db).__name__ == ("SqliteDatabase" if request.param == "stdlib"
                                 else "SqlAlchemyDatabase")  # fmt: skip
    yield db
    db.close()


@pytest.fixture
def mem_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database in memory-backed storage, for the crash tests' many writes."""
    from tests.fixtures.harness import cleanup, memory_dir

    path = memory_dir(tmp_path) / "opslog.db"
    monkeypatch.setenv("OPSLOG_DB", str(path))
    yield path
    cleanup()
