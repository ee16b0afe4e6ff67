"""The "No such option" hint (issue 16 item 13): `-- '-3% …'` is suggested only where a
free-text argument could start with '-', with that command's own path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def opslog(db_path: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPSLOG_DB": str(db_path), "OPSLOG_LANG": lang}
    return subprocess.run([sys.executable, "-m", "opslog", *args], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip


@pytest.mark.parametrize(("args", "said"), [
    (("note", "-3% conversion"), "opslog: No such option: -3 (see 'opslog note --help'); text"
     " that starts with '-' goes after --, as in: opslog note -- '-3% …'\n"),
    (("risk", "add", "-x"), "opslog: No such option: -x (see 'opslog risk add --help'); text"
     " that starts with '-' goes after --, as in: opslog risk add -- '-3% …'\n"),
    (("goal", "edit", "1", "--baselin", "3"),
     "opslog: No such option: --baselin (Possible options: --baseline)"
     " (see 'opslog goal edit --help')\n"),
    (("action", "done", "1", "--dat", "mon"),
     "opslog: No such option: --dat (Possible options: --date)"
     " (see 'opslog action done --help')\n"),
    (("kpi", "show", "GMV", "--jsno"),
     "opslog: No such option: --jsno (see 'opslog kpi show --help')\n"),
])  # fmt: skip
def test_the_dash_hint_only_where_text_is_typed(db_path: Path, args: tuple[str, ...],
                                                said: str) -> None:
    r = opslog(db_path, *args)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", said)


def test_the_hint_in_chinese(db_path: Path) -> None:
    r = opslog(db_path, "action", "add", "-3%", lang="zh")
    assert r.returncode == 2
    hint = "；以 '-' 开头的文字要放在 -- 之后，例如：opslog action add -- '-3% …'\n"
    assert r.stderr.endswith(hint)


@pytest.mark.parametrize(("args", "said"), [
    (("week", "this", "week"), "opslog: 多出了参数（week）（见 'opslog week --help'）\n"),
    (("note", "x", "--date"), "opslog: 选项 '--date' 需要一个值。\n"),
])  # fmt: skip
def test_usage_errors_in_chinese(db_path: Path, args: tuple[str, ...], said: str) -> None:
    # Typer's own copy of Click writes "Got unexpected extra argument(s) (…)".
    r = opslog(db_path, *args, lang="zh")
    assert (r.returncode, r.stderr) == (2, said)


@pytest.mark.parametrize("args", [
    ("kpi", "show"), ("goal", "checkin", "1"), ("nosuch",), ("kpi", "show", "1", "--bogus"),
    ("note", "x", "--date"), ("week", "this", "week"), ("kpi",), ("goal",),
])  # fmt: skip
def test_the_real_command_says_usage_errors_in_chinese(db_path: Path,
                                                       args: tuple[str, ...]) -> None:
    # The test runner (Click's standalone mode) adds "Try 'opslog …' for help." and
    # "Error:" in English; the installed command's main() must not, on pipes either.
    r = opslog(db_path, *args, lang="zh")
    assert (r.returncode, r.stdout) == (2, "")
    for english in ("Try ", "for help", "Error", "Usage", "Missing", "No such"):
        assert english not in r.stderr, (args, r.stderr)
    if len(args) == 1 and args[0] in ("kpi", "goal"):
        # A group without its subcommand: its help as Click shows it, not an error line
        # with the help inside and a hint to read that same help.
        assert r.stderr.startswith(f"用法：opslog {args[0]} "), r.stderr
        assert "opslog: " not in r.stderr and "（见 " not in r.stderr, r.stderr
    else:
        assert r.stderr.startswith("opslog: ") and r.stderr.count("\n") == 1, r.stderr
