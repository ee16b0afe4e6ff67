"""Feedback everywhere else: export (jsonl lossless with its links, CSV formula-safe,
--excel), import, search (Chinese substrings), log, edit, rm (and what deleting an
action does to its links), info, and the period report in every format."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.conftest import Run


def at(day: str) -> dict[str, str]:
    return {"OPSLOG_NOW": f"{day}T12:00:00+00:00"}


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def book(run: Run) -> None:
    """Action 1 done on Mon Nov 2 answers 物流; risk 1 answers 尺码; three feedback."""
    assert run("action", "add", "换快递公司", env=at("2026-10-20")).exit_code == 0
    run("feedback", "add", "配送太慢，等了5天", "--category", "物流", "--channel", "客服热线",
        "--sentiment", "neg", "--date", "2026-10-28")  # fmt: skip
    run("feedback", "add", "=HYPERLINK(\"http://x\")", "--category", "物流", "--date", "2026-11-10")
    run("feedback", "add", "--category", "尺码", "--count", "12", "--channel", "评价")
    run("risk", "add", "尺码表不准", "-p", "3", "-i", "3")
    assert run("action", "done", "1", env=at("2026-11-02")).exit_code == 0
    assert run("feedback", "link", "物流", "--action", "1").exit_code == 0
    assert run("feedback", "link", "尺码", "--risk", "1").exit_code == 0


def test_jsonl_export_is_lossless_with_links(run: Run, book: None, tmp_path: Path) -> None:
    first = run("export").stdout
    lines = [json.loads(line) for line in first.splitlines()]
    feedback = [r for r in lines if r["kind"] == "feedback"]
    links = [r for r in lines if r["kind"] == "feedback_link"]
    assert [(f["category"], f["count"], f["sentiment"]) for f in feedback] == [
        ("物流", 1, "neg"), ("物流", 1, None), ("尺码", 12, None)]  # fmt: skip
    assert list(feedback[0]) == ["kind", "uid", "id", "author", "created_at", "updated_at",
                                 "day", "text", "channel", "category", "count", "sentiment",
                                 "action_uid", "risk_uid"]  # fmt: skip
    action = next(r for r in lines if r["kind"] == "action")
    risk = next(r for r in lines if r["kind"] == "risk")
    assert [(k["category"], k["action_uid"], k["risk_uid"]) for k in links] == [
        ("物流", action["uid"], None), ("尺码", None, risk["uid"])]  # fmt: skip
    # Into an empty logbook and out again: the same lines.
    dump = tmp_path / "all.jsonl"
    dump.write_text(first, encoding="utf-8")
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    r = run("import", str(dump), env=other)
    assert r.exit_code == 0, r.stderr
    assert run("export", env=other).stdout == first
    # and the loop still works there
    doc = json.loads(run("feedback", "impact", "物流", "--json", env=other).stdout)
    assert (doc["action_id"], doc["done_day"]) == (1, "2026-11-02")


def test_csv_export_neutralises_formulas_and_excel_adds_a_bom(run: Run, book: None) -> None:
    out = run("export", "--format", "csv", "--kind", "feedback").stdout
    assert out.splitlines()[0].startswith("uid,id,author,")
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out
    raw = run("export", "--format", "csv", "--kind", "feedback", "--raw").stdout
    assert '"=HYPERLINK(""http://x"")"' in raw
    excel = run("export", "--format", "csv", "--kind", "feedback", "--excel").stdout
    assert excel.startswith("\ufeffuid,")


def test_search_finds_chinese_substrings_of_feedback(run: Run, book: None) -> None:
    r = run("search", "等了", "--json")
    assert r.exit_code == 0, r.stderr
    hits = json.loads(r.stdout)
    assert [(h["kind"], h["id"], h["matched"]) for h in hits] == [("feedback", 1, ["text"])]
    assert run("search", "配送", "--kind", "feedback").exit_code == 0


def test_log_shows_feedback_and_links(run: Run, book: None) -> None:
    out = run("log", "--since", "2026-10-01", "--kind", "feedback").stdout
    assert "物流 ×1 via 客服热线 [neg]: 配送太慢，等了5天" in out
    assert "尺码 ×12 via 评价" in out
    entries = json.loads(run("log", "--kind", "feedback_link", "--json").stdout)
    assert [(e["category"], e.get("action_id")) for e in entries] == [("物流", 1), ("尺码", None)]


def test_edit_and_rm_feedback(run: Run, book: None, db_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "ed.py"
    script.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).write_text("
                      "'配送很慢\\n', encoding='utf-8')\n", encoding="utf-8")  # fmt: skip
    r = run("edit", "feedback", "1", env={"EDITOR": f"{sys.executable} {script}"})
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT text, category FROM feedback WHERE id = 1") == [
        ("配送很慢", "物流")]  # fmt: skip
    r = run("rm", "feedback", "2", "--yes")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT id FROM feedback ORDER BY id") == [(1,), (3,)]


def test_deleting_an_action_deletes_its_links(run: Run, book: None, db_path: Path) -> None:
    r = run("rm", "action", "1", "--yes")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT category, risk_uid IS NOT NULL FROM feedback_link") == [
        ("尺码", 1)]  # fmt: skip
    r = run("rm", "risk", "1", "--yes")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback_link") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(3,)]  # feedback stays


def test_info_counts_feedback(run: Run, book: None) -> None:
    out = run("info").stdout
    counts = dict(line.split()[:2] for line in out.splitlines() if len(line.split()) == 2)
    assert (counts["feedback"], counts["feedback_link"]) == ("3", "2")


def test_the_report_has_the_feedback_and_its_improvements(run: Run, book: None) -> None:
    doc = json.loads(run("report", "2026-11", "--format", "json").stdout)
    fb = doc["feedback"]
    # November: 物流 1 (Nov 10), 尺码 12 (Nov 27) = 13; October: 物流 1 (Oct 28).
    assert (fb["total"], fb["previous"], fb["change"]) == (13, 1, 12)
    assert [(c["category"], c["count"], c["previous"]) for c in fb["categories"]] == [
        ("尺码", 12, 0), ("物流", 1, 1)]  # fmt: skip
    assert fb["new_categories"] == ["尺码"]
    assert fb["channels"] == [{"channel": "评价", "count": 12}, {"channel": None, "count": 1}]
    # Action 1 done Nov 2. Before: Oct 5 – Nov 1; the first feedback ever came on Wed
    # Oct 28, so Oct 26 – Nov 1 straddles it and no window before is complete: null.
    # After, as of today (Nov 27): Nov 2–8 0, Nov 9–15 1, Nov 16–22 0 → 1/3; Nov 23–29
    # is not over.
    assert fb["improvements"] == [
        {"category": "物流", "action_id": 1, "done_day": "2026-11-02",
         "before_weekly_mean": None, "after_weekly_mean": 0.3333, "change": None}]  # fmt: skip
    md = run("report", "2026-11", "--format", "markdown").stdout
    assert "## Customer feedback" in md and "| 尺码 (new) | 12 | 0 | +12 |" in md
    assert "- 物流: #1 换快递公司 (done 2026-11-02): no feedback before → 0.33 a week after" in md
    table = run("report", "2026-11").stdout
    assert "Customer feedback" in table and "Improvements" in table
    assert [line.split() for line in table.splitlines() if line.startswith("Total")] == [
        ["Total", "13", "1", "+12"]]  # fmt: skip


def test_the_html_report_and_week_show_the_feedback_escaped(run: Run, book: None) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    assert run("feedback", "add", "x", "--category", hostile).exit_code == 0
    for args in (("report", "2026-11"), ("week",)):
        page = run(*args, "--format", "html").stdout
        part = page[page.index('<section id="feedback">') :]
        part = part[: part.index("</section>")]
        assert "<h2>Customer feedback</h2>" in part
        assert "&lt;img src=x onerror=alert(1)&gt;" in part and "<img" not in part
        assert '<td class="n" data-label="Count">12</td>' in part
        assert "<h3>Improvements</h3>" in part and "换快递公司" in part


def test_a_report_without_feedback_leaves_the_section_out(run: Run) -> None:
    doc = json.loads(run("report", "2026-11", "--format", "json").stdout)
    assert doc["feedback"] == {"total": 0, "previous": 0, "change": 0, "categories": [],
                               "channels": [], "new_categories": [], "improvements": []}
    for fmt in ("table", "markdown", "html"):
        assert "Customer feedback" not in run("report", "2026-11", "--format", fmt).stdout
