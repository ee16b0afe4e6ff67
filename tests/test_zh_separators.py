"""Chinese views put full-width separators after Chinese words: "计算方式：求和", not
"计算方式: 求和"; a list "A、B", not "A, B"; brackets "物流（新增）", not "物流 (新增)".
The separators come from the catalogue (i18n.colon, comma, joined and aside: its
SEPARATORS table), so English is unchanged. The everyday views, on a terminal and in a
pipe, on the sample logbook; user text that has a half-width colon, comma or bracket of
its own after a Chinese character ("2件9折, 3件85折", "after 双11 (快递延误)") is the
user's and is left out.
The piped log and search (tab-separated, for cut and awk), JSON and CSV are not views."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from opslog.terminal import Terminal
from tests.conftest import Run

SAMPLE = Path(__file__).parent.parent / "examples" / "sample.jsonl"

VIEWS = [
    "week", "week last", "week --format markdown", "week --format chat", "week --team",
    "report 2026-11", "report 2026-11 --team", "report 2026-11 --format markdown",
    "report 2026-11 --format chat", "goal list", "goal show 1", "goal show 2", "risk list",
    "risk show 1", "risk show 2", "action list --all", "retro show 2026-W47", "kpi list",
    "kpi show 1", "kpi show 3", "kpi show 转化率", "feedback list", "feedback top",
    "feedback impact 物流", "author list", "team status", "team status last", "info",
    "export --format markdown", "week --team --format markdown", "week --team --format chat",
    "week --format html", "report 2026-11 --format html",
]  # fmt: skip
ON_A_TERMINAL = ["log", "log --kind goal", "search refund"]  # a table there, not tab-separated

CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"  # a character or full-width punctuation
HALF_WIDTH = re.compile(
    rf"{CHINESE} ?[:,](?=\s|$|[^\d/])"  # perhaps a space, then : or ,
    rf"|{CHINESE} ?\(|\( ?{CHINESE}|{CHINESE} ?\)"  # a bracket touching one
    rf"|\([^()]*{CHINESE}[^()]*\)"  # or around one: (#2、#3), (@lin，截止 11-25)
)


def half_width(text: str, user_text: str) -> list[str]:
    """The lines with a half-width colon, comma or bracket after (or brackets around) a
    Chinese character that the user did not type there."""
    found = []
    for line in text.splitlines():
        for m in HALF_WIDTH.finditer(line):
            end = m.end() + (not m.group().endswith(")"))  # the next character, or the )
            if line[m.start() : end] not in user_text:
                found.append(line.strip()[:120])
                break
    return found


def test_the_check_sees_half_width_separators() -> None:
    user = "双12 bundles: 2件9折, 3件85折"
    assert half_width("计算方式: 求和\n计算方式：求和\n原因, 结果", user) == [
        "计算方式: 求和", "原因, 结果"]  # fmt: skip
    assert half_width(user, user) == [] and half_width("2026-11-27 18:00", user) == []
    user = "Delivery-speed complaints after 双11 (快递延误)"
    seen = half_width(
        "物流 (新增)\nL 低 (≤4)  M 中 (5–9)\n新增 2 (#2、#3)\n#7 offers (@lin，截止 11-25)\n"
        "物流（新增）\nL 低（≤4）\n按期完成 4/5 (80%)\n数据 a.db (SQLite 3.40.1, 472 KiB)\n"
        f"{user}：3×4=12 高\n{user}",
        user,
    )
    assert seen == ["物流 (新增)", "L 低 (≤4)  M 中 (5–9)", "新增 2 (#2、#3)",
                    "#7 offers (@lin，截止 11-25)"]  # fmt: skip


def test_the_separators_are_unchanged_in_english() -> None:
    from opslog.i18n import aside, colon, comma, joined, set_language

    set_language("en")
    assert (colon(), comma(), joined(["a", "b"]), aside("new")) == (": ", ", ", "a, b", " (new)")
    set_language("zh")
    try:
        assert (colon(), comma(), joined(["甲", "乙"]), aside("新增")) == (
            "：", "，", "甲、乙", "（新增）")  # fmt: skip
    finally:
        set_language("en")


def test_chinese_views_use_full_width_separators(
    run: Run, terminal: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("import", str(SAMPLE)).exit_code == 0
    lin = {"OPSLOG_AUTHOR": "lin"}
    assert run("feedback", "add", "物流慢", "--category", "物流", env=lin).exit_code == 0
    assert run("feedback", "link", "物流", "--action", "2", env=lin).exit_code == 0
    user_text = SAMPLE.read_text(encoding="utf-8")
    monkeypatch.setenv("PAGER", "cat")
    terminal.color = False  # the separators, not colour codes, next to the words
    found: dict[str, list[str]] = {}
    for tty in (False, True):
        terminal.stdout = tty
        for command in VIEWS + (ON_A_TERMINAL if tty else []):
            r = run(*shlex.split(command), env={"OPSLOG_LANG": "zh", **lin})
            assert r.exit_code == 0, (command, r.stderr)
            lines = half_width(r.stdout + r.stderr, user_text)
            if lines:
                found[f"{command} ({'terminal' if tty else 'pipe'})"] = lines[:4]
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_a_chinese_team_reads_in_full_width(run: Run) -> None:
    """What the sample logbook does not show: Chinese authors listed in a title (张三、李四),
    a goal's unit after a Chinese metric (销售额（万元）), a stale goal (（久未更新）) and what
    another author did (（由 李四 记录）)."""
    zhang, li = {"OPSLOG_AUTHOR": "张三"}, {"OPSLOG_AUTHOR": "李四"}
    for title, start in (("周销售额", "2026-11-02"), ("复购率", "2026-11-02")):
        r = run("goal", "add", title, "-m", "销售额", "-u", "万元", "--baseline", "100",
                "--target", "120", "--due", "2026-12-31", "--start", start, env=zhang)  # fmt: skip
        assert r.exit_code == 0, r.stderr
    assert run("goal", "checkin", "1", "104", "-d", "2026-11-10", env=zhang).exit_code == 0
    assert run("goal", "checkin", "2", "112", "-d", "2026-11-26", env=li).exit_code == 0
    assert run("action", "add", "联系供应商", env=zhang).exit_code == 0
    assert run("action", "done", "1", env=li).exit_code == 0
    assert run("checkin", "--done", "发完周报", env=li).exit_code == 0

    def zh(*args: str) -> str:
        r = run(*args, env={**zhang, "OPSLOG_LANG": "zh"})
        assert r.exit_code == 0, r.stderr
        return r.stdout

    show = zh("goal", "show", "1")
    assert "销售额（万元）" in show and "数值（万元）" in show, show
    for fmt in ("table", "markdown", "html"):
        week = zh("week", "--format", fmt)
        assert "（久未更新）" in week and "(久未更新)" not in week, (fmt, week)
        assert "（由 李四 记录）" in week, (fmt, week)
        if fmt != "markdown":  # the team's Markdown has no title naming everyone
            team = zh("report", "2026-11", "--team", "--format", fmt)
            assert "张三、李四" in team and "张三, 李四" not in team, (fmt, team)
    chat = zh("week", "--format", "chat")
    assert "✓ #1 联系供应商（由 李四 记录）" in chat, chat


# What a command says listing things, on stderr (`help dates` on stdout): (what comes
# first, the command, what it says in English, in Chinese). The catalogue's separators
# here too (i18n.joined and aside), English as it was.
SAID = [
    ([], "team add 张三 李四", "added to the team: 张三, 李四", "已加入团队：张三、李四"),
    (["team add 张三 李四"], "team rm 张三 李四", "removed from the team: 张三, 李四",
     "已从团队移除：张三、李四"),
    (["kpi add 流量"], "kpi edit 流量 --unit 次 --why 看板", "KPI 1 流量 updated: unit, why",
     "已更新 KPI 1 流量：unit、why"),
    (["kpi add 流量", "kpi add 订单"], "kpi import {dir}/k.csv --map a=流量 --map b=订单",
     "columns a→流量, b→订单", "列 a→流量、b→订单"),
    (["kpi add 流量"], "kpi import {dir}/k.csv --map a=流量",
     "ignored columns (map them with --map COLUMN=KPI): b, c", "映射）：b、c"),
    (["note 备货", "checkin --done 发货"], "author rename ann 张三",
     "renamed ann to 张三: note 1, checkin 1", "已把 ann 改名为 张三：笔记 1、打卡 1"),
    ([], "import {dir}/e.jsonl", "(note 1, checkin 1)", "（笔记 1、打卡 1）"),
    (["note 备货", "checkin --done 发货"], "--author bob week",
     "others wrote in it: ann (2).", "其他人有：ann（2）。"),
    (["retro add --well 好 --action 联系 --action 备货", "team add bob"],
     "--author bob action list", "others have action records: ann (2).",
     "其他人有行动项记录：ann（2）。"),
    ([], "retro add --well 好 --action 联系 --action 备货", "new action #1, #2",
     "新行动项 #1、#2"),
    ([], "feedback import {dir}/f.csv", "columns: 日期 → day, 内容 → text",
     "列：日期 → day、内容 → text"),
    ([], "log --kind checkin --tag 双11", "--kind checkin", "--kind checkin 一起用"),
    ([], "export --format csv", "(note, checkin, kpi,", "（note、checkin、kpi、"),
    ([], "help dates", "W48 = 2026-11-23, 上个月 =", "W48 = 2026-11-23、上个月 ="),
    ([], "action add '联系 @a @b'", "owners (@a, @b)", "负责人（@a、@b）"),
    ([], "feedback import {dir}/f.csv --map 内容=foo", "one of day, text, channel",
     "应为 day、text、channel"),
    ([], "import {dir}/bad.jsonl", "expected note, checkin, kpi", "应为 note、checkin、kpi"),
    ([], "import {dir}/n.csv --kind note", "(expected some of: id, uid, author",
     "（可用的列：id、uid、author"),
    ([], "kpi add 流量 --agg foo", "expected sum, avg, last", "应为 sum、avg、last"),
    ([], "log --kind foo", "expected one of note, checkin, kpi", "应为 note、checkin、kpi"),
    (["action add 换快递", "action add 退款FAQ", "feedback add 慢 --category 物流",
      "feedback link 物流 --action 1", "feedback link 物流 --action 2"],
     "feedback impact 物流", "is done yet (#1, #2)", "都还没有完成（#1、#2）"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("before", "command", "en", "zh"), SAID, ids=[s[1] for s in SAID])
def test_messages_list_with_the_catalogues_separators(
    run: Run, tmp_path: Path, lang: str, before: list[str], command: str, en: str, zh: str
) -> None:
    (tmp_path / "k.csv").write_text("日期,a,b,c\n2026-11-24,1,2,3\n", encoding="utf-8")
    (tmp_path / "f.csv").write_text("日期,内容\n2026-11-24,配送慢\n", encoding="utf-8")
    (tmp_path / "n.csv").write_text("day,foo\n2026-11-24,x\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"kind": "nope"}\n', encoding="utf-8")
    (tmp_path / "e.jsonl").write_text(
        '{"kind": "note", "day": "2026-11-27", "text": "备货"}\n'
        '{"kind": "checkin", "day": "2026-11-27", "done": "发货"}\n', encoding="utf-8"
    )  # fmt: skip
    for setup in before:
        assert run(*shlex.split(setup)).exit_code == 0, setup
    r = run(*shlex.split(command.format(dir=tmp_path)), env={"OPSLOG_LANG": lang})
    said, out = {"en": en, "zh": zh}[lang], r.stdout + r.stderr
    assert said in out, out
    if lang == "zh":
        assert not re.search(rf"{CHINESE}, ", out), out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_checkin_and_rm_say_it_with_the_catalogues_separators(
    run: Run, stdin_tty: Terminal, lang: str
) -> None:
    """The check-in's feedback question, its new risks, and the record `rm` asks about."""
    two_risks = "y\n供应商延迟\n3\n3\n\n\ny\n快递爆仓\n2\n2\n\n\nn\n\n"
    env = {"OPSLOG_LANG": lang}
    r = run("checkin", input="备货\n\n\n4\n" + two_risks, env=env)
    assert r.exit_code == 0, r.stderr
    asked = run("rm", "checkin", "1", input="n\n", env=env)
    assert asked.exit_code == 0, asked.stderr
    said = {
        "en": ("Any customer feedback today? (Enter skips)", "new risk #1, #2",
               "checkin 1 (2026-11-27): done: 备货"),
        "zh": ("今天有客户反馈吗？（回车跳过）", "新风险 #1、#2",
               "打卡 1（2026-11-27）：已完成：备货"),
    }[lang]  # fmt: skip
    assert said[0] in r.stderr and said[1] in r.stderr, r.stderr
    assert said[2] in asked.stderr, asked.stderr


def test_the_markdown_export_words_a_risk_review_in_chinese(run: Run) -> None:
    """A review's changes '：P 4→3，I 4，未关闭', as the log says them (it said
    'P 4→3, I 4, open': the status in English)."""
    assert run("import", str(SAMPLE)).exit_code == 0
    said = {
        lang: run("export", "--format", "markdown", env={"OPSLOG_LANG": lang}).stdout
        for lang in ("en", "zh")
    }
    assert "(快递延误): P 4→3, I 4, open — second courier live" in said["en"]
    assert "(快递延误)：P 4→3，I 4，未关闭 — second courier live" in said["zh"], said["zh"]
    assert "(快递延误)：P 4, I 3→4, open" not in said["zh"]
