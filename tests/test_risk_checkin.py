"""The check-in's "Any new risk?" questions and its "review due" reminder."""

from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run
from tests.fixtures.harness import table

DAY = "done\nno blockers\nplan\n4\n"  # done, blockers, plan, mood


def test_a_new_risk_is_saved_with_the_checkin(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("checkin", input=DAY + "y\n供应商延迟\n4\n5\nbob\nsecond supplier\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Any new risk?" in r.stderr and "new risk #1" in r.stderr
    saved = table(db_path, "SELECT title, probability, impact, owner, mitigation, day FROM risk")
    assert saved == [("供应商延迟", 4, 5, "bob", "second supplier", "2026-11-27")]
    assert table(db_path, "SELECT note, new_status FROM risk_review") == [("identified", "open")]


def test_owner_and_mitigation_may_be_left_empty(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    r = run("checkin", input=DAY + "y\npromo war\n3\n3\n\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert table(db_path, "SELECT title, owner, mitigation FROM risk") == [("promo war", "", "")]


def test_a_bad_probability_is_asked_again(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("checkin", input=DAY + "y\npromo\n7\n3\n2\n\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "'7'" in r.stderr
    assert table(db_path, "SELECT probability, impact FROM risk") == [(3, 2)]


@pytest.mark.parametrize("cut", ["y\n", "y\npromo\n", "y\npromo\n4\n5\nbob\n"])
def test_eof_in_the_risk_questions_writes_nothing(run: Run, db_path: Path, stdin_tty: Terminal,
                                                  cut: str) -> None:
    r = run("checkin", input=DAY + cut)
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert table(db_path, "SELECT id FROM checkin UNION ALL SELECT id FROM risk") == []


def test_risks_due_for_review_are_named_at_the_end(run: Run) -> None:
    run("risk", "add", "supplier", "-p", "4", "-i", "5", "--review-by", "2026-11-26")
    run("risk", "add", "later", "-p", "2", "-i", "2", "--review-by", "2026-12-01")
    run("risk", "add", "closed", "-p", "2", "-i", "2", "--review-by", "2026-11-20")
    run("risk", "close", "3")
    r = run("checkin", "--done", "x")
    assert "review due: risk #1 supplier (by 2026-11-26)" in r.stderr
    assert "later" not in r.stderr and "closed" not in r.stderr
