"""A constructed logbook for the report tests, whose numbers are worked out by hand in
tests/test_report.py. Every entry is made through the CLI with the clock set to its day,
so that reviews, done days and creation days are the real ones."""

from __future__ import annotations

from tests.conftest import Run

HOSTILE = "<script>alert(1)</script>"
MARKUP = '<b onmouseover="x()">bold</b> & [red]not red[/]'


def on(day: str) -> dict[str, str]:
    return {"OPSLOG_NOW": f"{day}T10:00:00+00:00"}


def build(run: Run) -> None:
    def ok(*args: str, day: str) -> None:
        r = run(*args, env=on(day))
        assert r.exit_code == 0, (args, r.stdout, r.stderr)

    # Check-ins: Oct 30 outside; ten in November.
    checkins = [
        ("2026-10-30", "2", "x"),
        ("2026-11-02", "4", "CS export late"),
        ("2026-11-03", "2", "none"),
        ("2026-11-04", "3", ""),
        ("2026-11-11", "", "cs  export, late!"),
        ("2026-11-12", "5", "仓库 发货慢; none"),
        ("2026-11-20", "", "仓库发货慢。"),
        ("2026-11-24", "5", ""),
        ("2026-11-25", "4", ""),
        ("2026-11-26", "4", ""),
        ("2026-11-27", "4", ""),
    ]
    for day, mood, blocker in checkins:
        args = ["checkin", "--date", day, "--done", f"work {day}", "--no-input"]
        args += ["--mood", mood] if mood else []
        args += ["--blocker", blocker] if blocker else []
        ok(*args, day=day)

    # Goals 1-3 and one dropped before November (4).
    ok("goal", "add", f"Sales {HOSTILE}", "--metric", "sales", "--baseline", "100",
       "--target", "200", "--start", "2026-10-01", "--due", "2026-12-31", "--unit", "k",
       day="2026-10-01")  # fmt: skip
    ok("goal", "add", "Refunds", "--metric", "rate", "--baseline", "8", "--target", "5",
       "--start", "2026-10-01", "--due", "2026-11-15", day="2026-10-01")  # fmt: skip
    ok("goal", "add", "Members", "--metric", "members", "--baseline", "0", "--target", "10",
       "--start", "2026-11-01", "--due", "2026-11-20", day="2026-11-01")  # fmt: skip
    ok("goal", "add", "Old", "--metric", "m", "--target", "1", "--start", "2026-09-01",
       "--due", "2026-12-01", day="2026-09-01")  # fmt: skip
    ok("goal", "drop", "4", day="2026-10-15")
    for goal, day, value in [
        ("1", "2026-10-20", "120"),
        ("1", "2026-11-06", "140"),
        ("1", "2026-11-20", "150"),
        ("2", "2026-11-10", "6"),
        ("3", "2026-11-18", "10"),
    ]:
        ok("goal", "checkin", goal, value, "--date", day, day=day)

    # Risks: 1 escalated, 2 opened and closed, 3 closed before November, 4 opened.
    ok("risk", "add", "Supplier", "-p", "2", "-i", "2", day="2026-10-10")
    ok("risk", "add", "Courier", "-p", "3", "-i", "3", day="2026-11-03")
    ok("risk", "add", "Old risk", "-p", "5", "-i", "5", day="2026-10-01")
    ok("risk", "close", "3", day="2026-10-20")
    ok("risk", "update", "1", "-p", "4", "-i", "4", day="2026-11-05")
    ok("risk", "close", "2", day="2026-11-10")
    ok("risk", "add", MARKUP, "-p", "1", "-i", "5", "--owner", "王芳", day="2026-11-12")
    ok("risk", "update", "4", "-i", "4", day="2026-11-26")

    # Actions: 1 done on time, 2 done late, 3 done without a due date, 4 overdue at the
    # end, 5 open and not due, 6 done in October.
    ok("action", "add", "Call supplier", "--due", "2026-11-05", day="2026-10-20")
    ok("action", "add", "Fix export", "--due", "2026-11-10", day="2026-11-02")
    ok("action", "add", "Tidy wiki", day="2026-11-03")
    ok("action", "add", HOSTILE, "--due", "2026-11-20", day="2026-11-09")
    ok("action", "add", "Plan 双12", "--due", "2026-12-05", day="2026-11-16")
    ok("action", "add", "Old action", "--due", "2026-10-10", day="2026-10-01")
    ok("action", "done", "1", day="2026-11-04")
    ok("action", "done", "2", day="2026-11-12")
    ok("action", "done", "3", day="2026-11-06")
    ok("action", "done", "6", day="2026-10-11")

    # Retros: W44 and W49 fall outside November (their Thursdays do).
    ok("retro", "add", "--week", "2026-W44", "--well", "w44", "--improve", "Stock data late",
       day="2026-10-30")  # fmt: skip
    ok("retro", "add", "--week", "2026-W45", "--well", "fast launch", "--improve",
       "Stock data late", day="2026-11-06")  # fmt: skip
    ok("retro", "add", "--week", "2026-W47", "--well", HOSTILE, "--improve",
       "stock-data  LATE", day="2026-11-20")  # fmt: skip

    # Notes: three in November, one in October.
    ok("note", "a #x", "--date", "2026-11-02", day="2026-11-02")
    ok("note", "b #x #y", "--date", "2026-11-03", day="2026-11-03")
    ok("note", f"{MARKUP} #y #x", "--date", "2026-11-05", day="2026-11-05")
    ok("note", "d #x", "--date", "2026-10-31", day="2026-10-31")

    # Feedback: 物流 3 in October, 2 + 1 in November; 尺码 12 and one hostile category new
    # in November; action 2 (done Thu Nov 12) addresses 物流.
    for day, category, count in [("2026-10-20", "物流", "3"), ("2026-11-03", "物流", "2"),
                                 ("2026-11-16", "物流", "1"), ("2026-11-25", "尺码", "12"),
                                 ("2026-11-26", HOSTILE, "1")]:  # fmt: skip
        ok("feedback", "add", "--date", day, "--category", category, "--count", count,
           "--channel", "客服热线", day=day)  # fmt: skip
    ok("feedback", "link", "物流", "--action", "2", day="2026-11-12")
