"""opslog import: one transaction, line-numbered refusals, idempotent by uid, ids kept
where free, teammates' records merged, and the exact round trip."""

import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from opslog.store.crud import insert
from opslog.store.db import Location
from opslog.store.open import open_database
from tests.conftest import Run
from tests.fixtures.harness import count

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]


def first(kind: str) -> dict:
    return dict(next(r for r in RECORDS if r["kind"] == kind))


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_every_kind_round_trips_byte_for_byte(run: Run, tmp_path: Path) -> None:
    assert run("import", str(SAMPLE)).exit_code == 0
    assert run("export").stdout == SAMPLE.read_text("utf-8")
    # ...and again through a second empty database, with ids kept as exported.
    first_export = tmp_path / "a.jsonl"
    run("export", "-o", str(first_export))
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    assert run("import", str(first_export), env=other).exit_code == 0
    assert run("export", env=other).stdout == first_export.read_text("utf-8")


def test_optional_fields_and_odd_values_round_trip(run: Run, db_path: Path, tmp_path: Path) -> None:
    from opslog.domain.records import Action, Goal, Progress

    run("note", "first")
    db = open_database(Location(path=db_path))
    now = "2026-11-27T18:00:00.000000+00:00"
    common: dict[str, Any] = {"author": "ann", "created_at": now, "updated_at": now}
    from datetime import date

    with db.write() as conn:
        goal = Goal(
            id=0,
            uid="0f000000-0000-4000-8000-000000000001",
            **common,
            title="t",
            metric="m",
            target=-0.1,
            baseline=1e-7,
            due=date(2026, 12, 31),
            start=date(2026, 1, 1),
            unit="",
            done_day=None,
        )
        insert(conn, goal)
        insert(
            conn,
            Progress(
                id=0,
                uid="0f000000-0000-4000-8000-000000000002",
                **common,
                goal_uid=goal.uid,
                day=date(2026, 11, 27),
                value=123456789.125,
                confidence=None,
                note="  spaces kept  \r\n\u2028x",
            ),
        )
        insert(
            conn,
            Action(
                id=0,
                uid="0f000000-0000-4000-8000-000000000003",
                **common,
                day=date(2026, 11, 27),
                text="no retro",
                due=None,
                retro_uid=None,
            ),
        )
    db.close()
    before = run("export").stdout
    target = tmp_path / "e.jsonl"
    target.write_text(before, "utf-8")
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    assert run("import", str(target), env=other).exit_code == 0
    assert run("export", env=other).stdout == before


def test_importing_twice_adds_nothing(run: Run, db_path: Path) -> None:
    run("import", str(SAMPLE))
    r = run("import", str(SAMPLE))
    assert r.exit_code == 0
    assert "imported 0 of 229 records" in r.stderr and "229 already here" in r.stderr
    assert count(db_path, "note") == sum(1 for r in RECORDS if r["kind"] == "note")


def test_a_teammates_records_keep_their_author_and_get_new_ids_where_taken(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    theirs = {"OPSLOG_DB": str(tmp_path / "bo.db"), "OPSLOG_AUTHOR": "bo"}
    run("note", "bo's note #supplier", env=theirs)
    export = tmp_path / "bo.jsonl"
    run("export", "-o", str(export), env=theirs)
    run("note", "ann's note")  # takes id 1 here
    r = run("import", str(export))
    assert r.exit_code == 0 and "1 got new ids" in r.stderr
    notes = [json.loads(line) for line in run("export", "-k", "note").stdout.splitlines()]
    assert [(n["id"], n["author"], n["text"]) for n in notes] == [
        (1, "ann", "ann's note"),
        (2, "bo", "bo's note #supplier"),
    ]
    week = json.loads(run("week", "--author", "bo", "--format", "json").stdout)
    assert week["days"][4]["notes"][0]["text"] == "bo's note #supplier"


def test_a_colliding_checkin_is_skipped_and_reported(run: Run, tmp_path: Path) -> None:
    run("checkin", "--done", "here", "--no-input")
    other = {"OPSLOG_DB": str(tmp_path / "laptop.db")}
    run("checkin", "--done", "on the laptop", "--no-input", env=other)
    export = tmp_path / "laptop.jsonl"
    run("export", "-o", str(export), env=other)
    r = run("import", str(export))
    assert r.exit_code == 0
    assert "1 skipped" in r.stderr and "check-in of ann for 2026-11-27" in r.stderr
    (checkin,) = [json.loads(x) for x in run("export", "-k", "checkin").stdout.splitlines()]
    assert checkin["done"] == "here"


def test_actions_of_a_colliding_retro_join_the_retro_already_here(run: Run) -> None:
    retro = first("retro") | {"uid": "0f000000-0000-4000-8000-0000000000a1", "id": 1}
    mine = first("retro")
    action = first("action") | {
        "uid": "0f000000-0000-4000-8000-0000000000a2",
        "retro_uid": retro["uid"],
    }
    assert run("import", "-", input=jsonl(mine)).exit_code == 0
    r = run("import", "-", input=jsonl(retro, action))
    assert r.exit_code == 0 and "retro of lin for 2026-W44" in r.stderr
    actions = [json.loads(x) for x in run("export", "-k", "action").stdout.splitlines()]
    assert [a["retro_uid"] for a in actions] == [mine["uid"]]


def test_references_may_point_into_the_database(run: Run, tmp_path: Path) -> None:
    run("import", "-", input=jsonl(*(r for r in RECORDS if r["kind"] == "goal")))
    progress = [r for r in RECORDS if r["kind"] == "progress"]
    r = run("import", "-", input=jsonl(*progress))
    assert r.exit_code == 0 and f"imported {len(progress)} of" in r.stderr


def bad(kind_: str, **changes: object) -> dict:
    record = first(kind_)
    for key, value in changes.items():
        if value is KeyError:
            del record[key]
        else:
            record[key] = value
    return record


GOOD = first("note")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"kind": "note", "uid": ', "line 2: bad JSON"),
        (jsonl(bad("note", kind="memo")), "line 2: unknown kind 'memo'"),
        (jsonl(bad("note", text=KeyError)), "line 2: note: missing field 'text'"),
        (jsonl(bad("note", text=None)), "line 2: note: text is null"),
        (jsonl(bad("note", score=3)), "line 2: note: unknown field 'score'"),
        (jsonl(bad("checkin", mood="4")), "line 2: checkin: mood: '4' is not on the scale 1..5"),
        (jsonl(bad("note", day="2026-02-30")), "line 2: note: bad day '2026-02-30'"),
        (jsonl(bad("note", day="27/11/2026")), "expected YYYY-MM-DD"),
        (jsonl(bad("note", uid="x")), "line 2: note: uid 'x' is not a uid"),
        (jsonl(bad("note", text="a\u0000b")), "line 2: note: text contains a NUL byte"),
        (jsonl(bad("note", text="   ")), "line 2: note: text is empty"),
        (jsonl(bad("note", created_at="yesterday")), "bad created_at 'yesterday'"),
        (jsonl(bad("risk", probability=7)), "line 2: risk: probability: 7 is not on the scale"),
        (jsonl(bad("risk", status="gone")), "bad status 'gone'"),
        (jsonl(bad("goal", target=100.0)), "line 2: goal: target 100"),
        (jsonl(bad("goal", due="2026-01-01")), "due 2026-01-01 is not after start"),
        (jsonl(bad("goal", target="120")), "target: '120' is not a number"),
        (jsonl(bad("goal", target=1e300)), "line 2: goal: target: '1e+300'"),
        (jsonl(bad("progress", confidence=11)), "confidence: 11 is not a whole number 1..10"),
        (jsonl(bad("retro", went_well="all")), "went_well: expected a list of strings"),
        (jsonl(bad("retro", week="2026-W54")), "bad week '2026-W54'"),
        (
            jsonl(bad("action", retro_uid="0f000000-0000-4000-8000-00000000dead")),
            "line 2: action: retro_uid '0f000000-0000-4000-8000-00000000dead' is no retro",
        ),
        ("[1, 2]\n", "line 2: expected a JSON object"),
    ],
)
def test_the_first_bad_line_imports_nothing_and_is_named(
    run: Run, db_path: Path, line: str, message: str
) -> None:
    r = run("import", "-", input=jsonl(GOOD) + line)
    assert r.exit_code == 2, r.stderr
    assert message in r.stderr
    assert count(db_path, "note") == 0


def test_nan_and_bad_utf8_and_lone_surrogates_are_refused(run: Run, db_path: Path) -> None:
    progress = jsonl(first("progress")).replace('"value": 101.0', '"value": NaN')
    goal = jsonl(first("goal"))
    r = run("import", "-", input=goal + progress)
    assert r.exit_code == 2 and "line 2: bad JSON: NaN is not allowed" in r.stderr
    r = run("import", "-", input=jsonl(GOOD).encode() + b'{"kind": "note", "text": "\xff"}\n')
    assert r.exit_code == 2 and "line 2: not valid UTF-8 (byte 26)" in r.stderr
    r = run("import", "-", input=jsonl(GOOD) + jsonl(GOOD).replace("Q4", "\\udc80"))
    assert r.exit_code == 2 and "line 2: note: text" in r.stderr
    assert count(db_path, "note") == count(db_path, "goal") == 0


def test_progress_before_its_goal_is_refused(run: Run) -> None:
    r = run("import", "-", input=jsonl(first("progress"), first("goal")))
    assert r.exit_code == 2 and "line 1: progress: goal_uid" in r.stderr


def test_json_documents_are_read_in_every_layout(run: Run, db_path: Path) -> None:
    doc = json.loads(run("export", "-f", "json").stdout) | {"records": RECORDS[:3]}
    for text in (
        '{"schema": "opslog.export/1", "records": [\n'
        + ",\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS[:3])
        + "\n]}\n",
        json.dumps(doc, indent=2),
        json.dumps(doc),
    ):
        r = run("import", "-", input=text)
        assert r.exit_code == 0, r.stderr
    assert count(db_path, "note") == 3


def test_a_json_document_error_names_the_line(run: Run) -> None:
    lines_ = [json.dumps(r, ensure_ascii=False) for r in RECORDS[:3]]
    lines_[1] = lines_[1].replace('"day": "2026-10-27"', '"day": "2026-10-32"')
    text = '{"schema": "opslog.export/1", "records": [\n' + ",\n".join(lines_) + "\n]}\n"
    r = run("import", "-", input=text)
    assert r.exit_code == 2 and "line 3: note: bad day '2026-10-32'" in r.stderr


def test_another_schema_is_refused(run: Run) -> None:
    r = run("import", "-", input='{"schema": "opslog.export/2", "records": []}')
    assert r.exit_code == 2 and "unsupported export schema 'opslog.export/2'" in r.stderr


def test_a_missing_file_is_a_clear_failure(run: Run, tmp_path: Path) -> None:
    r = run("import", str(tmp_path / "nope.jsonl"))
    assert r.exit_code == 1 and "cannot read" in r.stderr and "No such file" in r.stderr


def test_an_empty_input_imports_nothing_quietly(run: Run) -> None:
    r = run("import", "-", input="")
    assert r.exit_code == 0 and "imported 0 of 0 records" in r.stderr


def test_the_summary_goes_to_stderr_only(run: Run) -> None:
    r = run("import", str(SAMPLE))
    assert r.stdout == "" and "imported 229 of 229 records (note 32, checkin 24" in r.stderr


def test_the_progress_bar_only_for_a_large_input_on_a_terminal() -> None:
    from rich.console import Console

    from opslog.cli import importer
    from opslog.config import load_settings
    from opslog.context import AppContext
    from opslog.terminal import Terminal

    class App(AppContext):
        def console(self, stderr: bool = False) -> Console:
            return Console(file=io.StringIO(), force_terminal=True)

    app = App(load_settings({}, os.environ), terminal=Terminal(stderr=False))
    big = importer.PROGRESS_MIN_BYTES
    with importer._progress_bar(app, big * 10) as progress:
        assert progress is None
    app.terminal.stderr = True
    with importer._progress_bar(app, big - 1) as progress:
        assert progress is None
    with importer._progress_bar(app, big * 10) as progress:
        assert progress is not None
        progress(big)


def test_a_known_uid_is_skipped_whatever_its_id_and_a_repeat_in_the_file_too(
    run: Run, db_path: Path
) -> None:
    run("import", "-", input=jsonl(GOOD))
    moved = GOOD | {"id": 999}  # same uid under an id this database never used
    fresh = GOOD | {"uid": "0f000000-0000-4000-8000-0000000000b1", "id": 5}
    r = run("import", "-", input=jsonl(moved, fresh, fresh))
    assert r.exit_code == 0
    assert "imported 1 of 3 records" in r.stderr and "2 already here" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT id FROM note ORDER BY id").fetchall() == [(1,), (5,)]


def test_a_refused_import_into_a_new_logbook_leaves_no_file(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "note"}\n', encoding="utf-8")
    r = run("import", str(bad))
    assert r.exit_code == 2 and "line 1" in r.stderr
    assert not db_path.exists()
    assert run("backup", "-").exit_code == 2
    assert not db_path.exists()
