"""Terminal manners: plain output in a pipe, colour and paging only on a terminal,
NO_COLOR/--no-color, and shell completion that stays light."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opslog.cli import pager
from opslog.terminal import Terminal
from tests.conftest import Run
from tests.fixtures.records import seed

BOX = set("─│┃━┏┓┗┛┡┩╇┼")


def test_piped_output_has_no_colour_or_box_drawing(run: Run, db_path: Path) -> None:
    seed(db_path)
    for args in (["log"], ["search", "supplier"], ["info", "--check"]):
        r = run(*args)
        assert r.exit_code == 0 and r.stdout
        assert "\x1b" not in r.stdout and not BOX & set(r.stdout)


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [([], {}, True), (["--no-color"], {}, False), ([], {"NO_COLOR": "1"}, False)],
)
@pytest.mark.usefixtures("stdout_tty")
def test_colour_on_a_terminal_unless_turned_off(
    run: Run, db_path: Path, args: list[str], env: dict, coloured: bool
) -> None:
    seed(db_path)
    r = run(*args, "search", "supplier", env=env)
    assert ("\x1b[1;30;43msupplier" in r.stdout) is coloured
    assert ("\x1b[1;7msupplier" in r.stdout) is not coloured  # still marked, without colour


def test_output_is_paged_only_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    paged = tmp_path / "paged.txt"
    env = {"PAGER": f"cat > {paged}", "PATH": os.environ["PATH"]}
    with pager.paged(Terminal(), env) as out:
        out.write("piped\n")
    assert capsys.readouterr().out == "piped\n" and not paged.exists()
    with pager.paged(Terminal(stdout=True), env) as out:
        out.write("双11\n" * 500)
    assert capsys.readouterr().out == "" and paged.read_text() == "双11\n" * 500


def test_quitting_the_pager_early_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    env = {"PAGER": "true", "PATH": os.environ["PATH"]}
    with pager.paged(Terminal(stdout=True), env) as out:
        for _ in range(10_000):
            out.write("x" * 100 + "\n")  # far past the pipe's buffer: BrokenPipeError
    # Quiet: nothing on stderr (no BrokenPipeError, no "Exception ignored"), nothing
    # leaked to stdout, at the file-descriptor level (the pager's output included).
    assert capfd.readouterr() == ("", "")


def test_pager_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert pager.pager_command({}) == "less -FRX"
    assert pager.pager_command({"PAGER": "most -s"}) == "most -s"
    assert pager.pager_command({"PAGER": "cat"}) is None
    assert pager.pager_command({"PAGER": ""}) is None
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pager.pager_command({}) is None  # no less installed: print directly


def test_no_pager_when_piped(run: Run, db_path: Path, tmp_path: Path) -> None:
    seed(db_path)
    paged = tmp_path / "paged.txt"
    r = run("log", env={"PAGER": f"cat > {paged}", "LINES": "2"})
    assert len(r.stdout.splitlines()) == 8 and not paged.exists()


def test_completion_answers_without_heavy_imports() -> None:
    env = {
        **os.environ,
        "_OPSLOG_COMPLETE": "complete_bash",
        "COMP_WORDS": "opslog we",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "opslog"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.stdout.split() == ["week"]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    assert not imported & {"sqlalchemy", "sqlmodel", "pydantic", "rich", "dateutil"}


def test_kinds_complete_and_completion_can_be_installed(run: Run) -> None:
    env = {
        **os.environ,
        "_OPSLOG_COMPLETE": "complete_bash",
        "COMP_WORDS": "opslog rm risk",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "opslog"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.stdout.split() == ["risk", "risk_review"]
    assert "--install-completion" in run("--help").stdout
    assert "_opslog_completion" in run("--show-completion", "bash").stdout
