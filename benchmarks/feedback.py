"""Customer feedback at scale (issue 13). A benchmark, not a test.

    python benchmarks/feedback.py            # 15 pairs per figure
    python benchmarks/feedback.py --pairs 10

The five-year logbook of generate.py (made when missing) is copied to
`benchmarks/data/five-year-feedback.db` and given 100,000 feedback records by `ann` over
the same five years (about 55 a day: 12 categories, 7 channels, most with a sentiment,
a count of 1 to 5), plus links from categories to done actions. Figures, timed in
alternation as benchmarks/run.py does (median of the pairs, two warm-up pairs dropped):

| figure | target |
|---|---|
| `opslog feedback add …` on that logbook / `python -c "import sqlite3"` | <= 6x |
| `opslog feedback top` (this week) and `feedback top 2026` / the same baseline | <= 8x |
| `opslog week` on that logbook / `opslog week` on five-year (no feedback) | <= 1.2x |
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (benchmarks/ is not a package)

ROWS = 100_000
SEED = 20261130
CATEGORIES = ["物流", "尺码", "质量", "售后", "价格", "包装", "客服态度", "退款", "发票",
              "App 卡顿", "Logistics", "Refund"]  # fmt: skip
WEIGHTS = [20, 14, 10, 9, 8, 6, 6, 9, 3, 5, 5, 5]
CHANNELS = ["客服热线", "在线客服", "评价", "微信群", "邮件", "App 反馈", "email"]
TEXTS = ["配送太慢，等了{n}天", "尺码偏小，建议加大一码", "包装破损", "退款{n}天还没到账",
         "客服回复很快，点赞", "价格比别家贵{n}元", "App 打开要{n}秒", "late delivery ({n} days)",
         "refund still pending", "发票抬头开错了", "质量不错，会回购", ""]  # fmt: skip


def build(five: Path, out: Path) -> None:
    bench.copy_db(five, out)
    rng = random.Random(SEED)
    end = date(2026, 11, 27)  # the day benchmarks/run.py pins OPSLOG_NOW to
    start = end - timedelta(days=5 * 365)
    span = (end - start).days + 1
    con = sqlite3.connect(out)
    with con:
        rows = []
        for i in range(ROWS):
            day = start + timedelta(days=i * span // ROWS)
            text = rng.choice(TEXTS).format(n=rng.randint(2, 9))
            stamp = f"{day.isoformat()}T10:00:00.000000+00:00"
            rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), "ann", stamp, stamp,
                         day.isoformat(), text, rng.choice(CHANNELS),
                         rng.choices(CATEGORIES, WEIGHTS)[0], rng.randint(1, 5),
                         rng.choice(["neg", "neg", "neu", "pos", None])))  # fmt: skip
        con.executemany(
            "INSERT INTO feedback (uid, author, created_at, updated_at, day, text, channel,"
            " category, count, sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        actions = con.execute(
            "SELECT uid, done_day FROM action WHERE status = 'done' ORDER BY done_day DESC LIMIT 40"
        ).fetchall()
        for n, (uid, done_day) in enumerate(actions):
            stamp = f"{done_day}T09:00:00.000000+00:00"
            con.execute(
                "INSERT INTO feedback_link (uid, author, created_at, updated_at, category, day,"
                " action_uid) VALUES (?, 'ann', ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), stamp, stamp, CATEGORIES[n % len(CATEGORIES)], done_day, uid),
            )
    con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    five = bench.DATA / "five-year.db"
    if args.regenerate or not five.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--kind", "five-year",
                        "--out", str(five)], check=True)  # fmt: skip
    with_feedback = bench.DATA / "five-year-feedback.db"
    if args.regenerate or not with_feedback.exists():
        print(f"adding {ROWS:,} feedback records to {with_feedback} ...", file=sys.stderr)
        build(five, with_feedback)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        b = bench.Bench(argparse.Namespace(pairs=max(args.pairs, 10)), work)
        env = b.env_for(with_feedback)
        scratch = bench.copy_db(with_feedback, work / "scratch.db")
        b.ratio(
            "opslog feedback add … (100k feedback)",
            [
                "feedback",
                "add",
                "配送太慢",
                "--category",
                "物流",
                "--channel",
                "客服热线",
                "--sentiment",
                "neg",
            ],
            b.env_for(scratch),
            6,
        )
        b.ratio("opslog feedback top (this week, 100k)", ["feedback", "top"], env, 8)
        b.ratio("opslog feedback top 2026 (100k)", ["feedback", "top", "2026"], env, 8)
        b.ratio("opslog feedback top --json", ["feedback", "top", "--json"], env, 8)
        week_with = b.command(["week"], env, "week with feedback")
        week_without = b.command(["week"], b.env_for(five), "week without feedback")
        without, with_ = bench.alternate(week_without, week_with, b.pairs)
        w0, w1 = statistics.median(without), statistics.median(with_)
        ratio = w1 / w0
        figure = "opslog week with 100k feedback / without"
        bench.add(figure, bench.ms(w1), f"without {bench.ms(w0)}", f"{ratio:.2f}x", "<= 1.2x",
                  ratio <= 1.2)  # fmt: skip
    bench.print_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
