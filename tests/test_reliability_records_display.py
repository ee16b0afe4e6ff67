"""Reliability matrix, 2 (continued): hostile text stays inert in every view of goal,
risk, retro, action, log, search and export.

The attacks are those of tests/test_reliability_display.py (Rich markup, emoji codes,
ESC/CSI, OSC 52, OSC 8, C1, BEL, DEL, bidi, Markdown breakers) plus spreadsheet
formulas. `ann` holds one record of every kind per attack, short enough that no table
cell folds at 200 columns, so each attack can be read back as it must show; `eve` holds
records with every attack at once, multi-line, in every text field; a teammate named
`=HYPERLINK(…)` and one with a bidi override in the name write too. Each view must have
no raw control or bidi character in its output (colours only, on a terminal), and the
text must still be there to read: caret notation, `<U+202E>`, markup shown literally.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.fixtures.display import FRAGMENTS, PAGER_CONTROLS, VISIBLE, run_in_pty
from tests.fixtures.harness import SGR, child_env, cli, forbidden, opslog

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
FIRST_WEEK = 30  # ann's retros: 2026-W30, W31, … one per attack


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
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, db_path)
    return db_path


def _ids(db: Path, kind: str, author: str) -> list[int]:
    from tests.fixtures.harness import rows

    return [i for (i,) in rows(db, f'SELECT id FROM "{kind}" WHERE author = ? ORDER BY id',
                               (author,))]  # fmt: skip


def _assert_inert(out: str, where: str) -> None:
    assert not forbidden(out), f"{where}: raw control characters {forbidden(out)}"


def _assert_readable(out: str, names: list[str], where: str) -> None:
    """Each attack shows as it must (tables' rules and folds do not count)."""
    flat = BOX.sub("", out)
    for name in names:
        assert BOX.sub("", VISIBLE[name]) in flat, f"{where}: {name} not shown as {VISIBLE[name]!r}"


# --- Rich views, piped (a real process, COLUMNS=200) ------------------------------------

EVERY = list(FRAGMENTS)


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
