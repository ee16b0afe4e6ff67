"""Generate examples/cs-export.csv: seven weeks (2026-10-12 .. 2026-11-27) of tickets
from a small online shop's customer service, as its help-desk exports them — Chinese
headers, GBK like most Chinese spreadsheet exports, CRLF line ends, a timestamp per
ticket, no customer's personal data. Complaints about 物流 (delivery) drop after the
shop switched couriers on Monday 2026-11-02, which `opslog feedback impact` shows.

Deterministic (a fixed seed), so the file only changes when this script does.

    python examples/make_cs_export.py            # rewrite examples/cs-export.csv
    python examples/make_cs_export.py --check    # exit 1 if the file is out of date

    opslog feedback import examples/cs-export.csv --id-column 工单编号
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "cs-export.csv"
ENCODING = "gbk"
START, END = date(2026, 10, 12), date(2026, 11, 27)
SWITCH = date(2026, 11, 2)  # the new courier, from this Monday
HEADER = ["工单编号", "创建时间", "渠道", "问题类型", "客户反馈内容", "情绪", "处理状态"]
TEXTS = {
    "物流": ["配送太慢，等了{n}天才到", "快递一直显示运输中", "物流信息{n}天没更新",
           "送货员没打电话直接放驿站", "催了{n}次还没发货"],
    "尺码": ["尺码偏小，建议拍大一码", "裤长比详情页写的短{n}厘米", "鞋码不准，换货麻烦",
           "尺码表看不懂"],
    "质量": ["洗了一次就起球", "拉链{n}天就坏了", "有线头，做工一般", "颜色和图片差很多"],
    "售后": ["退货申请{n}天没人审核", "退款还没到账", "换货要自己付运费？"],
    "包装": ["外箱压坏了", "包装太简陋，商品有划痕"],
    "客服": ["客服回复很快，态度好", "在线客服排队{n}分钟", "客服说法前后不一致"],
}  # fmt: skip
BEFORE = {"物流": 9, "尺码": 4, "质量": 3, "售后": 2, "包装": 1, "客服": 2}
AFTER = {"物流": 3, "尺码": 5, "质量": 3, "售后": 2, "包装": 1, "客服": 2}
CHANNELS = ["客服热线", "在线客服", "商品评价", "微信群", "邮件"]
PRAISE = {"客服回复很快，态度好"}


def tickets() -> list[list[str]]:
    rng = random.Random(13)
    rows: list[list[str]] = []
    day = START
    while day <= END:
        per_day = rng.randint(2, 4) if day.weekday() < 5 else rng.randint(0, 2)
        weights = BEFORE if day < SWITCH else AFTER
        for _ in range(per_day):
            category = rng.choices(list(weights), list(weights.values()))[0]
            text = rng.choice(TEXTS[category]).format(n=rng.randint(2, 7))
            mood = "正面" if text in PRAISE else rng.choice(["负面", "负面", "负面", "中性"])
            at = datetime(day.year, day.month, day.day, rng.randint(8, 21), rng.randint(0, 59),
                          rng.randint(0, 59))  # fmt: skip
            status = rng.choice(["已解决", "已解决", "处理中", "已关闭"])
            stamp = at.strftime("%Y-%m-%d %H:%M:%S")
            rows.append(["", stamp, rng.choice(CHANNELS), category, text, mood, status])
        day += timedelta(days=1)
    rows.sort(key=lambda r: r[1])
    number = 12510
    for row in rows:
        row[0] = f"GD{number}"
        number += rng.randint(1, 40)
    return rows


def render() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tickets())
    return out.getvalue().encode(ENCODING)


def main(argv: list[str]) -> int:
    data = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"{OUT.name} is out of date: python examples/make_cs_export.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
