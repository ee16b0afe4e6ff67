"""opslog risk: add, update, close, list, show, matrix; every change kept as a review."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run

REVIEW_COLS = (
    "day, old_probability, new_probability, old_impact, new_impact, old_status, new_status, note"
)


def reviews(db_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT {REVIEW_COLS} FROM risk_review ORDER BY id").fetchall()


def risk_row(db_path: Path, risk_id: int = 1) -> tuple[object, ...]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT probability, impact, status, owner, mitigation, review_by FROM risk"
            " WHERE id = ?",
            (risk_id,),
        ).fetchone()


@pytest.fixture
def supplier(run: Run) -> None:
    r = run("risk", "add", "supplier may slip", "-p", "4", "-i", "5", "--owner", "bob")
    assert r.exit_code == 0, r.stderr


def test_add_prints_the_id_and_keeps_an_identified_review(run: Run, db_path: Path) -> None:
    r = run("risk", "add", "供应商延迟", "--probability", "4", "--impact", "5",
            "--mitigation", "second supplier", "--review-by", "+1w")
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert "score 20 (critical)" in r.stderr
    assert risk_row(db_path) == (4, 5, "open", "", "second supplier", "2026-12-04")
    assert reviews(db_path) == [("2026-11-27", None, 4, None, 5, None, "open", "identified")]


@pytest.mark.parametrize("args", [("-p", "6", "-i", "3"), ("-p", "3", "-i", "zero"),
                                  ("-p", "3", "-i", "3", "--review-by", "someday")])
def test_bad_add_exits_2_naming_the_value_and_writes_nothing(
    run: Run, db_path: Path, args: tuple[str, ...]
) -> None:
    r = run("risk", "add", "x", *args)
    assert r.exit_code == 2
    assert repr(args[-1]) in r.stderr or repr(args[1]) in r.stderr
    assert not db_path.exists() or reviews(db_path) == []


def test_update_keeps_old_and_new_values(run: Run, db_path: Path, supplier: None) -> None:
    r = run("risk", "update", "1", "--probability", "2", "--status", "mitigated",
            "--note", "second supplier signed")
    assert r.exit_code == 0, r.stderr
    assert "score 20 → 10" in r.stderr
    assert risk_row(db_path)[:3] == (2, 5, "mitigated")
    assert reviews(db_path)[-1] == ("2026-11-27", 4, 2, 5, 5, "open", "mitigated",
                                    "second supplier signed")


def test_owner_and_review_day_changes_are_named_in_the_review_note(
    run: Run, db_path: Path, supplier: None
) -> None:
    r = run("risk", "update", "1", "--owner", "carol", "--review-by", "2026-12-01")
    assert r.exit_code == 0, r.stderr
    assert risk_row(db_path)[3::2] == ("carol", "2026-12-01")
    assert reviews(db_path)[-1][-1] == "owner bob → carol; review by – → 2026-12-01"


def test_update_without_a_change_asked_exits_2(run: Run, db_path: Path, supplier: None) -> None:
    r = run("risk", "update", "1")
    assert r.exit_code == 2
    assert "nothing to change" in r.stderr
    assert len(reviews(db_path)) == 1


@pytest.mark.parametrize("args", [("--probability", "4", "--impact", "5"), ("--owner", "bob")])
def test_update_to_the_values_it_has_is_a_repeat(run: Run, db_path: Path, supplier: None,
                                                 args: tuple[str, ...]) -> None:
    r = run("risk", "update", "1", *args)
    assert (r.exit_code, r.stderr) == (0, "risk 1 already has those values; nothing changed\n")
    assert len(reviews(db_path)) == 1


def test_update_refuses_an_unknown_status_and_a_missing_risk(run: Run, supplier: None) -> None:
    bad = run("risk", "update", "1", "--status", "gone")
    assert (bad.exit_code, "'gone'" in bad.stderr) == (2, True)
    missing = run("risk", "update", "9", "-p", "1")
    assert (missing.exit_code, "no risk with id 9" in missing.stderr) == (1, True)


def test_close_is_a_review_and_closing_twice_changes_nothing(run: Run, db_path: Path,
                                                             supplier: None) -> None:
    assert run("risk", "close", "1", "--note", "promotion over").exit_code == 0
    assert reviews(db_path)[-1][5:] == ("open", "closed", "promotion over")
    again = run("risk", "close", "1")
    assert (again.exit_code, again.stderr) == (0, "risk 1 is already closed; nothing changed\n")
    assert len(reviews(db_path)) == 2


def test_list_shows_open_risks_by_score_with_level_words(run: Run, supplier: None) -> None:
    run("risk", "add", "competitor promo", "-p", "3", "-i", "3")
    run("risk", "add", "old one", "-p", "5", "-i", "5")
    run("risk", "close", "3")
    out = run("risk", "list").stdout
    assert out.index("supplier may slip") < out.index("competitor promo")
    assert "critical" in out and "medium" in out and "old one" not in out
    assert "old one" in run("risk", "list", "--all").stdout


def test_list_json(run: Run, supplier: None) -> None:
    doc = json.loads(run("risk", "list", "--json").stdout)
    assert [(r["id"], r["score"], r["level"], r["owner"]) for r in doc] == [
        (1, 20, "critical", "bob")
    ]


def test_show_has_the_history_with_score_changes(run: Run, supplier: None) -> None:
    run("risk", "update", "1", "-i", "3", "--note", "backup stock")
    out = run("risk", "show", "1").stdout
    assert "Risk #1" in out and "supplier may slip" in out
    assert "identified" in out and "backup stock" in out
    assert "20 → 12" in out and "critical → high" in out


def test_matrix_counts_open_risks_in_their_cells_readable_without_colour(
    run: Run, supplier: None
) -> None:
    run("risk", "add", "b", "-p", "4", "-i", "5")
    run("risk", "add", "c", "-p", "1", "-i", "2")
    run("risk", "add", "closed", "-p", "3", "-i", "3")
    run("risk", "close", "4")
    lines = run("risk", "matrix").stdout.splitlines()  # piped: plain columns, no boxes
    cells = {
        t[0]: [f"{t[i]} {t[i + 1]}" for i in range(1, 11, 2)]
        for t in (line.split() for line in lines)
        if len(t) == 11 and t[0] in "12345"
    }
    assert cells["4"] == ["L ·", "M ·", "H ·", "H ·", "C 2"]
    assert cells["1"][1] == "L 1" and cells["3"][2] == "M ·"
    assert "3 risks not closed" in lines[0]
    assert any("C critical (≥17)" in line for line in lines)


def test_a_note_alone_is_kept_as_a_review_without_changes(run: Run, db_path: Path,
                                                          supplier: None) -> None:
    assert run("risk", "update", "1", "--note", "called them, no news").exit_code == 0
    assert reviews(db_path)[-1][1:] == (4, 4, 5, 5, "open", "open", "called them, no news")


def test_review_by_none_clears_the_review_day(run: Run, db_path: Path) -> None:
    run("risk", "add", "x", "-p", "1", "-i", "1", "--review-by", "2026-12-01")
    assert run("risk", "update", "1", "--review-by", "none").exit_code == 0
    assert risk_row(db_path)[5] is None
    assert reviews(db_path)[-1][-1] == "review by 2026-12-01 → –"


def test_a_risk_title_is_one_line_everywhere(run: Run, tmp_path: Path) -> None:
    r = run("risk", "add", "two\nlines", "-p", "2", "-i", "2")
    assert r.exit_code == 2 and "one line" in r.stderr
    line = ('{"kind": "risk", "uid": "00000000-0000-4000-8000-000000000001", "id": 1, '
            '"author": "ann", "created_at": "2026-11-27T18:00:00.000000+00:00", '
            '"updated_at": "2026-11-27T18:00:00.000000+00:00", "day": "2026-11-27", '
            '"title": "two\\nlines", "probability": 2, "impact": 2, "owner": "", '
            '"mitigation": "", "status": "open", "review_by": null}\n')
    r = run("import", "-", input=line)
    assert r.exit_code == 2 and "one line" in r.stderr


def test_a_closed_risk_takes_a_note_and_a_second_close_changes_nothing(run: Run) -> None:
    run("risk", "add", "old supplier", "-p", "2", "-i", "2")
    assert run("risk", "close", "1").exit_code == 0
    assert run("risk", "close", "1").stderr == "risk 1 is already closed; nothing changed\n"
    r = run("risk", "update", "1", "--status", "closed", "--note", "supplier gone for good")
    assert r.exit_code == 0, r.stderr
    assert "supplier gone for good" in run("risk", "show", "1").stdout
