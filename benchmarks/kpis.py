"""KPI benchmarks (issue 11), beside benchmarks/run.py and measured the same way.

    python benchmarks/kpis.py             # 15 pairs per start-up figure
    python benchmarks/kpis.py --quick     # 10 pairs, one import run

- `kpi record` and `checkin --kpi`: ratio to `python -c "import sqlite3"` (alternated),
  target <= 6x; writes go to a copy of the five-year logbook with five KPIs.
- `week` on the five-year logbook with 20 KPIs x 5 years of daily readings added
  (36,500 readings), against `week` on the same logbook without them: target <= 1.2x.
- `kpi import` of a 1M-row CSV (a date and one KPI column; the days cycle through the
  years 1971-2080, so most rows replace an earlier one of the same day, as re-importing
  a long export does) and of a wide CSV (40,000 days x 25 KPIs = 1M readings, every one
  new): readings per second (target >= 100k/s) and the child's peak RSS (flat: the
  same for a file ten times smaller, within a few MiB).
- The stdlib floor beside each import: the same file into the same copy of the logbook
  by csv.reader, float() and one executemany of opslog's upsert in one transaction (the
  search triggers dropped, as the import drops them) — nothing opslog could leave out.
  It is the naive import: opslog itself stages each batch in a temporary table and
  upserts it by one INSERT ... SELECT (the loop in SQLite, not in Python), so it can
  run below it; both make uids by opslog's SQLITE_UUID4 and use its 128 MiB cache.
  The two alternate; the figure is the ratio of their medians (this machine's load
  moves both alike), and opslog's own readings per second.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import statistics
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    NOW,
    Bench,
    CommandFailed,
    add,
    alternate,
    checked,
    copy_db,
    ensure_logbooks,
    ms,
    print_table,
    spawn,
)

AUTHOR = "ann"


def add_kpis(db: Path, count: int, years: int) -> None:
    """`count` KPIs (sum, avg, last and ratios mixed) with a daily reading for `years`
    years up to the benchmark's Friday, written as opslog writes them."""
    conn = sqlite3.connect(db)
    end = date(2026, 11, 27)
    days = [end - timedelta(days=i) for i in range(365 * years)]
    with conn:
        uids = []
        for i in range(count):
            uid = str(uuid.uuid4())
            aggs = ("sum", "avg", "last")
            conn.execute(
                "INSERT INTO kpi (uid, author, created_at, updated_at, name, unit, agg, why,"
                " status, keep_above) VALUES (?, ?, ?, ?, ?, '', ?, '', 'active', ?)",
                (uid, AUTHOR, NOW, NOW, f"指标{i}", aggs[i % 3], 10.0 if i % 2 else None),
            )
            uids.append(uid)
        for i in range(0, count, 5):  # every fifth a ratio of the two before it
            conn.execute(
                "INSERT INTO kpi (uid, author, created_at, updated_at, name, unit, agg, why,"
                " status, ratio_num_uid, ratio_den_uid) VALUES (?, ?, ?, ?, ?, '%', 'sum', '',"
                " 'active', ?, ?)",
                (str(uuid.uuid4()), AUTHOR, NOW, NOW, f"比率{i}", uids[i], uids[(i + 1) % count]),
            )
        conn.executemany(
            "INSERT INTO reading (uid, author, created_at, updated_at, kpi_uid, day, value, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, '')",
            (
                (str(uuid.uuid4()), AUTHOR, NOW, NOW, uid, d.isoformat(), float(n % 997 + 1))
                for uid in uids
                for n, d in enumerate(days)
            ),
        )
    conn.close()


def write_csv(path: Path, rows: int, columns: int, cycle: int) -> int:
    """A backend-style export: 日期 then `columns` KPI columns; returns the readings."""
    start = date(1971, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["日期", *[f"K{c}" for c in range(columns)]])
        for i in range(rows):
            day = start + timedelta(days=i % cycle)
            w.writerow(
                [day.strftime("%Y/%m/%d"), *[f"{(i * 7 + c) % 100000:,}" for c in range(columns)]]
            )
    return rows * columns


def floor_import(src: Path, db: Path) -> None:
    """The stdlib floor of `kpi import` (run as `kpis.py --floor CSV DB`): into the
    first KPI of DB, every column after the first, for author ann."""
    from opslog.store.kpis import _UPSERT_SQLITE

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA cache_size = -131072")  # as the import's big_page_cache
    conn.execute("BEGIN IMMEDIATE")
    for suffix in ("ai", "ad", "au"):
        conn.execute(f'DROP TRIGGER IF EXISTS "reading_fts_{suffix}"')
    uids = [r[0] for r in conn.execute("SELECT uid FROM kpi ORDER BY id")]
    days: dict[str, str] = {}
    batch: list[tuple[object, ...]] = []
    with open(src, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            day = days.get(row[0])
            if day is None:
                y, m, d = row[0].split("/")
                day = days[row[0]] = f"{y}-{int(m):02d}-{int(d):02d}"
            for uid, cell in zip(uids[: len(header) - 1], row[1:], strict=True):
                batch.append((AUTHOR, NOW, NOW, uid, day, float(cell.replace(",", ""))))
            if len(batch) >= 20000:
                conn.executemany(_UPSERT_SQLITE, batch)
                batch = []
    conn.executemany(_UPSERT_SQLITE, batch)
    conn.execute("COMMIT")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--floor"]:
        floor_import(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--io-runs", type=int)
    args = parser.parse_args(argv)
    args.pairs = args.pairs or (10 if args.quick else 15)
    args.io_runs = args.io_runs or (1 if args.quick else 3)
    args.regenerate = False
    five, _stress = ensure_logbooks(False)
    with tempfile.TemporaryDirectory(prefix="opslog-kpi-bench-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        bench = Bench(args, work)
        # Start-up of the KPI writes.
        scratch = copy_db(five, work / "scratch.db")
        wenv = bench.env_for(scratch)
        for cmd in (["kpi", "add", "流量"], ["kpi", "add", "订单"],
                    ["kpi", "add", "转化率", "--unit", "%", "--ratio", "订单/流量"]):  # fmt: skip
            checked(spawn([bench.opslog, *cmd], wenv), "kpi add")
        bench.ratio("opslog kpi record 流量 12,800", ["kpi", "record", "流量", "12,800"], wenv, 6)
        bench.ratio(
            "opslog checkin --kpi 流量=… --kpi 订单=…",
            ["checkin", "--kpi", "流量=13100", "--kpi", "订单=441", "--no-input"],
            wenv,
            6,
        )
        # The week with and without 20 KPIs x 5 years.
        with_kpis = copy_db(five, work / "kpis.db")
        add_kpis(with_kpis, 20, 5)
        plain = bench.command(["week"], bench.env_for(five), "week five-year")
        kpis = bench.command(["week"], bench.env_for(with_kpis), "week with KPIs")
        figure = "week: + 20 KPIs x 5 years / five-year"
        try:
            a, b = alternate(plain, kpis, args.pairs)
            ma, mb = statistics.median(a), statistics.median(b)
            add(figure, ms(mb), f"five-year {ms(ma)}", f"{mb / ma:.2f}x", "<= 1.2x", mb / ma <= 1.2)
        except CommandFailed as exc:
            print(f"  {figure}: {exc}", file=sys.stderr)
        # kpi import, long and wide files, and a file ten times smaller for memory.
        for label, rows, columns, cycle in (
            ("kpi import 1M rows x 1 KPI", 1_000_000, 1, 40_000),
            ("kpi import 40k rows x 25 KPIs", 40_000, 25, 40_000),
            ("kpi import 100k rows x 1 KPI", 100_000, 1, 40_000),
        ):
            path = work / "export.csv"
            readings = write_csv(path, rows, columns, cycle)
            maps = [a for c in range(columns) for a in ("--map", f"K{c}=K{c}")]
            results, floors = [], []
            for _ in range(args.io_runs):
                target = copy_db(five, work / "import.db")
                env = bench.env_for(target)
                results.append(checked(spawn(
                    [bench.opslog, "kpi", "import", str(path), "--create", *maps], env
                ), label))  # fmt: skip
                # the floor: the same KPIs made first, then the bare stdlib import
                target = copy_db(five, work / "floor.db")
                env = bench.env_for(target)
                for c in range(columns):
                    checked(spawn([bench.opslog, "kpi", "add", f"K{c}"], env), "kpi add")
                floors.append(checked(spawn(
                    [sys.executable, __file__, "--floor", str(path), str(target)], env
                ), "floor"))  # fmt: skip
            seconds = statistics.median(r.seconds for r in results)
            floor = statistics.median(r.seconds for r in floors)
            rss = max(r.maxrss_kib for r in results) / 1024
            rate = readings / seconds
            add(label, f"{seconds:.2f} s", f"{readings:,} readings, {rss:.0f} MiB",
                f"{rate / 1000:.0f}k/s", ">= 100k/s", rate >= 100_000)  # fmt: skip
            add(f"{label} / stdlib floor", f"{seconds:.2f} s", f"floor {floor:.2f} s",
                f"{seconds / floor:.2f}x", "<= 1.5x", seconds / floor <= 1.5)  # fmt: skip
        print()
        print_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
