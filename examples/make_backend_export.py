"""Generate examples/shop-backend.csv: 90 days of a shop backend's daily report as a
Chinese back office exports it (GBK, Chinese headers, 2026/9/1-style dates, ￥ and
thousands separators, a percentage column, '-' where a figure is missing).

    python examples/make_backend_export.py            # rewrite the file
    python examples/make_backend_export.py --check    # exit 1 if it is out of date

Deterministic (no randomness): the figures follow a weekly rhythm, the 双11 peak and a
slow start of December. Import it with:

    opslog kpi import examples/shop-backend.csv --date-column 日期 \\
        --map 访客数=流量 --map 支付订单数=订单 --map 支付金额=GMV --create
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("shop-backend.csv")
HEADER = ["日期", "访客数", "浏览量", "支付订单数", "支付金额", "支付转化率", "退款率", "客单价"]
FIRST = date(2026, 8, 30)
DAYS = 90  # 2026-08-30 .. 2026-11-27


def rows() -> list[list[str]]:
    out = []
    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        weekend = day.weekday() >= 5
        peak = date(2026, 11, 1) <= day <= date(2026, 11, 11)
        visitors = 8200 + (n * 173) % 1900 + (1800 if weekend else 0) + (7000 if peak else 0)
        rate = 0.029 + (n % 6) * 0.0015 + (0.012 if peak else 0.0)
        orders = round(visitors * rate)
        basket = 248 + (n * 37) % 60
        gmv = orders * basket
        refunds = 4.6 + (n % 9) * 0.3 - (0.8 if peak else 0)
        missing = n % 29 == 17  # the backend shows '-' for a day it has not settled yet
        out.append([
            f"{day.year}/{day.month}/{day.day}",
            f"{visitors:,}",
            f"{visitors * 3 + n % 11:,}",
            "-" if missing else str(orders),
            "-" if missing else f"￥{gmv:,}",
            "-" if missing else f"{orders / visitors * 100:.2f}%",
            f"{refunds:.1f}%",
            f"{basket:.2f}",
        ])  # fmt: skip
    return out


def render() -> bytes:
    lines = [",".join(HEADER)]
    for row in rows():
        lines.append(",".join(f'"{c}"' if "," in c else c for c in row))
    return ("\r\n".join(lines) + "\r\n").encode("gbk")  # Excel on Windows: GBK, CRLF


def main(argv: list[str]) -> int:
    data = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"{OUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({DAYS} days)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
