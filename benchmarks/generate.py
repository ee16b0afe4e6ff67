"""Generate the benchmark logbooks (deterministic, seeded).

    python benchmarks/generate.py --kind five-year --out benchmarks/data/five-year.db
    python benchmarks/generate.py --kind stress    --out benchmarks/data/stress.db

five-year: one person ("ann") over the five years ending on Friday 2026-11-27 (the day
  `OPSLOG_NOW` pins in benchmarks/run.py): a check-in and ten notes a day in Chinese and
  English with #tags, 3-5 goals a quarter with weekly progress, a risk every ~9 days with
  reviews until it is closed, a retro every Friday with 1-3 actions.
stress: exactly the five-year rows (same ids, so `opslog week` for ann prints the same
  report on both files) plus `--stress-notes` (default 1,000,000) notes by a team of
  colleagues spread over the same five years: a shared team database grown large.

The file is created by opslog itself (`open_database`), so the schema, indexes, triggers
and the schema version are the real ones; rows are then bulk-inserted through the stdlib
sqlite3 driver with `executemany`, in one transaction. No ANALYZE is run: a user's file
has no sqlite_stat1 either, and the query plans must be good without it.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
END = date(2026, 11, 27)  # Friday of 2026-W48; benchmarks/run.py pins OPSLOG_NOW to it
YEARS = 5
AUTHOR = "ann"
SEED = 20261127
STRESS_NOTES = 1_000_000
TEAM = [
    "bo", "chen.li", "dana", "eli", "fang", "gus", "hui", "ines", "jun", "kai",
    "lena", "ming", "nora", "omar", "pei", "quinn", "rui", "sara", "tao", "uma",
    "vik", "wei", "xin", "yan", "zoe", "王芳", "李娜", "张伟", "刘洋", "陈静",
]  # fmt: skip
CHUNK = 50_000

# --- text pools -----------------------------------------------------------------------

NOTE_ZH = [
    "双11 活动页 上线, 首屏加载 {n}ms",
    "和供应商对齐了 物流时效, 预计 {n} 天到仓",
    "复盘 {channel} 投放数据: CTR {pct}%, ROI {roi}",
    "用户反馈: 支付页 卡顿, 已转给研发",
    "整理 周报 初稿, 补充 GMV 和转化率",
    "客服 工单 今日 {n} 单, 退款类占 {pct}%",
    "会员日 优惠券 核销 {n} 张",
    "直播间 在线峰值 {n} 人, 比上周 +{pct}%",
    "新品 详情页 文案 改了三版, 等 {person} 确认",
    "库存预警: SKU-{sku} 只剩 {n} 件",
    "和 {person} 一起过了 Q{q} OKR 的进度",
    "社群 拉新 {n} 人, 活跃率 {pct}%",
    "发现 优惠叠加 bug, 已下线活动 {n} 分钟",
    "月度 对账 完成, 差异 {n} 元",
]
NOTE_EN = [
    "checked the {channel} dashboard: conversion {pct}%",
    "call with the supplier about late shipments ({n} orders)",
    "shipped the new landing page for {campaign}",
    "reviewed the newsletter copy with {person}",
    "refund queue down to {n} tickets",
    "A/B test on checkout button: variant B +{pct}%",
    "on-call: payment webhook retries spiked to {n}/min",
    "synced with {person} on the Q{q} roadmap",
    "cleaned up {n} stale SKUs in the catalogue",
    "wrote the incident summary for the CDN outage ({n} min)",
    "NPS survey closed: {n} answers",
    "pricing page experiment ended, keep control",
]
TAGS = [
    "release", "supplier", "ads", "kpi", "feedback", "incident", "周报", "复盘", "客服",
    "双11", "直播", "库存", "growth", "checkout", "crm", "content", "oncall", "finance",
]  # fmt: skip
CHANNELS = ["抖音", "小红书", "微信", "Google Ads", "Meta", "淘宝直通车", "email"]
CAMPAIGNS = ["双11", "618", "Black Friday", "年货节", "spring sale", "会员日"]
DONE = [
    "发完周报", "双11 banner 上线", "supplier call done", "fixed the coupon bug",
    "复盘了上周投放", "回复了 {n} 个客服工单", "updated the KPI sheet", "直播脚本定稿",
    "onboarded {person}", "清理了库存预警", "shipped the newsletter", "对账完成",
]  # fmt: skip
BLOCKERS = [
    "supplier late", "设计稿还没给", "waiting for legal review", "支付通道审核中",
    "API quota exceeded", "预算没批", "{person} is out sick",
]  # fmt: skip
PLANS = [
    "supplier call", "写周报", "prepare the Q{q} review", "跟进物流", "A/B test readout",
    "直播彩排", "clean up the backlog", "和 {person} 过数据", "update the risk register",
]  # fmt: skip
GOALS = [
    # (title, metric, unit, baseline range, relative change, down)
    ("GMV 提升", "GMV", "万元", (80, 200), 0.25, False),
    ("Repeat purchase rate up", "repeat rate", "%", (18, 30), 0.2, False),
    ("客服首响时间 缩短", "first response", "s", (60, 180), -0.4, True),
    ("Newsletter signups", "signups", "", (500, 3000), 0.5, False),
    ("退款率 降低", "refund rate", "%", (4, 9), -0.3, True),
    ("直播 GMV 占比", "live share", "%", (10, 25), 0.3, False),
    ("App rating to 4.7", "rating", "★", (4.1, 4.4), 0.07, False),
    ("社群 活跃用户", "active members", "人", (800, 5000), 0.4, False),
]
RISKS = [
    "supplier may miss the 双11 delivery window",
    "支付通道 费率上调",
    "key designer leaving in Q{q}",
    "CDN costs over budget",
    "平台规则变化 影响 {channel} 投放",
    "warehouse capacity during peak",
    "客服 人手不足",
    "GDPR request backlog",
    "库存 积压 SKU-{sku}",
    "ad account suspension on {channel}",
]
MITIGATIONS = ["second supplier on standby", "提前备货", "weekly check with finance", "", ""]
WELL = [
    "双11 预热 数据超预期", "shipped on time", "客服 响应 更快了", "good supplier call",
    "周报 按时发出", "A/B test gave a clear answer", "团队 配合 顺畅", "no incidents",
]  # fmt: skip
IMPROVE = [
    "too many meetings", "需求 变更 太晚", "dashboard numbers late", "直播 彩排 不足",
    "on-call handover", "文案 审核 流程 太长", "scope creep on the landing page",
]  # fmt: skip
ACTIONS = [
    "book the supplier review", "整理 投放 SOP", "set up the refund alert", "和设计 对齐 排期",
    "write the on-call checklist", "更新 风险清单", "move stand-up to 10:00", "准备 Q{q} 复盘",
]  # fmt: skip


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        n=rng.randint(3, 999),
        pct=rng.randint(1, 60),
        roi=round(rng.uniform(0.8, 4.5), 1),
        channel=rng.choice(CHANNELS),
        campaign=rng.choice(CAMPAIGNS),
        person=rng.choice(TEAM),
        q=rng.randint(1, 4),
        sku=rng.randint(1000, 9999),
    )


def note_pool(rng: random.Random, size: int = 4096) -> list[tuple[str, str]]:
    """(text, tags as JSON) pairs; tags computed the way `opslog note` computes them."""
    from opslog.domain.text import clean_text, extract_tags

    pool = []
    for _ in range(size):
        parts = [fill(rng.choice(NOTE_ZH if rng.random() < 0.55 else NOTE_EN), rng)]
        if rng.random() < 0.3:
            parts.append(fill(rng.choice(NOTE_EN + NOTE_ZH), rng))
        tags = rng.sample(TAGS, k=rng.choice((0, 1, 1, 2, 2, 3)))
        text = clean_text(" ".join(parts + [f"#{t}" for t in tags]), "note")
        pool.append((text, json.dumps(extract_tags(text), ensure_ascii=False)))
    return pool


# --- ids and times --------------------------------------------------------------------


def uid_of(bits: int) -> str:
    """A UUID4 string from 128 random bits (faster than uuid.UUID for a million)."""
    bits = (bits & ~(0xF000 << 64)) | (0x4000 << 64)
    bits = (bits & ~(0xC000 << 48)) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def stamp(day: date, seconds: int) -> str:
    """UTC ISO 8601 with microseconds, as AppContext.timestamp() writes."""
    seconds = max(0, min(seconds, 86_399))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{day.isoformat()}T{h:02d}:{m:02d}:{s:02d}.000000+00:00"


def iso_week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def quarter_end(d: date) -> date:
    start = quarter_start(d)
    nxt = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return nxt - timedelta(days=1)


# --- the five-year logbook ------------------------------------------------------------

Rows = dict[str, list[dict[str, Any]]]


class Logbook:
    """Builds rows per table in insertion (id) order."""

    def __init__(self, rng: random.Random, author: str, end: date, years: int) -> None:
        self.rng = rng
        self.author = author
        self.end = end
        self.start = end.replace(year=end.year - years) + timedelta(days=1)
        self.rows: Rows = {k: [] for k in TABLE_ORDER}

    def uid(self) -> str:
        return uid_of(self.rng.getrandbits(128))

    def common(self, day: date, seconds: int) -> dict[str, Any]:
        ts = stamp(day, seconds)
        return {"uid": self.uid(), "author": self.author, "created_at": ts, "updated_at": ts}

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)

    def build(self) -> Rows:
        pool = note_pool(self.rng)
        for day in self.days():
            self.daily(day, pool)
        self.goals()
        self.risks()
        self.retros()
        return self.rows

    def daily(self, day: date, pool: Sequence[tuple[str, str]]) -> None:
        rng = self.rng
        for i in range(10):
            text, tags = rng.choice(pool)
            row = self.common(day, 8 * 3600 + i * 3000 + rng.randint(0, 2000))
            self.rows["note"].append({**row, "day": day.isoformat(), "text": text, "tags": tags})
        done = "; ".join(fill(rng.choice(DONE), rng) for _ in range(rng.randint(1, 3)))
        blockers = fill(rng.choice(BLOCKERS), rng) if rng.random() < 0.35 else ""
        self.rows["checkin"].append(
            {
                **self.common(day, 18 * 3600 + rng.randint(0, 7200)),
                "day": day.isoformat(),
                "done": done,
                "blockers": blockers,
                "plan": fill(rng.choice(PLANS), rng),
                "mood": None if rng.random() < 0.1 else rng.choice((2, 3, 3, 4, 4, 4, 5)),
            }
        )

    def goals(self) -> None:
        rng = self.rng
        q = quarter_start(self.start)
        while q <= self.end:
            due = quarter_end(q)
            for title, metric, unit, (lo, hi), change, _down in rng.sample(
                GOALS, rng.randint(3, 5)
            ):
                baseline = round(rng.uniform(lo, hi), 1)
                target = round(baseline * (1 + change), 1)
                if target == baseline:
                    target = baseline + 1
                created = max(q, self.start)
                goal = {
                    **self.common(created, 10 * 3600),
                    "title": f"{title} ({q.year} Q{(q.month - 1) // 3 + 1})",
                    "metric": metric,
                    "unit": unit,
                    "baseline": baseline,
                    "target": target,
                    "start": q.isoformat(),
                    "due": due.isoformat(),
                    "owner": self.author if rng.random() < 0.7 else rng.choice(TEAM),
                    "status": "active",
                    "why": rng.choice(["季度 OKR", "asked by the CEO", "", "用户体验"]),
                    "done_day": None,
                }
                self.rows["goal"].append(goal)
                pace = rng.uniform(0.7, 1.3)  # how well this goal goes
                value = baseline
                friday = created + timedelta(days=(4 - created.weekday()) % 7)
                weeks = max(1, (due - q).days // 7)
                k = 0
                while friday <= min(due, self.end):
                    k += 1
                    ideal = baseline + (target - baseline) * min(1.0, k / weeks * pace)
                    value = round(ideal + (target - baseline) * rng.uniform(-0.05, 0.05), 2)
                    self.rows["progress"].append(
                        {
                            **self.common(friday, 17 * 3600),
                            "goal_uid": goal["uid"],
                            "day": friday.isoformat(),
                            "value": value,
                            "confidence": rng.randint(4, 9) if rng.random() < 0.8 else None,
                            "note": "" if rng.random() < 0.7 else fill(rng.choice(NOTE_EN), rng),
                        }
                    )
                    friday += timedelta(days=7)
                if due < self.end:
                    progress = (value - baseline) / (target - baseline)
                    goal["status"] = "done" if progress >= 0.9 or rng.random() < 0.6 else "dropped"
                    goal["done_day"] = due.isoformat()
                    goal["updated_at"] = stamp(due, 17 * 3600)
            q = quarter_end(q) + timedelta(days=1)

    def risks(self) -> None:
        rng = self.rng
        for day in self.days():
            if rng.random() > 0.11:
                continue
            p, i = rng.randint(1, 5), rng.randint(1, 5)
            risk = {
                **self.common(day, 11 * 3600),
                "day": day.isoformat(),
                "title": fill(rng.choice(RISKS), rng),
                "probability": p,
                "impact": i,
                "owner": rng.choice([self.author, *TEAM[:5], ""]),
                "mitigation": rng.choice(MITIGATIONS),
                "status": "open",
                "review_by": (day + timedelta(days=14)).isoformat(),
            }
            self.rows["risk"].append(risk)
            self.review(risk, day, None, p, None, i, None, "open", "identified")
            status, review = "open", day
            closes = day + timedelta(days=rng.randint(14, 120))
            while True:
                review += timedelta(days=rng.randint(7, 21))
                if review > self.end:
                    break
                old = (p, i, status)
                p = min(5, max(1, p + rng.choice((-1, 0, 0, 1))))
                i = min(5, max(1, i + rng.choice((-1, 0, 0))))
                if review >= closes:
                    status = "closed"
                elif status == "open" and rng.random() < 0.2:
                    status = "mitigated"
                note = rng.choice(["re-checked with the owner", "供应商确认", "no change", ""])
                self.review(risk, review, old[0], p, old[1], i, old[2], status, note)
                if status == "closed":
                    break
            risk.update(
                probability=p,
                impact=i,
                status=status,
                review_by=None if status == "closed" else (review + timedelta(days=14)).isoformat(),
                updated_at=stamp(min(review, self.end), 11 * 3600),
            )

    def review(
        self,
        risk: dict[str, Any],
        day: date,
        old_p: int | None,
        p: int,
        old_i: int | None,
        i: int,
        old_status: str | None,
        status: str,
        note: str,
    ) -> None:
        self.rows["risk_review"].append(
            {
                **self.common(day, 11 * 3600 + 60),
                "risk_uid": risk["uid"],
                "day": day.isoformat(),
                "old_probability": old_p,
                "new_probability": p,
                "old_impact": old_i,
                "new_impact": i,
                "old_status": old_status,
                "new_status": status,
                "note": note,
            }
        )

    def retros(self) -> None:
        rng = self.rng
        friday = self.start + timedelta(days=(4 - self.start.weekday()) % 7)
        while friday <= self.end:
            retro = {
                **self.common(friday, 16 * 3600),
                "week": iso_week(friday),
                "day": friday.isoformat(),
                "went_well": json.dumps(rng.sample(WELL, rng.randint(2, 3)), ensure_ascii=False),
                "to_improve": json.dumps(
                    rng.sample(IMPROVE, rng.randint(1, 2)), ensure_ascii=False
                ),
            }
            self.rows["retro"].append(retro)
            for _ in range(rng.randint(1, 3)):
                due = friday + timedelta(days=rng.choice((7, 14))) if rng.random() < 0.7 else None
                age = (self.end - friday).days
                done = rng.random() < (0.5 if age < 21 else 0.98)
                done_day = friday + timedelta(days=rng.randint(1, 20)) if done else None
                if done_day is not None and done_day > self.end:
                    done, done_day = False, None
                self.rows["action"].append(
                    {
                        **self.common(friday, 16 * 3600 + 60),
                        "day": friday.isoformat(),
                        "text": fill(rng.choice(ACTIONS), rng),
                        "owner": rng.choice([self.author, self.author, *TEAM[:4], ""]),
                        "due": due.isoformat() if due else None,
                        "status": "done" if done else "open",
                        "done_day": done_day.isoformat() if done_day else None,
                        "retro_uid": retro["uid"],
                    }
                )
            friday += timedelta(days=7)


# Parents before children (foreign keys are on while inserting).
TABLE_ORDER = ("note", "checkin", "goal", "progress", "risk", "risk_review", "retro", "action")


def stress_notes(rng: random.Random, start: date, end: date, count: int) -> Iterator[tuple]:
    """`count` notes by the team, in day order, spread evenly over [start, end]."""
    pool = note_pool(rng, 8192)
    span = (end - start).days + 1
    authors = rng.choices(TEAM, k=4096)
    choose = rng.choices
    getrandbits = rng.getrandbits
    day_text = [(start + timedelta(days=k)).isoformat() for k in range(span)]
    done = 0
    while done < count:
        n = min(CHUNK, count - done)
        picks = choose(pool, k=n)
        who = choose(authors, k=n)
        for j in range(n):
            k = (done + j) * span // count
            text, tags = picks[j]
            secs = (done + j) % 86_000
            clock = f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
            ts = f"{day_text[k]}T{clock}.000000+00:00"
            yield (uid_of(getrandbits(128)), who[j], ts, ts, day_text[k], text, tags)
        done += n


# --- writing --------------------------------------------------------------------------


def create(out: Path) -> None:
    """Make a fresh, empty opslog database at `out` the way opslog does."""
    from opslog.store.db import Location
    from opslog.store.open import open_database

    for leftover in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        leftover.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    open_database(Location(path=out)).close()


def insert_rows(raw: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = (
        f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)})'
        f" VALUES ({', '.join('?' for _ in cols)})"
    )
    raw.executemany(sql, ([r[c] for c in cols] for r in rows))


def insert_tuples(raw: sqlite3.Connection, table: str, cols: Sequence[str], rows: Iterable) -> None:
    sql = f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" for _ in cols)})'
    raw.executemany(sql, rows)


def generate(kind: str, out: Path, *, author: str, seed: int, notes: int) -> dict[str, int]:
    rng = random.Random(seed)
    book = Logbook(rng, author, END, YEARS)
    rows = book.build()
    create(out)
    raw = sqlite3.connect(str(out), isolation_level=None)
    try:
        raw.execute("PRAGMA synchronous = OFF")  # a benchmark file: a crash means regenerate
        raw.execute("PRAGMA cache_size = -262144")  # 256 MiB: the uid index takes random inserts
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("BEGIN IMMEDIATE")
        # The search index (FTS5, kept by triggers) is filled once at the end: a bulk
        # 'rebuild' gives the same index as a million trigger runs, several times faster.
        triggers = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        for name, _sql in triggers:
            raw.execute(f'DROP TRIGGER "{name}"')
        for table in TABLE_ORDER:
            insert_rows(raw, table, rows[table])
        if kind == "stress":
            insert_tuples(
                raw,
                "note",
                ("uid", "author", "created_at", "updated_at", "day", "text", "tags"),
                stress_notes(random.Random(seed + 1), book.start, book.end, notes),
            )
        for _name, sql in triggers:
            raw.execute(sql)
        for (fts,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name"
        ).fetchall():
            raw.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
        raw.execute("COMMIT")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLE_ORDER}
    finally:
        raw.close()
    # Opened once more by opslog: the file must still be accepted as is.
    from opslog.store.db import Location
    from opslog.store.open import open_database

    open_database(Location(path=out)).close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("five-year", "stress"), required=True)
    parser.add_argument("--out", type=Path, help="default: benchmarks/data/<kind>.db")
    parser.add_argument("--author", default=AUTHOR)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--stress-notes", type=int, default=STRESS_NOTES, help="extra team notes (stress)"
    )
    args = parser.parse_args(argv)
    out = (args.out or DATA / f"{args.kind}.db").resolve()
    t0 = time.perf_counter()
    counts = generate(args.kind, out, author=args.author, seed=args.seed, notes=args.stress_notes)
    took = time.perf_counter() - t0
    total = sum(counts.values())
    detail = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    size = out.stat().st_size / 2**20
    print(f"{out}: {total:,} rows in {took:.1f} s ({size:.0f} MiB): {detail}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
