import json

from tests.conftest import Run


def test_a_first_day_reads_back_in_json(run: Run) -> None:
    assert run("note", "first note 第一条 #start").exit_code == 0
    r = run("checkin", "--done", "set up", "--plan", "use it", "--mood", "4", "--no-input")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(run("week", "--format", "json").stdout)
    friday = doc["days"][4]
    assert friday["checkin"]["done"] == "set up"
    assert friday["notes"][0]["tags"] == ["start"]
