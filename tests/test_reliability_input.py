"""Reliability matrix, 1: bad input to every command.

Each refusal: exit 2, one line on stderr naming the bad value, no traceback, and not a
row written: to note, checkin and week no database file is even created; against a
database holding one record of every kind, every table is compared before and after,
and the file byte for byte. An id that names nothing: exit 1, naming the id, even past
64 bits. In-process for the whole matrix, then in real processes (where a traceback or
a second line would show), including the C locale, under which Python hands
undecodable argv bytes over as lone surrogates; and on the team database, which must
refuse the same values before they reach PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.harness import child_env, cli, copy_of, count, dump, opslog, rows

BAD_DATES = ["2026-02-30", "yesterdayy", "13/13/2026", "1969-12-31", "2101-01-01", "2026-13-01"]
C_LOCALE = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def _assert_refused(r: object, named: str, code: int = 2) -> None:
    exit_code, stderr = r.exit_code, r.stderr  # type: ignore[attr-defined]
    assert exit_code == code, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert named in lines[0], lines[0]


def _assert_refused_creating_nothing(r: object, db_path: Path, named: str) -> None:
    _assert_refused(r, named)
    assert not db_path.exists(), "bad input created the database"


# --- note, checkin and week -----------------------------------------------------------

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


@pytest.mark.parametrize(
    ("args", "named"),
    NOTE_CASES + CHECKIN_CASES + WEEK_CASES,
    ids=lambda v: repr(v) if isinstance(v, tuple) else None,
)
def test_bad_input_exits_2_naming_the_value_and_creates_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], named: str
) -> None:
    r = run(*args)
    _assert_refused_creating_nothing(r, db_path, named)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"ok \xff bad", "byte 3"),
        (b"\xe5\x8f", "byte 0"),
        (b"\xc3\xa9\xc3", "byte 2"),
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"a\x00b", "NUL"),
    ],
)
def test_bad_stdin_for_a_note_is_refused_naming_the_byte(
    run: Run, db_path: Path, data: bytes, named: str
) -> None:
    _assert_refused_creating_nothing(run("note", input=data), db_path, named)
    _assert_refused_creating_nothing(run("note", "-", input=data), db_path, named)


def test_bad_input_to_an_existing_database_adds_no_row(run: Run, db_path: Path) -> None:
    assert run("note", "kept").exit_code == 0
    assert run("checkin", "--done", "kept", "--mood", "3").exit_code == 0
    before = db_path.read_bytes()
    for args, _named in NOTE_CASES + CHECKIN_CASES:
        assert run(*args).exit_code == 2, args
    assert count(db_path, "note") == 1 and count(db_path, "checkin") == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT done, mood FROM checkin").fetchall() == [("kept", 3)]
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--db", "~nosuchuser17/x.db", "week"),
            "opslog: bad database path '~nosuchuser17/x.db': no user 'nosuchuser17'",
        ),
        (("week", "-99999"), "opslog: bad week '-99999': outside the years 1970..2100"),
        (("week", "+99999"), "opslog: bad week '+99999': outside the years 1970..2100"),
    ],
)
def test_odd_arguments_are_one_line_not_a_traceback(
    args: tuple[str, ...], message: str, db_path: Path
) -> None:
    r = opslog(*args)
    assert "Traceback" not in r.stderr
    assert r.exit_code == 2
    assert r.stderr.strip() == message


@pytest.mark.usefixtures("stdin_tty")
def test_a_bad_answer_at_a_prompt_is_asked_again_not_fatal(run: Run, db_path: Path) -> None:
    r = run("checkin", input="a\x00b\nshipped\nnone\nplan\n7\nx\n4\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "NUL" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT done, mood FROM checkin").fetchall() == [("shipped", 4)]


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


# --- goal, risk, retro, action and the rest -------------------------------------------


BAD_NUMBERS = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "1e16",
    "-1e16",
    "abc",
    "",
    "5%",
    "1,000",
    "٣",
    "0x10",
]
BAD_SCALES = ["0", "6", "-1", "3.0", "x", "nan", "1e400", "", "٣", "99999999999999999999"]
BAD_WEEKS = ["2026-W60", "2026-W00", "2021-W53", "1969-W10", "2101-W01", "yesterdayy", "2026-02-30"]
GOAL = ("goal", "add", "G", "--metric", "m", "--target", "10", "--due", "+5w")

# (args, what the one line must name)
GOAL_CASES = [
    *[((*GOAL[:-1], d), d) for d in BAD_DATES],
    *[((*GOAL, "--start", d), d) for d in BAD_DATES],
    *[
        (("goal", "add", "G", "--metric", "m", "--target", n, "--due", "+5w"), repr(n))
        for n in BAD_NUMBERS
    ],
    ((*GOAL, "--baseline", "1e16"), "'1e16'"),
    ((*GOAL, "--baseline", "10"), "target 10 equals baseline 10"),
    (("goal", "add", "G", "--metric", "m", "--target", "10", "--due", "2026-11-20"), "2026-11-20"),
    (("goal", "add", " ", "--metric", "m", "--target", "10", "--due", "+5w"), "title is empty"),
    (("goal", "add", "a\x00b", "--metric", "m", "--target", "10", "--due", "+5w"), "NUL"),
    (("goal", "add", "x" * 201, "--metric", "m", "--target", "10", "--due", "+5w"), "too long"),
    (("goal", "add", "G", "--metric", "\t", "--target", "10", "--due", "+5w"), "--metric is empty"),
    ((*GOAL, "--unit", "a\tb"), "'a\\tb' must be one line"),
    ((*GOAL, "--unit", "u" * 41), "--unit is too long"),
    ((*GOAL, "--owner", "a\x00b"), "NUL"),
    ((*GOAL, "--why", "a\x00b"), "--why contains a NUL"),
    *[(("goal", "checkin", "1", n), repr(n)) for n in [*BAD_NUMBERS, "-nan", "-Infinity"]],
    *[
        (("goal", "checkin", "1", "5", "--confidence", c), repr(c))
        for c in ("0", "11", "x", "5.5", "nan", "", "٣")
    ],
    *[(("goal", "checkin", "1", "5", "--date", d), d) for d in BAD_DATES],
    (("goal", "checkin", "1", "5", "--note", "a\x00b"), "--note contains a NUL"),
    *[(("goal", verb, "1", "--date", d), d) for verb in ("done", "drop") for d in BAD_DATES[:3]],
    (("goal", "edit", "1"), "nothing to change"),
    (("goal", "edit", "1", "--target", "nan"), "'nan'"),
    (("goal", "edit", "1", "--target", "0"), "target 0 equals baseline 0"),
    (("goal", "edit", "1", "--due", "2026-02-30"), "2026-02-30"),
    (("goal", "edit", "1", "--due", "2026-11-01"), "due 2026-11-01 is not after start"),
    (("goal", "edit", "1", "--title", "  "), "--title is empty"),
    (("goal", "edit", "1", "--owner", "a\x00b"), "NUL"),
]
RISK = ("risk", "add", "R", "-p", "3", "-i", "4")
RISK_CASES = [
    *[(("risk", "add", "R", "-p", s, "-i", "3"), f"probability: {s!r}") for s in BAD_SCALES],
    *[(("risk", "add", "R", "-p", "3", "-i", s), f"impact: {s!r}") for s in BAD_SCALES],
    (("risk", "add", " ", "-p", "3", "-i", "3"), "risk title is empty"),
    (("risk", "add", "a\x00b", "-p", "3", "-i", "3"), "NUL"),
    *[((*RISK, "--review-by", d), d) for d in BAD_DATES],
    ((*RISK, "--owner", "a\tb"), "must be one line"),
    ((*RISK, "--mitigation", "a\x00b"), "mitigation contains a NUL"),
    *[(("risk", "update", "1", "-p", s), repr(s)) for s in ("0", "9", "x", "nan")],
    (("risk", "update", "1", "-i", "1e400"), "'1e400'"),
    (("risk", "update", "1", "--status", "bogus"), "'bogus'"),
    (("risk", "update", "1"), "nothing to change"),
    (("risk", "update", "1", "--review-by", "yesterdayy"), "yesterdayy"),
    (("risk", "update", "1", "--note", "a\x00b"), "note contains a NUL"),
    (("risk", "close", "1", "--note", "a\x00b"), "note contains a NUL"),
]
RETRO_CASES = [
    *[(("retro", "add", "--week", w, "--well", "x"), w) for w in BAD_WEEKS],
    (("retro", "add", "--well", " "), "--well is empty"),
    (("retro", "add", "--well", ""), "--well is empty"),
    (("retro", "add", "--improve", "\n"), "--improve is empty"),
    (("retro", "add", "--well", "a\x00b"), "NUL"),
    (("retro", "add", "--action", "@bob"), "no text besides its markers"),
    (("retro", "add", "--action", "x @a @b"), "2 owners"),
    (("retro", "add", "--action", "x due:a due:b"), "2 due: markers"),
    *[(("retro", "add", "--action", f"x due:{d}"), d) for d in BAD_DATES if " " not in d],
    (("retro", "add", "--no-input"), "nothing to add"),
    *[(("retro", "show", w), w) for w in BAD_WEEKS],
]
ACTION_CASES = [
    (("action", "add", " "), "action is empty"),
    (("action", "add", "a\x00b"), "NUL"),
    *[(("action", "add", "x", "--due", d), d) for d in BAD_DATES],
    (("action", "add", "x due:13/13/2026"), "13/13/2026"),
    (("action", "add", "x", "--owner", "a\x00b"), "NUL"),
    (("action", "add", "x @ann", "--owner", "bob"), "two owners"),
    (("action", "add", "x due:2026-12-01", "--due", "2026-12-02"), "two due days"),
]
READ_CASES = [
    *[(("log", "--since", d), d) for d in BAD_DATES],
    *[(("log", "--until", d), d) for d in BAD_DATES[:3]],
    (("log", "--since", "2026-11-27", "--until", "2026-11-01"), "--since 2026-11-27 is after"),
    (("log", "--kind", "bogus"), "'bogus'"),
    (("log", "--tag", "two words"), "'two words'"),
    (("log", "--tag", "release", "--kind", "goal"), "--tag finds notes"),
    (("search", " "), "the search is empty"),
    (("search", "a\x00b"), "NUL"),
    (("search", "x", "--kind", "bogus"), "'bogus'"),
    *[(("export", "--format", f), repr(f)) for f in ("xml", "", "JSON ", "yaml")],
    (("export", "--kind", "bogus"), "'bogus'"),
    *[(("export", "--since", d), d) for d in BAD_DATES[:3]],
    (("export", "--format", "csv"), "--format csv needs one --kind"),
    (("export", "--raw"), "--raw goes with --format csv only"),
    (("export", "--excel"), "--excel goes with --format csv only"),
    (("export", "--force"), "--force goes with --output FILE only"),
    (("edit", "bogus", "1"), "'bogus'"),
    (("rm", "bogus", "1", "--yes"), "'bogus'"),
    (("rm", "note", "1"), "not deleting note 1 without --yes"),
    (("backup", "-"), "backup writes a file"),
]
CASES = GOAL_CASES + RISK_CASES + RETRO_CASES + ACTION_CASES + READ_CASES


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One record of every kind; action 1 is done, goal 1 and risk 1 are open."""
    db = tmp_path_factory.mktemp("template") / "opslog.db"
    for args in (
        ("note", "kept #release"),
        ("checkin", "--done", "kept", "--mood", "3"),
        GOAL,
        ("goal", "checkin", "1", "4", "--confidence", "6"),
        RISK,
        ("risk", "update", "1", "--note", "watched"),
        ("retro", "add", "--well", "w", "--improve", "i", "--action", "follow up @bob due:fri"),
        ("action", "done", "1"),
        ("action", "add", "another"),
    ):
        cli(db, *args)
    return db


@pytest.fixture
def seeded(template: Path, db_path: Path) -> Path:
    return copy_of(template, db_path)


@pytest.mark.parametrize(
    ("args", "named"), CASES, ids=lambda v: repr(v)[:80] if isinstance(v, tuple) else None
)
def test_bad_input_exits_2_naming_the_value_and_writes_nothing(
    run: Run, seeded: Path, args: tuple[str, ...], named: str
) -> None:
    before, raw = dump(seeded), seeded.read_bytes()
    _assert_refused(run(*args), named)
    assert dump(seeded) == before
    assert seeded.read_bytes() == raw


def test_a_target_the_views_cannot_tell_from_the_baseline_is_refused(run: Run) -> None:
    for baseline, target in (("0", "1e-320"), ("0.5", "0.5000000000000001"), ("2", "2.001")):
        r = run("goal", "add", "Tiny", "--metric", "m", "--baseline", baseline,
                "--target", target, "--due", "+5w")  # fmt: skip
        assert r.exit_code == 2, (baseline, target, r.stderr)
        assert f"target {float(target)!r} cannot be told from baseline" in r.stderr
    assert run("goal", "add", "Ok", "--metric", "m", "--baseline", "2", "--target", "2.01",
               "--due", "+5w").exit_code == 0  # fmt: skip
    r = run("goal", "edit", "1", "--target", "2.004")
    assert r.exit_code == 2 and "cannot be told from baseline" in r.stderr


# --- import: the whole input or nothing ----------------------------------------------


def _lines(template: Path) -> list[dict[str, object]]:
    out = cli(template, "export").stdout
    return [json.loads(line) for line in out.splitlines()]


def _with(
    records: list[dict[str, object]], which: str, /, **changes: object
) -> tuple[list[dict[str, object]], int]:
    """The records with a new uid each (so they would all be imported), and the first of
    kind `which` changed; ids dropped (the database gives them). And its line number."""
    import uuid

    out: list[dict[str, object]] = []
    uids: dict[object, str] = {}
    for r in records:
        uids[r["uid"]] = str(uuid.uuid4())
    changed = 0
    for r in records:
        new = {k: v for k, v in r.items() if k != "id"}
        new["uid"] = uids[r["uid"]]
        new["author"] = "bob"  # no clash with ann's check-in and retro
        for ref in ("goal_uid", "risk_uid", "retro_uid"):
            if new.get(ref) in uids:
                new[ref] = uids[new[ref]]
        out.append(new)
        if new["kind"] == which and not changed:
            new.update(changes)
            changed = len(out)
    return out, changed


IMPORT_CHANGES = [
    ("note", {"text": "a\x00b"}, "text contains a NUL byte"),
    ("note", {"text": "  \n"}, "text is empty"),
    ("note", {"text": "\ud800"}, "lone surrogate"),
    ("note", {"day": "2026-02-30"}, "'2026-02-30'"),
    ("note", {"day": "2101-01-01"}, "'2101-01-01'"),
    ("note", {"day": "yesterday"}, "'yesterday'"),
    ("note", {"tags": ["two words"]}, "'two words'"),
    ("checkin", {"mood": 0}, "mood: 0"),
    ("checkin", {"mood": 6}, "mood: 6"),
    ("checkin", {"mood": 3.5}, "mood: 3.5"),
    ("goal", {"target": 1e16}, "'1e+16' is out of range"),
    ("goal", {"target": "120"}, "'120' is not a number"),
    ("goal", {"target": 0.0}, "target 0 equals baseline 0"),
    ("goal", {"due": "2026-11-01"}, "due 2026-11-01 is not after start"),
    ("goal", {"status": "paused"}, "'paused'"),
    ("goal", {"unit": "u" * 41}, "unit is too long"),
    ("progress", {"value": -1e16}, "'-1e+16'"),
    ("progress", {"confidence": 11}, "confidence: 11"),
    ("risk", {"probability": 6}, "probability: 6"),
    ("risk", {"impact": 0}, "impact: 0"),
    ("risk", {"status": "gone"}, "'gone'"),
    ("risk_review", {"new_probability": 9}, "new_probability: 9"),
    ("retro", {"week": "2026-W60"}, "'2026-W60'"),
    ("retro", {"went_well": ["ok", " "]}, "went_well item 2 is empty"),
    ("action", {"status": "later"}, "'later'"),
    ("action", {"due": "13/13/2026"}, "'13/13/2026'"),
    ("note", {"colour": "red"}, "unknown field 'colour'"),
    ("note", {"kind": "memo"}, "unknown kind 'memo'"),
    ("note", {"id": 2**31}, "2147483648"),
    ("note", {"author": "a\x00b"}, "author contains a NUL"),
]


@pytest.mark.parametrize(("kind", "changes", "named"), IMPORT_CHANGES,
                         ids=[f"{k}-{n}" for k, _c, n in IMPORT_CHANGES])  # fmt: skip
def test_a_bad_record_anywhere_in_an_import_imports_nothing(
    run: Run, seeded: Path, template: Path, kind: str, changes: dict, named: str
) -> None:
    records, where = _with(_lines(template), kind, **changes)
    text = "".join(json.dumps(r) + "\n" for r in records)  # \ud800 escaped, as JSON may
    before = dump(seeded)
    for source in ("-", "file"):
        if source == "file":
            path = seeded.parent / "in.jsonl"
            path.write_text(text, encoding="utf-8")
            r = run("import", str(path))
        else:
            r = run("import", "-", input=text.encode("utf-8"))
        _assert_refused(r, f"line {where}: ")
        assert named in r.stderr, r.stderr
        assert dump(seeded) == before


GOOD_LINE = '{"kind": "note", "uid": "0f000000-0000-4000-8000-000000000001", "author": "bob", ' \
    '"created_at": "2026-11-27T18:00:00+00:00", "updated_at": "2026-11-27T18:00:00+00:00", ' \
    '"day": "2026-11-27", "text": "fine"}\n'  # fmt: skip
IMPORT_BYTES = [
    (
        GOOD_LINE.encode() + b'{"kind": "note", "text": "\xff"}\n',
        "line 2: not valid UTF-8 (byte 26)",
    ),
    (b"\xef\xbb\xbf\xff\n", "line 1: not valid UTF-8 (byte 3)"),
    (GOOD_LINE.encode() + b"\xe5\x8f\n", "line 2: not valid UTF-8 (byte 0)"),
    (GOOD_LINE.encode() + b"[" * 100_000 + b"\n", "line 2: bad JSON: nested too deeply"),
    (b"[" * 100_000 + b"\n", "bad JSON document: nested too deeply"),
    (GOOD_LINE.replace('"fine"', "NaN").encode(), "line 1: bad JSON: NaN is not allowed"),
    (GOOD_LINE.replace('"fine"', "-Infinity").encode(), "line 1: bad JSON: -Infinity"),
    (GOOD_LINE.replace('"fine"}', '"x", "mood": 1e400}').encode(), "the number 1e400 is out of"),
    (
        GOOD_LINE.replace('"fine"}', '"x", "mood": ' + "9" * 5000 + "}").encode(),
        "line 1: bad JSON: a whole number with thousands of digits",
    ),
    (GOOD_LINE.encode() + b"not json\n", "line 2: bad JSON"),
    (GOOD_LINE.encode() + b"[1, 2]\n", "line 2: expected a JSON object"),
    (b'{"schema": "opslog.export/9", "records": []}\n', "unsupported export schema"),
    (GOOD_LINE.encode() + b"\x00\n", "line 2: bad JSON"),
]


@pytest.mark.parametrize(("data", "named"), IMPORT_BYTES, ids=[n for _d, n in IMPORT_BYTES])
def test_bad_bytes_on_stdin_import_nothing_and_are_named(
    run: Run, seeded: Path, data: bytes, named: str
) -> None:
    before = dump(seeded)
    r = run("import", "-", input=data)
    _assert_refused(r, named)
    assert dump(seeded) == before


# --- ids that name nothing -----------------------------------------------------------

UNKNOWN_IDS = [
    *[(("goal", verb, i), "goal", i) for verb in ("show", "done", "drop") for i in ("9", "2" * 20)],
    *[(("goal", "checkin", i, "5"), "goal", i) for i in ("9", "2" * 20)],
    *[(("goal", "edit", i, "--title", "x"), "goal", i) for i in ("9", "2" * 20)],
    *[(("risk", verb, i), "risk", i) for verb in ("show", "close") for i in ("9", "2" * 20)],
    *[(("risk", "update", i, "-p", "2"), "risk", i) for i in ("9", "2" * 20)],
    *[(("action", "done", i), "action", i) for i in ("9", "2" * 20)],
    *[
        (("edit", k, i), k.replace("_", " "), i)
        for k in ("note", "risk_review")
        for i in ("9", "2" * 20)
    ],
    *[(("rm", k, i, "--yes"), k, i) for k in ("goal", "retro") for i in ("9", "2" * 20)],
    (("retro", "show", "2026-W10"), "retro for 2026-W10", ""),
]


def test_an_unknown_goal_exits_1_naming_the_id_and_writes_nothing(run: Run, db_path: Path) -> None:
    for goal_id in ("9", "99999999999999999999"):
        r = run("checkin", "--done", "x", "--goal", f"{goal_id}=1")
        assert r.exit_code == 1, r.stderr
        assert r.stderr.strip().splitlines()[-1] == f"opslog: no goal with id {goal_id}"
    assert not db_path.exists() or count(db_path, "checkin") == 0


@pytest.mark.parametrize(
    ("args", "kind", "record_id"),
    UNKNOWN_IDS,
    ids=lambda v: repr(v)[:60] if isinstance(v, tuple) else None,
)
def test_an_unknown_id_exits_1_naming_it_and_writes_nothing(
    run: Run, seeded: Path, args: tuple[str, ...], kind: str, record_id: str
) -> None:
    before = dump(seeded)
    r = run(*args)
    _assert_refused(r, f"no {kind} with id {record_id}" if record_id else f"no {kind}", code=1)
    assert dump(seeded) == before


def test_a_negative_value_is_a_value_and_a_note_may_read_like_one(run: Run, seeded: Path) -> None:
    """`goal checkin 1 -inf` is refused naming -inf (not read as the options -i, -n f);
    `-5` is a value; `--note -inf` is a note."""
    r = run("goal", "checkin", "1", "-5", "--note", "-inf", "-c", "3")
    assert r.exit_code == 0, r.stderr
    assert rows(seeded, "SELECT value, note, confidence FROM progress ORDER BY id DESC")[0] == (
        -5.0,
        "-inf",
        3,
    )


def test_what_an_editor_saves_is_checked_like_a_flag(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    """Bytes that are not UTF-8, a NUL, a form with a field missing or doubled: exit 2
    naming it, nothing saved, and the text kept in a file named in the message."""
    script = tmp_path / "ed.py"
    before = dump(seeded)
    for kind, data, named in [
        ("note", b"ok \xff", "not valid UTF-8 (byte 3)"),
        ("note", b"a\x00b", "NUL byte at character 1"),
        ("goal", b"title: a\nb\nmetric: m\nwhy:", "goal title must be one line"),
        ("goal", b"title:\nmetric: m\nwhy:", "goal title is empty"),
        ("goal", b"title: " + b"t" * 201 + b"\nmetric: m\nwhy:", "goal title is too long"),
        ("risk", b"title: a\tb\nmitigation:", "must be one line"),
        ("checkin", b"done: x\ndone: y\nblockers:\nplan:", "'done:' twice"),
        ("risk", b"mitigation: x", "no 'title:' line"),
        ("retro", b"went well:\n- a\x00\nto improve:\n", "NUL byte"),
    ]:
        script.write_text(f"import sys; open(sys.argv[1], 'wb').write({data!r})")
        r = run("edit", kind, "1", env={"EDITOR": f"{sys.executable} {script}"})
        _assert_refused(r, named)
        kept = r.stderr.split("kept in ")[-1].strip()
        assert Path(kept).read_bytes() == data, kind
        Path(kept).unlink()
        assert dump(seeded) == before, kind


# --- in real processes -----------------------------------------------------------------

DAILY_PROCESS_CASES: list[tuple[tuple[str | bytes, ...], str]] = [
    (("note", "x", "--date", "2026-02-30"), "2026-02-30"),
    (("note", "   "), "empty"),
    (("checkin", "--mood", "9"), "'9'"),
    (("checkin", "--done", "x", "--goal", "1=1e400"), "1e400"),
    (("checkin", "--done", "x", "--goal", "1=nan"), "nan"),
    (("week", "2026-W60"), "2026-W60"),
    (("week", "--format", "yaml"), "yaml"),
]

DAILY_C_LOCALE_CASES: list[tuple[tuple[str | bytes, ...], str]] = [
    (("note", b"\xff"), "byte 0"),
    (("note", b"ok \xe5\x8f"), "byte 3"),
    (("note", "x", "--tag", b"\xff"), "byte 0"),
    (("checkin", "--done", b"\xff"), "byte 0"),
    (("checkin", "--mood", b"\xff"), "mood"),
    (("note", "x", "--date", b"\xff"), "bad date"),
    (("week", b"\xff"), "bad week"),
]


@pytest.mark.slow
def test_in_a_real_process_bad_input_is_one_line_and_no_traceback(db_path: Path) -> None:
    for args, named in DAILY_PROCESS_CASES:
        _assert_refused_creating_nothing(opslog(*args), db_path, named)
    r = opslog("note", input=b"ok \xff bad")
    _assert_refused_creating_nothing(r, db_path, "byte 3")


@pytest.mark.slow
def test_under_the_c_locale_undecodable_argv_is_refused_in_one_line(db_path: Path) -> None:
    for args, named in DAILY_C_LOCALE_CASES:
        _assert_refused_creating_nothing(opslog(*args, env=C_LOCALE), db_path, named)


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


PROCESS_CASES: list[tuple[tuple[str | bytes, ...], int, str]] = [
    (("goal", "add", "G", "--metric", "m", "--target", "1e400", "--due", "+5w"), 2, "'1e400'"),
    (("goal", "checkin", "1", "nan"), 2, "'nan'"),
    (("goal", "show", "abc"), 2, "'abc' is not a valid int"),
    (("goal", "show", "99999999999999999999"), 1, "no goal with id 99999999999999999999"),
    (("risk", "add", "R", "-p", "6", "-i", "3"), 2, "'6'"),
    (("risk", "update", "1", "--status", "gone"), 2, "'gone'"),
    (("retro", "add", "--week", "2026-W60", "--well", "x"), 2, "2026-W60"),
    (("action", "add", "x", "--due", "2026-02-30"), 2, "2026-02-30"),
    (("log", "--since", "13/13/2026"), 2, "13/13/2026"),
    (("export", "--format", "xml"), 2, "'xml'"),
    (("search", "x", "--kind", "memo"), 2, "'memo'"),
    (("edit", "note", "9"), 1, "no note with id 9"),
    (("rm", "note", "1"), 2, "without --yes"),
    (("info", "--bogus"), 2, "--bogus"),
    (("backup",), 2, "FILE"),
]

C_LOCALE_CASES: list[tuple[tuple[str | bytes, ...], str]] = [
    (("goal", "add", b"\xff", "--metric", "m", "--target", "1", "--due", "+5w"), "byte 0"),
    (("risk", "add", b"ok \xff", "-p", "1", "-i", "1"), "byte 3"),
    (("retro", "add", "--well", b"\xe5\x8f"), "byte 0"),
    (("action", "add", b"\xff"), "byte 0"),
    (("search", b"\xff"), "byte 0"),
    (("goal", "checkin", "1", b"\xff"), "is not a number"),
]


@pytest.mark.slow
def test_in_a_real_process_each_refusal_is_one_line(seeded: Path) -> None:
    before = dump(seeded)
    for args, code, named in PROCESS_CASES:
        r = opslog(*args)
        _assert_refused(r, named, code)
    r = opslog("import", "-", input=GOOD_LINE.encode() + b"\xff\n")
    _assert_refused(r, "line 2: not valid UTF-8 (byte 0)")
    for args, named in C_LOCALE_CASES:
        _assert_refused(opslog(*args, env=C_LOCALE), named)
    r = opslog("import", "-", input=b"\xff\n", env=C_LOCALE)
    _assert_refused(r, "line 1: not valid UTF-8 (byte 0)")
    assert dump(seeded) == before


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["jsonl", "csv"])
def test_a_200_mb_line_on_stdin_is_refused_using_little_memory(db_path: Path, shape: str) -> None:
    """The line cap in a real process: 200 MB on one line through a pipe is refused
    once 16 MiB of it were read; the rest is never read (nor spooled to disk), and the
    process never holds hundreds of MB."""
    import threading

    args = ["import", "-"] + (["--kind", "note"] if shape == "csv" else [])
    head = b"day,text\n2026-01-01," if shape == "csv" else b'{"kind": "note", "text": "'
    # Linux counts the image a child was forked from in its peak RSS (a test run's
    # pytest holds hundreds of MB): opslog is started by a small launcher instead,
    # which prints its child's exit code and peak RSS (KiB).
    launcher = (
        "import os, subprocess, sys\n"
        "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "_pid, status, usage = os.wait4(child.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", launcher, sys.executable, "-m", "opslog", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=child_env(),
    )  # fmt: skip
    assert proc.stdin is not None and proc.stderr is not None and proc.stdout is not None
    sent = [0]

    def feed() -> None:
        chunk = b"x" * (1 << 20)
        try:
            proc.stdin.write(head)  # type: ignore[union-attr]
            for _ in range(200):
                proc.stdin.write(chunk)  # type: ignore[union-attr]
                sent[0] += len(chunk)
            proc.stdin.write(b'"}\n')  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()  # type: ignore[union-attr]

    feeder = threading.Thread(target=feed)
    feeder.start()
    out = proc.stdout.read()  # to the launcher's exit (stderr is a line: no deadlock)
    err = proc.stderr.read().decode()
    proc.wait(60)
    feeder.join(60)
    proc.stdout.close()
    proc.stderr.close()
    code, peak_kib = (int(word) for word in out.split())
    assert code == 2, err
    expected = (
        "opslog: stdin:2: a line longer than 16 MiB, which no CSV row of opslog's is"
        if shape == "csv"
        else "opslog: line 1: longer than 16 MiB, which no opslog record is"
        " (a JSON document on one line? export it as jsonl)"
    )
    assert err.splitlines() == [expected]
    assert peak_kib < 150 * 1024, f"{peak_kib // 1024} MB"
    assert sent[0] < 64 << 20, f"{sent[0] >> 20} MiB read"  # the rest never read
    assert not db_path.exists()  # a failed import into a new logbook leaves nothing


# --- the team database -----------------------------------------------------------------

PG_CASES: list[tuple[tuple[str, ...], int, str]] = [
    (("goal", "add", "G", "--metric", "m", "--target", "nan", "--due", "+5w"), 2, "'nan'"),
    (("goal", "checkin", "1", "1e16"), 2, "'1e16'"),
    (
        ("goal", "add", "G", "--metric", "m", "--target", "1", "--due", "+5w", "--unit", "u" * 41),
        2,
        "--unit is too long",
    ),
    (("risk", "add", "R", "-p", "1", "-i", "1", "--owner", "o" * 201), 2, "owner is too long"),
    (("action", "add", "a\x00b"), 2, "NUL"),
    (("goal", "show", str(2**31)), 1, f"no goal with id {2**31}"),
    (("risk", "close", str(2**63 - 1)), 1, f"no risk with id {2**63 - 1}"),
    (("rm", "note", "2" * 20, "--yes"), 1, f"no note with id {'2' * 20}"),
]


def test_the_team_database_refuses_the_same_values_before_they_reach_it(
    run: Run, pg_url: str
) -> None:
    """PostgreSQL would store NaN, refuse NUL and long text with a driver error, and
    overflow on large ids: the app refuses them first, in the same words."""
    for args in (GOAL, ("goal", "checkin", "1", "4"), RISK, ("note", "kept")):
        assert run("--db", pg_url, *args).exit_code == 0
    before = run("--db", pg_url, "export").stdout
    for args, code, named in PG_CASES:
        _assert_refused(run("--db", pg_url, *args), named, code)
    bad = GOOD_LINE.replace('"fine"}', '"x", "mood": 1e400}').encode()
    _assert_refused(run("--db", pg_url, "import", "-", input=bad), "1e400")
    _assert_refused(run("--db", pg_url, "import", "-", input=GOOD_LINE.encode() + b"\xff\n"),
                    "line 2: not valid UTF-8")  # fmt: skip
    assert run("--db", pg_url, "export").stdout == before
