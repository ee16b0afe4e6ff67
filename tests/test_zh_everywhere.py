"""With lang = "zh" a user reads no English sentence (issue 15 item 1): every command's
help, confirmations, errors and hints, the questions of the interactive flows, empty
states and the table, Markdown and chat views. Identifiers stay as they are: commands
and options, kinds, formats, statuses a user types, JSON keys (JSON output is not read
here: it is the English contract).

The check: after taking out commands (`opslog …`), options, metavars, quoted examples and
a list of identifiers, no English word is left."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer

from tests.conftest import Run

# Words a Chinese user still reads, because they are typed or are names.
IDENTIFIERS = {
    "feedback_link",
    "reading",
    "count",
    "feedback",
    "top",
    "link",
    "impact",
    "pos",
    "neu",
    "neg",
    "period",
    "category",
    "channel",
    "sentiment",
    "config",
    "send",
    "secure",
    "team",
    "chat",
    "slack",
    "webhook",
    "toml",
    "status",
    "cron",
    "wed",
    "thu",
    "tue",
    "sat",
    "sun",
    "note",
    "checkin",
    "week",
    "goal",
    "progress",
    "risk",
    "risk_review",
    "retro",
    "action",
    "log",
    "search",
    "export",
    "import",
    "edit",
    "rm",
    "backup",
    "info",
    "help",
    "dates",
    "jsonl",
    "jrnl",  # a tool's name (import --from jrnl)
    "json",
    "csv",
    "markdown",
    "table",
    "open",
    "mitigated",
    "closed",
    "done",
    "dropped",
    "active",
    "none",
    "this",
    "last",
    "next",
    "fri",
    "mon",
    "yesterday",
    "today",
    "tomorrow",
    "ago",
    "days",
    "day",
    "in",
    "weeks",
    "sqlalchemy",
    "sqlite",
    "postgresql",
    "url",
    "utf",
    "bom",
    "excel",
    "iso",
    "stdin",
    "stdout",
    "visual",
    "editor",
    "shell",
    "jq",
    "pbcopy",
    "nano",
    "ssh",
    "lin",
    "laptop",
    "monday",
    "sunday",
    "en",
    "zh",
    "opslog",
    "db",
    "author",
    "lang",
    "week_start",
    "stale_days",
    "sync_warning",
    "true",
    "false",
    "dynamic",
    "id",
    "ids",
    "tsv",
    "ok",
    "uid",
    "add",
    "list",
    "show",
    "update",
    "close",
    "matrix",
    "drop",
    "kib",
    "trigram",
    "fts5",
    "due",
    "report",
    "kpi",
    "record",
    "archive",
    "rename",
    "authors",
    "html",
    "month",
    "quarter",
    "year",
    "sum",
    "avg",
    "name",
    "date",
    "gb",
    "int",
    "range",
    "ref",
    "text",
    "title",
    "when",
    "file",
    "query",
    "value",
    "topic",
}
# Names and units, in whatever case: a product is called the same in Chinese. Identifiers above
# match only as typed (lower case): a capitalised "Status" or "Closed" is a label.
NAMES = {"sqlite", "sqlalchemy", "postgresql", "excel", "markdown", "slack", "kib"}
WORD = re.compile(r"[A-Za-z][A-Za-z’'_]+")


def english_sentences(text: str) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”", " ", text)  # typed examples, user text
    text = re.sub(r"opslog(?: +[^\s，。；：、（）]+)*", " ", text)  # commands
    text = re.sub(r"(?:~|\.)?/[^\s（）()]*", " ", text)  # paths
    text = re.sub(r"(?<!\w)--?[A-Za-z][\w-]*", " ", text)  # options
    text = re.sub(r"\$\w+|<\w+>|\[[A-Z_ .]+\]|\b[A-Z][A-Z_0-9]+\b", " ", text)  # metavars, env vars
    return [w for w in WORD.findall(text) if w not in IDENTIFIERS and w.lower() not in NAMES]


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OPSLOG_LANG", "zh")
    monkeypatch.setenv("OPSLOG_AUTHOR", "林")  # data, in Chinese, so that any English is ours
    yield
    from opslog.i18n import set_language

    set_language("en")


def command_paths() -> list[list[str]]:
    from opslog.cli.app import make_app

    paths: list[list[str]] = [[]]

    def walk(cmd: object, path: list[str]) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            paths.append([*path, name])
            walk(sub, [*path, name])

    walk(typer.main.get_command(make_app()), [])
    return paths


def test_the_detector_finds_english_and_spares_identifiers() -> None:
    assert english_sentences("note 1 saved for 2026-11-27") == ["saved", "for"]
    assert english_sentences("已保存笔记 1（2026-11-27）") == []
    assert english_sentences("用法：opslog note [OPTIONS] [text]... 可以写 3 days ago") == []
    assert english_sentences("Nothing logged this week yet") == ["Nothing", "logged", "yet"]


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "opslog")
def test_help_of_every_command_is_chinese(zh: None, run: Run, path: list[str]) -> None:
    r = run(*path, "--help")
    assert r.exit_code == 0, r.stderr
    assert english_sentences(r.stdout) == [], r.stdout


def logbook(run: Run) -> None:
    for args in (
        ("note", "双12 预热页上线了#双12。"),
        ("checkin", "--date", "昨天", "--done", "尺码表", "--blocker", "客服导出", "--mood", "3"),
        ("goal", "add", "退货率", "--metric", "退货率", "--baseline", "8", "--target", "5",
         "--due", "2026-12-31", "--start", "2026-11-01"),
        ("goal", "checkin", "1", "7.4", "--date", "周一", "--confidence", "6"),
        ("risk", "add", "配送投诉", "-p", "4", "-i", "4", "--owner", "王", "--review-by", "周五"),
        ("retro", "add", "--well", "按时上线", "--improve", "数据晚了",
         "--action", "复盘 @赵 due:下周五"),
        ("action", "add", "给供应商打电话 @王"),
        ("checkin", "--done", "发完周报", "--mood", "4", "--goal", "1=7.1"),
    ):  # fmt: skip
        r = run(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert english_sentences(r.stderr) == [], (args, r.stderr)


# What a user reads after the logbook above: views, confirmations, and errors.
VIEWS = [
    ("week",), ("week", "-f", "markdown"), ("week", "上周"), ("week", "--team"),
    ("log",), ("log", "--kind", "note"), ("search", "退货"), ("search", "没有这个词"),
    ("goal", "list"), ("goal", "show", "1"), ("risk", "list"), ("risk", "show", "1"),
    ("risk", "matrix"), ("retro", "list"), ("retro", "show"), ("action", "list"), ("info",),
    ("export", "-f", "markdown"), ("report",), ("report", "-f", "markdown"), ("kpi", "list"),
    ("week", "-f", "chat"),
]  # fmt: skip
CHANGES = [
    ("goal", "edit", "1", "--title", "退货率下降"),
    ("risk", "update", "1", "--probability", "2", "--note", "第二家供应商签了"),
    ("action", "done", "2"),
    ("risk", "close", "1", "--note", "活动结束"),
    ("goal", "done", "1"),
    ("rm", "note", "1", "--yes"),
]
ERRORS = [
    ("note", "x", "--date", "周八"), ("note", "   "), ("goal", "show", "9"),
    ("goal", "checkin", "1", "abc"), ("risk", "add", "r", "-p", "9", "-i", "1"),
    ("week", "第60周"), ("action", "add", "@甲 @乙 x"),
    ("export", "-f", "xml"), ("import", "/nonexistent.jsonl"),
    ("rm", "note", "1"), ("checkin", "--mood", "9"), ("edit", "note", "99"),
    ("log", "--kind", "nope"), ("retro", "show", "上上上周"), ("search", " "),
]  # fmt: skip
# Click's usage errors are said by main() (the CliRunner shows Click's own form).
USAGE = [
    ("note", "--nope"), ("goal", "add", "g"), ("log", "-f", "markdown"), ("nope",),
    ("checkin", "--mood", "x"), ("goal", "show"), ("note", "x", "extra", "--date"),
]  # fmt: skip
EMPTY = [
    ("week",), ("goal", "list"), ("risk", "list"), ("retro", "list"), ("action", "list"),
    ("log",), ("search", "退货"), ("retro", "show"), ("risk", "matrix"), ("kpi", "list"),
    ("report",),
]  # fmt: skip


def english_in(run: Run, cases: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], str]]:
    found = []
    for args in cases:
        r = run(*args)
        out = r.stdout + r.stderr
        if english_sentences(out):
            found.append((args, out))
    return found


def test_empty_states_are_chinese(zh: None, run: Run) -> None:
    assert english_in(run, EMPTY) == []


def test_confirmations_views_and_errors_are_chinese(zh: None, run: Run) -> None:
    logbook(run)
    assert english_in(run, [*VIEWS, *CHANGES, *ERRORS]) == []


# Every field a show view can have: a closed goal with a why, an archived KPI, a risk
# reviewed, feedback; labels are capitalised, so an untranslated one is caught even where
# its word is an identifier ("Status", "Closed").
SHOWN = [
    ("goal", "add", "退货率", "--metric", "退货率", "--baseline", "8", "--target", "5",
     "--due", "2026-12-31", "--start", "2026-11-01", "--owner", "王", "--why", "成本"),
    ("goal", "checkin", "1", "7.4", "--confidence", "6"), ("goal", "done", "1"),
    ("goal", "show", "1"), ("goal", "list"),
    ("kpi", "add", "流量", "--keep-above", "100", "--why", "重要"), ("kpi", "add", "订单"),
    ("kpi", "record", "流量", "120"), ("kpi", "archive", "2"), ("kpi", "show", "1"),
    ("kpi", "show", "2"), ("kpi", "list"), ("kpi", "list", "--all"),
    ("risk", "add", "配送", "-p", "3", "-i", "4"), ("risk", "update", "1", "-p", "2"),
    ("risk", "show", "1"), ("risk", "list"), ("risk", "close", "1"), ("risk", "show", "1"),
    ("feedback", "add", "太慢", "-c", "热线", "-k", "物流", "-s", "neg"),
    ("feedback", "list"), ("feedback", "top"), ("action", "add", "换快递 @王"),
    ("action", "done", "1"), ("action", "list", "--all"), ("log",),
]  # fmt: skip


def test_show_views_label_every_field_in_chinese(zh: None, run: Run) -> None:
    assert english_in(run, SHOWN) == []


@pytest.mark.usefixtures("stdin_tty")
def test_interactive_flows_ask_in_chinese(zh: None, run: Run) -> None:
    logbook(run)
    flows = [
        (("checkin",), "完成了\n-\n明天\nx\n4\n7.0\n2\ny\n新风险\n4\n9\n3\n\n\n", "今天完成"),
        (("retro", "add"), "好\n\n改进\n\n行动 @甲 @乙\n行动 @甲\n\n", "做得好 1"),
        (("rm", "note", "1"), "n\n", "没有删除任何东西"),
    ]
    for args, answers, asked in flows:
        r = run(*args, input=answers)
        assert asked in r.stderr, (args, r.stderr)
        assert english_sentences(r.stdout + r.stderr) == [], (args, r.stderr)


def test_usage_errors_are_chinese(
    zh: None, db_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from opslog.cli.app import main

    found = []
    for args in USAGE:
        monkeypatch.setattr("sys.argv", ["opslog", *args])
        with pytest.raises(SystemExit) as done:
            main()
        out = capsys.readouterr()
        assert done.value.code == 2 and out.err.startswith("opslog: "), (args, out.err)
        if english_sentences(out.err):
            found.append((args, out.err))
    assert found == []
