"""Start-up guards (issue 6): the everyday commands never import SQLAlchemy, SQLModel or
pydantic, and `--help` / `--version` not even Rich.

Each case runs in a fresh interpreter (`sys.modules` of this test process is full of
everything), through the console script's own entry point, exactly as `opslog …` starts,
and reports the watched modules it ended with, in a file (stdout is the command's data).
Deterministic: nothing here is timed; benchmarks/run.py measures the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opslog import __version__
from tests.fixtures.startup import RUN_AS_SCRIPT

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic")
WATCHED = (*HEAVY, "rich")
COMPLETE = {"_OPSLOG_COMPLETE": "complete_bash", "COMP_WORDS": "opslog we", "COMP_CWORD": "1"}

# Runs `opslog <argv>` in this interpreter as the `opslog` console script does, then
# writes the watched top-level packages found in sys.modules to $OPSLOG_TEST_MODULES.
PROBE = """
import json, os, sys
""" + RUN_AS_SCRIPT + """finally:
    watched = set(json.loads(os.environ["OPSLOG_TEST_WATCHED"]))
    loaded = list(sys.modules)
    found = sorted(w for w in watched if any(m == w or m.startswith(w + ".") for m in loaded))
    with open(os.environ["OPSLOG_TEST_MODULES"], "w", encoding="utf-8") as fh:
        json.dump({"target": target, "code": code, "modules": found}, fh)
sys.exit(code)
"""


def opslog_in_fresh_python(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    report = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    full_env = {
        **os.environ,
        "OPSLOG_TEST_MODULES": str(report),
        "OPSLOG_TEST_WATCHED": json.dumps(WATCHED),
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=full_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert report.exists(), f"the probe did not report: {proc.stderr}"
    return proc, json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture
def logbook(db_path: Path, tmp_path: Path) -> Path:
    """A database with a note and a check-in this week, written by opslog itself."""
    for args in (
        ("note", "双11 banner live #release"),
        ("checkin", "--done", "发完周报", "--no-input"),
    ):
        proc, _ = opslog_in_fresh_python(tmp_path, *args)
        assert proc.returncode == 0, proc.stderr
    return db_path


CASES = {
    "version": (["--version"], {}),
    "help": (["--help"], {}),
    "note": (["note", "supplier call 供应商 #ops"], {}),
    "checkin": (["checkin", "--done", "shipped it", "--mood", "4", "--no-input"], {}),
    "week": (["week"], {}),
    "week-json": (["week", "--format", "json"], {}),
    "completion": ([], COMPLETE),
}


@pytest.mark.parametrize("case", list(CASES))
def test_everyday_commands_do_not_import_sqlalchemy_sqlmodel_or_pydantic(
    case: str, logbook: Path, tmp_path: Path
) -> None:
    args, env = CASES[case]
    proc, report = opslog_in_fresh_python(tmp_path, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not set(report["modules"]) & set(HEAVY), (
        f"opslog {' '.join(args)} imported {report['modules']} (via {report['target']})"
    )
    # And the command really ran (a guard that passes on an error would prove nothing):
    if case == "version":
        assert proc.stdout == f"opslog {__version__}\n"
    elif case == "help":
        assert "week" in proc.stdout and "checkin" in proc.stdout
    elif case in ("note", "checkin"):
        assert "saved" in proc.stderr or "amended" in proc.stderr
    elif case == "week":
        assert "双11 banner live" in proc.stdout
    elif case == "week-json":
        assert json.loads(proc.stdout)["days"][4]["checkin"]["done"] == "发完周报"
    elif case == "completion":
        assert "week" in proc.stdout.split()


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"]], ids=" ".join)
def test_help_and_version_do_not_import_rich(
    args: list[str], db_path: Path, tmp_path: Path
) -> None:
    proc, report = opslog_in_fresh_python(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    assert report["modules"] == [], f"opslog {' '.join(args)} imported {report['modules']}"
    assert not db_path.exists(), "help and version must not create the database"


@pytest.mark.parametrize(
    "args",
    [["week"], ["week", "-f", "json"], ["week", "-f", "markdown"], ["note", "x"]],
    ids=" ".join,
)
def test_piped_output_does_not_import_rich(args: list[str], logbook: Path, tmp_path: Path) -> None:
    """Rich is for terminals; a pipe gets plain text without paying for its import."""
    proc, report = opslog_in_fresh_python(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    assert report["modules"] == [], f"opslog {' '.join(args)} imported {report['modules']}"
    assert proc.stdout.strip()


DATES = ("opslog.domain.dates", "dateutil")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["note", "no date here"], []),
        (["checkin", "--done", "x", "--no-input"], []),
        (["note", "x", "--date", "昨天"], ["opslog.domain.dates"]),
        (["note", "x", "--date", "上周五"], ["opslog.domain.dates"]),
        (["note", "x", "--date", "Nov 20"], ["dateutil", "opslog.domain.dates"]),
    ],
    ids=" ".join,
)
def test_the_date_parser_loads_only_when_a_date_is_parsed(
    args: list[str], expected: list[str], db_path: Path, tmp_path: Path
) -> None:
    """Issue 15: the Chinese and English date forms cost nothing to a plain `note`."""
    env = {"OPSLOG_TEST_WATCHED": json.dumps(DATES)}
    proc, report = opslog_in_fresh_python(tmp_path, *args, env=env)
    assert proc.returncode == 0, proc.stderr
    assert report["modules"] == expected
