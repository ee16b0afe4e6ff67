"""Reliability matrix, 2: hostile text stays inert in every view.

Text typed into opslog is shown later, in a terminal, in a Markdown document pasted
into chat, in a spreadsheet, or in JSON read by a script. None of it may act: no Rich
markup or emoji code interpreted, no escape sequence (screen clear, OSC 52 clipboard
write, OSC 8 link), no C1 control, no BEL, no bidi override that reorders what the
reader sees, no `|` or newline that breaks a Markdown table row, no spreadsheet
formula, no raw control character in JSON. And the text must still be there to read:
caret notation, `<U+202E>`, markup shown literally.

First note, checkin and week; then every view of goal, risk, retro, action, log, search
and export, over a logbook where `ann` holds one record of every kind per attack, short
enough that no table cell folds at 200 columns (so each attack can be read back as it
must show), `eve` holds records with every attack at once, multi-line, in every text
field, and a teammate named `=HYPERLINK(…)` and one with a bidi override in the name
write too. Last, the Markdown views read as typed in CommonMark and GFM, and every view
survives any goal number stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.fixtures.display import FRAGMENTS, PAGER_CONTROLS, VISIBLE
from tests.fixtures.harness import FORBIDDEN, SGR, child_env, cli, copy_of, forbidden, opslog
from tests.fixtures.pty_session import run_in_pty

ALL = " ".join(FRAGMENTS.values()) + "\nsecond line | 双11 🎉"
ALL_ONE_LINE = " ".join(FRAGMENTS.values())
FORMULAS = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]  # fmt: skip
SPREADSHEET_AUTHOR = '=HYPERLINK("http://evil.example","x")'
BIDI_AUTHOR = "m\u202eallory[b]\x9b"
MD_BREAKERS = ["# heading", "## 2026-11-27", "<script>alert(1)</script>", "[x](javascript:a)",
               "`code`", "1. one", "- item", "> quote", "---", "![i](http://x/y.png)",
               "a\n## injected", "| a | b |"]  # fmt: skip
BOX = re.compile(r"[\s│┃┆┊║|•─━┌┐└┘├┤┬┴┼╭╮╯╰┏┓┗┛┡┩╇╿]")  # rules, bullets, folding whitespace
EVERY = list(FRAGMENTS)
FIRST_WEEK = 30  # ann's retros: 2026-W30, W31, … one per attack


def _assert_inert(out: str, where: str) -> None:
    assert not forbidden(out), f"{where}: raw control characters {forbidden(out)}"


def _assert_readable(out: str, names: list[str], where: str) -> None:
    """Each attack shows as it must (tables' rules and folds do not count)."""
    flat = BOX.sub("", out)
    for name in names:
        assert BOX.sub("", VISIBLE[name]) in flat, f"{where}: {name} not shown as {VISIBLE[name]!r}"


# --- note, checkin and week -----------------------------------------------------------


@pytest.fixture
def hostile_week(run: Run, db_path: Path) -> Path:
    """Wednesday: each fragment as its own note (nothing else in that row, so a folded
    cell reads back in order). Friday: a check-in and a note with everything at once."""
    for fragment in FRAGMENTS.values():
        r = run("note", "--date", "2026-11-25", fragment)
        assert r.exit_code == 0, r.stderr
        assert not forbidden(r.stderr), r.stderr
    r = run("checkin", "--done", ALL, "--blocker", ALL, "--plan", ALL,
            "--mood", "3")
    assert r.exit_code == 0, r.stderr
    assert run("note", ALL).exit_code == 0
    # A second author whose name is hostile too (config refuses C0 controls only).
    assert run("--author", BIDI_AUTHOR, "note", "hi").exit_code == 0
    return db_path


def _wednesday_cells(table: str) -> str:
    """The Wednesday row of the Days table, cell text joined (rules and folds removed)."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if "Wed 11-25" in line)
    row = [lines[start]]
    for line in lines[start + 1 :]:
        if re.search(r"(Mon|Tue|Thu|Fri|Sat|Sun) 11-", line) or line.startswith("└"):
            break
        row.append(line)
    return BOX.sub("", "".join(row))


@pytest.mark.slow
@pytest.mark.parametrize("team", [False, True], ids=["own", "team"])
def test_table_view_in_a_real_process_is_inert_and_readable(hostile_week: Path,
                                                            team: bool) -> None:
    r = opslog("week", *(["--team"] if team else []), env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.stderr
    _assert_inert(r.stdout, "week")
    assert "\x1b" not in r.stdout  # not a terminal: no colour codes either
    assert "😄" not in r.stdout
    _assert_readable(_wednesday_cells(r.stdout), EVERY, "week")
    assert "[bold red]loud[/bold red]" in r.stdout  # markup shown, not applied
    assert "双11 🎉" in r.stdout
    if team:
        assert "m<U+202E>allory[b]<U+009B>" in r.stdout


@pytest.mark.slow
@pytest.mark.parametrize("pager", ["cat", "less -FRX"], ids=["no-pager", "less"])
def test_table_view_on_a_terminal_sends_colours_only(hostile_week: Path, pager: str) -> None:
    if pager != "cat" and not shutil.which("less"):
        pytest.skip("less is not installed")
    env = child_env({"TERM": "xterm-256color", "COLUMNS": "200", "PAGER": pager})
    env.pop("NO_COLOR", None)
    # Tall enough for the team page and every report: less -F then exits by itself.
    code, out = run_in_pty(["week", "--team"], env, rows=200)
    assert code == 0, out
    assert SGR.search(out), "expected colour on a terminal"
    plain = PAGER_CONTROLS.sub("", SGR.sub("", out))
    assert "\x1b" not in plain, repr(plain[plain.index("\x1b") - 40 : plain.index("\x1b") + 40])
    plain = plain.replace("\r", "")  # the terminal turns \n into \r\n
    _assert_inert(plain, "week on a terminal")
    _assert_readable(_wednesday_cells(plain), EVERY, "week on a terminal")


@pytest.mark.slow
def test_markdown_view_escapes_and_keeps_every_row_one_line(hostile_week: Path) -> None:
    r = opslog("week", "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    _assert_inert(out, "week markdown")
    lines = out.splitlines()
    start = lines.index("| Day | Done | Blockers | Plan | Mood | Notes |")
    rows = lines[start + 2 : start + 9]
    assert [row[:12] for row in rows] == [
        "| Mon 11-23 ", "| Tue 11-24 ", "| Wed 11-25 ", "| Thu 11-26 ", "| Fri 11-27 ",
        "| Sat 11-28 ", "| Sun 11-29 ",
    ]
    for row in rows:  # 7 cell borders: no `|` from the text, no newline splits a row
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row
    assert lines[start + 9] == ""
    wednesday = rows[2]
    for fragment in ("\\[bold red\\]loud\\[/bold red\\]", ":smile:", "^\\[\\[2J",
                     "\\<U+202E\\>gnp.exe", "a\\|b", "\\&#x202E;", "ding^G"):
        assert fragment in wednesday, fragment
    assert "second line \\| 双11 🎉" in rows[4] and "<br>" in rows[4]


@pytest.mark.slow
def test_json_view_escapes_controls_and_round_trips_the_text(hostile_week: Path) -> None:
    r = opslog("week", "--format", "json")
    assert r.exit_code == 0, r.stderr
    _assert_inert(r.stdout, "week json")
    doc = json.loads(r.stdout)
    friday = doc["days"][4]
    assert friday["checkin"]["done"] == ALL
    assert friday["checkin"]["blockers"] == ALL
    assert [n["text"] for n in doc["days"][2]["notes"]] == list(FRAGMENTS.values())
    assert "\\u001b[2J" in r.stdout and "\\u202e" in r.stdout and "\\u009b" in r.stdout
    r = opslog("week", "--format", "json", "--team")
    assert r.exit_code == 0
    _assert_inert(r.stdout, "week json --team")
    assert BIDI_AUTHOR in json.loads(r.stdout)["authors"]


def test_messages_on_stderr_are_inert_too(run: Run, db_path: Path) -> None:
    r = run("note", "x #tag", "--tag", "ok")
    assert r.exit_code == 0
    r = run("note", "x", "--date", "\x1b[2J")
    assert r.exit_code == 2 and "\x1b" not in r.stderr and "\\x1b[2J" in r.stderr
    r = run("week", "\u202e2026-W48")
    assert r.exit_code == 2 and not FORBIDDEN.search(r.stderr), r.stderr


# --- every kind of record: the logbook ------------------------------------------------


def _ann(db: Path) -> None:
    for n, (name, f) in enumerate(FRAGMENTS.items(), 1):
        text = f"{f} needle"
        cli(db, "note", "--date", "2026-11-25", "--", text)
        cli(db, "goal", "add", text, "--metric", f, "--unit", f, "--owner", f, "--why", f,
            "--target", "10", "--due", "+5w")  # fmt: skip
        cli(db, "goal", "checkin", str(n), "5", "--note", text)
        cli(db, "risk", "add", text, "-p", "3", "-i", "4", "--owner", f, "--mitigation", f)
        cli(db, "risk", "update", str(n), "-p", "2", "--note", text)
        cli(db, "action", "add", "--owner", f, "--", text)
        cli(db, "retro", "add", "--week", f"2026-W{FIRST_WEEK + n - 1}", "--well", text,
            "--improve", text, "--action", f"{name} {text}")  # fmt: skip


def _eve(db: Path) -> None:
    eve = {"OPSLOG_AUTHOR": "eve"}
    cli(db, "note", "--", ALL, env=eve)
    cli(db, "checkin", "--done", ALL, "--blocker", ALL, "--plan", ALL, "--mood", "3", env=eve)
    cli(db, "goal", "add", ALL_ONE_LINE, "--metric", ALL_ONE_LINE, "--owner", ALL_ONE_LINE,
        "--why", ALL, "--unit", "\x1b[2J", "--target", "10", "--due", "+5w", env=eve)  # fmt: skip
    cli(db, "goal", "checkin", str(len(FRAGMENTS) + 1), "7", "--note", ALL, env=eve)
    cli(db, "risk", "add", ALL_ONE_LINE, "-p", "5", "-i", "5", "--owner", ALL_ONE_LINE,
        "--mitigation", ALL, env=eve)  # fmt: skip
    cli(db, "risk", "update", str(len(FRAGMENTS) + 1), "-p", "4", "--note", ALL, env=eve)
    cli(db, "retro", "add", "--well", ALL, "--improve", ALL,
        "--action", "call [bold]x[/bold] \x1b[2J\u202e @o\x9bk", env=eve)  # fmt: skip
    cli(db, "action", "add", "--", ALL_ONE_LINE, env=eve)
    for text in MD_BREAKERS:
        cli(db, "note", "--date", "2026-11-26", "--", text, env=eve)


def _teammates(db: Path) -> None:
    for author in (SPREADSHEET_AUTHOR, BIDI_AUTHOR):
        env = {"OPSLOG_AUTHOR": author}
        for f in FORMULAS[:4]:  # the commands strip a leading tab or CR: import those
            cli(db, "note", "--", f, env=env)
            cli(db, "risk", "add", "-p", "1", "-i", "1", f"--mitigation={f}", "--", f, env=env)
            if not f.startswith("@"):  # `action add` reads @name as the owner
                cli(db, "action", "add", "--", f, env=env)
        cli(db, "import", "-", input=_imported(author, FORMULAS[4:], ("note", "risk")), env=env)
        cli(db, "import", "-", input=_imported(author, FORMULAS[3:], ("action",)), env=env)
        cli(db, "checkin", "--done", FORMULAS[0], "--plan", FORMULAS[2], env=env)
        goal = cli(db, "goal", "add", FORMULAS[0], "--metric", FORMULAS[3], "--target", "-5",
                   "--due", "+5w", env=env).stdout.strip()  # fmt: skip
        cli(db, "goal", "checkin", goal, "-3", "--note", FORMULAS[1], env=env)
        cli(db, "retro", "add", "--week", "last", "--well", FORMULAS[0], "--improve", FORMULAS[4],
            env=env)  # fmt: skip


def _imported(author: str, texts: list[str], kinds: tuple[str, ...]) -> str:
    """Notes, risks or actions as an export holds them: text kept exactly as written."""
    import uuid

    stamp = "2026-11-27T18:00:00+00:00"
    lines = []
    for text in texts:
        common = {"uid": "", "author": author, "created_at": stamp, "updated_at": stamp,
                  "day": "2026-11-27"}  # fmt: skip
        for kind, fields in (("note", {"text": text}), ("action", {"text": text}),
                             ("risk", {"title": text, "probability": 1, "impact": 1,
                                       "mitigation": text})):  # fmt: skip
            if kind in kinds:
                lines.append({"kind": kind, **common, "uid": str(uuid.uuid4()), **fields})
    return "".join(json.dumps(line) + "\n" for line in lines)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "opslog.db"
    _ann(db)
    _eve(db)
    _teammates(db)
    return db


@pytest.fixture
def hostile(template: Path, db_path: Path) -> Path:
    return copy_of(template, db_path)


# --- Rich views, piped (a real process, COLUMNS=200) ------------------------------------


def _nth(name: str) -> str:
    """ann's goal, risk and action ids follow the attacks' order (her retros' weeks too)."""
    return str(EVERY.index(name) + 1)


def _week_of(name: str) -> str:
    return f"2026-W{FIRST_WEEK + EVERY.index(name)}"

# (args, author, the attacks each must show readably)
PIPED_VIEWS: list[tuple[tuple[str, ...], str, list[str]]] = [
    (("goal", "list"), "ann", EVERY),
    (("goal", "show", _nth("osc8_link")), "ann", ["osc8_link"]),
    (("goal", "show", "16"), "eve", EVERY),
    (("goal", "list", "--all"), "eve", []),
    (("risk", "list"), "ann", EVERY),
    (("risk", "show", _nth("bidi_override")), "ann", ["bidi_override"]),
    (("risk", "show", "16"), "eve", EVERY),
    (("risk", "list", "--all"), "eve", []),
    (("risk", "matrix"), "eve", []),
    (("retro", "list"), "ann", EVERY),
    (("retro", "show", _week_of("clear_screen")), "ann", ["clear_screen"]),
    (("retro", "show"), "eve", EVERY),
    (("retro", "list"), "eve", []),
    (("action", "list"), "ann", EVERY),
    (("action", "list", "--all"), "eve", []),
    (("log",), "ann", EVERY),
    (("log", "--author", "eve"), "ann", EVERY),
    (("search", "needle"), "ann", EVERY),
    (("search", "loud"), "eve", ["markup_style"]),
    (("search", "\x1b[2J"), "ann", ["clear_screen"]),
    (("info",), BIDI_AUTHOR, []),
    (("week",), "ann", EVERY),
    (("week", "--format", "markdown"), "eve", []),
    (("week", "--format", "json"), "eve", []),
    (("week", "--team"), "eve", []),
]


@pytest.mark.slow
def test_every_rich_view_piped_is_inert_and_readable(hostile: Path) -> None:
    for args, author, names in PIPED_VIEWS:
        where = f"opslog {' '.join(args)!r} as {author!r}"
        r = opslog("--author", author, *args, env={"COLUMNS": "200"})
        assert r.exit_code == 0, f"{where}: {r.stderr}"
        _assert_inert(r.stdout + r.stderr, where)
        assert "\x1b" not in r.stdout, f"{where}: escape codes in a pipe"
        assert "😄" not in r.stdout, f"{where}: an emoji code was turned into an emoji"
        _assert_readable(r.stdout, names, where)
    r = opslog("log", env={"COLUMNS": "200"})
    assert "m<U+202E>allory[b]<U+009B>" in r.stdout
    assert SPREADSHEET_AUTHOR in r.stdout  # a pipe of text: no spreadsheet here


TERMINAL_VIEWS: list[tuple[tuple[str, ...], str, list[str]]] = [
    (("log", "--author", "ann"), "ann", EVERY),
    (("search", "needle"), "ann", EVERY),
    (("search", "[bold"), "eve", ["markup_style"]),
    (("goal", "show", "16"), "eve", EVERY),
    (("risk", "show", "16"), "eve", EVERY),
    (("retro", "show"), "eve", EVERY),
    (("action", "list"), "ann", EVERY),
    (("risk", "matrix"), "ann", []),
]
# Through `less -FRX`: views that fit one screen (60 rows), or less would wait for a key.
LESS_VIEWS: list[tuple[tuple[str, ...], str, list[str]]] = [
    (("search", "loud"), "ann", ["markup_style"]),
    (("log", "--kind", "note"), "eve", ["markup_style", "clear_screen", "bidi_override"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("pager", ["cat", "less -FRX"], ids=["no-pager", "less"])
def test_every_rich_view_on_a_terminal_sends_colours_only(hostile: Path, pager: str) -> None:
    if pager != "cat" and not shutil.which("less"):
        pytest.skip("less is not installed")
    views = TERMINAL_VIEWS if pager == "cat" else LESS_VIEWS
    for args, author, names in views:
        where = f"opslog {' '.join(args)!r} as {author!r} on a terminal, PAGER={pager}"
        env = child_env({"TERM": "xterm-256color", "COLUMNS": "200", "PAGER": pager,
                         "OPSLOG_AUTHOR": author})  # fmt: skip
        env.pop("NO_COLOR", None)
        code, out = run_in_pty(list(args), env)
        assert code == 0, f"{where}: {out}"
        plain = PAGER_CONTROLS.sub("", SGR.sub("", out)).replace("\r", "")
        assert "\x1b" not in plain, f"{where}: {plain[plain.index(chr(27)) - 40:][:80]!r}"
        _assert_inert(plain, where)
        _assert_readable(plain, names, where)
        if args[0] == "search":  # matches highlighted, on the inert text
            assert SGR.search(out), where


# --- JSON ------------------------------------------------------------------------------

NEEDLES = {f"{f} needle" for f in FRAGMENTS.values()}
# (args, author, strings the document must hold exactly as typed)
JSON_VIEWS: list[tuple[tuple[str, ...], str, set[str]]] = [
    (("goal", "list", "--json"), "ann", NEEDLES),
    (("goal", "list", "--json", "--all"), "eve", {ALL_ONE_LINE, ALL, "\x1b[2J"}),
    (("risk", "list", "--json"), "ann", NEEDLES),
    (("risk", "list", "--json", "--all"), "eve", {ALL, ALL_ONE_LINE}),  # mitigation, title
    (("action", "list", "--json", "--all"), "ann", NEEDLES),
    (("action", "list", "--json"), "eve", {ALL_ONE_LINE}),
    (("log", "--json"), "ann", NEEDLES | {ALL, ALL_ONE_LINE, *FORMULAS, BIDI_AUTHOR}),
    (("search", "needle", "--json"), "ann", NEEDLES),
    (("search", "second", "--json"), "ann", {ALL}),
    (("export", "--format", "json"), "ann", NEEDLES | {ALL, *FORMULAS, SPREADSHEET_AUTHOR}),
]


def _texts(doc: Any) -> set[str]:
    """Every string in a JSON document."""
    if isinstance(doc, str):
        return {doc}
    if isinstance(doc, dict):
        return set().union(*(_texts(v) for v in doc.values())) if doc else set()
    if isinstance(doc, list):
        return set().union(*(_texts(v) for v in doc)) if doc else set()
    return set()


def test_json_views_escape_controls_and_keep_the_text_exactly(run: Run, hostile: Path) -> None:
    everything = _texts(json.loads(run("export", "--format", "json").stdout))
    for args, author, expected in JSON_VIEWS:
        r = run("--author", author, *args)
        where = f"{args} as {author}"
        assert r.exit_code == 0, f"{where}: {r.stderr}"
        _assert_inert(r.stdout, where)
        for escaped in ("\\u001b", "\\u202e", "\\u009b", "\\u0007"):
            assert escaped in r.stdout, f"{where}: {escaped}"
        texts = _texts(json.loads(r.stdout))
        assert expected <= texts, f"{where}: {sorted(expected - texts)[:3]}"
    assert {SPREADSHEET_AUTHOR, BIDI_AUTHOR, *FORMULAS, *MD_BREAKERS} <= everything
    r = run("export")  # jsonl: one record per line whatever the text holds
    _assert_inert(r.stdout, "export jsonl")
    lines = r.stdout.splitlines()
    assert all(json.loads(line)["kind"] for line in lines)
    in_lines = set().union(*(_texts(json.loads(line)) for line in lines))
    assert in_lines | {"opslog.export/1"} == everything  # the json document's schema name


# --- Markdown --------------------------------------------------------------------------


def test_markdown_export_escapes_and_keeps_one_item_per_line(run: Run, hostile: Path) -> None:
    out = run("export", "--format", "markdown").stdout
    _assert_inert(out, "markdown")
    for line in out.splitlines():  # only our own headings, items and blank lines
        assert line == "" or re.match(r"(# opslog|## \d{4}-\d\d-\d\d|### [A-Z][a-z -]+"
                                      r"|- |  - )", line), line  # fmt: skip
        if line.startswith("## "):
            assert re.fullmatch(r"## \d{4}-\d\d-\d\d", line), line
    for escaped in ("\\[bold red\\]loud\\[/bold red\\]", ":smile:", "^\\[\\[2J", "ding^G",
                    "\\<U+202E\\>gnp.exe", "a\\|b", "\\&#x202E;", "x^?y", "\\<U+009B\\>31m",
                    "- \\# heading", "- \\## 2026-11-27", "\\<script\\>alert(1)\\</script\\>",
                    "\\[x\\](javascript:a)", "\\`code\\`", "- 1\\. one", "- \\- item",
                    "- \\> quote", "- \\---", "!\\[i\\](http", "a<br>## injected",
                    "\\| a \\| b \\|"):  # fmt: skip
        assert escaped in out, escaped
    assert "second line \\| 双11 🎉" in out


AUTOLINKS = [
    "<http://example.com> x",
    "see http://a.com/x_y_z*b* ok",
    "www.example.com/a_b and WWW.X.COM",
    "<a@b.c> mail a_b@c.com",
    "https://x.y/[a](b) ftp://x.y/~a~",
    "[l](http://e.com) ![i](x.png) `code` http://x.y`",
    "1. www.x & &amp; &#64; <b>bold</b>",
]


@pytest.mark.parametrize("text", AUTOLINKS)
def test_markdown_views_read_as_typed_in_commonmark_and_gfm(run: Run, text: str) -> None:
    import html
    from urllib.parse import unquote

    import cmarkgfm
    from markdown_it import MarkdownIt

    assert run("note", "--", text).exit_code == 0
    doc = run("week", "--format", "markdown").stdout
    exported = run("export", "--format", "markdown").stdout
    commonmark = MarkdownIt("commonmark").enable("table")
    for source in (doc, exported):
        for name, render in (("cmark-gfm", cmarkgfm.github_flavored_markdown_to_html),
                             ("markdown-it", commonmark.render)):  # fmt: skip
            page = render(source)
            found = False
            for cell in re.findall(r"<(?:td|li)>(.*?)</(?:td|li)>", page, re.S):
                shown = html.unescape(re.sub(r"<[^>]+>", "", cell))
                if text in shown:
                    found = True
                    hrefs = re.findall(r'href="([^"]*)"', cell)
                    for href in hrefs:  # an e-mail address may link: to itself
                        assert unquote(html.unescape(href)).removeprefix("mailto:") in text
                    assert "<img" not in cell, (name, cell)
            assert found, (name, text, page)


# --- CSV -------------------------------------------------------------------------------

KINDS = ("note", "checkin", "goal", "progress", "risk", "risk_review", "retro", "action")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("kind", KINDS)
def test_csv_neutralises_formulas_and_controls_unless_raw(
    run: Run, hostile: Path, kind: str
) -> None:
    r = run("export", "--format", "csv", "--kind", kind)
    assert r.exit_code == 0, r.stderr
    body = r.stdout.replace("\r\n", "\n")  # RFC 4180 line ends; every other CR is shown
    _assert_inert(body, f"csv {kind}")
    table = list(csv.reader(io.StringIO(r.stdout, newline="")))
    header, rows = table[0], table[1:]
    assert rows, kind
    for row in rows:
        assert len(row) == len(header), row
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(cell), (
                f"csv {kind}: a formula cell {cell!r}"
            )
    cells = {c for row in rows for c in row}
    assert "'" + SPREADSHEET_AUTHOR in cells and "m<U+202E>allory[b]<U+009B>" in cells
    if kind in ("note", "risk", "action"):
        assert {"'" + f.replace("\r", "^M") for f in FORMULAS} <= cells
    if kind in ("note", "action", "goal"):
        assert "[bold red]loud[/bold red] needle" in cells and "^[[2J needle" in cells
    if kind == "goal":
        assert "-5.0" in cells  # a number, not a formula: left alone
    # --raw: every cell exactly as stored, as in the lossless export
    stored = [json.loads(line) for line in run("export", "--kind", kind).stdout.splitlines()]
    raw = list(csv.reader(io.StringIO(run("export", "-f", "csv", "-k", kind, "--raw").stdout,
                                      newline="")))  # fmt: skip
    for obj, row in zip(stored, raw[1:], strict=True):
        for name, cell in zip(raw[0], row, strict=True):
            value = obj[name]
            if isinstance(value, str):
                assert cell == value, (kind, name)


# --- goal numbers at the edge ---------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "value", "shown"),
    [
        (0.0, 1e-320, 5.0, "–"),  # progress overflows: none
        (0.5, 0.5000000000000001, 1.0, ">10,000%"),
        (0.0, 1.0, 1e15, ">10,000%"),
        (3.0, 3.0, 4.0, "–"),  # a target equal to the baseline: none
    ],
)
def test_every_view_survives_any_stored_goal_number(
    run: Run, db_path: Path, baseline: float, target: float, value: float, shown: str
) -> None:
    assert run("goal", "add", "Edge", "--metric", "m", "--baseline", "0", "--target", "1",
               "--due", "+5w").exit_code == 0  # fmt: skip
    assert run("goal", "checkin", "1", "0.5").exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE goal SET baseline = ?, target = ?", (baseline, target))
        conn.execute("UPDATE progress SET value = ?", (value,))
    conn.close()
    for args in (("week",), ("week", "--format", "markdown"), ("goal", "show", "1"),
                 ("goal", "list")):  # fmt: skip
        r = run(*args)
        assert r.exit_code == 0, (args, r.stderr)
        assert "Edge" in r.stdout
    r = run("week", "--format", "json")
    assert r.exit_code == 0, r.stderr
    goal = json.loads(r.stdout)["goals"][0]
    listed = json.loads(run("goal", "list", "--json").stdout)
    assert listed[0]["title"] == "Edge"
    md = run("week", "--format", "markdown").stdout
    line = next(x for x in md.splitlines() if "Edge" in x)
    assert f" {shown} |" in line, line
    if shown == "–":
        assert goal["progress"] is None
