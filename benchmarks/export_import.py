"""Export and import throughput (issue 18, items 3 and 4). A benchmark, not a test.

    python benchmarks/export_import.py              # 5 runs of each figure, PostgreSQL included
    python benchmarks/export_import.py --runs 3 --no-pg

Every figure is timed side by side with its stdlib floor, in alternation (floor, opslog,
floor, opslog, …; the medians of the runs), so a busy machine moves both:

- export: `opslog export --format jsonl` of the stress logbook (1M notes, made by
  benchmarks/generate.py when missing) against the floor, a script that reads the same
  rows with `sqlite3` and writes each with `json.dumps(row, ensure_ascii=False)`; rows/s,
  the ratio of the two times, and the peak RSS of the export (`ru_maxrss` by `os.wait4`).
  Targets: >= 300k rows/s, <= 80 MiB.
- import into SQLite: `opslog import` of that export into an empty logbook against the
  floor, `json.loads` of every line and `executemany` into the same tables (search index
  rebuilt once, as the import does). Target: >= 100k rows/s.
- import into PostgreSQL: a throw-away server on 127.0.0.1 (tests/pg.py); the team file of
  benchmarks/team.py (50 members x a year, 52k records) into an empty database, against
  the same file into SQLite. Target: >= 20k rows/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

NOW = "2026-11-27T18:00:00+00:00"
# Issue 18 set the targets on a machine where its export floor wrote 318k rows/s (its
# text). The floor here is printed beside that figure; no figure is scaled by the two:
# on this 2-core box the floor moved between 67k and 94k rows/s from run to run while
# opslog's export moved far less, so a ratio of floors says little of the machine.
ISSUE_FLOOR_RATE = 318_000

FLOOR_EXPORT = r"""
import json, sqlite3, sys
from opslog.domain.kinds import KINDS
from opslog.store.export import export_columns
db = sqlite3.connect(sys.argv[1])
out = sys.stdout
for kind in KINDS:
    cols = ["kind", *export_columns(kind)]
    sel = ", ".join(f'"{c}"' for c in cols[1:])
    cur = db.execute(f"SELECT '{kind}', {sel} FROM \"{kind}\" ORDER BY id")
    while rows := cur.fetchmany(2000):
        out.write("".join(json.dumps(dict(zip(cols, r)), ensure_ascii=False) + "\n"
                          for r in rows))
"""

FLOOR_IMPORT = r"""
import json, sqlite3, sys
from opslog.store.convert import JSON_FIELDS, columns
from opslog.store.fulltext import bulk_load
from opslog.store.db import SqliteConn
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.row_factory = sqlite3.Row
db.execute("BEGIN IMMEDIATE")
conn = SqliteConn(db, sys.argv[2])
batch, kind, cols = [], None, []
def flush():
    if batch:
        marks = ", ".join("?" * len(cols))
        names = ", ".join(f'"{c}"' for c in cols)
        db.executemany(f'INSERT INTO "{kind}" ({names}) VALUES ({marks})', batch)
        batch.clear()
with bulk_load(conn), open(sys.argv[1], "rb") as fh:
    for line in fh:
        obj = json.loads(line)
        if obj["kind"] != kind:
            flush()
            kind = obj["kind"]
            cols = columns(kind)
        batch.append(tuple(json.dumps(obj.get(c), ensure_ascii=False) if c in JSON_FIELDS
                           else obj.get(c) for c in cols))
        if len(batch) >= 1000:
            flush()
    flush()
db.execute("COMMIT")
"""


# SQLite's own work for the import, with no JSON and no checks: the notes already read
# into Python tuples (not timed), then what the import makes SQLite do, in one
# transaction: the multi-row INSERT of 1,000 rows, the search triggers off and the index
# rebuilt once, the plain indexes made at the end, the commit and the checkpoint. No import
# into this schema on this machine can go faster; printed beside the import figure. (The
# notes are held in memory for it: ~1.1 GiB.)
CEILING_IMPORT = r"""
import sqlite3, sys, time
from itertools import chain
from opslog.store.bulk import indexes_after
from opslog.store.convert import columns
from opslog.store.db import SqliteConn
from opslog.store.fulltext import bulk_load
from opslog.store.import_write import BATCH, big_page_cache
cols = columns("note")
names = ", ".join(f'"{c}"' for c in cols)
rows = sqlite3.connect(sys.argv[1]).execute(f"SELECT {names} FROM note ORDER BY id").fetchall()
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.row_factory = sqlite3.Row
conn = SqliteConn(db, sys.argv[2])
row = "(" + ", ".join("?" * len(cols)) + ")"
sql = f"INSERT INTO note ({names}) VALUES " + ", ".join([row] * BATCH)
began = time.perf_counter()
db.execute("BEGIN IMMEDIATE")
with big_page_cache(conn), bulk_load(conn), indexes_after(conn, ["note"]):
    for i in range(0, len(rows) - len(rows) % BATCH, BATCH):
        db.execute(sql, list(chain.from_iterable(rows[i : i + BATCH])))
    rest = rows[len(rows) - len(rows) % BATCH :]
    if rest:
        db.execute(sql.split(" VALUES ")[0] + " VALUES " + ", ".join([row] * len(rest)),
                   list(chain.from_iterable(rest)))
db.execute("COMMIT")
db.close()  # the WAL checkpointed into the file, as when opslog exits
print(len(rows), time.perf_counter() - began)
"""

@dataclass
class Run:
    seconds: float
    maxrss_mib: float


def spawn(argv: list[str], env: dict[str, str], stdout: int | None = None) -> Run:
    out = stdout if stdout is not None else subprocess.DEVNULL
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv[:3])} failed: {err.decode(errors='replace')[-500:]}")
    return Run(took, usage.ru_maxrss / 1024)


def alternate(
    runs: int, floor: Callable[[], Run], mine: Callable[[], Run]
) -> tuple[list[Run], list[Run]]:
    floors, mines = [], []
    for i in range(runs + 1):
        f, m = floor(), mine()
        if i:  # the first pair warms the page cache
            floors.append(f)
            mines.append(m)
    return floors, mines


def report(
    figure: str, rows: int, floors: list[Run], mines: list[Run], target: float, rss: float | None
) -> bool:
    f = statistics.median(r.seconds for r in floors)
    m = statistics.median(r.seconds for r in mines)
    spread = f"{min(r.seconds for r in mines):.2f}-{max(r.seconds for r in mines):.2f} s"
    rate = rows / m
    ok = rate >= target
    print(
        f"{figure:34} {rate / 1000:7.0f}k rows/s  (median {m:.2f} s of {len(mines)}, {spread};"
        f" floor {rows / f / 1000:.0f}k rows/s, opslog/floor time {m / f:.2f}x)"
        f"  target >= {target / 1000:.0f}k: {'ok' if ok else 'MISSED'}"
    )
    if rss is not None:
        peak = max(r.maxrss_mib for r in mines)
        print(f"{'  peak RSS':34} {peak:7.1f} MiB  target <= {rss:.0f} MiB: "
              f"{'ok' if peak <= rss else 'MISSED'}")  # fmt: skip
        ok = ok and peak <= rss
    return ok


def env_for(db: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPSLOG_", "PYTHON"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), TZ="UTC",
               XDG_CONFIG_HOME=str(home / "config"), OPSLOG_DB=db, OPSLOG_NOW=NOW,
               OPSLOG_AUTHOR="ann")  # fmt: skip
    return env


def fresh_sqlite(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def empty_logbook(path: Path) -> None:
    """A logbook made by opslog itself (schema, indexes, search triggers)."""
    from benchmarks.generate import create

    fresh_sqlite(path)
    create(path)


def lines_of(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def sqlite_figures(args: argparse.Namespace, work: Path, bin_dir: Path) -> bool:
    stress = HERE / "data" / "stress.db"
    if not stress.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--kind", "stress"], check=True)
    python, opslog = sys.executable, str(bin_dir / "opslog")
    env = env_for(str(stress), work)
    mine_out, floor_out = work / "opslog.jsonl", work / "floor.jsonl"

    def export_floor() -> Run:
        with open(floor_out, "wb") as fh:
            return spawn([python, "-c", FLOOR_EXPORT, str(stress)], env, fh.fileno())

    def export_mine() -> Run:
        with open(mine_out, "wb") as fh:
            return spawn([opslog, "export", "--format", "jsonl"], env, fh.fileno())

    floors, mines = alternate(args.runs, export_floor, export_mine)
    rows = lines_of(mine_out)
    ok = report("export --format jsonl (1M notes)", rows, floors, mines, 300_000, 80)
    floor_out.unlink()
    floor_rate = rows / statistics.median(r.seconds for r in floors)
    print(f"  (the floor here: {floor_rate / 1000:.0f}k rows/s; issue 18 measured"
          f" {ISSUE_FLOOR_RATE / 1000:.0f}k rows/s for its floor on its machine)")  # fmt: skip

    target = work / "imported.db"

    def import_floor() -> Run:
        empty_logbook(target)
        return spawn([python, "-c", FLOOR_IMPORT, str(mine_out), str(target)], env)

    def import_mine() -> Run:
        fresh_sqlite(target)
        return spawn([opslog, "import", str(mine_out)], env_for(str(target), work))

    floors, mines = alternate(args.runs, import_floor, import_mine)
    ok &= report("import into SQLite (1M notes)", rows, floors, mines, 100_000, None)
    with sqlite3.connect(target) as db:
        got = db.execute("SELECT count(*) FROM note").fetchone()[0]
    if got < rows - 10_000:
        sys.exit(f"the import holds {got:,} notes for {rows:,} lines")
    ceilings = []
    for _ in range(args.runs):
        empty_logbook(target)
        argv = [python, "-c", CEILING_IMPORT, str(stress), str(target)]
        done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
        notes, seconds = done.stdout.split()
        ceilings.append(int(notes) / float(seconds))
    ceiling = statistics.median(ceilings)
    print(
        f"  (SQLite's own work for it, no JSON and no checks: {ceiling / 1000:.0f}k notes/s"
        f" here, median of {len(ceilings)}: the most any import into this schema reaches)"
    )
    fresh_sqlite(target)
    mine_out.unlink()
    return ok


def postgres_figure(args: argparse.Namespace, work: Path, bin_dir: Path) -> bool:
    from benchmarks.team import records
    from tests.pg import postgres_server, reset

    rows = records(random.Random(20261127))
    team = work / "team.jsonl"
    team.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    opslog = str(bin_dir / "opslog")
    target = work / "team.db"
    with postgres_server() as url:

        def into_sqlite() -> Run:
            fresh_sqlite(target)
            return spawn([opslog, "import", str(team)], env_for(str(target), work))

        def into_postgres() -> Run:
            reset(url)
            return spawn([opslog, "import", str(team)], env_for(url, work))

        sqlite_runs, pg_runs = alternate(args.runs, into_sqlite, into_postgres)
        print(f"  (the team file: {len(rows):,} records; 'floor' below is the same import"
              " into SQLite)")  # fmt: skip
        return report("import into PostgreSQL (team)", len(rows), sqlite_runs, pg_runs,
                      20_000, None)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL figure")
    parser.add_argument("--only-pg", action="store_true", help="only the PostgreSQL figure")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; {args.runs} runs each")
    work = Path(tempfile.mkdtemp(prefix="opslog-io-"))
    try:
        ok = True
        if not args.only_pg:
            ok &= sqlite_figures(args, work, bin_dir)
        if not args.no_pg:
            ok &= postgres_figure(args, work, bin_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("every target met" if ok else "some target MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
