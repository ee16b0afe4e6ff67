import json
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.records import seed


def editor(tmp_path: Path, body: str) -> dict[str, str]:
    """An EDITOR that runs `body` with `p` (the file) and `text` (what it held)."""
    script = tmp_path / "ed.py"
    script.write_text(
        "import os, pathlib, sys\np = pathlib.Path(sys.argv[1])\n"
        f"text = p.read_text(encoding='utf-8')\n{body}\n",
        encoding="utf-8",
    )
    return {"EDITOR": f"{sys.executable} {script}"}


def record(run: Run, kind: str) -> dict:
    return next(i for i in json.loads(run("log", "--json").stdout) if i["kind"] == kind)


def test_edit_note_saves_text_and_reads_tags_again(run: Run, tmp_path: Path) -> None:
    run("note", "draft #old", "--tag", "shop")
    env = editor(tmp_path, "p.write_text('final 双11 #new\\n', encoding='utf-8')")
    r = run("edit", "note", "1", env=env)
    assert (r.exit_code, r.stdout) == (0, "")
    assert "note 1 updated" in r.stderr
    note = record(run, "note")
    assert (note["text"], note["tags"]) == ("final 双11 #new", ["new", "shop"])
    assert run("search", "双11").stdout.startswith("2026-11-27\tnote\t1")


@pytest.mark.parametrize(
    ("body", "said"), [("pass", "no change"), ("p.write_text(' \\n')", "empty text")]
)
def test_unchanged_or_emptied_buffer_changes_nothing(
    run: Run, tmp_path: Path, body: str, said: str
) -> None:
    run("note", "keep me")
    before = record(run, "note")
    r = run("edit", "note", "1", env=editor(tmp_path, body))
    assert r.exit_code == 0 and said in r.stderr
    assert record(run, "note") == before


def test_checkin_form_is_private_and_round_trips(run: Run, tmp_path: Path) -> None:
    run(
        "checkin",
        "--done",
        "发完周报",
        "--blocker",
        "supplier late",
        "--blocker",
        "gateway",
        "--plan",
        "call",
        "--no-input",
    )
    seen = tmp_path / "seen.txt"
    body = (
        f"pathlib.Path({str(seen)!r}).write_text(oct(os.stat(p).st_mode & 0o777) + "
        "'\\n' + str(p) + '\\n' + text)\n"
        "p.write_text(text.replace('plan: call', 'plan: call 供应商'))"
    )
    r = run("edit", "checkin", "1", env=editor(tmp_path, body))
    assert r.exit_code == 0, r.stderr
    mode, temp, *form = seen.read_text().splitlines()
    assert mode == "0o600" and not Path(temp).exists()
    assert form == ["done: 发完周报", "blockers: supplier late", "gateway", "plan: call"]
    c = record(run, "checkin")
    assert (c["done"], c["blockers"], c["plan"]) == (
        "发完周报",
        "supplier late\ngateway",
        "call 供应商",
    )


def test_retro_lists_edit_as_bullets(run: Run, db_path: Path, tmp_path: Path) -> None:
    seed(db_path)
    body = "p.write_text(text.replace('- 早点发周报', '- 早点发周报\\n- fewer meetings'))"
    assert run("edit", "retro", "1", env=editor(tmp_path, body)).exit_code == 0
    assert record(run, "retro")["to_improve"] == ["早点发周报", "fewer meetings"]


def test_a_broken_form_saves_nothing_and_keeps_the_text(run: Run, tmp_path: Path) -> None:
    run("checkin", "--done", "x", "--no-input")
    before = record(run, "checkin")
    r = run("edit", "checkin", "1", env=editor(tmp_path, "p.write_text('done: y\\n')"))
    assert r.exit_code == 2
    assert "no 'blockers:' line" in r.stderr
    kept = Path(r.stderr.rsplit("kept in ", 1)[1].strip())
    assert kept.read_text() == "done: y\n"
    kept.unlink()
    assert record(run, "checkin") == before


def test_a_failing_or_missing_editor_changes_nothing(run: Run) -> None:
    run("note", "keep me")
    r = run("edit", "note", "1", env={"EDITOR": "false"})
    assert r.exit_code == 1 and "exited with status 1" in r.stderr
    r = run("edit", "note", "1")
    assert r.exit_code == 2 and "set $VISUAL or $EDITOR" in r.stderr
    assert record(run, "note")["text"] == "keep me"


def test_edit_of_a_missing_record_exits_1(run: Run) -> None:
    r = run("edit", "goal", "9", env={"EDITOR": "true"})
    assert (r.exit_code, r.stdout) == (1, "")
    assert "no goal with id 9" in r.stderr


def test_rm_off_a_terminal_needs_yes(run: Run) -> None:
    run("note", "keep me")
    r = run("rm", "note", "1")
    assert r.exit_code == 2 and "without --yes" in r.stderr
    assert run("rm", "note", "1", "--yes").exit_code == 0
    assert run("log", "--json").stdout == "[]\n"


@pytest.mark.parametrize(("answer", "left"), [("n\n", 1), ("y\n", 0)])
@pytest.mark.usefixtures("stdin_tty")
def test_rm_asks_on_a_terminal(run: Run, answer: str, left: int) -> None:
    run("note", "maybe")
    r = run("rm", "note", "1", input=answer)
    assert r.exit_code == 0 and "Delete note 1? [y/N]" in r.stderr
    assert len(json.loads(run("log", "--json").stdout)) == left


def test_rm_takes_what_hangs_off_goals_and_risks_and_unlinks_actions(
    run: Run, db_path: Path
) -> None:
    seed(db_path)
    r = run("rm", "goal", "1", "--yes")
    assert "deleted goal 1 and its 1 progress record" in r.stderr
    run("rm", "risk", "1", "--yes")
    r = run("rm", "retro", "1", "--yes")
    assert "1 action record kept, un-linked" in r.stderr
    kinds = [i["kind"] for i in json.loads(run("log", "--json").stdout)]
    assert kinds == ["note", "checkin", "action"]
    assert record(run, "action")["retro_uid"] is None
    assert run("info", "--check").exit_code == 0


def test_edit_action_reads_owner_and_due_markers(run: Run, tmp_path: Path) -> None:
    """Issue 16 item 5: the markers were kept as literal text."""
    run("action", "add", "Follow up")
    body = "p.write_text('Follow up @Li due:2026-12-20\\n', encoding='utf-8')"
    r = run("edit", "action", "1", env=editor(tmp_path, body))
    assert (r.exit_code, r.stderr) == (0, "action 1 updated\n")
    action = record(run, "action")
    assert (action["text"], action["owner"], action["due"]) == ("Follow up", "Li", "2026-12-20")


def test_edit_action_without_markers_keeps_owner_and_due(run: Run, tmp_path: Path) -> None:
    run("action", "add", "Follow up @Li due:2026-12-20")
    r = run("edit", "action", "1", env=editor(tmp_path, "p.write_text('Call back\\n')"))
    assert r.exit_code == 0
    action = record(run, "action")
    assert (action["text"], action["owner"], action["due"]) == ("Call back", "Li", "2026-12-20")


def test_edit_action_with_a_bad_marker_is_refused_and_keeps_the_text(
    run: Run, tmp_path: Path
) -> None:
    run("action", "add", "Follow up")
    r = run("edit", "action", "1", env=editor(tmp_path, "p.write_text('x @a @b\\n')"))
    assert r.exit_code == 2 and "2 owners" in r.stderr and "your text is kept" in r.stderr
    assert record(run, "action")["text"] == "Follow up"
