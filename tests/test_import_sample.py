"""examples/sample.jsonl: a realistic month that imports cleanly, once, and shows up in
the weekly report; the file is what examples/make_sample.py generates."""

import json
import runpy
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run

EXAMPLES = Path(__file__).parent.parent / "examples"
SAMPLE = EXAMPLES / "sample.jsonl"


def test_the_sample_is_what_the_generator_makes() -> None:
    make = runpy.run_path(str(EXAMPLES / "make_sample.py"))
    assert make["render"]() == SAMPLE.read_text("utf-8")
    check = subprocess.run(
        [sys.executable, str(EXAMPLES / "make_sample.py"), "--check"],
        capture_output=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


def test_the_sample_covers_a_month_of_every_kind() -> None:
    records = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert kinds == {
        "note",
        "checkin",
        "goal",
        "progress",
        "risk",
        "risk_review",
        "retro",
        "action",
        "kpi",
        "reading",
    }
    days = sorted(r["day"] for r in records if "day" in r)
    assert (days[0], days[-1]) == ("2026-10-26", "2026-11-27")
    assert {r["author"] for r in records} == {"lin"}
    tags = {t for r in records if r["kind"] == "note" for t in r["tags"]}
    assert {"双11", "supplier", "refunds", "community"} <= tags
    actions = [r for r in records if r["kind"] == "action"]
    assert {a["status"] for a in actions} == {"open", "done"}


def test_import_the_sample_twice_then_read_lins_week(run: Run) -> None:
    first = run("import", str(EXAMPLES / "sample.jsonl"))
    assert first.exit_code == 0, first.stderr
    assert "imported 229 of 229" in first.stderr
    again = run("import", str(EXAMPLES / "sample.jsonl"))
    assert again.exit_code == 0 and "imported 0 of 229" in again.stderr

    week = json.loads(run("week", "2026-W47", "--author", "lin", "--format", "json").stdout)
    assert week["authors"] == ["lin"]
    assert [g["title"] for g in week["goals"]] == [
        "Raise weekly sales 20% this quarter",
        "Cut the refund rate from 8% to 5%",
        "Grow community members 3000 → 5000",
    ]
    assert {g["status"] for g in week["goals"]} <= {"on_track", "at_risk", "behind"}
    assert len(week["risks"]) == 3 and any(r["new"] for r in week["risks"])
    assert week["retro"]["to_improve"][0] == "Refund analysis still not finished"
    open_actions = [a for a in week["actions"] if a["status"] == "open"]
    assert any(a["overdue"] for a in open_actions)
    assert {a["from_week"] for a in week["actions"]} >= {"2026-W46", "2026-W47"}
    assert sum(1 for d in week["days"] if d["checkin"]) == 4
