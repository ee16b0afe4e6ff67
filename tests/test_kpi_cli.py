"""opslog kpi and checkin --kpi: the commands, the week's KPI section and the import,
with the values worked out by hand."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Run

# The clock: Friday 2026-11-27, week 2026-W48 (Mon 11-23 .. Sun 11-29).


def setup_shop(run: Run) -> None:
    for args in (
        ("kpi", "add", "流量", "--unit", "visits"),
        ("kpi", "add", "订单"),
        ("kpi", "add", "转化率", "--unit", "%", "--ratio", "订单/流量", "--keep-above", "3"),
        ("kpi", "add", "退款率", "--unit", "%", "--agg", "avg", "--keep-below", "6"),
        ("kpi", "add", "社群人数", "--unit", "members", "--agg", "last"),
    ):
        r = run(*args)
        assert r.exit_code == 0, r.stderr


def readings(db_path: Path) -> list[tuple[str, str, float]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT k.name, r.day, r.value FROM reading r JOIN kpi k ON k.uid = r.kpi_uid"
            " ORDER BY k.id, r.day"
        ).fetchall()


def week_kpis(run: Run) -> dict[str, dict]:
    r = run("week", "--format", "json")
    assert r.exit_code == 0, r.stderr
    return {k["name"]: k for k in json.loads(r.stdout)["kpis"]}


def test_add_prints_the_id_and_names_are_unique_case_insensitively(run: Run) -> None:
    assert run("kpi", "add", "GMV", "--unit", "¥").stdout == "1\n"
    r = run("kpi", "add", "gmv")
    assert r.exit_code == 2 and "a KPI named 'GMV' exists already (id 1)" in r.stderr
    assert run("kpi", "record", "gmv", "1.2万").exit_code == 0  # found whatever the case


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("kpi", "add", "x", "--agg", "median"), "bad --agg 'median'"),
        (("kpi", "add", "x", "--ratio", "a"), "bad --ratio 'a'"),
        (("kpi", "add", "x", "--ratio", "a/b"), "no KPI named 'a'"),
        (("kpi", "add", "x", "--keep-above", "5", "--keep-below", "3"), "over --keep-below"),
        (("kpi", "add", "a=b"), "bad KPI name"),
        (("kpi", "record", "nope", "3"), "no KPI named 'nope'"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    run: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    r = run(*args)
    assert r.exit_code in (1, 2) and message in r.stderr
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM kpi").fetchone() == (0,)


def test_recording_again_replaces_the_days_reading(run: Run, db_path: Path) -> None:
    setup_shop(run)
    assert run("kpi", "record", "流量", "12,800", "--date", "yesterday").exit_code == 0
    r = run("kpi", "record", "1", "13100", "-d", "2026-11-26")
    assert "replaced for 2026-11-26" in r.stderr
    assert readings(db_path) == [("流量", "2026-11-26", 13100.0)]


def test_a_ratio_is_computed_not_recorded(run: Run) -> None:
    setup_shop(run)
    r = run("kpi", "record", "转化率", "3.4%")
    assert r.exit_code == 2 and "is a ratio" in r.stderr


def test_the_week_shows_each_aggregation_worked_out_by_hand(run: Run) -> None:
    setup_shop(run)
    for name, day, value in [
        ("流量", "2026-11-23", "1000"), ("流量", "2026-11-24", "2000"),
        ("流量", "2026-11-26", "4000"),  # no traffic reading on Wednesday
        ("订单", "2026-11-23", "30"), ("订单", "2026-11-24", "50"), ("订单", "2026-11-25", "10"),
        ("订单", "2026-11-26", "100"),
        ("流量", "2026-11-17", "5000"), ("订单", "2026-11-17", "150"),  # last week
        ("退款率", "2026-11-23", "6%"), ("退款率", "2026-11-25", "7.5%"),
        ("退款率", "2026-11-27", "3"),
        ("社群人数", "2026-11-20", "4400"), ("社群人数", "2026-11-25", "4,420"),
    ]:  # fmt: skip
        assert run("kpi", "record", name, value, "--date", day).exit_code == 0
    k = week_kpis(run)
    assert (k["流量"]["value"], k["流量"]["previous"], k["流量"]["change"]) == (7000, 5000, 2000)
    assert k["流量"]["change_pct"] == 0.4  # 2000 / 5000
    assert (k["订单"]["value"], k["订单"]["previous"]) == (190, 150)
    # 190 / 7000 × 100 = 2.714285…% (not the mean of the daily rates); last week 150 / 5000 = 3%
    rate = k["转化率"]
    assert (rate["agg"], rate["value"], rate["previous"]) == ("ratio", 2.714286, 3)
    assert rate["health"] == "unhealthy" and rate["keep_above"] == 3
    assert rate["change"] == -0.285714 and rate["change_pct"] == -0.0952
    assert [d["value"] for d in rate["days"]] == [3, 2.5, 2.5]  # Mon, Tue, Thu
    refunds = k["退款率"]  # (6 + 7.5 + 3) / 3 = 5.5, under the ceiling of 6
    assert (refunds["value"], refunds["previous"], refunds["health"]) == (5.5, None, "ok")
    members = k["社群人数"]  # the latest reading at or before Sunday
    assert (members["value"], members["previous"], members["change"]) == (4420, 4400, 20)
    assert members["health"] is None and members["days"] == [{"day": "2026-11-25", "value": 4420}]
    md = run("week", "--format", "markdown").stdout
    assert "| 转化率 | 2.71% | 3% | -0.29 | -9.5% | **UNHEALTHY** | █▁▁ |" in md
    table = run("week").stdout
    assert "UNHEALTHY" in table and "7,000 visits" in table
    # The HTML week has the same table (it had no KPIs at all).
    page = run("week", "--format", "html").stdout
    kpis = page[page.index('<section id="kpis">') : page.index('<section id="risks">')]
    assert '<td data-label="KPI">转化率</td><td class="n" data-label="Value">2.71%</td>' in kpis
    assert '<td class="n" data-label="Last week">3%</td>' in kpis and "-9.5%" in kpis
    assert "7,000 visits" in kpis and ">unhealthy<" in kpis


def test_a_week_without_readings_is_null_not_zero(run: Run) -> None:
    setup_shop(run)
    k = week_kpis(run)
    assert [k[n]["value"] for n in k] == [None] * 5
    assert k["转化率"]["health"] == "no_data" and k["流量"]["health"] is None


def test_archived_kpis_leave_the_week_and_the_list(run: Run) -> None:
    setup_shop(run)
    assert run("kpi", "archive", "社群人数").exit_code == 0
    assert "社群人数" not in week_kpis(run)
    names = [k["name"] for k in json.loads(run("kpi", "list", "--json").stdout)]
    assert "社群人数" not in names
    every = json.loads(run("kpi", "list", "--all", "--json").stdout)
    assert every[-1]["status"] == "archived"
    assert run("kpi", "record", "社群人数", "1").exit_code == 2
    assert run("kpi", "edit", "社群人数", "--active").exit_code == 0
    assert run("kpi", "record", "社群人数", "1").exit_code == 0


def test_edit_changes_thresholds_and_names(run: Run) -> None:
    setup_shop(run)
    assert run("kpi", "edit", "退款率", "--keep-below", "5", "--name", "Refunds").exit_code == 0
    assert run("kpi", "record", "refunds", "5.5").exit_code == 0
    assert week_kpis(run)["Refunds"]["health"] == "unhealthy"
    assert run("kpi", "edit", "Refunds", "--keep-below", "none").exit_code == 0
    assert week_kpis(run)["Refunds"]["health"] is None
    r = run("kpi", "edit", "转化率", "--agg", "avg")
    assert r.exit_code == 2 and "is a ratio" in r.stderr


def test_checkin_takes_kpi_values_in_the_same_transaction(run: Run, db_path: Path) -> None:
    setup_shop(run)
    r = run("checkin", "--done", "x", "--kpi", "流量=13,100", "--kpi", "订单=441")
    assert r.exit_code == 0 and "2 KPI values" in r.stderr
    assert readings(db_path) == [("流量", "2026-11-27", 13100.0), ("订单", "2026-11-27", 441.0)]
    r = run("checkin", "--done", "y", "--kpi", "流量=1", "--kpi", "nope=2")
    assert r.exit_code == 1 and "no KPI named 'nope'" in r.stderr
    assert readings(db_path)[0][2] == 13100.0  # nothing of the refused check-in was written
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT done FROM checkin").fetchall() == [("x",)]
    r = run("checkin", "--kpi", "流量=many")
    assert r.exit_code == 2 and "'many' is not a number" in r.stderr


def test_every_lookup_finds_a_kpi_whatever_the_case_and_width(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    """A KPI is named by its name or id; names are one case- and width-insensitively
    (full-width Latin, as Chinese input methods type it), as feedback categories are."""
    assert run("kpi", "add", "GMV Daily", "--unit", "¥").exit_code == 0
    assert run("kpi", "add", "Orders").exit_code == 0
    r = run("kpi", "add", "ｇｍｖ　daily")  # full-width letters and space
    assert r.exit_code == 2 and "a KPI named 'GMV Daily' exists already (id 1)" in r.stderr
    r = run("kpi", "edit", "orders", "--name", "ＧＭＶ ＤＡＩＬＹ")
    assert r.exit_code == 2 and "exists already (id 1)" in r.stderr
    assert run("kpi", "record", "ｇｍｖ daily", "100", "-d", "2026-11-23").exit_code == 0
    assert run("kpi", "edit", "Ｇｍｖ Daily", "--keep-above", "50").exit_code == 0
    r = run("checkin", "--kpi", "ＧＭＶ　ＤＡＩＬＹ=200", "--kpi", "ＯＲＤＥＲＳ=4")
    assert r.exit_code == 0, r.stderr
    ratio = ("kpi", "add", "AOV", "--ratio", "ｇｍｖ daily/ｏｒｄｅｒｓ")
    assert run(*ratio).exit_code == 0
    path = tmp_path / "shop.csv"
    path.write_text("日期,金额,orders\n2026-11-24,300,6\n", encoding="utf-8")
    r = run("kpi", "import", str(path), "--map", "金额=ｇｍｖ ＤＡＩＬＹ")  # no --create needed
    assert r.exit_code == 0, r.stderr
    assert "columns 金额→GMV Daily, orders→Orders" in r.stderr
    r = run("goal", "add", "GMV up", "--kpi", "ｇｍｖ ｄａｉｌｙ", "--target", "500",
            "--due", "2026-12-31")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "GMV Daily" in run("kpi", "show", "ｇｍｖ daily").stdout
    assert run("kpi", "archive", "ＧＭＶ ＤＡＩＬＹ").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT name, status, keep_above FROM kpi ORDER BY id").fetchall() == [
            ("GMV Daily", "archived", 50.0), ("Orders", "active", None), ("AOV", "active", None),
        ]  # fmt: skip
        goal = conn.execute("SELECT k.name FROM goal g JOIN kpi k ON k.uid = g.kpi_uid").fetchall()
        assert goal == [("GMV Daily",)]
    assert readings(db_path) == [
        ("GMV Daily", "2026-11-23", 100.0), ("GMV Daily", "2026-11-24", 300.0),
        ("GMV Daily", "2026-11-27", 200.0), ("Orders", "2026-11-24", 6.0),
        ("Orders", "2026-11-27", 4.0),
    ]  # fmt: skip
    two = tmp_path / "two.csv"
    two.write_text("日期,a,b\n2026-11-24,1,2\n", encoding="utf-8")
    r = run("kpi", "import", str(two), "--map", "a=New", "--map", "b=ｎｅｗ", "--create")
    assert r.exit_code == 2 and "two columns feed the same KPI" in r.stderr


@pytest.mark.usefixtures("stdin_tty")
def test_the_interactive_checkin_asks_each_kpi_after_the_goals(run: Run, db_path: Path) -> None:
    setup_shop(run)
    run("kpi", "record", "流量", "12800", "-d", "2026-11-26")
    # done, blockers, plan, mood; KPIs 流量, 订单 (skipped), 退款率, 社群人数 (skipped); no risk
    r = run("checkin", input="shipped\n\n\n4\n13,100\n\n5.5%\n\nn\n\n")
    assert r.exit_code == 0, r.stderr
    assert "KPI 流量 (last 12,800 visits, 2026-11-26; Enter skips)" in r.stderr
    assert "转化率" not in r.stderr  # a ratio is computed, not asked
    assert readings(db_path) == [
        ("流量", "2026-11-26", 12800.0), ("流量", "2026-11-27", 13100.0),
        ("退款率", "2026-11-27", 5.5),
    ]  # fmt: skip


# --- import -------------------------------------------------------------------------

EXPORT = (
    "日期,访客数,支付订单数,支付金额,备注\n"
    '2026/11/23,"12,800",441,"￥114,000",\n'
    "2026/11/24,13100,-,1.2万,促销\n"
    "2026年11月25日,9000,300,,\n"
)


def export_file(tmp_path: Path, text: str = EXPORT, encoding: str = "gbk") -> Path:
    path = tmp_path / "backend.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_a_gbk_backend_export(run: Run, db_path: Path, tmp_path: Path) -> None:
    setup_shop(run)
    path = export_file(tmp_path)
    args = ("kpi", "import", str(path), "--date-column", "日期",
            "--map", "访客数=流量", "--map", "支付订单数=订单")  # fmt: skip
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    assert "ignored columns (map them with --map COLUMN=KPI): 支付金额, 备注" in r.stderr
    assert "imported 5 readings from 3 rows (5 new or changed)" in r.stderr
    expected = [
        ("流量", "2026-11-23", 12800.0), ("流量", "2026-11-24", 13100.0),
        ("流量", "2026-11-25", 9000.0), ("订单", "2026-11-23", 441.0),
        ("订单", "2026-11-25", 300.0),
    ]  # fmt: skip
    assert readings(db_path) == expected
    with sqlite3.connect(db_path) as conn:
        stamps = conn.execute("SELECT uid, updated_at FROM reading ORDER BY id").fetchall()
    again = run(*args, env={"OPSLOG_NOW": "2026-11-28T10:00:00+00:00"})
    assert "(0 new or changed)" in again.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT uid, updated_at FROM reading ORDER BY id").fetchall() == stamps
    # (441 + 300) / (12800 + 13100 + 9000) × 100 = 2.1232…%
    assert week_kpis(run)["转化率"]["value"] == 2.123209
    # The search index, rebuilt after the import, is whole and in step.
    r = run("kpi", "record", "流量", "1", "-d", "2026-11-23", "--note", "双11 余温")
    assert r.exit_code == 0, r.stderr
    with sqlite3.connect(db_path) as conn:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reading%'"
        ).fetchall()
        assert sorted(triggers) == [("reading_fts_ad",), ("reading_fts_ai",), ("reading_fts_au",)]
        conn.execute("INSERT INTO reading_fts(reading_fts, rank) VALUES ('integrity-check', 1)")
        hits = conn.execute(
            "SELECT r.note FROM reading r JOIN reading_fts f ON f.rowid = r.id"
            " WHERE reading_fts MATCH '\"双11\"'"  # trigram: 3 characters or more
        ).fetchall()
        assert hits == [("双11 余温",)]


def test_import_reads_cells_as_written_and_keeps_the_files_order(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    """Grouped numbers, blanks around cells, a day given twice (the last counts, as
    the file reads), and every new reading's uid a random UUID (version 4)."""
    import uuid

    setup_shop(run)
    text = (
        '日期,访客数\n2026/11/23," 12,800 "\n 2026/11/24 ,"1,234.5"\n2026/11/23,99\n'
        "2026/11/25,-\n2026/11/26,\n2026/11/27,1.2万\n"
    )
    r = run("kpi", "import", str(export_file(tmp_path, text)), "--map", "访客数=流量")
    assert r.exit_code == 0, r.stderr
    assert "imported 4 readings from 6 rows (4 new or changed)" in r.stderr
    assert readings(db_path) == [
        ("流量", "2026-11-23", 99.0), ("流量", "2026-11-24", 1234.5),
        ("流量", "2026-11-27", 12000.0),
    ]  # fmt: skip
    with sqlite3.connect(db_path) as conn:
        uids = [u for (u,) in conn.execute("SELECT uid FROM reading")]
    assert len(set(uids)) == 3
    for uid in uids:
        parsed = uuid.UUID(uid)
        assert str(parsed) == uid and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
    bad = '日期,访客数\n2026/11/23," 3,4 "\n'
    r = run("kpi", "import", str(export_file(tmp_path, bad)), "--map", "访客数=流量")
    assert r.exit_code == 2
    assert "backend.csv line 2, column 访客数: bad number '3,4'" in r.stderr


def test_import_create_adds_missing_kpis(run: Run, db_path: Path, tmp_path: Path) -> None:
    path = export_file(tmp_path)
    r = run("kpi", "import", str(path), "--map", "支付金额=GMV")
    assert r.exit_code == 2 and "no KPI named 'GMV'" in r.stderr and "--create" in r.stderr
    r = run("kpi", "import", str(path), "--map", "支付金额=GMV", "--create")
    assert r.exit_code == 0 and "KPI added: GMV (sum)" in r.stderr
    assert readings(db_path) == [("GMV", "2026-11-23", 114000.0), ("GMV", "2026-11-24", 12000.0)]


def test_columns_named_like_a_kpi_are_taken_without_a_map(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    run("kpi", "add", "访客数")
    path = export_file(tmp_path, "date\t访客数\n2026-11-27\t5\n", "utf-8-sig")
    assert run("kpi", "import", str(path)).exit_code == 0
    assert readings(db_path) == [("访客数", "2026-11-27", 5.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("日期,访客数\n2026/11/23,12800\n2026/11/24,lots\n",
         "backend.csv line 3, column 访客数: bad number 'lots'"),
        ("日期,访客数\n2026/11/23,12800\n11/24/2026,1\n",
         "backend.csv line 3, column 日期: bad date '11/24/2026'"),
        ("day,访客数\n2026-11-23,1\n", "--date-column '日期': the file has no such column"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_and_nothing_is_written(
    run: Run, db_path: Path, tmp_path: Path, text: str, message: str
) -> None:
    setup_shop(run)
    path = export_file(tmp_path, text)
    r = run("kpi", "import", str(path), "--date-column", "日期", "--map", "访客数=流量")
    assert r.exit_code == 2 and message in r.stderr
    assert readings(db_path) == []


def test_month_first_dates_with_a_format(run: Run, db_path: Path, tmp_path: Path) -> None:
    setup_shop(run)
    path = export_file(tmp_path, "Date,Visitors\n11/27/2026,10\n", "utf-8")
    args = ("kpi", "import", str(path), "--map", "Visitors=流量")
    assert run(*args).exit_code == 2
    assert run(*args, "--date-format", "%m/%d/%Y").exit_code == 0
    assert readings(db_path) == [("流量", "2026-11-27", 10.0)]


def test_show_has_weeks_days_and_health(run: Run) -> None:
    setup_shop(run)
    run("kpi", "record", "流量", "100", "-d", "2026-11-26")
    run("kpi", "record", "订单", "4", "-d", "2026-11-26")
    out = run("kpi", "show", "转化率", "--weeks", "2").stdout
    assert "This week: 4%  ok" in out  # 4 / 100 × 100, at or above 3
    assert "2026-W47" in out and "2026-W48" in out and "2026-11-26" in out


def test_the_example_backend_export_imports(run: Run, db_path: Path) -> None:
    import subprocess
    import sys

    examples = Path(__file__).parent.parent / "examples"
    check = subprocess.run(
        [sys.executable, str(examples / "make_backend_export.py"), "--check"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    data = (examples / "shop-backend.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # GBK, as the backend writes it
    setup_shop(run)
    r = run("kpi", "import", str(examples / "shop-backend.csv"), "--date-column", "日期",
            "--map", "访客数=流量", "--map", "支付订单数=订单", "--map", "支付金额=GMV",
            "--create")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    # 90 days of traffic and of 退款率 (a column named like a KPI: taken without a map);
    # orders and GMV are '-' on the three days not yet settled: 90 + 87 + 87 + 90
    assert "imported 354 readings from 90 rows" in r.stderr
    ignored = "ignored columns (map them with --map COLUMN=KPI): 浏览量, 支付转化率, 客单价"
    assert ignored in r.stderr
    rows = readings(db_path)
    assert rows[0] == ("流量", "2026-08-30", 10000.0)
    assert ("GMV", "2026-08-30", 71920.0) in rows  # ￥71,920
    assert ("退款率", "2026-08-30", 4.6) in rows  # 4.6%
    assert len({d for _n, d, _v in rows}) == 90


def test_rm_a_kpi_takes_its_readings_and_the_ratios_built_on_it(run: Run, db_path: Path) -> None:
    setup_shop(run)
    for name in ("流量", "订单", "社群人数"):
        run("kpi", "record", name, "5", "-d", "2026-11-26")
    r = run("rm", "kpi", "2")
    assert r.exit_code == 2 and "without --yes" in r.stderr
    r = run("rm", "kpi", "2", "--yes")
    assert r.exit_code == 0, r.stderr
    assert "1 kpi record" in r.stderr and "1 reading record" in r.stderr
    names = [k["name"] for k in json.loads(run("kpi", "list", "--all", "--json").stdout)]
    assert names == ["流量", "退款率", "社群人数"]  # 订单 and 转化率 (订单/流量) are gone
    assert [n for n, _d, _v in readings(db_path)] == ["流量", "社群人数"]


def test_kpis_and_readings_in_log_search_and_export(run: Run) -> None:
    setup_shop(run)
    run("kpi", "record", "流量", "12,800", "-d", "2026-11-26", "--note", "双11 余温")
    log = run("log", "--kind", "reading").stdout
    assert "流量: 12,800 — 双11 余温" in log
    found = json.loads(run("search", "双11 余温", "--json").stdout)
    assert [(h["kind"], h["note"]) for h in found] == [("reading", "双11 余温")]
    lines = [json.loads(x) for x in run("export").stdout.splitlines()]
    assert [x["kind"] for x in lines] == ["kpi"] * 5 + ["reading"]
    assert lines[2]["ratio_num_uid"] == lines[1]["uid"]


def test_health_is_a_word_in_every_view_and_language(run: Run) -> None:
    # 退款率 7% is over its ceiling of 6; 转化率 has no reading: "no data", never "no_data".
    setup_shop(run)
    assert run("kpi", "record", "退款率", "7", "--date", "2026-11-24").exit_code == 0
    zh = {"OPSLOG_LANG": "zh"}
    week = run("week", "--format", "markdown", env=zh).stdout
    assert "| **不健康** |" in week and "| 暂无数据 |" in week
    report = run("report", "2026-11", "--format", "markdown", env=zh).stdout
    assert "| 不健康 |" in report and "| 暂无数据 |" in report
    table = run("report", "2026-11").stdout
    assert "no data" in table and "no_data" not in table
    for args in (("week",), ("report", "2026-11")):
        page = run(*args, "--format", "html", env=zh).stdout
        assert ">不健康<" in page and "no_data" not in page and ">unhealthy<" not in page
    assert "不健康" in run("kpi", "list", env=zh).stdout


def test_after_a_reading_near_the_id_cap_the_import_exports_and_imports_back(
    run: Run, tmp_path: Path
) -> None:
    """An imported reading of id MAX_ID - 1 leaves no room for max + 1: kpi import's new
    readings take free ids below the cap, and the export imports again (issue 17: 4)."""
    run("kpi", "add", "访客数")
    run("kpi", "record", "访客数", "7", "--date", "2026-11-01")
    _kpi, reading = (json.loads(line) for line in run("export").stdout.splitlines())
    near = {**reading, "id": 2**31 - 2, "uid": "00000000-0000-4000-8000-0000000000a1"}
    theirs = tmp_path / "theirs.jsonl"
    theirs.write_text(json.dumps({**near, "day": "2026-11-02"}) + "\n", encoding="utf-8")
    assert run("import", str(theirs)).exit_code == 0
    path = export_file(tmp_path, "date,访客数\n2026-11-23,1\n2026-11-24,2\n2026-11-25,3\n")
    r = run("kpi", "import", str(path))
    assert r.exit_code == 0, r.stderr
    exported = tmp_path / "all.jsonl"
    exported.write_text(run("export").stdout, encoding="utf-8")
    ids = [json.loads(line)["id"] for line in exported.read_text("utf-8").splitlines()]
    assert ids == [1, 1, 2, 3, 4, 2**31 - 2]  # the KPI, then the readings: none past the cap
    r = run("import", str(exported), env={"OPSLOG_DB": str(tmp_path / "other.db")})
    assert r.exit_code == 0, r.stderr


def _wide(path: Path, days: int, columns: int, last: str = "") -> Path:
    start = date(2020, 1, 1)
    head = ",".join(["date", *(f"K{c}" for c in range(columns))])
    rows = [",".join([str(start + timedelta(days=d)), *(str(d + c) for c in range(columns))])
            for d in range(days)]  # fmt: skip
    path.write_text("\n".join([head, *rows, *([last] if last else [])]) + "\n", encoding="utf-8")
    return path


def test_a_large_import_sets_the_plain_indexes_aside_and_puts_them_back(
    run: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import at least as large as the readings here drops the (author, day) and
    (kpi_uid, day) indexes and makes them again at its end; a bad cell after that puts
    them back with everything else (one transaction). A small one keeps them."""
    from opslog.store import bulk, kpi_import

    aside: list[list[str]] = []

    def spy(conn: object, tables: list[str]) -> object:
        aside.append(tables)
        return bulk.indexes_after(conn, tables)  # type: ignore[arg-type]

    monkeypatch.setattr(kpi_import, "indexes_after", spy)

    def indexes() -> list[tuple[str, str]]:
        with sqlite3.connect(db_path) as conn:
            return conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'reading' ORDER BY name"
            ).fetchall()

    maps = [a for c in range(25) for a in ("--map", f"K{c}=K{c}")]
    run("kpi", "add", "other")
    before = indexes()
    assert ("ix_reading_kpi_uid_day",) in [(n,) for n, _sql in before]
    bad = _wide(tmp_path / "bad.csv", 1000, 25, last="2030-01-01" + ",x" * 25)
    r = run("kpi", "import", str(bad), "--create", *maps)
    assert r.exit_code == 2 and "bad number 'x'" in r.stderr, r.stderr
    assert aside == [["reading"]] and indexes() == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reading").fetchone() == (0,)
    r = run("kpi", "import", str(_wide(tmp_path / "good.csv", 1000, 25)), "--create", *maps)
    assert r.exit_code == 0, r.stderr
    assert aside == [["reading"]] * 2 and indexes() == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reading").fetchone() == (25_000,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # A file of 24,000 readings beside the 25,000 here: the indexes stay.
    r = run("kpi", "import", str(_wide(tmp_path / "less.csv", 960, 25)), *maps)
    assert r.exit_code == 0 and len(aside) == 2, r.stderr
