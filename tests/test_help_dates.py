"""`opslog help dates`: every date form, in the user's language, with what a few of them
mean today (issue 15 item 6)."""

from __future__ import annotations

from tests.conftest import Run

# Friday 2026-11-27, counted by hand: next week's Friday, last week's Friday, 3 days ago.
TODAY_EN = (
    "Today is 2026-11-27: fri = 2026-11-27, next fri = 2026-12-04, 上周五 = 2026-11-20, "
    "3天前 = 2026-11-24, 3 days ago = 2026-11-24, W48 = 2026-11-23, 上个月 = 2026-10-01.\n"
)


def test_help_dates_in_english_lists_chinese_forms_too(run: Run) -> None:
    r = run("help", "dates")
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.startswith("Dates: what --date, --since, --until, --due")
    for form in (
        "next fri  下周五",
        "3天前  三天前",
        "本周  这周  上周",
        "2026年第四季度",
        "due:next-fri",
    ):
        assert form in r.stdout, form
    assert r.stdout.endswith(TODAY_EN)


def test_help_dates_in_chinese(run: Run) -> None:
    r = run("help", "dates", env={"OPSLOG_LANG": "zh"})
    assert r.exit_code == 0
    assert r.stdout.startswith("日期：--date、--since、--until、--due")
    assert "下周五  next fri                        下一周的那一天" in r.stdout
    assert r.stdout.endswith("今天是 2026-11-27：fri = 2026-11-27、next fri = 2026-12-04、"
                             "上周五 = 2026-11-20、3天前 = 2026-11-24、3 days ago = 2026-11-24、"
                             "W48 = 2026-11-23、上个月 = 2026-10-01。\n")  # fmt: skip
    assert "Dates:" not in r.stdout


def test_an_unknown_topic_is_refused_with_the_list(run: Run) -> None:
    r = run("help", "nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        2,
        "",
        "opslog: no help topic 'nope': there is dates\n",
    )
    r = run("help", "nope", env={"OPSLOG_LANG": "zh"})
    assert r.stderr == "opslog: 没有帮助主题 'nope'：现有 dates\n"
