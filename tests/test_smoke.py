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


def test_a_team_database_on_postgresql(run: Run, pg_url: str) -> None:
    env = {"OPSLOG_DB": pg_url}
    assert run("note", "团队 note #team", env=env).exit_code == 0
    assert run("note", "bob's note", env={**env, "OPSLOG_AUTHOR": "bob"}).exit_code == 0
    r = run("checkin", "--done", "shipped", "--mood", "5", env=env)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(run("week", "--format", "json", "--team", env=env).stdout)
    assert doc["authors"] == ["ann", "bob"]
    ann = doc["reports"][0]["days"][4]
    assert ann["checkin"]["done"] == "shipped"
    assert ann["notes"][0]["text"] == "团队 note #team"
