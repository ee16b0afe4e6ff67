"""`opslog feedback`: add, list, top, link, impact, and the week's feedback section.
Today is Friday 2026-11-27 (week 2026-W48 is Nov 23–29, 2026-W47 Nov 16–22). Every
count below is worked out by hand from FEEDBACK."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run

# day, category, channel, count, sentiment, text
FEEDBACK = [
    ("2026-10-14", "物流", "客服热线", 3, "neg", "配送太慢，等了5天"),  # the first feedback
    ("2026-10-20", "物流", "客服热线", 4, "neg", ""),
    ("2026-10-28", "物流", "邮件", 6, None, ""),
    ("2026-11-03", "物流", "客服热线", 2, "neg", ""),  # action 1 was done on Mon Nov 2
    ("2026-11-10", "物流", "客服热线", 1, "neu", ""),
    ("2026-11-18", "物流", "评价", 1, "neg", "还是慢"),  # W47
    ("2026-11-25", "物流", "客服热线", 1, "pos", "这次很快"),  # W48
    ("2026-11-26", "尺码", "评价", 12, "neg", "尺码偏小"),  # W48, a new category
]


def at(day: str) -> dict[str, str]:
    return {"OPSLOG_NOW": f"{day}T12:00:00+00:00"}


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    if not db_path.exists():
        return []
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def loop(run: Run) -> None:
    """Feedback about 物流, action 1 (a new courier) done on Nov 2 and linked to it."""
    assert run("action", "add", "换快递公司", env=at("2026-10-01")).exit_code == 0
    for day, category, channel, count, sentiment, text in FEEDBACK:
        args = ["feedback", "add", "--date", day, "--category", category, "--channel", channel,
                "--count", str(count)]  # fmt: skip
        if sentiment:
            args += ["--sentiment", sentiment]
        r = run(*args, "--", text) if text else run(*args)
        assert r.exit_code == 0, r.stderr
    assert run("action", "done", "1", env=at("2026-11-02")).exit_code == 0
    r = run("feedback", "link", "物流", "--action", "1")
    assert (r.exit_code, r.stderr) == (0, "action #1 now addresses '物流'\n")


def test_add_prints_the_id_and_keeps_every_field(run: Run, db_path: Path) -> None:
    r = run("feedback", "add", "配送太慢，等了5天", "--channel", "客服热线", "--category", "物流",
            "--sentiment", "neg")  # fmt: skip
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert r.stderr == "feedback 1 saved for 2026-11-27: 物流 ×1 via 客服热线\n"
    r = run("feedback", "add", "尺码偏小", "--channel", "评价", "--category", "尺码",
            "--count", "12", "--date", "yesterday")  # fmt: skip
    assert (r.exit_code, r.stdout) == (0, "2\n")
    assert rows(
        db_path,
        "SELECT day, text, channel, category, count, sentiment, author FROM feedback ORDER BY id",
    ) == [
        ("2026-11-27", "配送太慢，等了5天", "客服热线", "物流", 1, "neg", "ann"),
        ("2026-11-26", "尺码偏小", "评价", "尺码", 12, None, "ann"),
    ]


def test_a_summary_may_have_no_text(run: Run, db_path: Path) -> None:
    r = run("feedback", "add", "--category", "尺码", "--count", "12")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT text, category, count FROM feedback") == [("", "尺码", 12)]


def test_keys_match_whatever_the_case_width_and_blanks(run: Run, db_path: Path) -> None:
    run("feedback", "add", "late", "--category", "Logistics", "--channel", "Email")
    run("feedback", "add", "late", "--category", " ＬＯＧＩＳＴＩＣＳ ", "--channel", "email")
    run("feedback", "add", "慢", "--category", "物流")
    r = run("feedback", "add", "慢", "--category", " 物流 ")
    assert "did you mean" not in r.stderr
    assert rows(db_path, "SELECT category, channel FROM feedback ORDER BY id") == [
        ("Logistics", "Email"), ("Logistics", "Email"), ("物流", ""), ("物流", "")]  # fmt: skip


def test_a_new_key_one_edit_from_a_known_one_is_kept_with_a_hint(run: Run, db_path: Path) -> None:
    run("feedback", "add", "慢", "--category", "物流")
    r = run("feedback", "add", "慢", "--category", "物留")
    assert r.exit_code == 0
    assert "new category '物留'; did you mean '物流'? (kept as typed)" in r.stderr
    assert rows(db_path, "SELECT category FROM feedback ORDER BY id") == [("物流",), ("物留",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "--count", "0"), "bad count '0'"),
        (("x", "--count", "2.5"), "bad count '2.5'"),
        (("x", "--sentiment", "angry"), "bad sentiment 'angry'"),
        (("x", "--date", "someday"), "bad date 'someday'"),
        (("x", "--category", "a\nb"), "must be one line"),
        ((), "feedback is empty"),
        (("  ",), "feedback is empty"),
    ],
)
def test_bad_add_exits_2_naming_the_value_and_writes_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    r = run("feedback", "add", *args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert rows(db_path, "SELECT id FROM feedback") == []


def test_top_this_week_by_category(run: Run, loop: None) -> None:
    r = run("feedback", "top", "--json")
    assert r.exit_code == 0, r.stderr
    # W48: 尺码 12 (W47: 0); 物流 1 (W47: the 1 of Nov 18), one positive.
    assert json.loads(r.stdout) == [
        {"key": "尺码", "count": 12, "previous": 0, "change": 12,
         "sentiment": {"pos": 0.0, "neu": 0.0, "neg": 1.0}},
        {"key": "物流", "count": 1, "previous": 1, "change": 0,
         "sentiment": {"pos": 1.0, "neu": 0.0, "neg": 0.0}},
    ]  # fmt: skip


def test_top_by_channel_for_a_month(run: Run, loop: None) -> None:
    # November (Nov 1–30) against October (Oct 1–31). 客服热线: Nov 2 + 1 + 1 = 4, Oct 3 + 4 = 7;
    # 评价: Nov 1 + 12 = 13, Oct 0; 邮件: Nov 0, Oct 6 (kept: it went away).
    r = run("feedback", "top", "2026-11", "--by", "channel", "--json")
    got = [(k["key"], k["count"], k["previous"], k["change"]) for k in json.loads(r.stdout)]
    assert got == [("评价", 13, 0, 13), ("客服热线", 4, 7, -3), ("邮件", 0, 6, -6)]


def test_top_table_in_a_pipe(run: Run, loop: None) -> None:
    # October against September (the month before, as the report's "previous")
    r = run("feedback", "top", "last", "month")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Feedback by category, 2026-10-01 – 2026-10-31"
    assert lines[3].split() == ["物流", "(new)", "13", "0", "+13", "neg", "100%"]
    assert lines[4].split() == ["Total", "13", "0", "+13"]
    assert lines[5] == "previous: 2026-09-01 – 2026-09-30"


def test_top_and_the_report_agree_on_the_previous_month(run: Run, loop: None) -> None:
    # 9 about 包装 on Oct 1: in October (the report's previous for November), not in the
    # 30 days before November (Oct 2–31). November: 尺码 12, 物流 2 + 1 + 1 + 1 = 5;
    # October: 物流 3 + 4 + 6 = 13, 包装 9.
    assert run("feedback", "add", "--date", "2026-10-01", "--category", "包装",
               "--count", "9").exit_code == 0  # fmt: skip
    top = json.loads(run("feedback", "top", "2026-11", "--json").stdout)
    got = [(k["key"], k["count"], k["previous"], k["change"]) for k in top]
    assert got == [("尺码", 12, 0, 12), ("物流", 5, 13, -8), ("包装", 0, 9, -9)]
    report = json.loads(run("report", "2026-11", "--format", "json").stdout)["feedback"]
    assert [(c["category"], c["count"], c["previous"], c["change"])
            for c in report["categories"]] == got  # fmt: skip
    assert (report["total"], report["previous"]) == (17, 22)


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--by", "mood"), "bad --by 'mood'"), (("2026-13",), "bad period '2026-13'")],
)
def test_bad_top_exits_2(run: Run, args: tuple[str, ...], message: str) -> None:
    r = run("feedback", "top", *args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr


def test_list_by_category_and_day(run: Run, loop: None) -> None:
    r = run("feedback", "list", "--category", "物流", "--since", "2026-11-01", "--json")
    got = [(f["id"], f["day"], f["count"], f["sentiment"]) for f in json.loads(r.stdout)]
    assert got == [(4, "2026-11-03", 2, "neg"), (5, "2026-11-10", 1, "neu"),
                   (6, "2026-11-18", 1, "neg"), (7, "2026-11-25", 1, "pos")]  # fmt: skip
    r = run("feedback", "list", "--channel", "评价")
    assert r.exit_code == 0
    assert [line.split()[0] for line in r.stdout.splitlines()[3:]] == ["6", "8"]
    assert "尺码偏小" in r.stdout and "还是慢" in r.stdout


def test_impact_counts_weeks_before_and_after_the_done_day(run: Run, loop: None) -> None:
    r = run("feedback", "impact", "物流", "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    # Before Mon Nov 2: Oct 5–11 ends before the first feedback (Oct 14): no count;
    # Oct 12–18 straddles it (3, not in the mean); Oct 19–25: 4; Oct 26 – Nov 1: 6.
    assert [(w["start"], w["end"], w["count"], w["complete"]) for w in doc["before"]] == [
        ("2026-10-05", "2026-10-11", None, False),
        ("2026-10-12", "2026-10-18", 3, False),
        ("2026-10-19", "2026-10-25", 4, True),
        ("2026-10-26", "2026-11-01", 6, True),
    ]
    # From Nov 2: 2, 1, 1, and Nov 23–29 is under way today (1 so far, not in the mean).
    assert [(w["start"], w["count"], w["complete"]) for w in doc["after"]] == [
        ("2026-11-02", 2, True), ("2026-11-09", 1, True), ("2026-11-16", 1, True),
        ("2026-11-23", 1, False)]  # fmt: skip
    # Means: (4 + 6) / 2 = 5, (2 + 1 + 1) / 3 = 1.3333; change −3.6667, −73.33 %.
    assert (doc["category"], doc["action_id"], doc["done_day"], doc["weeks"]) == (
        "物流", 1, "2026-11-02", 4)  # fmt: skip
    assert (doc["before_weekly_mean"], doc["after_weekly_mean"]) == (5, 1.3333)
    assert (doc["change"], doc["change_pct"]) == (-3.6667, -0.7333)


def test_impact_with_two_weeks_and_another_spelling(run: Run, loop: None) -> None:
    r = run("feedback", "impact", " 物流 ", "--weeks", "2", "--json")
    doc = json.loads(r.stdout)
    # Before: Oct 19–25 (4), Oct 26 – Nov 1 (6) → 5; after: Nov 2–8 (2), Nov 9–15 (1) → 1.5.
    assert (doc["before_weekly_mean"], doc["after_weekly_mean"], doc["change"]) == (5, 1.5, -3.5)


def test_impact_table(run: Run, loop: None) -> None:
    r = run("feedback", "impact", "物流")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0] == "Impact  物流  action #1 换快递公司  done 2026-11-02"
    assert r.stdout.splitlines()[-1] == "Result  5 a week before → 1.33 after (-73%)"


@pytest.mark.parametrize(
    ("before", "after", "english", "chinese"),
    [
        ((4, 5), (1, 1, 1, 2), "4.5 a week before → 1.25 after (-72%)",
         "之前每周 4.5 → 之后 1.25（-72%）"),
        ((0, 0), (2, 2), "0 a week before → 2 after (+2)", "之前每周 0 → 之后 2（+2）"),
        ((None,), (1, 2), "no feedback before → 1.5 a week after", "之前没有反馈 → 之后每周 1.5"),
        ((3,), (None,), "3 a week before → no full week after yet", "之前每周 3 → 之后还不满一周"),
        ((None,), (None,), "no feedback before, no full week after yet",
         "之前没有反馈，之后还不满一周"),
    ],
)  # fmt: skip
def test_an_improvement_reads_as_a_sentence_in_both_languages(
    before: tuple[int | None, ...], after: tuple[int | None, ...], english: str, chinese: str
) -> None:
    from datetime import date

    from opslog.domain.feedback import Impact, Window
    from opslog.i18n import set_language
    from opslog.render.words import improvement_result

    day = date(2026, 11, 2)
    windows = lambda counts: [Window(day, day, n, n is not None) for n in counts]  # noqa: E731
    impact = Impact("物流", day, len(before), windows(before), windows(after))
    assert improvement_result(impact) == english
    set_language("zh")
    assert improvement_result(impact) == chinese


def test_impact_needs_a_linked_done_action(run: Run) -> None:
    run("feedback", "add", "慢", "--category", "物流")
    r = run("feedback", "impact", "物流")
    assert r.exit_code == 1 and "no action is linked to '物流'" in r.stderr
    run("action", "add", "换快递公司")
    run("feedback", "link", "物流", "--action", "1")
    r = run("feedback", "impact", "物流")
    assert r.exit_code == 1 and "no action linked to '物流' is done yet (#1)" in r.stderr


def test_link_twice_keeps_one_link_and_a_missing_action_is_named(
    run: Run, db_path: Path, loop: None
) -> None:
    r = run("feedback", "link", "物流", "--action", "1")
    assert "already addresses" in r.stderr
    assert rows(db_path, "SELECT category FROM feedback_link") == [("物流",)]
    r = run("feedback", "link", "物流", "--action", "9")
    assert (r.exit_code, r.stderr.strip()) == (1, "opslog: no action with id 9")
    r = run("feedback", "link", "物流")
    assert r.exit_code == 2 and "give one of --action ID or --risk ID" in r.stderr


def test_a_risk_can_be_linked(run: Run, db_path: Path) -> None:
    run("risk", "add", "快递罢工", "-p", "2", "-i", "4")
    r = run("feedback", "link", "物流", "--risk", "1")
    assert r.exit_code == 0, r.stderr
    got = rows(db_path, "SELECT l.category, r.title FROM feedback_link l"
               " JOIN risk r ON r.uid = l.risk_uid")  # fmt: skip
    assert got == [("物流", "快递罢工")]


def test_the_week_has_a_feedback_section(run: Run, loop: None) -> None:
    doc = json.loads(run("week", "-f", "json").stdout)
    assert doc["feedback"] == {
        "total": 13,
        "previous": 1,
        "change": 12,
        "categories": [
            {"category": "尺码", "count": 12, "previous": 0, "change": 12,
             "sentiment": {"pos": 0.0, "neu": 0.0, "neg": 1.0}},
            {"category": "物流", "count": 1, "previous": 1, "change": 0,
             "sentiment": {"pos": 1.0, "neu": 0.0, "neg": 0.0}},
        ],
        "channels": [{"channel": "评价", "count": 12}, {"channel": "客服热线", "count": 1}],
        "new_categories": ["尺码"],
        "improvements": [
            {"category": "物流", "action_id": 1, "done_day": "2026-11-02",
             "before_weekly_mean": 5, "after_weekly_mean": 1.3333, "change": -3.6667},
        ],
    }  # fmt: skip


def test_the_week_in_markdown_and_as_a_table(run: Run, loop: None) -> None:
    md = run("week", "-f", "markdown").stdout
    section = md[md.index("## Customer feedback") : md.index("## Stats")]
    assert section == (
        "## Customer feedback\n\n"
        "| Category | Count | Previous | Change |\n"
        "|---|---:|---:|---:|\n"
        "| 尺码 (new) | 12 | 0 | +12 |\n"
        "| 物流 | 1 | 1 | 0 |\n"
        "| **Total** | **13** | 1 | +12 |\n\n"
        "Channels: 评价 12, 客服热线 1\n\n"
        "### Improvements\n\n"
        "- 物流: #1 换快递公司 (done 2026-11-02): 5 a week before → 1.33 after (-73%)\n\n"
    )
    table = run("week").stdout
    assert "Customer feedback" in table and "Improvements" in table
    assert "Channels  评价 12  客服热线 1" in table


def test_a_week_without_feedback_shows_no_section(run: Run) -> None:
    run("note", "quiet week")
    assert "Customer feedback" not in run("week").stdout
    assert "Customer feedback" not in run("week", "-f", "markdown").stdout
    doc = json.loads(run("week", "-f", "json").stdout)
    empty: dict[str, list[object]] = {"categories": [], "channels": [], "new_categories": [],
                                      "improvements": []}  # fmt: skip
    assert doc["feedback"] == {"total": 0, "previous": 0, "change": 0, **empty}


def test_chinese_interface(run: Run, loop: None) -> None:
    md = run("week", "-f", "markdown", env={"OPSLOG_LANG": "zh"}).stdout
    assert "## 客户反馈" in md and "### 改进成果" in md


DAY = "done\nno blockers\nplan\n4\nn\n"  # done, blockers, plan, mood, no new risk


def test_the_checkin_asks_for_customer_feedback_after_risks(
    run: Run, db_path: Path, stdin_tty: Terminal
) -> None:
    # A count of 0 is asked again; Enter on the sentiment leaves it empty.
    answers = "配送太慢\n物流\n客服热线\n0\n2\nneg\n尺码偏小\n尺码\n\n\n\n\n"
    r = run("checkin", "--date", "wed", input=DAY + answers)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.index("Any new risk?") < r.stderr.index("Any customer feedback on Wed 11-25?")
    assert "More customer feedback?" in r.stderr and "bad count '0'" in r.stderr
    assert "2 feedback" in r.stderr
    assert rows(db_path, "SELECT day, text, category, channel, count, sentiment FROM feedback") == [
        ("2026-11-25", "配送太慢", "物流", "客服热线", 2, "neg"),
        ("2026-11-25", "尺码偏小", "尺码", "", 1, None),
    ]


def test_enter_skips_the_feedback_question(run: Run, db_path: Path, stdin_tty: Terminal) -> None:
    r = run("checkin", input=DAY + "\n")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(0,)]
    assert rows(db_path, "SELECT done FROM checkin") == [("done",)]


CS_EXPORT = (
    "工单编号,日期,渠道,问题类型,内容,情绪\r\n"
    "GD1,2026/11/23 09:15,客服热线,物流,配送太慢，等了5天,负面\r\n"
    "GD2,2026-11-23,客服热线,物流,配送太慢，等了5天,负面\r\n"  # alike, another customer
    "GD3,2026年11月24日,评价,尺码,\"偏小,\n建议拍大一码\",中性\r\n"  # a newline in a cell
    "GD4,2026-11-25,在线客服, LOGISTICS ,late parcel,\r\n"
)


@pytest.fixture
def export_file(tmp_path: Path) -> Path:
    path = tmp_path / "cs-export.csv"
    path.write_bytes(CS_EXPORT.encode("gbk"))  # as Chinese Excel saves it
    return path


def test_import_a_gbk_export_with_chinese_headers(
    run: Run, db_path: Path, export_file: Path
) -> None:
    run("feedback", "add", "slow", "--category", "Logistics")  # known: LOGISTICS is it
    r = run("feedback", "import", str(export_file), "--map", "渠道=channel",
            "--map", "问题类型=category", "--map", "内容=text", "--map", "日期=day")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "imported 4 feedback records (0 already there)" in r.stderr
    sql = "SELECT day, channel, category, text, count, sentiment FROM feedback WHERE id > 1"
    assert rows(db_path, sql) == [
        ("2026-11-23", "客服热线", "物流", "配送太慢，等了5天", 1, "neg"),
        ("2026-11-23", "客服热线", "物流", "配送太慢，等了5天", 1, "neg"),
        ("2026-11-24", "评价", "尺码", "偏小,\n建议拍大一码", 1, "neu"),
        ("2026-11-25", "在线客服", "Logistics", "late parcel", 1, None),
    ]
    again = run("feedback", "import", str(export_file), "--map", "内容=text")  # found by name
    assert "imported 0 feedback records (4 already there)" in again.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(5,)]


def test_import_matched_by_ticket_number(run: Run, db_path: Path, export_file: Path) -> None:
    r = run("feedback", "import", str(export_file), "--id-column", "工单编号")
    assert "imported 4 feedback records" in r.stderr, r.stderr
    export_file.write_bytes(CS_EXPORT.replace("late parcel", "late parcel (edited)").encode("gbk"))
    r = run("feedback", "import", str(export_file), "--id-column", "工单编号")
    assert "imported 0 feedback records (4 already there)" in r.stderr


def test_a_bad_row_is_named_and_nothing_is_imported(
    run: Run, db_path: Path, export_file: Path
) -> None:
    export_file.write_bytes((CS_EXPORT + "GD5,2026-11-26,邮件,物流,x,很生气\r\n").encode("gbk"))
    r = run("feedback", "import", str(export_file))
    assert r.exit_code == 2
    assert "line 7, column '情绪': bad sentiment '很生气'" in r.stderr, r.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(0,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--map", "内容=mood"), "the field is one of"), (("--map", "备注=text"), "no column '备注'"),
     (("--date-format", "%H"), "bad --date-format"), (("--encoding", "klingon"), "bad --encoding")],
)  # fmt: skip
def test_bad_import_options_exit_2(
    run: Run, db_path: Path, export_file: Path, args: tuple[str, ...], message: str
) -> None:
    r = run("feedback", "import", str(export_file), *args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback") == []


def test_the_example_export_imports_whole(run: Run, db_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "cs-export.csv"
    lines = example.read_bytes().decode("gbk").count("\r\n") - 1  # the header
    r = run("feedback", "import", str(example), "--id-column", "工单编号")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT count(*), min(day), max(day) FROM feedback") == [
        (lines, "2026-10-12", "2026-11-27")]  # fmt: skip


def test_the_week_in_chat_has_the_feedback(run: Run, loop: None) -> None:
    # W48: 尺码 12 (new) and 物流 1, against W47's 物流 1. Action 1 (done Nov 2): before,
    # Oct 19–25 4 and Oct 26–Nov 1 6 → 5 (Oct 12–18 holds the first feedback, Oct 14:
    # left out); after, Nov 2–8 2, Nov 9–15 1, Nov 16–22 1 → 4/3.
    out = run("week", "--format", "chat").stdout
    part = out[out.index("## Customer feedback") : out.index("## Numbers")]
    assert part.splitlines()[2:] == [
        "- Total 13 (previous 1, +12)",
        "- 尺码 (new): 12 (previous 0, +12)",
        "- 物流: 1 (previous 1, 0)",
        "- Channels: 评价 12, 客服热线 1",
        "- Improvement: 物流 ← #1 换快递公司 (done 2026-11-02): 5 a week before → 1.33 after"
        " (-73%)",
        "",
    ]
    zh = run("week", "--format", "chat", env={"OPSLOG_LANG": "zh"}).stdout
    assert "## 客户反馈\n\n- 合计 13（上期 1，+12）\n- 尺码（新增）：12（上期 0，+12）" in zh
    assert (
        "- 改进成果：物流 ← #1 换快递公司（2026-11-02 完成）：之前每周 5 → 之后 1.33（-73%）"
        in (zh)
    )


@pytest.mark.parametrize("yes", ["y", "yes", "是", "有"])
def test_a_yes_to_the_feedback_question_asks_for_the_text(
    run: Run, db_path: Path, stdin_tty: Terminal, yes: str
) -> None:
    # It follows "Any new risk? [y/N]": a "y" is an answer to the question, not the
    # customer's words.
    r = run("checkin", input=DAY + f"{yes}\n配送太慢\n物流\n\n\n\n\n")
    assert r.exit_code == 0, r.stderr
    assert "Feedback:" in r.stderr
    assert rows(db_path, "SELECT text, category FROM feedback") == [("配送太慢", "物流")]


@pytest.mark.parametrize("no", ["n", "no", "否", "没有"])
def test_a_no_to_the_feedback_question_skips_it(
    run: Run, db_path: Path, stdin_tty: Terminal, no: str
) -> None:
    r = run("checkin", input=DAY + f"{no}\n")
    assert r.exit_code == 0, r.stderr
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(0,)]


def test_the_saved_line_is_all_chinese_in_chinese(run: Run) -> None:
    zh = {"OPSLOG_LANG": "zh"}
    r = run("feedback", "add", "尺码偏小", "--channel", "评价", "--category", "尺码", env=zh)
    assert r.stderr == "已保存反馈 1（2026-11-27）：尺码 ×1（来自 评价）\n"
    r = run("feedback", "add", "包装破了", env=zh)
    assert r.stderr == "已保存反馈 2（2026-11-27）：未分类 ×1\n"
    assert "尺码 ×1（来自 评价）" in run("log", env=zh).stdout


def test_sentiment_words_in_chinese(run: Run, loop: None) -> None:
    zh = {"OPSLOG_LANG": "zh"}
    lines = run("feedback", "top", "last", "month", env=zh).stdout.splitlines()
    assert lines[3].split()[-2:] == ["负面", "100%"]
    assert " neg" not in run("feedback", "list", "--since", "2026-10-01", env=zh).stdout
    assert "负面 100%" in run("report", "last", "month", "--format", "html", env=zh).stdout
