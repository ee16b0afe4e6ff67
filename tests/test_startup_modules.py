"""The import guard (issue 18): every everyday command, run in a fresh interpreter as the
`opslog` console script starts it, imports only the modules its allow-list below names:
opslog's own modules by their full name, third-party packages by their top-level name.

A new import on a hot path (`import rich` in cli/note.py, a module that pulls in the
feedback arithmetic for every note) fails here, deterministically, instead of showing
as a slower benchmark weeks later. Removing an import never fails: shorten the list
then. Adding one on purpose: add it to the command's list below, and say in the commit
what it costs (`python -X importtime`; benchmarks/README.md).

Nothing is timed here; benchmarks/run.py measures the time.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures.startup import Started, private_env, start_opslog

# What every command that opens the logbook imports (the start, the settings, the
# database over the stdlib sqlite3 driver, the one-line error path).
THIRD_PARTY = {"typer", "shellingham", "annotated_doc"}  # Typer and what it imports
START = {
    "opslog",
    "opslog.cli",
    "opslog.cli.entry",
    "opslog.cli.app",
    "opslog.cli.common",
    "opslog.config",
    "opslog.context",
    "opslog.domain",
    "opslog.domain.plain",  # the settings' and every record's class (no compiles)
    "opslog.terminal",  # the terminal facts, decided once at start (no Rich)
    "opslog.errors",
    "opslog.i18n",
    "opslog.store",
    "opslog.store.db",
    "opslog.store.open",
    "opslog.store.migrations",  # the schema version (the DDL only to create or upgrade)
    "opslog.syncdirs",  # a synced folder (Dropbox, iCloud) named in a warning
    "opslog.render",
    "opslog.render.safe",
}
RECORDS = {"opslog.domain", "opslog.domain.records", "opslog.domain.kinds"}
CRUD = {*RECORDS, "opslog.store.crud", "opslog.store.convert"}
CHECKIN = {
    *CRUD,
    "opslog.cli.checkin",
    "opslog.domain.text",
    "opslog.domain.goals",
    "opslog.domain.risks",
    "opslog.domain.cells",  # a KPI's value: 12,800 or 3.4%
    "opslog.domain.kpis",
    "opslog.store.daily",
    "opslog.store.goals",
    "opslog.store.risks",
    "opslog.store.kpis",
}
WEEK = {
    *CRUD,
    "opslog.cli.week",
    "opslog.cli.report",  # --output's checks
    "opslog.cli.completion",  # the WHEN argument's completion
    "opslog.store.goals",
    "opslog.domain.dates",
    "opslog.domain.text",
    "opslog.domain.goals",
    "opslog.domain.risks",
    "opslog.domain.kpis",
    "opslog.domain.feedback",
    "opslog.domain.week",
    "opslog.store.week",
    "opslog.store.kpis",
    "opslog.store.feedback",
}
GRIDS = {  # the week as grids of cells: plain text in a pipe, Markdown
    "opslog.render.week_grids",
    "opslog.render.words",
    "opslog.render.risk_views",
    "opslog.render.kpi_views",
    "opslog.render.feedback_views",
}
LOG = {
    *RECORDS,
    "opslog.store.convert",
    "opslog.store.log",
    "opslog.domain.search",
    "opslog.domain.text",
    "opslog.domain.risks",
    "opslog.render.log_views",
    "opslog.render.words",
    "opslog.render.week_json",
    "opslog.jsontext",
}
HELP = {  # --help and completion load every command's module, and nothing below them
    *(f"opslog.cli.{name}" for name in (
        "action", "author", "backup", "checkin", "completion", "edit", "export", "feedback", "goal",
        "helptopics", "importer", "info", "kpi", "log", "note", "report", "retro", "risk",
        "search", "send", "team", "week",
    )),
    *RECORDS,  # the kinds `log --kind` completes
    "opslog.cli.author",
    "opslog.domain.goals",  # imported at the top of a command's module (could be lazy)
}  # fmt: skip

# Each command: what it imports beyond the start (THIRD_PARTY and START).
BEYOND_START: dict[str, set[str]] = {
    "note": {
        *CRUD, "opslog.cli.note", "opslog.domain.text", "opslog.store.daily",
    },
    "checkin --no-input": CHECKIN,
    "checkin --kpi": CHECKIN,
    "week": {*WEEK, *GRIDS, "opslog.render.cells", "opslog.render.plain_table"},
    "week --format markdown": {*WEEK, *GRIDS, "opslog.render.week_markdown"},
    "week --format json": {*WEEK, "opslog.render.week_json", "opslog.jsontext"},
    "week last": {
        *WEEK, *GRIDS, "opslog.render.cells", "opslog.render.plain_table",
        "opslog.cli.author", "opslog.store.authors",
    },
    "log": {*LOG, "opslog.cli.log"},
    "search": {
        *LOG, "opslog.cli.log", "opslog.cli.search", "opslog.store.search",
        "opslog.store.fulltext",
    },
    "report": {
        *WEEK, *GRIDS, "opslog.render.cells", "opslog.render.plain_table",
        "opslog.domain.periods", "opslog.domain.report", "opslog.store.report",
        "opslog.render.report_grids", "opslog.render.report_words",
        "opslog.domain.team", "opslog.store.team", "opslog.cli.author", "opslog.store.authors",
        "opslog.jsontext", "opslog.render.team_views", "opslog.render.week_json",
    },
    "goal checkin": {
        *CRUD, "opslog.cli.goal", "opslog.cli.completion", "opslog.domain.fields",
        "opslog.domain.goals",
        "opslog.domain.text", "opslog.store.goals", "opslog.render.words",
    },
    "action add": {
        *CRUD, "opslog.cli.action", "opslog.cli.completion", "opslog.domain.actions",
        "opslog.domain.dates",
        "opslog.domain.text", "opslog.store.retros",
    },
    "action done": {
        *CRUD, "opslog.cli.action", "opslog.cli.completion", "opslog.domain.dates",
        "opslog.store.retros",
    },
    "risk add": {
        *CRUD, "opslog.cli.risk", "opslog.cli.completion", "opslog.domain.risks",
        "opslog.domain.text",
        "opslog.store.risks",
    },
    "kpi record": {
        *CRUD, "opslog.cli.kpi", "opslog.cli.completion", "opslog.domain.cells",
        "opslog.domain.goals",
        "opslog.domain.kpis", "opslog.domain.text", "opslog.store.kpis",
        "opslog.render.kpi_views", "opslog.render.words",
    },
    "feedback add": {
        *CRUD, "opslog.cli.feedback", "opslog.domain.feedback", "opslog.domain.text",
        "opslog.store.feedback",
    },
    "team status": {
        *RECORDS, "opslog.cli.team", "opslog.domain.team", "opslog.store.team",
        "opslog.domain.dates", "opslog.domain.text", "opslog.domain.goals",
        "opslog.domain.risks", "opslog.domain.kpis", "opslog.domain.feedback",
        "opslog.domain.week", "opslog.render.cells", "opslog.render.plain_table",
        "opslog.render.team_views", "opslog.render.week_grids", "opslog.render.week_json",
        "opslog.render.words", "opslog.jsontext",
    },
    "--help": {*HELP, "opslog.cli.helpformat"},  # help drawn in the user's language
    "completion": HELP,
}  # fmt: skip
ALLOWED = {name: THIRD_PARTY | START | more for name, more in BEYOND_START.items()}
ALLOWED["--version"] = {"opslog", "opslog.cli", "opslog.cli.entry"}  # not even Typer

Check = Callable[[Started], bool]

# name -> (argv, extra environment, what shows that it really ran)
COMMANDS: dict[str, tuple[list[str], dict[str, str], Check]] = {
    "note": (
        ["note", "supplier call 供应商 #ops"],
        {},
        lambda s: s.stdout == "2\n" and "note 2 saved for 2026-11-27 #ops" in s.stderr,
    ),
    "checkin --no-input": (
        ["checkin", "--done", "shipped it", "--mood", "4", "--no-input"],
        {},
        lambda s: "check-in 1 amended for 2026-11-27" in s.stderr,
    ),
    "checkin --kpi": (
        ["checkin", "--kpi", "流量=13100", "--no-input"],
        {},
        lambda s: "1 KPI value" in s.stderr,
    ),
    "week": (["week"], {}, lambda s: "双11 banner live" in s.stdout and "尺码" in s.stdout),
    "week --format markdown": (
        ["week", "--format", "markdown"],
        {},
        lambda s: s.stdout.startswith("#") and "双11 banner live" in s.stdout,
    ),
    "week --format json": (
        ["week", "--format", "json"],
        {},
        lambda s: '"done": "发完周报"' in s.stdout and '"kpis"' in s.stdout,
    ),
    "week last": (["week", "last"], {}, lambda s: "Week 47, 2026" in s.stdout),
    "log": (["log"], {}, lambda s: "note\t1\tann\t双11 banner live #release" in s.stdout),
    "search": (["search", "supplier"], {}, lambda s: "supplier may slip" in s.stdout),
    "report": (["report", "2026-11"], {}, lambda s: s.stdout.startswith("November 2026")),
    "goal checkin": (
        ["goal", "checkin", "1", "7.5"],
        {},
        lambda s: "goal 1 Refunds down: 7.5 %" in s.stderr,
    ),
    "action add": (
        ["action", "add", "Book the courier @bob due:2026-12-02"],
        {},
        lambda s: s.stdout == "2\n",
    ),
    "action done": (["action", "done", "1"], {}, lambda s: "action 1 done" in s.stderr),
    "risk add": (
        ["risk", "add", "courier strike", "-p", "3", "-i", "4"],
        {},
        lambda s: s.stdout == "2\n" and "score 12" in s.stderr,
    ),
    "kpi record": (
        ["kpi", "record", "流量", "12,900"],
        {},
        lambda s: "流量 12,900 replaced for 2026-11-27" in s.stderr,  # a day has one
    ),
    "feedback add": (
        ["feedback", "add", "物流太慢", "--category", "物流"],
        {},
        lambda s: s.stdout == "2\n" and "feedback 2 saved" in s.stderr,
    ),
    "team status": (["team", "status"], {}, lambda s: "ann" in s.stdout),
    "--version": (["--version"], {}, lambda s: s.stdout.startswith("opslog ")),
    "--help": (["--help"], {}, lambda s: "checkin" in s.stdout and "week" in s.stdout),
    "completion": (
        [],
        {"_OPSLOG_COMPLETE": "complete_bash", "COMP_WORDS": "opslog we", "COMP_CWORD": "1"},
        lambda s: "week" in s.stdout.split(),
    ),
}

SETUP = [
    ["note", "双11 banner live #release"],
    ["checkin", "--done", "发完周报", "--no-input"],
    ["goal", "add", "Refunds down", "-m", "refund rate", "-u", "%", "--baseline", "8",
     "--target", "5", "--due", "+5w"],
    ["action", "add", "Call the supplier @bob due:2026-12-02"],
    ["risk", "add", "supplier may slip", "-p", "4", "-i", "5"],
    ["kpi", "add", "流量"],
    ["kpi", "record", "流量", "12800"],
    ["feedback", "add", "尺码偏小", "--category", "尺码", "--count", "3"],
]  # fmt: skip


def make_logbook(folder: Path) -> Path:
    """A logbook with one of each kind an everyday command touches, this week (made by
    opslog itself, one fresh interpreter per command)."""
    db = folder / "base" / "opslog.db"
    env = private_env(folder / "home", db)
    for args in SETUP:
        started = start_opslog(folder, *args, env=env)
        assert started.code == 0, f"opslog {' '.join(args)}: {started.stderr}"
    return db


@pytest.fixture(scope="module")
def logbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_logbook(tmp_path_factory.mktemp("logbook"))


def run_command(name: str, logbook: Path, folder: Path, inject: str | None = None) -> Started:
    """One command on its own copy of the logbook (writes do not change the others')."""
    args, extra, _check = COMMANDS[name]
    db = folder / "opslog.db"
    shutil.copy(logbook, db)
    return start_opslog(folder, *args, env=private_env(folder / "home", db, **extra), inject=inject)


def unexpected(name: str, started: Started) -> set[str]:
    return started.modules - ALLOWED[name]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_imports_only_its_allow_list(name: str, logbook: Path, tmp_path: Path) -> None:
    started = run_command(name, logbook, tmp_path)
    # It really ran (a guard that passes on an early error would prove nothing):
    assert started.code == 0, started.stderr
    assert COMMANDS[name][2](started), (started.stdout, started.stderr)
    # Nothing already imported before opslog starts can hide an import:
    assert not started.at_start & ({"opslog", "rich", "sqlalchemy"} | ALLOWED[name]), (
        started.at_start
    )
    assert unexpected(name, started) == set(), (
        f"`opslog {' '.join(COMMANDS[name][0])}` imports modules not on its allow-list "
        f"(tests/test_startup_modules.py): {sorted(unexpected(name, started))}"
    )


def test_every_command_has_an_allow_list() -> None:
    assert sorted(ALLOWED) == sorted(COMMANDS)


@pytest.mark.parametrize(
    ("name", "inject", "caught"),
    [
        ("note", "opslog.cli.note:rich", {"rich"}),
        ("week", "opslog.cli.week:opslog.domain.team", {"opslog.domain.team"}),
        ("checkin --no-input", "opslog.store.daily:sqlalchemy", {"sqlalchemy"}),
    ],
)
def test_a_new_import_on_a_hot_path_fails_the_guard(
    name: str, inject: str, caught: set[str], logbook: Path, tmp_path: Path
) -> None:
    """As if `import rich` were added at the top of cli/note.py: the command still
    works, and the guard names the new import."""
    started = run_command(name, logbook, tmp_path, inject=inject)
    assert started.code == 0, started.stderr
    assert COMMANDS[name][2](started)
    assert caught <= unexpected(name, started)
