"""The last English words in Chinese errors: where an import names a record ("第 2 行",
was "line 2" inside a Chinese sentence; a CSV row, a record of a JSON document, a jrnl
entry), an action's own name (行动项, was "action"), export's --raw/--excel/--force
refusals, and the fields a goal edit cannot change listed with 、. English byte for
byte as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from opslog.domain.kinds import KINDS
from tests.conftest import Run

EN = {"OPSLOG_LANG": "en"}
ZH = {"OPSLOG_LANG": "zh"}
KNOWN_EN = ", ".join(KINDS)
KNOWN_ZH = "、".join(KINDS)
NOTE = '{"kind":"note","day":"2026-11-24","text":"a"}\n'

# (stdin, English, Chinese): each layout names the record its own way
FROM_STDIN = [
    ('{"kind":"nope"}\n',  # JSON Lines, the first line
     f"line 1: unknown kind 'nope': expected {KNOWN_EN}",
     f"第 1 行：未知类型 'nope'：应为 {KNOWN_ZH}"),
    (NOTE + '{"kind":"note","day":"2026-11-24","text":"a","x":1}\n',  # the lines after it
     "line 2: note: unknown field 'x'",
     "第 2 行：note：未知字段 'x'"),
    ('{"schema": "opslog.export/1", "records": [\n{"kind":"nope"}\n]}\n',  # export's json
     f"line 2: unknown kind 'nope': expected {KNOWN_EN}",
     f"第 2 行：未知类型 'nope'：应为 {KNOWN_ZH}"),
    ('{"schema": "x", "records": [\n{"kind":"nope"}\n]}\n',
     "line 1: unsupported export schema 'x': expected 'opslog.export/1'",
     "第 1 行：不支持的导出格式 'x'：应为 'opslog.export/1'"),
    ('{"schema":"opslog.export/1",\n "records":[{"kind":"nope"}]}',  # another layout
     f"record 1: unknown kind 'nope': expected {KNOWN_EN}",
     f"第 1 条记录：未知类型 'nope'：应为 {KNOWN_ZH}"),
    ('{"schema":"x",\n "records":[]}',
     "the JSON document: unsupported export schema 'x': expected 'opslog.export/1'",
     "JSON 文档：不支持的导出格式 'x'：应为 'opslog.export/1'"),
    # and what is wrong with a field
    ('{"kind":"checkin","done":"x"}\n',
     "line 1: checkin: missing field 'day'", "第 1 行：checkin：缺少字段 'day'"),
    ('{"kind":"note","day":"2026-13-01","text":"a"}\n',
     "line 1: note: bad day '2026-13-01': not a calendar date",
     "第 1 行：note：day '2026-13-01' 无效：不是真实存在的日期"),
    ('{"kind":"goal","title":"t","metric":"m","baseline":1,"target":2,"start":"2026-11-01",'
     '"due":"2026-12-01","status":"x"}\n',
     "line 1: goal: bad status 'x': expected active, done, dropped",
     "第 1 行：goal：status 'x' 无效：应为 active、done、dropped"),
    ('{"kind":"note","day":"2026-11-24","text":"a","tags":"x"}\n',
     "line 1: note: tags: expected a list of strings, got 'x'",
     "第 1 行：note：tags：应为文字列表，却是 'x'"),
]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "bad.csv").write_text("day,text\n2026-11-24,fine\n2026-11-25,x,extra\n", "utf-8")
    (tmp_path / "mood.csv").write_text("day,mood\n2026-11-24,abc\n", "utf-8")
    entry = {"date": "2026-11-20", "title": "t", "body": "", "tags": "x"}
    (tmp_path / "journal.json").write_text(json.dumps({"entries": [entry]}), "utf-8")
    yield tmp_path


def told(run: Run, env: dict[str, str], *args: str, input: str | None = None) -> str:
    r = run(*args, input=input, env=env)
    assert r.exit_code == 2, (args, r.stderr)
    assert r.stderr.startswith("opslog: ") and r.stderr.count("\n") == 1, r.stderr
    return r.stderr[len("opslog: ") : -1]


@pytest.mark.parametrize(("stdin", "english", "chinese"), FROM_STDIN)
def test_an_import_names_the_line_in_the_users_language(
    run: Run, stdin: str, english: str, chinese: str
) -> None:
    assert told(run, EN, "import", "-", input=stdin) == english
    assert told(run, ZH, "import", "-", input=stdin) == chinese
    assert run("export").stdout == ""


def test_a_csv_row_and_a_jrnl_entry_too(run: Run, files: Path) -> None:
    cases = [
        (("import", str(files / "bad.csv"), "-k", "note"),
         "bad.csv:3: more cells than the header has columns",
         "bad.csv 第 3 行：单元格比表头的列多"),
        (("import", str(files / "mood.csv"), "-k", "checkin"),
         "mood.csv:2: checkin: mood: 'abc' is not a number",
         "mood.csv 第 2 行：checkin：mood：'abc' 不是数字"),
        (("import", "--from", "jrnl", str(files / "journal.json")),
         "journal.json: entry 1: a jrnl entry's tags must be a list of text",
         "journal.json：第 1 条：jrnl 条目的 tags 必须是文字列表"),
    ]  # fmt: skip
    for args, english, chinese in cases:
        assert told(run, EN, *args).endswith(english)  # the path before it: the tmp folder's
        assert told(run, ZH, *args).endswith(chinese)
    assert run("export").stdout == ""


def test_the_place_words_are_looked_up_once_a_file_not_once_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A million-line import names every line: the catalogue is read once per file."""
    import io

    from opslog.i18n import set_language
    from opslog.store import import_read

    looked_up: list[str] = []

    def counting(text: str) -> str:
        looked_up.append(text)
        return {"line {number}": "第 {number} 行"}.get(text, text)

    set_language("zh")
    try:
        monkeypatch.setattr(import_read, "_", counting)
        lines = import_read.Lines(io.BytesIO(NOTE.encode() * 1000))
        places = [where for where, _obj in import_read.read_objects(lines)]
    finally:
        set_language("en")
    assert places[:2] == ["第 1 行", "第 2 行"] and places[-1] == "第 1000 行"
    assert len(looked_up) <= 3



def test_the_records_an_import_skips_are_named_in_the_users_language(run: Run) -> None:
    """One check-in, retro and KPI reading per author and day (week): the file's are
    skipped and listed, in Chinese with the kind's name, full-width separators."""
    run("checkin", "--done", "x", "--no-input", "--date", "2026-11-24")
    run("retro", "add", "--well", "a", "--week", "2026-W48", "--no-input")
    run("kpi", "add", "gmv")
    run("kpi", "record", "gmv", "5", "--date", "2026-11-24")
    kpi = json.loads(run("export", "-k", "kpi").stdout)["uid"]
    records = [{"kind": "checkin", "day": "2026-11-24", "done": "y"},
               {"kind": "retro", "week": "2026-W48", "day": "2026-11-29", "went_well": ["b"]},
               {"kind": "reading", "kpi_uid": kpi, "day": "2026-11-24", "value": 6}]  # fmt: skip
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    english = run("import", "-", input=stdin, env=EN).stderr
    assert english.endswith(
        "kept the existing one (line 1: check-in of ann for 2026-11-24;"
        f" line 3: reading of ann for 2026-11-24 (kpi_uid {kpi}); line 2: retro of ann for"
        " 2026-W48)\n"
    ), english
    chinese = run("import", "-", input=stdin, env=ZH).stderr
    assert chinese.endswith(
        "保留了现有的（第 1 行：打卡，ann，2026-11-24；"
        f"第 3 行：KPI 读数，ann，2026-11-24（kpi_uid {kpi}）；第 2 行：复盘，ann，2026-W48）\n"
    ), chinese

def test_an_action_is_named_in_the_users_language(run: Run) -> None:
    cases = [
        (("action", "add", "@a @b x"), "action '@a @b x' names 2 owners (@a, @b): give one",
         "行动项 '@a @b x' 指定了 2 个负责人（@a、@b）：只能有一个"),
        (("action", "add", "@a"), "action '@a' has no text besides its markers",
         "行动项 '@a' 除了标记没有内容"),
        (("action", "add", " "), "action is empty", "行动项是空的"),
    ]  # fmt: skip
    for args, english, chinese in cases:
        assert told(run, EN, *args) == english
        assert told(run, ZH, *args) == chinese
    # an option is named as typed, in either language
    retro = ("retro", "add", "--well", "ok", "--action", "@a @b x", "--no-input")
    assert told(run, ZH, *retro).startswith("--action '@a @b x' 指定了 2 个负责人")
    assert run("export").stdout == ""


def test_export_refuses_an_option_in_the_users_language(run: Run) -> None:
    cases = [
        (("export", "--raw"), "--raw goes with --format csv only",
         "--raw 只能和 --format csv 一起用"),
        (("export", "-f", "json", "--excel"), "--excel goes with --format csv only",
         "--excel 只能和 --format csv 一起用"),
        (("export", "--force"), "--force goes with --output FILE only",
         "--force 只能和 --output 文件 一起用"),
    ]  # fmt: skip
    for args, english, chinese in cases:
        assert told(run, EN, *args) == english
        assert told(run, ZH, *args) == chinese


def test_a_goal_edit_lists_the_fields_with_the_languages_separator() -> None:
    """Not reachable from the command (it passes only fields it has options for): the
    store's own refusal, raised before it reads anything (hence no connection)."""
    from opslog.errors import BadInput
    from opslog.i18n import set_language
    from opslog.store.goals import edit_goal

    changes = {"status": "done", "author": "bob"}
    with pytest.raises(BadInput) as refused:
        edit_goal(None, 1, changes, "now")  # type: ignore[arg-type]
    assert str(refused.value) == (
        "cannot edit author, status: only title, metric, unit, baseline, target, start, due,"
        " owner"
    )
    set_language("zh")
    try:
        with pytest.raises(BadInput) as refused:
            edit_goal(None, 1, changes, "now")  # type: ignore[arg-type]
    finally:
        set_language("en")
    assert str(refused.value) == (
        "无法修改 author、status：只能修改 title、metric、unit、baseline、target、start、due、owner"
    )
