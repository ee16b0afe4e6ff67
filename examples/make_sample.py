"""Generate examples/sample.jsonl: a month (2026-10-26 .. 2026-11-27) in the logbook of
Lin, operations lead of a small online shop — 双11 promotion, a wobbly supplier,
refunds, the WeChat community. Three quarterly goals with weekly check-ins, three risks
with their reviews, four weekly retros and their actions, check-ins on most workdays,
notes in Chinese and English.

Deterministic: uids are uuid5 of a fixed namespace, timestamps are fixed, so the file
only changes when this script does. The lines are encoded by opslog's own exporter, so
`opslog import examples/sample.jsonl` into an empty database followed by
`opslog export` gives this file back byte for byte (tests/test_import_sample.py).

    python examples/make_sample.py            # rewrite examples/sample.jsonl
    python examples/make_sample.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from opslog.domain.dates import iso_week_label
from opslog.domain.kinds import KINDS
from opslog.domain.records import (
    Action,
    Checkin,
    Common,
    Goal,
    Kpi,
    Note,
    Progress,
    Reading,
    Retro,
    Risk,
    RiskReview,
)
from opslog.domain.text import extract_tags
from opslog.store.convert import JSON_FIELDS, to_row
from opslog.store.crud import kind_of
from opslog.store.export import encode, export_columns

AUTHOR = "lin"
NAMESPACE = uuid.UUID("6f70736c-0000-4000-8000-73616d706c65")  # fixed: "opsl" … "sample"
SHANGHAI = timezone(timedelta(hours=8))
OUT = Path(__file__).with_name("sample.jsonl")


def d(text: str) -> date:
    return date.fromisoformat(text)


def stamp(day: str, hhmm: str = "18:30") -> str:
    """A Shanghai wall-clock time as the UTC ISO 8601 stamp opslog stores."""
    local = datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=SHANGHAI)
    return local.astimezone(UTC).isoformat(timespec="microseconds")


class Book:
    """Records by kind, ids counted per kind as the database would give them."""

    def __init__(self) -> None:
        self.records: dict[str, list[Common]] = {k: [] for k in KINDS}

    def uid(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))

    def add(self, record: Common) -> Common:
        kind = kind_of(record)
        record.id = len(self.records[kind]) + 1
        self.records[kind].append(record)
        return record

    def common(self, kind: str, key: str, day: str, hhmm: str = "18:30") -> dict[str, object]:
        at = stamp(day, hhmm)
        return {
            "id": 0,
            "uid": self.uid(kind, key),
            "author": AUTHOR,
            "created_at": at,
            "updated_at": at,
        }

    def lines(self) -> list[str]:
        out = []
        for kind in KINDS:
            for record in self.records[kind]:
                row = to_row(record)
                obj = {"kind": kind, **{c: row[c] for c in export_columns(kind)}}
                for c in JSON_FIELDS & obj.keys():
                    obj[c] = json.loads(obj[c])
                out.append(encode(obj))
        return out


# --- the month ---------------------------------------------------------------------------

CHECKINS = [  # day, done, blockers, plan, mood
    (
        "2026-10-26",
        "Q4 目标定稿：周销售额 +20%、退款率降到 5%、社群 5000 人。Goals set up in opslog.",
        "",
        "Call 华东仓 about the 双11 restock; draft the 双11 promotion calendar.",
        4,
    ),
    (
        "2026-10-27",
        "华东仓 says the restock may slip a week — logged a risk. Promotion calendar v1 done.",
        "Supplier has no firm ship date.",
        "Get a backup quote from the 义乌 supplier.",
        3,
    ),
    (
        "2026-10-29",
        "Backup quote in: 8% dearer, can ship in 5 days. 双11 coupon rules agreed with finance.",
        "",
        "Banner brief to design; refund FAQ outline.",
        4,
    ),
    (
        "2026-10-30",
        "Weekly report sent. Retro done. 社群拉新活动 brought 70 new members.",
        "",
        "Weekend: nothing. Monday: supplier follow-up.",
        4,
    ),
    (
        "2026-11-02",
        "华东仓 confirmed partial shipment (60% of SKUs). Ordered the rest from 义乌 as backup.",
        "Design team late on the 双11 banner.",
        "Review banner draft; coupon test on staging.",
        3,
    ),
    (
        "2026-11-03",
        "Stock plan confirmed with the supplier; coupon test passed.",
        "",
        "Customer-service briefing for 双11.",
        4,
    ),
    (
        "2026-11-04",
        "CS briefing done; refund FAQ published in the help centre.",
        "",
        "Pre-sale page QA.",
        4,
    ),
    (
        "2026-11-05",
        "Pre-sale live. 预售首日 GMV 38k¥, above plan.",
        "Payment page slow at 20:00 peak (fixed by the platform at 20:40).",
        "Watch pre-sale; community livestream rehearsal.",
        5,
    ),
    (
        "2026-11-06",
        "Livestream rehearsal OK. Weekly report sent; retro done.",
        "",
        "Weekend on call for pre-sale.",
        4,
    ),
    (
        "2026-11-07",
        "Saturday on call: two stock alerts, both resolved by moving stock between warehouses.",
        "",
        "Rest tomorrow.",
        3,
    ),
    (
        "2026-11-09",
        "双11 war room set up; pinned the coupon guide in all community groups.",
        "",
        "Final stock check; courier capacity check.",
        4,
    ),
    (
        "2026-11-10",
        "Stock check done; restock from 华东仓 complete. Courier capacity is the weak spot.",
        "Our courier caps us at 3,000 parcels/day.",
        "Ask Wang to open a second courier account.",
        3,
    ),
    (
        "2026-11-11",
        "双11: 当日 GMV 186k¥ (plan 150k). Livestream peak 2,400 viewers.",
        "Parcels backing up: 4,100 orders vs 3,000/day courier capacity.",
        "Clear the backlog; monitor refunds.",
        5,
    ),
    (
        "2026-11-12",
        "Backlog down to 900 orders. Delivery complaints rising — logged a risk.",
        "Second courier account still pending.",
        "Proactive SMS to delayed customers.",
        2,
    ),
    (
        "2026-11-13",
        "Backlog cleared. Refund rate this week 8.6% (size issues + late parcels). Retro done.",
        "",
        "Refund reasons analysis next week.",
        3,
    ),
    (
        "2026-11-16",
        "Competitor announced a big 双12 pre-sale — logged a risk. 社群突破 4,200 人.",
        "",
        "Bundle ideas for 双12; refund analysis.",
        3,
    ),
    (
        "2026-11-17",
        "First pass on refund reasons: 41% size, 27% late delivery, 12% damaged.",
        "CS export misses the reason field for 200 orders.",
        "Size chart update with the product team.",
        3,
    ),
    (
        "2026-11-18",
        "Second courier live (Wang). Size chart updated on the top 10 SKUs.",
        "",
        "Welcome message and group rules for new members.",
        4,
    ),
    (
        "2026-11-20",
        "Welcome message live in all groups. Weekly report sent; retro done.",
        "Delivery complaints still high: 2 bad store reviews.",
        "双12 bundle offers draft.",
        3,
    ),
    (
        "2026-11-23",
        "双12 bundle offers v1; price check against the competitor's pre-sale.",
        "",
        "Finance review of bundles.",
        4,
    ),
    (
        "2026-11-24",
        "Competitor's pre-sale started at 30% off. Bundles approved by finance.",
        "We cannot match 30% without losing money.",
        "Value-add instead of discount: free gift wrap, faster shipping.",
        3,
    ),
    (
        "2026-11-25",
        "Refund review with CS: return label now printed in the parcel.",
        "",
        "Community AMA on Thursday.",
        4,
    ),
    (
        "2026-11-26",
        "Community AMA: 310 questions, mostly sizes and shipping. Complaints down this week.",
        "",
        "Weekly report; goal check-ins.",
        4,
    ),
    (
        "2026-11-27",
        "Weekly report sent. Goals updated: sales 114k/week, refunds 6.7%, 社群 4,420.",
        "Refund analysis action still open.",
        "Monday: 双12 banner brief.",
        4,
    ),
]

NOTES = [  # day, time, text
    ("2026-10-26", "10:05", "Q4 kickoff with the boss: 销售额、退款率、社群三个目标 #planning"),
    ("2026-10-27", "11:20", "华东仓 restock ETA moved from 11-02 to 11-09 #supplier"),
    ("2026-10-27", "16:45", "Asked 义乌 supplier for a backup quote #supplier"),
    ("2026-10-28", "14:10", "双11 优惠券规则：满300减40，限领一张 #双11"),
    ("2026-10-29", "09:30", "Refund FAQ outline: sizes, late parcels, how to return #refunds"),
    ("2026-10-30", "15:00", "社群拉新：老带新送小样，本周新增 70 人 #community"),
    ("2026-11-02", "10:40", "Partial shipment arrived — 60% of SKUs covered #supplier"),
    (
        "2026-11-03",
        "17:30",
        "Coupon test on staging passed; stacking with store discount blocked as intended #双11",
    ),
    (
        "2026-11-04",
        "11:00",
        "CS briefing: refund window, gift-card compensation for delays #refunds #双11",
    ),
    ("2026-11-05", "21:15", "预售首日 38k¥，转化率 4.1% #双11"),
    ("2026-11-05", "21:40", "Payment page slow 20:00–20:40; platform incident, not ours #双11"),
    (
        "2026-11-06",
        "16:20",
        "Livestream rehearsal: mic issue fixed, script cut to 45 min #community",
    ),
    ("2026-11-07", "13:10", "Moved 200 units of the best seller from 华南仓 to 华东仓 #supplier"),
    (
        "2026-11-09",
        "10:00",
        "Pinned the 双11 coupon guide in all 9 community groups #community #双11",
    ),
    (
        "2026-11-10",
        "15:30",
        "Courier caps us at 3,000 parcels/day — need a second courier #logistics",
    ),
    ("2026-11-11", "00:30", "双11 开场 30 分钟 GMV 42k¥ 🎉 #双11"),
    ("2026-11-11", "22:50", "当日 GMV 186k¥, livestream peak 2,400 viewers #双11 #community"),
    ("2026-11-12", "11:45", "Delayed-parcel complaints: 63 tickets today #logistics #refunds"),
    ("2026-11-12", "18:00", "Sent proactive SMS to 900 delayed customers #logistics"),
    ("2026-11-13", "17:10", "Refund rate this week 8.6% — sizes and late parcels #refunds"),
    ("2026-11-16", "09:50", "竞品双12预售 30% off announced #competitor"),
    ("2026-11-16", "14:30", "社群突破 4,200 人 #community"),
    ("2026-11-17", "16:00", "Refund reasons: 41% size, 27% late, 12% damaged, 20% other #refunds"),
    ("2026-11-18", "11:15", "Second courier account live; split by region #logistics"),
    ("2026-11-18", "17:40", "Size chart updated on the top 10 SKUs #refunds"),
    ("2026-11-20", "10:20", "新人欢迎语 + 群规上线 #community"),
    ("2026-11-20", "15:55", "Two 1-star reviews mention slow delivery #logistics"),
    ("2026-11-23", "14:00", "双12 bundles: 2件9折, 3件85折, free gift wrap #双12"),
    (
        "2026-11-24",
        "10:30",
        "Competitor pre-sale live at 30% off; we compete on service, not price #competitor #双12",
    ),
    ("2026-11-25", "16:10", "Return label now printed inside every parcel #refunds"),
    ("2026-11-26", "20:30", "Community AMA: 310 questions — sizes & shipping top two #community"),
    ("2026-11-27", "17:00", "Weekly GMV 114k¥; refunds 6.7%; 社群 4,420 #weekly"),
]

# key, title, metric, unit, baseline, target, why, check-ins (day, value, confidence, note)
GOALS = [
    (
        "sales",
        "Raise weekly sales 20% this quarter",
        "weekly GMV",
        "k¥/week",
        100.0,
        120.0,
        "Q4 target agreed at kickoff; 双11 and 双12 are the levers.",
        [
            ("2026-10-26", 101.0, 7, "starting point"),
            ("2026-10-29", 103.0, 7, ""),
            ("2026-11-06", 107.0, 8, "pre-sale helped"),
            ("2026-11-13", 118.0, 8, "双11 week"),
            ("2026-11-20", 112.0, 7, "after 双11 dip, still above baseline"),
            ("2026-11-27", 114.0, 7, ""),
        ],
    ),
    (
        "refunds",
        "Cut the refund rate from 8% to 5%",
        "refund rate",
        "%",
        8.0,
        5.0,
        "Refunds eat the margin we win with promotions.",
        [
            ("2026-10-26", 8.1, 6, ""),
            ("2026-10-29", 7.9, 6, "refund FAQ drafted"),
            ("2026-11-06", 7.6, 6, ""),
            ("2026-11-13", 8.6, 4, "双11: sizes and late parcels"),
            ("2026-11-20", 7.0, 5, "size chart updated"),
            ("2026-11-27", 6.7, 6, "return label in parcel"),
        ],
    ),
    (
        "community",
        "Grow community members 3000 → 5000",
        "WeChat group members",
        "members",
        3000.0,
        5000.0,
        "The groups bring a third of repeat orders.",
        [
            ("2026-10-26", 3280.0, 8, ""),
            ("2026-10-29", 3350.0, 8, "老带新"),
            ("2026-11-06", 3620.0, 8, ""),
            ("2026-11-13", 4150.0, 9, "双11 livestream"),
            ("2026-11-20", 4260.0, 8, ""),
            ("2026-11-27", 4420.0, 8, "AMA"),
        ],
    ),
]

RISKS = [  # key, day, title, owner, mitigation, review_by, p, i, reviews (day, p, i, status, note)
    (
        "supplier",
        "2026-10-27",
        "Supplier 华东仓 may miss the 双11 restock",
        "lin",
        "Backup quote from the 义乌 supplier; pre-order two weeks of stock.",
        "2026-12-01",
        4,
        5,
        [
            ("2026-11-03", 3, 5, "open", "partial shipment arrived, 60% of SKUs covered"),
            ("2026-11-10", 2, 5, "mitigated", "restock complete before 双11"),
        ],
    ),
    (
        "delivery",
        "2026-11-12",
        "Delivery-speed complaints after 双11 (快递延误)",
        "Wang",
        "Second courier account; proactive SMS on delays.",
        "2026-11-27",
        4,
        3,
        [
            ("2026-11-20", 4, 4, "open", "complaints doubled; two 1-star store reviews"),
            ("2026-11-26", 3, 4, "open", "second courier live; complaints down"),
        ],
    ),
    (
        "competitor",
        "2026-11-16",
        "Competitor's 双12 promotion undercuts our prices",
        "lin",
        "Bundles and service instead of price cuts; watch their pre-sale daily.",
        "2026-11-30",
        3,
        4,
        [("2026-11-24", 4, 4, "open", "their pre-sale started at 30% off")],
    ),
]

RETROS = [  # day, went well, to improve, actions (key, text, owner, due, done_day)
    (
        "2026-10-30",
        ["Goals agreed and written down on day one", "Backup supplier found within 48 hours"],
        ["Supplier dates were taken on trust", "No refund FAQ for customer service"],
        [
            (
                "stock-plan",
                "Confirm the 双11 stock plan with 华东仓 in writing",
                "lin",
                "2026-11-03",
                "2026-11-03",
            ),
            (
                "refund-faq",
                "Write the refund FAQ for customer service",
                "Zhao",
                "2026-11-06",
                "2026-11-05",
            ),
        ],
    ),
    (
        "2026-11-06",
        ["预售首日超计划", "CS briefed before the rush"],
        ["Courier capacity never checked", "Banner arrived two days late"],
        [
            ("courier", "Open a second courier account", "Wang", "2026-11-12", "2026-11-18"),
            (
                "coupon-guide",
                "Pin the 双11 coupon guide in the community groups",
                "lin",
                "2026-11-09",
                "2026-11-09",
            ),
        ],
    ),
    (
        "2026-11-13",
        ["双11 GMV 186k¥ vs plan 150k", "Livestream peak 2,400 viewers"],
        ["4,100 orders against 3,000/day courier capacity", "Refund rate back up to 8.6%"],
        [
            (
                "refund-reasons",
                "Analyse the top 20 refund reasons after 双11",
                "lin",
                "2026-11-18",
                None,
            ),
            (
                "welcome",
                "Welcome message and group rules for new members",
                "lin",
                "2026-11-20",
                "2026-11-20",
            ),
        ],
    ),
    (
        "2026-11-20",
        ["Second courier live; backlog gone", "社群 4,260 — ahead of pace"],
        ["Refund analysis still not finished", "Reacting late to the competitor"],
        [
            ("bundles", "Draft 双12 bundle offers", "lin", "2026-11-25", None),
            (
                "refund-review",
                "Weekly refund review with the CS team every Monday",
                "Zhao",
                None,
                None,
            ),
        ],
    ),
]


def build() -> Book:
    book = Book()
    for day, done, blockers, plan, mood in CHECKINS:
        book.add(
            Checkin(
                **book.common("checkin", day, day),
                day=d(day),
                done=done,
                blockers=blockers,
                plan=plan,
                mood=mood,
            )
        )
    for n, (day, hhmm, text) in enumerate(NOTES, 1):
        book.add(
            Note(
                **book.common("note", str(n), day, hhmm),
                day=d(day),
                text=text,
                tags=extract_tags(text),
            )
        )
    for key, title, metric, unit, baseline, target, why, checkins in GOALS:
        goal = book.add(
            Goal(
                **book.common("goal", key, "2026-10-26", "11:00"),
                title=title,
                metric=metric,
                unit=unit,
                baseline=baseline,
                target=target,
                start=d("2026-10-01"),
                due=d("2026-12-31"),
                owner=AUTHOR,
                why=why,
            )
        )
        for day, value, confidence, note in checkins:
            book.add(
                Progress(
                    **book.common("progress", f"{key}/{day}", day, "18:20"),
                    goal_uid=goal.uid,
                    day=d(day),
                    value=value,
                    confidence=confidence,
                    note=note,
                )
            )
    reviews: list[RiskReview] = []
    for key, day, title, owner, mitigation, review_by, p, i, changes in RISKS:
        risk = Risk(
            **book.common("risk", key, day, "15:00"),
            day=d(day),
            title=title,
            probability=p,
            impact=i,
            owner=owner,
            mitigation=mitigation,
            review_by=d(review_by),
        )
        reviews.append(
            RiskReview(
                **book.common("risk_review", f"{key}/{day}", day, "15:00"),
                risk_uid=risk.uid,
                day=d(day),
                old_probability=None,
                new_probability=p,
                old_impact=None,
                new_impact=i,
                old_status=None,
                new_status="open",
                note="identified",
            )
        )
        status = "open"
        for when, new_p, new_i, new_status, note in changes:
            reviews.append(
                RiskReview(
                    **book.common("risk_review", f"{key}/{when}", when, "16:00"),
                    risk_uid=risk.uid,
                    day=d(when),
                    old_probability=risk.probability,
                    new_probability=new_p,
                    old_impact=risk.impact,
                    new_impact=new_i,
                    old_status=status,
                    new_status=new_status,
                    note=note,
                )
            )
            risk.probability, risk.impact, status = new_p, new_i, new_status
            risk.updated_at = stamp(when, "16:00")
        risk.status = status
        book.add(risk)
    for review in sorted(reviews, key=lambda r: (r.day, r.created_at)):
        book.add(review)
    actions: list[Action] = []
    for day, well, improve, todo in RETROS:
        retro = book.add(
            Retro(
                **book.common("retro", day, day, "17:30"),
                week=iso_week_label(d(day)),
                day=d(day),
                went_well=well,
                to_improve=improve,
            )
        )
        for key, text, owner, due, done_day in todo:
            action = Action(
                **book.common("action", key, day, "17:35"),
                day=d(day),
                text=text,
                owner=owner,
                due=d(due) if due else None,
                status="done" if done_day else "open",
                done_day=d(done_day) if done_day else None,
                retro_uid=retro.uid,
            )
            if done_day:
                action.updated_at = stamp(done_day, "18:00")
            actions.append(action)
    for action in actions:
        book.add(action)
    add_kpis(book)
    return book


# The shop's KPIs, read from the backend every day (one of them via `kpi import`):
# name, unit, agg, keep_above, keep_below, why.
KPIS = [
    ("流量", "visits", "sum", None, None, "每日访客数 (backend export)"),
    ("订单", "", "sum", None, None, ""),
    ("退款率", "%", "avg", None, 6.0, "Q4: refunds down to 5%"),
    ("社群人数", "members", "last", None, None, "WeChat community"),
]


def add_kpis(book: Book) -> None:
    """Four KPIs with a reading every day of the month, and 转化率 = 订单/流量."""
    first = d("2026-10-26")
    kpis = {}
    for name, unit, agg, above, below, why in KPIS:
        kpis[name] = book.add(
            Kpi(**book.common("kpi", name, "2026-10-26", "09:00"), name=name, unit=unit,
                agg=agg, keep_above=above, keep_below=below, why=why)  # fmt: skip
        )
    book.add(
        Kpi(**book.common("kpi", "转化率", "2026-10-26", "09:05"), name="转化率", unit="%",
            ratio_num_uid=kpis["订单"].uid, ratio_den_uid=kpis["流量"].uid, keep_above=3.0,
            why="orders per visit")  # fmt: skip
    )
    for n in range(33):  # 2026-10-26 .. 2026-11-27
        day = first + timedelta(days=n)
        promo = d("2026-11-01") <= day <= d("2026-11-11")
        visits = 9000 + (n * 137) % 1500 + (6000 if promo else 0)
        orders = round(visits * (0.041 if promo else 0.031 + (n % 5) * 0.001))
        values = {"流量": visits, "订单": orders, "退款率": round(5.2 + (n % 7) * 0.35, 2),
                  "社群人数": 4100 + n * 10}  # fmt: skip
        for name, value in values.items():
            if name == "退款率" and day.weekday() >= 5:
                continue  # customer service reports refunds on workdays
            iso = day.isoformat()
            book.add(
                Reading(**book.common("reading", f"{name}/{iso}", iso, "23:50"),
                        kpi_uid=kpis[name].uid, day=day, value=float(value))  # fmt: skip
            )


def render() -> str:
    return "".join(line + "\n" for line in build().lines())


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} records)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
