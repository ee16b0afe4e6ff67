"""`kpi import` shows its progress on a terminal for a big file (issue 11: 4): a line on
stderr, rewritten every 5,000 rows, gone before the summary; nothing of it in a pipe."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import Run
from tests.fixtures.harness import child_env


def export_file(path: Path, rows: int) -> None:
    start = date(1980, 1, 1)
    lines = ["日期,访客数"]
    lines += [f"{(start + timedelta(days=i)).isoformat()},{i % 900 + 100:,}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def on_a_terminal(args: list[str]) -> tuple[int, str, bytes]:
    """Run opslog with stderr on a pseudo-terminal; (exit code, stdout, the terminal)."""
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "opslog", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave, env=child_env())  # fmt: skip
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    proc.stdout.close()
    code = proc.wait(60)
    os.close(master)
    return code, out, bytes(seen)


def test_a_long_import_shows_its_progress_on_a_terminal(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "backend.csv"
    export_file(path, 14_000)  # 211 kB: past the size that asks for progress (200 kB)
    code, out, seen = on_a_terminal(
        ["kpi", "import", str(path), "--map", "访客数=流量", "--create"]
    )
    assert code == 0, seen
    assert out == ""
    text = seen.decode()
    updates = re.findall(r"\r  ([\d,]+) rows read, (\d+)%", text)
    assert [rows for rows, _pct in updates] == ["5,000", "10,000", "14,000"]
    assert updates[-1] == ("14,000", "100")
    # the line is cleared before the summary, which starts at the line's beginning
    assert "\r\x1b[KKPI added: 流量 (sum)" in text
    assert "imported 14000 readings from 14000 rows (14000 new or changed)" in text
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*), sum(value) FROM reading").fetchone() == (
            14_000,
            sum(i % 900 + 100 for i in range(14_000)),
        )


def test_no_progress_in_a_pipe(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "backend.csv"
    export_file(path, 14_000)
    r = run("kpi", "import", str(path), "--map", "访客数=流量", "--create")
    assert r.exit_code == 0, r.stderr
    assert "rows read" not in r.stderr and "\r" not in r.stderr
