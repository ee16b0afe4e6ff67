"""Goals that follow a KPI (`goal add … --kpi NAME`, issue 11: 5): the KPI's readings are
the goal's values — the latest reading for a `last` KPI, the value over each whole week
for the others — and the goal takes no check-ins of its own. Numbers worked by hand."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from opslog.domain.kpis import goal_values
from opslog.domain.records import Kpi
from tests.conftest import Run

# The clock: Friday 2026-11-27; W46 is Mon 11-09 .. Sun 11-15, W47 11-16 .. 11-22, W48
# 11-23 .. 11-29 (not over on the 27th).

D = date.fromisoformat


def kpi(**fields: object) -> Kpi:
    return Kpi(1, "k", "ann", "t", "t", name="k", **fields)  # type: ignore[arg-type]


def test_a_flow_gives_one_value_per_whole_week_dated_its_last_day() -> None:
    series = {"k": [(D("2026-11-09"), 10.0), (D("2026-11-15"), 5.0), (D("2026-11-16"), 7.0),
                    (D("2026-11-23"), 100.0)]}  # fmt: skip
    # W46: 10 + 5; W47: 7; W48 not over by the 27th: no value yet
    assert goal_values(kpi(agg="sum"), series, D("2026-11-27")) == [
        (D("2026-11-15"), 15.0),
        (D("2026-11-22"), 7.0),
    ]
    # on Sunday the 29th W48 is whole
    assert goal_values(kpi(agg="sum"), series, D("2026-11-29"))[-1] == (D("2026-11-29"), 100.0)
    assert goal_values(kpi(agg="avg"), series, D("2026-11-27"))[0] == (D("2026-11-15"), 7.5)
    # Sunday weeks: Sun 11-08 .. Sat 11-14 holds the 9th; Sun 11-15 .. Sat 11-21 the 15th, 16th
    assert goal_values(kpi(agg="sum"), series, D("2026-11-27"), "sunday") == [
        (D("2026-11-14"), 10.0),
        (D("2026-11-21"), 12.0),
    ]


def test_a_ratio_is_the_sums_of_each_week_with_a_missing_day() -> None:
    rate = kpi(unit="%", ratio_num_uid="o", ratio_den_uid="v")
    series = {
        "o": [(D("2026-11-09"), 30.0), (D("2026-11-10"), 45.0)],  # no orders on the 11th
        "v": [(D("2026-11-09"), 1000.0), (D("2026-11-10"), 1000.0), (D("2026-11-11"), 500.0)],
    }
    # (30 + 45) / (1000 + 1000 + 500) × 100 = 3.0, not the mean of daily rates (3.5)
    assert goal_values(rate, series, D("2026-11-27")) == [(D("2026-11-15"), 3.0)]


def test_a_stock_gives_each_reading_on_its_day() -> None:
    series = {"k": [(D("2026-11-01"), 4000.0), (D("2026-11-26"), 4300.0), (D("2026-11-28"), 1.0)]}
    assert goal_values(kpi(agg="last"), series, D("2026-11-27")) == [
        (D("2026-11-01"), 4000.0),
        (D("2026-11-26"), 4300.0),
    ]


def shop(run: Run) -> None:
    for args in (
        ("kpi", "add", "流量", "--unit", "visits"),
        ("kpi", "add", "订单"),
        ("kpi", "add", "转化率", "--unit", "%", "--ratio", "订单/流量"),
        ("kpi", "add", "社群人数", "--unit", "members", "--agg", "last"),
    ):
        assert run(*args).exit_code == 0
    for name, day, value in (
        ("流量", "2026-11-02", "2000"), ("订单", "2026-11-02", "30"),  # W45: 1.5%
        ("流量", "2026-11-09", "1000"), ("流量", "2026-11-10", "1000"),
        ("订单", "2026-11-09", "35"), ("订单", "2026-11-10", "38"),  # W46: 73/2000 = 3.65%
        ("流量", "2026-11-16", "1000"), ("流量", "2026-11-20", "1000"),
        ("订单", "2026-11-16", "80"),  # W47: 80/2000 = 4%
        ("流量", "2026-11-23", "1000"), ("订单", "2026-11-23", "10"),  # W48: not over
        ("社群人数", "2026-11-01", "4000"), ("社群人数", "2026-11-20", "4300"),
    ):  # fmt: skip
        assert run("kpi", "record", name, value, "--date", day).exit_code == 0


def test_a_goal_following_a_ratio_takes_its_weekly_values(run: Run) -> None:
    shop(run)
    r = run("goal", "add", "转化率到5%", "--kpi", "转化率", "--target", "5", "--due",
            "2026-12-31", "--start", "2026-11-09")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "1\n"
    # metric and unit from the KPI; the baseline is its value at the start: W45's 1.5%
    assert "goal 1 added: 转化率到5% (1.5 → 5 %, 2026-11-09 – 2026-12-31)" in r.stderr
    assert "record the KPI (opslog kpi record 转化率 VALUE)" in r.stderr
    goal = json.loads(run("goal", "list", "--json").stdout)[0]
    assert (goal["metric"], goal["unit"], goal["baseline"]) == ("转化率", "%", 1.5)
    # latest whole week W47: 4%; progress (4 - 1.5) / (5 - 1.5) = 0.7143;
    # expected (27 - 9) / 52 days = 0.3462
    assert (goal["value"], goal["progress"], goal["expected"]) == (4, 0.7143, 0.3462)
    week = json.loads(run("week", "--format", "json").stdout)
    assert week["goals"][0]["checkins"] == [
        {"day": "2026-11-15", "value": 3.65},
        {"day": "2026-11-22", "value": 4},
    ]
    assert week["goals"][0]["status"] == "on_track"
    # last week (W47), judged on its Sunday: the value of W47 is there, W48's is not
    last = json.loads(run("week", "last", "--format", "json").stdout)["goals"][0]
    assert (last["value"], last["delta"]) == (4, 0.35)
    shown = run("goal", "show", "1")
    assert shown.exit_code == 0
    assert "2026-11-15" in shown.stdout and "3.65" in shown.stdout


def test_with_sunday_weeks_every_view_takes_the_kpis_sunday_week_values(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """week_start = sunday: the goal's values are the KPI's Sunday-to-Saturday weeks,
    dated their Saturday, in the week, `goal show` and the report alike."""
    monkeypatch.setenv("OPSLOG_WEEK_START", "sunday")
    shop(run)
    assert run("kpi", "record", "订单", "7", "--date", "2026-11-15").exit_code == 0  # a Sunday
    r = run("goal", "add", "订单100", "--kpi", "订单", "--target", "100", "--due", "2026-12-31",
            "--start", "2026-11-01", "--baseline", "0")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    # Sun 11-01 .. Sat 11-07: 30; 11-08 .. 11-14: 35 + 38; 11-15 .. 11-21: 7 + 80
    # (Monday weeks would give 30, 80 and 80, dated 11-08, 11-15 and 11-22)
    sunday_weeks = [
        {"day": "2026-11-07", "value": 30},
        {"day": "2026-11-14", "value": 73},
        {"day": "2026-11-21", "value": 87},
    ]
    week = json.loads(run("week", "last", "--format", "json").stdout)
    assert week["goals"][0]["checkins"] == sunday_weeks
    report = json.loads(run("report", "2026-11", "--format", "json").stdout)
    goal = report["goals"][0]
    assert goal["checkins"] == sunday_weeks
    assert [(w["asof"], w["value"]) for w in goal["weeks"]] == [
        ("2026-11-07", 30), ("2026-11-14", 73), ("2026-11-21", 87), ("2026-11-27", 87),
    ]  # fmt: skip
    assert goal["end_value"] == 87
    shown = run("goal", "show", "1").stdout
    assert "2026-11-14  73" in shown and "2026-11-21  87" in shown


def test_a_goal_following_a_stock_takes_its_latest_reading(run: Run) -> None:
    shop(run)
    r = run("goal", "add", "社群5000", "--kpi", "社群人数", "--target", "5000", "--due",
            "2026-12-31", "--start", "2026-11-05", "--baseline", "3900")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    goal = json.loads(run("goal", "list", "--json").stdout)[0]
    # the reading of 11-01 is before the start: only 11-20 counts as a value
    assert (goal["baseline"], goal["value"], goal["unit"]) == (3900, 4300, "members")
    assert goal["progress"] == pytest.approx(0.3636, abs=1e-4)  # 400 / 1100
    assert run("kpi", "record", "社群人数", "4650", "--date", "2026-11-27").exit_code == 0
    assert json.loads(run("goal", "list", "--json").stdout)[0]["value"] == 4650


def test_checking_in_a_goal_that_follows_a_kpi_is_refused_with_a_hint(
    run: Run, db_path: Path
) -> None:
    shop(run)
    run("goal", "add", "转化率到5%", "--kpi", "转化率", "--target", "5", "--due", "+5w")
    for args in (("goal", "checkin", "1", "4.2"), ("checkin", "--goal", "1=4.2")):
        r = run(*args)
        assert r.exit_code == 2, args
        assert r.stderr == (
            "opslog: goal 1 follows the KPI 转化率: its values are the KPI's readings;"
            " record the KPI instead (opslog kpi record 转化率 VALUE)\n"
        )
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM progress").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM checkin").fetchone() == (0,)


def test_the_interactive_checkin_does_not_ask_for_a_goal_that_follows_a_kpi(
    run: Run, db_path: Path
) -> None:
    from opslog.store.db import Location
    from opslog.store.goals import own_active_goals
    from opslog.store.open import open_database

    shop(run)
    run("goal", "add", "own", "-m", "x", "--target", "5", "--due", "+5w")
    run("goal", "add", "follows", "--kpi", "订单", "--target", "500", "--due", "+5w")
    db = open_database(Location(path=db_path))
    with db.read() as conn:
        assert [g.title for g in own_active_goals(conn, "ann")] == ["own"]
    db.close()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("goal", "add", "g", "--target", "5", "--due", "+5w"), 2, "missing --metric"),
        (("goal", "add", "g", "--kpi", "nope", "--target", "5", "--due", "+5w"), 1,
         "no KPI named 'nope'"),
        # the KPI's value at the start (W47's 4%) is the baseline: a target of 4 is no goal
        (("goal", "add", "g", "--kpi", "转化率", "--target", "4", "--due", "+5w"), 2,
         "target 4 equals baseline 4"),
    ],
)  # fmt: skip
def test_goal_add_with_a_kpi_refuses_what_it_cannot_follow(
    run: Run, db_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    shop(run)
    r = run(*args)
    assert r.exit_code == code and message in r.stderr, r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM goal").fetchone() == (0,)


def test_deleting_the_kpi_unlinks_the_goal_and_the_export_carries_the_link(
    run: Run, tmp_path: Path
) -> None:
    shop(run)
    run("goal", "add", "订单500", "--kpi", "订单", "--target", "500", "--due", "+5w")
    exported = run("export").stdout
    lines = [json.loads(line) for line in exported.splitlines()]
    kinds = [line["kind"] for line in lines]
    assert kinds.index("kpi") < kinds.index("goal")  # parents first
    (goal,) = [line for line in lines if line["kind"] == "goal"]
    kpi_uid = next(x["uid"] for x in lines if x["kind"] == "kpi" and x["name"] == "订单")
    assert goal["kpi_uid"] == kpi_uid
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    (tmp_path / "x.jsonl").write_text(exported, encoding="utf-8")
    assert run("import", str(tmp_path / "x.jsonl"), env=other).exit_code == 0
    assert run("export", env=other).stdout == exported
    r = run("rm", "kpi", "2", "--yes")
    assert r.exit_code == 0, r.stderr
    after = json.loads(run("goal", "list", "--json").stdout)[0]
    assert (after["title"], after["value"]) == ("订单500", None)
    assert run("goal", "checkin", "1", "120").exit_code == 0  # its own check-ins again


def test_an_imported_reading_clashing_with_one_here_is_skipped_and_counted(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    """Another machine's reading of the same KPI, author and day (another uid): the one
    here wins, as for a check-in; importing again changes nothing."""
    run("kpi", "add", "订单")
    run("kpi", "record", "订单", "441", "--date", "2026-11-26")
    exported = [json.loads(line) for line in run("export").stdout.splitlines()]
    kpi_line, reading = exported
    theirs = [
        kpi_line,
        {**reading, "uid": "00000000-0000-4000-8000-000000000001", "id": 7, "value": 500.0},
        {**reading, "uid": "00000000-0000-4000-8000-000000000002", "id": 8,
         "day": "2026-11-27", "value": 30.0},
    ]  # fmt: skip
    path = tmp_path / "theirs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in theirs), encoding="utf-8")
    for _attempt in range(2):
        r = run("import", str(path))
        assert r.exit_code == 0, r.stderr
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT day, value FROM reading ORDER BY day").fetchall() == [
                ("2026-11-26", 441.0),
                ("2026-11-27", 30.0),
            ]
    first = run("import", str(path))
    assert "1 skipped because one already exists here" in first.stderr, first.stderr
    assert "line 2: reading of ann for 2026-11-26" in first.stderr


@pytest.mark.parametrize(
    ("mine", "theirs_name"), [("订单", "订单"), ("gmv", "GMV"), ("GMV", "ｇｍｖ")]
)
def test_an_imported_kpi_of_a_name_here_is_the_one_here(
    run: Run, db_path: Path, tmp_path: Path, mine: str, theirs_name: str
) -> None:
    """Names are unique per author, whatever the case and width: another machine's 订单
    (another uid), or its GMV beside the gmv here, is not added twice; its readings go
    to the KPI here (a day both have keeps the one here), and so does a ratio on it."""
    run("kpi", "add", mine)
    run("kpi", "record", mine, "441", "--date", "2026-11-26")
    theirs = tmp_path / "theirs.jsonl"
    other = {"OPSLOG_DB": str(tmp_path / "other.db")}
    run("kpi", "add", theirs_name, env=other)
    run("kpi", "record", theirs_name, "500", "--date", "2026-11-26", env=other)
    run("kpi", "record", theirs_name, "30", "--date", "2026-11-27", env=other)
    run("kpi", "add", "visits", "--agg", "sum", env=other)
    r = run("kpi", "add", "per visit", "--ratio", f"{theirs_name}/visits", env=other)
    assert r.exit_code == 0, r.stderr
    theirs.write_text(run("export", env=other).stdout, encoding="utf-8")
    r = run("import", str(theirs))
    assert r.exit_code == 0, r.stderr
    assert "2 skipped because one already exists here" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT name FROM kpi ORDER BY id").fetchall() == [
            (mine,),
            ("visits",),
            ("per visit",),
        ]
        assert conn.execute(
            "SELECT k.name, r.day, r.value FROM reading r JOIN kpi k ON k.uid = r.kpi_uid"
            " ORDER BY day"
        ).fetchall() == [(mine, "2026-11-26", 441.0), (mine, "2026-11-27", 30.0)]
        assert conn.execute(
            "SELECT n.name, d.name FROM kpi r JOIN kpi n ON n.uid = r.ratio_num_uid"
            " JOIN kpi d ON d.uid = r.ratio_den_uid"
        ).fetchall() == [(mine, "visits")]
    assert run("import", str(theirs)).exit_code == 0  # again: nothing more
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM kpi").fetchone() == (3,)
