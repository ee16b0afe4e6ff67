"""The team views at scale on PostgreSQL (issue 14). A benchmark, not a test.

    python benchmarks/team.py            # 7 pairs per figure
    python benchmarks/team.py --pairs 11

A throw-away PostgreSQL (tests/pg.py, 127.0.0.1) gets a team of 50 members with a year of
records each, ending Friday 2026-11-27: a check-in every workday (mood, blockers now and
then), two notes a day, four goals with weekly progress, a risk a month, an action every
other week. Figures are ratios, each command timed in alternation with the one-person
week on the same database (`opslog week`, for one member), medians of the pairs:

    team status (week, 50 members)  / week (one person)
    week --team (50 members)        / week (one person)
    report --team (the month, 50)   / report (the month, one person)

The target is 3x or less: no query per member or per day.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

END = date(2026, 11, 27)
NOW = "2026-11-27T18:00:00+00:00"
MEMBERS = [f"member{i:02}" for i in range(50)]


def records(rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    stamp = "2026-11-27T18:00:00.000000+00:00"

    def add(kind: str, author: str, **fields: object) -> str:
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        common = {"author": author, "created_at": stamp, "updated_at": stamp}
        out.append({"kind": kind, "uid": uid, **common, **fields})
        return uid

    start = END - timedelta(days=364)
    for who in MEMBERS:
        goals = []
        for g in range(4):
            goals.append(add("goal", who, title=f"目标 {g} of {who}", metric="gmv",
                             target=100.0 + g, due=(END + timedelta(days=60)).isoformat(),
                             start=start.isoformat(), baseline=0.0, unit="k", owner="",
                             status="active", why="", done_day=None))  # fmt: skip
        for i in range(365):
            day = start + timedelta(days=i)
            iso = day.isoformat()
            if day.weekday() < 5:
                add("checkin", who, day=iso, done=f"完成 {i} 项", blockers=(
                    "供应商延迟" if rng.random() < 0.2 else ""), plan="跟进",
                    mood=rng.randint(1, 5))  # fmt: skip
            for n in range(2):
                add("note", who, day=iso, text=f"note {n} #tag{rng.randint(1, 9)}",
                    tags=[f"tag{rng.randint(1, 9)}"])  # fmt: skip
            if day.weekday() == 4:
                for g in goals:
                    add("progress", who, goal_uid=g, day=iso, value=float(i % 100),
                        confidence=rng.randint(1, 10), note="")  # fmt: skip
            if i % 30 == 0:
                add("risk", who, day=iso, title=f"风险 {i}", probability=rng.randint(1, 5),
                    impact=rng.randint(1, 5), owner="", mitigation="",
                    status="open" if i > 300 else "closed", review_by=None)  # fmt: skip
            if i % 14 == 0:
                add("action", who, day=iso, text=f"行动 {i}", owner="",
                    due=(day + timedelta(days=7)).isoformat(),
                    status="open" if i > 330 else "done",
                    done_day=None if i > 330 else (day + timedelta(days=3)).isoformat(),
                    retro_uid=None, done_by=None)  # fmt: skip
    return out


def opslog(url: str, *args: str) -> float:
    env = {**os.environ, "OPSLOG_DB": url, "OPSLOG_NOW": NOW, "OPSLOG_AUTHOR": MEMBERS[0],
           "TZ": "UTC", "OPSLOG_CONFIG": os.devnull}  # fmt: skip
    exe = Path(sys.executable).parent / "opslog"
    began = time.perf_counter()
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, check=False)
    took = time.perf_counter() - began
    if done.returncode not in (0, 1) or (done.returncode == 1 and "status" not in args):
        sys.exit(f"opslog {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return took


def ratio(
    url: str, command: list[str], pairs: int, against: tuple[str, ...] = ("week",)
) -> tuple[float, float, float]:
    base, cmd = [], []
    for i in range(pairs + 2):
        b = opslog(url, *against)
        c = opslog(url, *command)
        if i >= 2:  # two warm-up pairs
            base.append(b)
            cmd.append(c)
    mb, mc = statistics.median(base), statistics.median(cmd)
    return mc / mb, mb, mc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    from tests.pg import postgres_server

    rng = random.Random(20261127)
    rows = records(rng)
    with postgres_server() as url, tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "team.jsonl"
        jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                         encoding="utf-8")  # fmt: skip
        began = time.perf_counter()
        opslog(url, "import", str(jsonl))
        print(f"imported {len(rows):,} records for {len(MEMBERS)} members "
              f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
        opslog(url, "team", "add", *MEMBERS)
        for label, command, against in (
            ("team status this", ["team", "status", "this"], ("week",)),
            ("week --team", ["week", "--team"], ("week",)),
            ("report --team", ["report", "--team"], ("report",)),  # the month, team page first
        ):
            r, mb, mc = ratio(url, command, args.pairs, against)
            verdict = "ok" if r <= 3 else "OVER 3x"
            print(f"{label:18} / {against[0]}: {r:.2f}x  (medians {mc * 1000:.0f} ms / "
                  f"{mb * 1000:.0f} ms, {args.pairs} pairs)  {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
