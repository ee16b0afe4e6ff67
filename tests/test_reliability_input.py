"""Reliability matrix, 1: bad input to note, checkin and week.

Exit 2, one line on stderr naming the bad value, no traceback, nothing written: no
database file is even created. In-process for the whole matrix, then in real
processes (where a traceback or a second line would show), including the C locale,
under which Python hands undecodable argv bytes over as lone surrogates.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.harness import count, opslog

BAD_DATES = ["2026-02-30", "yesterdayy", "13/13/2026", "1969-12-31", "2101-01-01", "2026-13-01"]

# (args, what the message must name)
NOTE_CASES = [
    *[(("note", "x", "--date", d), d) for d in BAD_DATES],
    (("note", "   "), "empty"),
    (("note", ""), "empty"),
    (("note", "\t\n"), "empty"),
    (("note", "a\x00b"), "NUL"),
    (("note", "x", "--tag", "two words"), "two words"),
    (("note", "x", "--tag", "a\x1bb"), "a\\x1bb"),
]
CHECKIN_CASES = [
    *[(("checkin", "--done", "x", "--date", d), d) for d in BAD_DATES],
    *[(("checkin", "--mood", m), m) for m in ("0", "6", "-1", "1.5", "x", "nan", "4e0", "٣")],
    (("checkin", "--mood", ""), "''"),
    *[
        (("checkin", "--done", "x", "--goal", g), repr(g.partition("=")[2]))
        for g in ("1=nan", "1=NaN", "1=inf", "1=-inf", "1=1e400", "1=1e16", "1=abc", "1=")
    ],
    *[(("checkin", "--done", "x", "--goal", g), g) for g in ("1", "=5", "x=1", "٣=1", "-1=2")],
    (("checkin", "--done", " "), "--done is empty"),
    (("checkin", "--plan", ""), "--plan is empty"),
    (("checkin", "--blocker", "  \t"), "--blocker is empty"),
    (("checkin", "--done", "a\x00b"), "NUL"),
    (("checkin", "--no-input"), "nothing to check in"),
]
WEEK_CASES = [
    (("week", "2026-W60"), "2026-W60"),
    (("week", "2026-W00"), "2026-W00"),
    (("week", "2021-W53"), "2021-W53"),  # 2021 has 52 ISO weeks
    (("week", "1969-W10"), "1969-W10"),
    (("week", "2101-W01"), "2101-W01"),
    (("week", "2026-02-30"), "2026-02-30"),
    (("week", "yesterdayy"), "yesterdayy"),
    (("week", "--", "-99999999999"), "-99999999999"),
    (("week", "--format", "xml"), "xml"),
    (("week", "--format", ""), "''"),
    (("week", "--format", "JSON "), "JSON "),
    (("week", "--team", "--author", "bob"), "--team"),
]


def _assert_refused(r: object, db_path: Path, named: str) -> None:
    exit_code, stderr = r.exit_code, r.stderr  # type: ignore[attr-defined]
    assert exit_code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert named in lines[0], lines[0]
    assert "Traceback" not in stderr
    assert not db_path.exists(), "bad input created the database"


@pytest.mark.parametrize(("args", "named"), NOTE_CASES + CHECKIN_CASES + WEEK_CASES,
                         ids=lambda v: repr(v) if isinstance(v, tuple) else None)
def test_bad_input_exits_2_naming_the_value_and_creates_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], named: str
) -> None:
    r = run(*args)
    _assert_refused(r, db_path, named)


@pytest.mark.parametrize(
    ("data", "named"),
    [(b"ok \xff bad", "byte 3"), (b"\xe5\x8f", "byte 0"), (b"\xc3\xa9\xc3", "byte 2"),
     (b"", "empty"), (b"  \n\n", "empty"), (b"a\x00b", "NUL")],
)
def test_bad_stdin_for_a_note_is_refused_naming_the_byte(
    run: Run, db_path: Path, data: bytes, named: str
) -> None:
    _assert_refused(run("note", input=data), db_path, named)
    _assert_refused(run("note", "-", input=data), db_path, named)


def test_bad_input_to_an_existing_database_adds_no_row(run: Run, db_path: Path) -> None:
    assert run("note", "kept").exit_code == 0
    assert run("checkin", "--done", "kept", "--mood", "3").exit_code == 0
    before = db_path.read_bytes()
    for args, _named in NOTE_CASES + CHECKIN_CASES:
        assert run(*args).exit_code == 2, args
    assert count(db_path, "note") == 1 and count(db_path, "checkin") == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute('SELECT done, mood FROM checkin').fetchall() == [("kept", 3)]
    assert db_path.read_bytes() == before


def test_week_minus_n_names_a_week_not_an_option(run: Run, db_path: Path) -> None:
    r = run("week", "-1", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert '"week": "2026-W47"' in r.stdout


@pytest.mark.slow
def test_a_usage_error_is_one_line_too(db_path: Path) -> None:
    for args in (("note", "x", "--bogus"), ("checkin", "--mood"), ("week", "a", "b")):
        r = opslog(*args)
        assert r.exit_code == 2, r.stderr
        assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr
    assert not db_path.exists()


def test_an_unknown_goal_exits_1_naming_the_id_and_writes_nothing(
    run: Run, db_path: Path
) -> None:
    for goal_id in ("9", "99999999999999999999"):
        r = run("checkin", "--done", "x", "--goal", f"{goal_id}=1")
        assert r.exit_code == 1, r.stderr
        assert r.stderr.strip().splitlines()[-1] == f"opslog: no goal with id {goal_id}"
    assert not db_path.exists() or count(db_path, "checkin") == 0


@pytest.mark.usefixtures("stdin_tty")
def test_a_bad_answer_at_a_prompt_is_asked_again_not_fatal(run: Run, db_path: Path) -> None:
    r = run("checkin", input="a\x00b\nshipped\nnone\nplan\n7\nx\n4\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "NUL" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute('SELECT done, mood FROM checkin').fetchall() == [("shipped", 4)]


# --- in real processes -----------------------------------------------------------------

PROCESS_CASES: list[tuple[tuple[str | bytes, ...], str]] = [
    (("note", "x", "--date", "2026-02-30"), "2026-02-30"),
    (("note", "   "), "empty"),
    (("checkin", "--mood", "9"), "'9'"),
    (("checkin", "--done", "x", "--goal", "1=1e400"), "1e400"),
    (("checkin", "--done", "x", "--goal", "1=nan"), "nan"),
    (("week", "2026-W60"), "2026-W60"),
    (("week", "--format", "yaml"), "yaml"),
]
C_LOCALE = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
C_LOCALE_CASES: list[tuple[tuple[str | bytes, ...], str]] = [
    (("note", b"\xff"), "byte 0"),
    (("note", b"ok \xe5\x8f"), "byte 3"),
    (("note", "x", "--tag", b"\xff"), "byte 0"),
    (("checkin", "--done", b"\xff"), "byte 0"),
    (("checkin", "--mood", b"\xff"), "mood"),
    (("note", "x", "--date", b"\xff"), "bad date"),
    (("week", b"\xff"), "bad week"),
]


def _assert_one_line_exit_2(r: object, db_path: Path, named: str) -> None:
    code, err = r.exit_code, r.stderr  # type: ignore[attr-defined]
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert named in err
    assert not db_path.exists()


@pytest.mark.slow
def test_in_a_real_process_bad_input_is_one_line_and_no_traceback(db_path: Path) -> None:
    for args, named in PROCESS_CASES:
        _assert_one_line_exit_2(opslog(*args), db_path, named)
    r = opslog("note", input=b"ok \xff bad")
    _assert_one_line_exit_2(r, db_path, "byte 3")


@pytest.mark.slow
def test_under_the_c_locale_undecodable_argv_is_refused_in_one_line(db_path: Path) -> None:
    for args, named in C_LOCALE_CASES:
        _assert_one_line_exit_2(opslog(*args, env=C_LOCALE), db_path, named)


@pytest.mark.slow
def test_under_the_c_locale_utf8_text_is_kept_as_typed_and_shown(db_path: Path) -> None:
    r = opslog("note", "café 双11 #发布".encode(), env=C_LOCALE)
    assert r.exit_code == 0, r.stderr
    r = opslog("checkin", "--done", "发完周报 ✓".encode(), "--mood", "4", env=C_LOCALE)
    assert r.exit_code == 0, r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT text, tags FROM note").fetchall() == [
            ("café 双11 #发布", '["发布"]')
        ]
        assert conn.execute("SELECT done FROM checkin").fetchall() == [("发完周报 ✓",)]
    for fmt in ("table", "markdown", "json"):
        r = opslog("week", "--format", fmt, env=C_LOCALE)
        assert r.exit_code == 0 and "Traceback" not in r.stderr, r.stderr
        assert "双11" in r.stdout_bytes.decode("utf-8")


def test_what_slips_past_validation_is_still_refused_by_the_store(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    """The last line of defence in store/db.py: an author from undecodable argv or
    environment (config checks control characters only), an integer past 64 bits."""
    from opslog.errors import BadInput
    from opslog.store.db import Location
    from opslog.store.open import open_database

    r = run("--author", "ann\udcff", "note", "x")
    assert r.exit_code == 2 and "not valid UTF-8" in r.stderr, r.stderr
    assert count(db_path, "note") == 0
    db = open_database(Location(path=tmp_path / "o.db"))
    with pytest.raises(BadInput, match="too large"), db.read() as conn:
        conn.scalar("SELECT :n", {"n": 2**70})
    db.close()
