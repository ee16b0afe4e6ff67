"""Every command explains itself with an example (as sqlite-utils' test_docs does)."""

import pytest
import typer
from typer.testing import CliRunner

from opslog import __version__
from opslog.cli.app import app


def command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        elif path:
            paths.append(path)

    walk(root, [])
    return paths


def test_the_core_commands_exist() -> None:
    names = {" ".join(p) for p in command_paths()}
    assert {"note", "checkin", "week"} <= names


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    for flag in ("--help", "-h"):
        r = CliRunner().invoke(app, [*path, flag])
        assert r.exit_code == 0, r.output
        assert "Example" in r.stdout, f"opslog {' '.join(path)} {flag} has no example"


def test_version() -> None:
    r = CliRunner().invoke(app, ["--version"])
    assert (r.exit_code, r.stdout) == (0, f"opslog {__version__}\n")
