"""opslog export: the jsonl contract, json, csv, markdown, and -o FILE safety."""

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from opslog.domain.kinds import KINDS
from opslog.store.convert import columns
from tests.conftest import Run

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"


@pytest.fixture
def sample(run: Run) -> Run:
    r = run("import", str(SAMPLE))
    assert r.exit_code == 0, r.stderr
    return run


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_keys_are_kind_uid_id_then_columns_in_dataclass_order(sample: Run) -> None:
    records = lines(sample("export").stdout)
    # The sample month has no customer feedback (tests/test_feedback_kinds.py checks its keys).
    for kind in [k for k in KINDS if k not in ("feedback", "feedback_link")]:
        first = next(r for r in records if r["kind"] == kind)
        rest = [c for c in columns(kind) if c not in ("id", "uid")]
        assert list(first) == ["kind", "uid", "id", *rest]


def test_jsonl_orders_kinds_parents_first_and_ids_within_a_kind(sample: Run) -> None:
    records = lines(sample("export").stdout)
    kinds = [r["kind"] for r in records]
    present = [k for k in KINDS if k not in ("feedback", "feedback_link")]  # none in the sample
    assert list(dict.fromkeys(kinds)) == present
    assert kinds.index("goal") < kinds.index("progress")
    assert kinds.index("risk") < kinds.index("risk_review")
    assert kinds.index("retro") < kinds.index("action")
    for kind in KINDS:
        ids = [r["id"] for r in records if r["kind"] == kind]
        assert ids == sorted(ids)


def test_jsonl_is_utf8_as_typed_with_lists_as_arrays(run: Run) -> None:
    run("note", "双11 备货 #供应商 \u202eevil")
    (note,) = lines(run("export").stdout)
    assert note["tags"] == ["供应商"]
    assert note["day"] == "2026-11-27"
    out = run("export").stdout
    assert "双11 备货" in out  # not \u escaped
    assert "\u202e" not in out and "\\u202e" in out  # bidi override escaped, same string
    assert note["text"] == "双11 备货 #供应商 \u202eevil"


def test_since_until_filter_by_day_and_goals_by_start(sample: Run) -> None:
    every = lines(sample("export", "--since", "2026-11-16", "--until", "2026-11-20").stdout)
    records = [r for r in every if r["kind"] != "kpi"]  # no day: every KPI is kept
    assert len([r for r in every if r["kind"] == "kpi"]) == 5
    refs = {r.get("goal_uid") or r.get("risk_uid") or r.get("retro_uid") for r in records}
    parents = [r for r in records if r["kind"] in ("goal", "risk", "retro")]
    days = {r["day"] for r in records if r not in parents}
    assert days and all("2026-11-16" <= d <= "2026-11-20" for d in days)
    # Goals start on 2026-10-01: here only as the parents of the window's progress.
    assert parents and all(
        r["uid"] in refs or "2026-11-16" <= r["day"] <= "2026-11-20"
        for r in parents
        if r["kind"] != "goal"
    )
    assert {r["uid"] for r in parents if r["kind"] == "goal"} <= refs
    goals = lines(sample("export", "--kind", "goal", "--until", "2026-10-01").stdout)
    assert len(goals) == 3


def test_json_is_one_document_with_the_same_records(sample: Run) -> None:
    doc = json.loads(sample("export", "--format", "json").stdout)
    assert doc["schema"] == "opslog.export/1"
    assert doc["records"] == lines(sample("export").stdout)


def test_json_of_nothing_is_still_a_document(run: Run) -> None:
    assert json.loads(run("export", "-f", "json").stdout)["records"] == []


def test_csv_needs_exactly_one_kind(run: Run) -> None:
    r = run("export", "--format", "csv")
    assert r.exit_code == 2 and "--kind" in r.stderr
    assert run("export", "-f", "csv", "-k", "nope").exit_code == 2


def test_csv_neutralises_formula_cells_unless_raw(run: Run) -> None:
    for text in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", 'plain, with "quotes"'):
        assert run("note", "--", text).exit_code == 0
    out = run("export", "-f", "csv", "-k", "note").stdout
    assert out.startswith("uid,id,author,")
    texts = [row["text"] for row in csv.DictReader(io.StringIO(out))]
    assert texts == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", 'plain, with "quotes"']
    raw = run("export", "-f", "csv", "-k", "note", "--raw").stdout
    assert next(csv.DictReader(io.StringIO(raw)))["text"] == '=HYPERLINK("http://x")'


def test_csv_rows_end_in_crlf_and_quote_what_needs_it() -> None:
    from opslog.render.records_csv import csv_chunks

    text = "".join(csv_chunks(["id", "text"], [{"id": 1, "text": 'a "b",\nc'}]))
    assert text == 'id,text\r\n1,"a ""b"",\nc"\r\n'
    numbers = "".join(csv_chunks(["value", "note"], [{"value": -5.0, "note": "-5"}]))
    assert numbers.splitlines()[1] == "-5.0,'-5"  # a number is no formula; text is


def test_csv_leaves_numbers_alone_and_joins_lists(sample: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(sample("export", "-f", "csv", "-k", "retro").stdout)))
    assert rows[0]["went_well"].split("\n")[0] == "Goals agreed and written down on day one"
    sample("note", "x #a #b")
    notes = list(csv.DictReader(io.StringIO(sample("export", "-f", "csv", "-k", "note").stdout)))
    assert notes[-1]["tags"] == "a b"


def test_csv_excel_adds_a_bom_and_only_with_csv(run: Run) -> None:
    run("note", "中文")
    assert run("export", "-f", "csv", "-k", "note", "--excel").stdout.startswith("\ufeffuid,")
    assert not run("export", "-f", "csv", "-k", "note").stdout.startswith("\ufeff")
    assert run("export", "--excel").exit_code == 2


def test_markdown_is_the_log_by_day_with_text_escaped(run: Run) -> None:
    run("note", "# not a heading <b>x</b> #tag", "--date", "2026-11-26")
    run("checkin", "--done", "shipped *it*", "--blocker", "supplier", "--no-input")
    out = run("export", "-f", "markdown").stdout
    assert out.index("## 2026-11-26") < out.index("## 2026-11-27")
    assert "\\# not a heading \\<b\\>x\\</b\\>" in out
    assert "- Done: shipped \\*it\\*" in out and "- Blockers: supplier" in out


def test_markdown_of_the_sample_names_goals_of_checkins(sample: Run) -> None:
    out = sample("export", "-f", "markdown", "--since", "2026-11-20", "--until", "2026-11-20")
    text = out.stdout
    assert text.count("\n## ") == 1 and "## 2026-11-20" in text
    assert "Cut the refund rate from 8% to 5%: 7, confidence 5/10" in text
    assert "- Week 2026-W47" in text


def test_output_file_is_new_0600_and_not_overwritten_without_force(
    run: Run, tmp_path: Path
) -> None:
    run("note", "hello")
    out = tmp_path / "export.jsonl"
    r = run("export", "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert json.loads(out.read_text("utf-8"))["text"] == "hello"
    out.write_text("keep me")
    r = run("export", "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.stderr
    assert out.read_text() == "keep me"
    assert run("export", "-o", str(out), "--force").exit_code == 0
    assert "hello" in out.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_output_never_follows_a_symlink(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.write_text("precious")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    for extra in ([], ["--force"]):
        r = run("export", "-o", str(link), *extra)
        assert r.exit_code == 2 and "symbolic link" in r.stderr
    assert target.read_text() == "precious" and link.is_symlink()


def test_output_dash_is_stdout(run: Run) -> None:
    run("note", "hello")
    assert json.loads(run("export", "-o", "-").stdout)["text"] == "hello"


def test_a_non_finite_number_is_refused_not_written(run: Run, db_path: Path) -> None:
    run("note", "x")
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO goal (uid, author, created_at, updated_at, title, metric, unit,"
            " baseline, target, start, due, owner, status, why) VALUES ('u', 'ann', 't', 't',"
            " 'g', 'm', '', 0, 9e999, '2026-01-01', '2026-12-31', '', 'active', '')"
        )
    r = run("export", "-o", str(db_path.parent / "out.jsonl"))
    assert r.exit_code == 1 and "not finite" in r.stderr
    assert not (db_path.parent / "out.jsonl").exists()


def test_unknown_format_and_reversed_range_are_bad_usage(run: Run) -> None:
    assert run("export", "-f", "xml").exit_code == 2
    r = run("export", "--since", "2026-11-27", "--until", "2026-11-01")
    assert r.exit_code == 2 and "after" in r.stderr


def test_output_refuses_a_device_or_pipe_even_with_force(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = run("export", "-o", str(fifo), "--force")
    assert r.exit_code == 2 and "not a regular file" in r.stderr
    assert fifo.exists() and not fifo.is_file()


def test_a_dated_export_keeps_the_parents_it_refers_to(run: Run, tmp_path: Path) -> None:
    """Progress, reviews and actions of the window come with their goal, risk and retro,
    however old, so the file imports on its own."""
    assert run("import", str(SAMPLE)).exit_code == 0
    part = run("export", "--since", "2026-11-20").stdout
    kinds = {json.loads(line)["kind"] for line in part.splitlines()}
    assert {"goal", "progress", "risk", "risk_review"} <= kinds
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    r = run("import", "-", input=part, env=other)
    assert r.exit_code == 0, r.stderr
