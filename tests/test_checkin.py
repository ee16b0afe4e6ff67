import sqlite3
from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run


def checkins(db_path: Path) -> list[tuple[str, str, str, str, int | None]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            'SELECT day, done, blockers, "plan", mood FROM checkin ORDER BY day'
        ).fetchall()


def test_flags_save_the_day_without_asking(run: Run, db_path: Path) -> None:
    r = run(
        "checkin",
        "--done",
        "发完周报",
        "--blocker",
        "supplier late",
        "--plan",
        "call",
        "--mood",
        "4",
    )
    assert r.exit_code == 0, r.stderr
    assert "check-in 1 saved for 2026-11-27" in r.stderr
    assert checkins(db_path) == [("2026-11-27", "发完周报", "supplier late", "call", 4)]


def test_running_again_amends_only_what_is_given(run: Run, db_path: Path) -> None:
    run("checkin", "--done", "a", "--plan", "b", "--no-input")
    r = run("checkin", "--mood", "2", "--blocker", "x", "--blocker", "y")
    assert "amended" in r.stderr
    assert checkins(db_path) == [("2026-11-27", "a", "x\ny", "b", 2)]


def test_no_flags_and_no_terminal_is_refused(run: Run, db_path: Path) -> None:
    r = run("checkin", "--no-input")
    assert r.exit_code == 2
    assert "nothing to check in" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--mood", "6"),
        ("--mood", "x"),
        ("--goal", "1"),
        ("--goal", "1=nan"),
        ("--date", "yesterdayy"),
    ],
)
def test_bad_flags_exit_2_and_write_nothing(run: Run, db_path: Path, args: tuple[str, str]) -> None:
    r = run("checkin", "--done", "x", *args)
    assert r.exit_code == 2
    assert args[1].split("=")[-1] in r.stderr
    assert not db_path.exists() or checkins(db_path) == []


def test_unknown_goal_writes_nothing_not_even_the_checkin(run: Run, db_path: Path) -> None:
    r = run("checkin", "--done", "x", "--goal", "9=1")
    assert r.exit_code == 1
    assert "no goal with id 9" in r.stderr
    assert checkins(db_path) == []


def test_terminal_flow_asks_in_order_and_saves_once(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    r = run("checkin", input="shipped\nnone\nplan it\n9\n5\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.index("Done today") < r.stderr.index("Blockers") < r.stderr.index("Mood")
    assert "mood must be" in r.stderr or "1–5" in r.stderr  # 9 was refused, then 5 taken
    assert checkins(db_path) == [("2026-11-27", "shipped", "none", "plan it", 5)]


def test_terminal_flow_offers_earlier_answers_as_defaults(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    run("checkin", "--done", "first", "--plan", "p", "--mood", "3")
    r = run("checkin", input="\n\n\n\nn\n\n")
    assert "[first]" in r.stderr
    assert checkins(db_path) == [("2026-11-27", "first", "", "p", 3)]


def test_ctrl_c_at_a_prompt_writes_nothing(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("checkin", input="shipped\nnone\n")  # input ends at the plan question: EOF
    assert r.exit_code == 130
    assert "nothing was saved" in r.stderr
    assert checkins(db_path) == []


def test_prompts_show_earlier_answers_inert(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    run("checkin", "--done", "shipped \x1b[31mRED", "--mood", "3")
    r = run("checkin", input="\n\n\n\nn\n\n")
    assert "\x1b" not in r.stderr
    assert "[shipped ^[[31mRED]" in r.stderr


def test_an_amendment_made_meanwhile_is_not_lost(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another opslog amends the day between this one's read and its write: the fields
    this one was not given keep the other's value (read and write are one transaction)."""
    from opslog.cli import checkin as module

    run("checkin", "--done", "first")
    real_over = module.Given.over

    def over_then_someone_else_writes(self: module.Given, base: module.Answers) -> module.Answers:
        with sqlite3.connect(db_path) as other:
            other.execute("UPDATE checkin SET \"plan\" = 'call supplier'")
        return real_over(self, base)

    monkeypatch.setattr(module.Given, "over", over_then_someone_else_writes)
    assert run("checkin", "--mood", "4").exit_code == 0
    assert checkins(db_path) == [("2026-11-27", "first", "", "call supplier", 4)]


def test_a_dash_clears_an_earlier_answer(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    run("checkin", "--done", "first", "--blocker", "supplier late", "--mood", "3")
    r = run("checkin", input="\n-\n\n-\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert checkins(db_path) == [("2026-11-27", "first", "", "", None)]


# --- the questions (issue 16 item 2) ---------------------------------------------------

GOAL = ("goal", "add", "Cut refunds", "-m", "refund rate", "--baseline", "8", "--target", "5",
        "--due", "2026-12-31")  # fmt: skip


def progress(db_path: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT day, value FROM progress ORDER BY id").fetchall()


def test_a_dash_at_a_goal_question_skips_it(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    run(*GOAL)
    r = run("checkin", input="shipped\n\n\n\n-\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "is not a number" not in r.stderr
    assert (checkins(db_path), progress(db_path)) == ([("2026-11-27", "shipped", "", "", None)], [])


@pytest.mark.parametrize(("said", "risks"), [("2\nn\n", 0), ("2\nyes\nx\n3\n3\n\n\nn\n", 1)])
def test_yes_or_no_asks_again_on_anything_else(run: Run, db_path: Path, stdin_tty: Terminal,
                                               said: str, risks: int) -> None:
    r = run("checkin", input="shipped\n\n\n\n" + said + "\n")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("Any new risk? [y/N]") == 2 + risks
    assert "  answer y or n (Enter: no)\n" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM risk").fetchone() == (risks,)


def test_shi_and_fou_in_chinese(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    answers = "上线\n\n\n\n是\n供应商延迟\n3\n4\n\n\n否\n\n"
    r = run("checkin", input=answers, env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 0, r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT title, probability, impact FROM risk").fetchall() == [
            ("供应商延迟", 3, 4)]  # fmt: skip


def test_another_day_is_named_in_the_questions(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    r = run("checkin", "--date", "thu", input="shipped\n\n\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Done on Thu 11-26: " in r.stderr and "Plan after Thu 11-26: " in r.stderr
    assert "Any customer feedback on Thu 11-26?" in r.stderr
    assert "today" not in r.stderr.replace("Enter", "") and "tomorrow" not in r.stderr
    assert checkins(db_path) == [("2026-11-26", "shipped", "", "", None)]
    zh = run("checkin", "--date", "thu", input="\n\n\n\nn\n\n", env={"OPSLOG_LANG": "zh"})
    assert "周四 11-26 完成 [shipped]: " in zh.stderr


def test_a_less_than_sign_goes_back_to_the_question_before(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    run(*GOAL)
    # done, blockers: <, done again (offered), blockers, plan, mood, goal: <, mood again, goal
    answers = "shipped\n<\nshipped v2\nnone\nplan\n4\n<\n5\n7.5\nn\n\n"
    r = run("checkin", input=answers)
    assert r.exit_code == 0, r.stderr
    assert "Done today [shipped]: " in r.stderr and "Mood 1–5 [4]: " in r.stderr
    assert checkins(db_path) == [("2026-11-27", "shipped v2", "none", "plan", 5)]
    assert progress(db_path) == [("2026-11-27", 7.5)]


def test_back_from_the_first_question_stays_there(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    r = run("checkin", input="<\nshipped\n\n\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("Done today") == 2
    assert checkins(db_path) == [("2026-11-27", "shipped", "", "", None)]


def test_back_inside_a_new_risk_starts_that_risk_again(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    answers = "x\n\n\n\ny\nwrong title\n<\ny\nsupplier late\n4\n4\n\n\nn\n\n"
    assert run("checkin", input=answers).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT title FROM risk").fetchall() == [("supplier late",)]
