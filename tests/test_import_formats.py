"""Data from elsewhere (issue 16: 17): minimal records, CSV in the columns of opslog's own
CSV export (the round trip), and jrnl's JSON export as notes. Each in one transaction,
a bad row named FILE:LINE, idempotent on re-import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Run

NOW = "2026-11-27T18:00:00.000000+00:00"  # the tests' pinned clock, as opslog writes it


def _records(run: Run, *args: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in run("export", *args).stdout.splitlines()]


def test_a_minimal_record_gets_a_uid_the_author_and_now(run: Run) -> None:
    line = '{"kind":"note","day":"2026-11-24","text":"ok #客服"}\n'
    r = run("import", "-", input=line)
    assert (r.exit_code, r.stderr.strip()) == (0, "imported 1 of 1 records (note 1)")
    [note] = _records(run)
    assert {k: note[k] for k in ("author", "created_at", "updated_at", "day", "text", "tags")} == {
        "author": "ann", "created_at": NOW, "updated_at": NOW, "day": "2026-11-24",
        "text": "ok #客服", "tags": [],
    }  # fmt: skip
    assert isinstance(note["uid"], str) and len(note["uid"]) == 36
    again = run("import", "-", input=line)  # the uid is made of the fields: the same again
    assert again.stderr.strip() == "imported 0 of 1 records; 1 already here (same uid) skipped"
    assert len(_records(run)) == 1


def test_a_minimal_record_names_the_field_it_still_needs(run: Run) -> None:
    r = run("import", "-", input='{"kind":"note","day":"2026-11-24","text":"a"}\n'
                                 '{"kind":"checkin","done":"x"}\n')  # fmt: skip
    assert (r.exit_code, r.stderr.strip()) == (2, "opslog: line 2: checkin: missing field 'day'")
    assert run("export").stdout == ""


def test_the_csv_export_imports_back(run: Run, tmp_path: Path) -> None:
    run("note", "first =1+2 #客服 #ops", "--date", "2026-11-24")
    run("note", "--", '-3% drop, "quoted", 退款\nsecond line')
    run("checkin", "--done", "shipped", "--blocker", "VPN", "--no-input")
    run("goal", "add", "GMV", "--metric", "gmv", "--target", "120.5", "--baseline", "100",
        "--unit", "k", "--due", "2026-12-31")  # fmt: skip
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    for kind in ("note", "checkin", "goal"):
        csv_file = tmp_path / f"{kind}.csv"
        assert run("export", "-f", "csv", "-k", kind, "--excel", "-o", str(csv_file)).exit_code == 0
        r = run("import", str(csv_file), env=other)  # no --kind: refused
        assert r.exit_code == 2 and f"{kind}.csv is a CSV file: say its kind" in r.stderr
        r = run("import", str(csv_file), "--kind", kind, env=other)
        assert r.exit_code == 0, r.stderr
        count = 2 if kind == "note" else 1
        assert r.stderr.strip() == f"imported {count} of {count} records ({kind} {count})"
        again = run("import", str(csv_file), "--kind", kind, env=other)
        assert "already here (same uid) skipped" in again.stderr
    assert run("export", env=other).stdout == run("export").stdout


def test_a_hand_written_csv_fills_the_rest_and_a_bad_row_is_named(run: Run, tmp_path: Path) -> None:
    daily = tmp_path / "日报.csv"
    daily.write_text("day,done,blockers,mood\n2026-11-23,对账,,3\n2026-11-24,上线,VPN,\n", "utf-8")
    r = run("import", str(daily), "-k", "checkin")
    assert (r.exit_code, r.stderr.strip()) == (0, "imported 2 of 2 records (checkin 2)")
    rows = _records(run, "-k", "checkin")
    assert [(c["day"], c["done"], c["blockers"], c["mood"], c["author"]) for c in rows] == [
        ("2026-11-23", "对账", "", 3, "ann"), ("2026-11-24", "上线", "VPN", None, "ann")
    ]  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text('day,text\n2026-11-24,fine\n2026-11-25,"two\nlines"\n2026-13-01,x\n', "utf-8")
    r = run("import", str(bad), "-k", "note")
    assert (r.exit_code, r.stderr.strip()) == (
        2, "opslog: bad.csv:5: note: bad day '2026-13-01': not a calendar date")  # fmt: skip
    assert run("export", "-k", "note").stdout == ""
    odd = tmp_path / "odd.csv"
    odd.write_text("day,txt\n2026-11-24,x\n", "utf-8")
    r = run("import", str(odd), "-k", "note")
    assert r.exit_code == 2 and "the CSV header: note has no column 'txt'" in r.stderr


def test_a_jrnl_export_comes_in_as_notes(run: Run, tmp_path: Path) -> None:
    export: dict[str, Any] = {"tags": {"@work": 1}, "entries": [
        {"date": "2026-11-20", "time": "09:00", "title": "Met the supplier.",
         "body": "They ship Monday.\n", "tags": ["@work"], "starred": False},
        {"date": "2026-11-21", "time": "10:00", "title": "安静的一天。", "body": "",
         "tags": [], "starred": True},
    ]}  # fmt: skip
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(export, ensure_ascii=False), "utf-8")
    r = run("import", "--from", "jrnl", str(path))
    assert (r.exit_code, r.stderr.strip()) == (0, "imported 2 of 2 records (note 2)")
    notes = _records(run)
    assert [(n["day"], n["text"], n["tags"], n["author"]) for n in notes] == [
        ("2026-11-20", "Met the supplier.\nThey ship Monday.", ["work"], "ann"),
        ("2026-11-21", "安静的一天。", [], "ann"),
    ]
    again = run("import", "--from", "jrnl", str(path))
    assert "imported 0 of 2 records; 2 already here" in again.stderr
    export["entries"].append({"date": "yesterday", "title": "x", "body": "", "tags": []})
    path.write_text(json.dumps(export), "utf-8")
    r = run("import", "--from", "jrnl", str(path))
    told = "opslog: journal.json: entry 3: note: bad day 'yesterday': expected YYYY-MM-DD"
    assert (r.exit_code, r.stderr.strip()) == (2, told)
    assert len(_records(run)) == 2
    r = run("import", "--from", "dayone", str(path))
    assert (r.exit_code, r.stderr.strip()) == (2, "opslog: unknown --from 'dayone': expected jrnl")


def test_the_new_messages_in_chinese(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("day,txt\n", "utf-8")
    r = run("import", str(bad), "-k", "note", env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 2 and "CSV 表头：note 没有 'txt' 这一列" in r.stderr
