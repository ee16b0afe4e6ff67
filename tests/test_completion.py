"""Shell completion of values (issue 16 item 15): formats, kinds, record ids with what
they are, goal/risk/action ids, KPI names — from the logbook the command line names,
never creating one, never failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import Run


def complete(words: str, db: Path | None = None) -> str:
    """What zsh is offered after `words` (Typer's zsh protocol), as one string."""
    from opslog.cli.app import app

    env = {"_OPSLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
    if db is not None:
        env["OPSLOG_DB"] = str(db)
    result = CliRunner().invoke(app, [], env=env, prog_name="opslog")
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


@pytest.fixture
def book(run: Run, db_path: Path) -> Path:
    for args in (
        ("goal", "add", "Cut refunds", "-m", "refund rate", "--target", "5", "--baseline", "8",
         "--due", "2026-12-31"),
        ("goal", "add", "Old goal", "-m", "m", "--target", "5", "--due", "2026-12-31"),
        ("goal", "drop", "2"),
        ("risk", "add", "Delivery complaints after 双11", "-p", "4", "-i", "4"),
        ("action", "add", "Call 华东仓 @wang"),
        ("kpi", "add", "流量"), ("kpi", "add", "GMV"),
        ("note", "first\tnote \x1b[2J"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0, args
    return db_path


@pytest.mark.parametrize(("words", "offered"), [
    ("opslog week --format ", '"table"\n"markdown"\n"json"\n"html"\n"chat"'),
    ("opslog report --format c", '"chat"'),
    ("opslog export --format j", '"jsonl"\n"json"'),
    ("opslog export --kind ri", '"risk"\n"risk_review"'),
    ("opslog log --kind feedback", '"feedback"\n"feedback_link"'),
])  # fmt: skip
def test_formats_and_kinds(words: str, offered: str) -> None:
    assert complete(words) == f"_arguments '*: :(({offered}))'\n"


@pytest.mark.parametrize(("words", "offered"), [
    ("opslog goal show ", '"1":"Cut refunds"'),  # the dropped goal 2 is not offered
    ("opslog goal checkin ", '"1":"Cut refunds"'),
    ("opslog risk update ", '"1":"Delivery complaints after 双11"'),
    ("opslog action done ", '"1":"Call 华东仓"'),
    ("opslog edit goal ", '"2":"Old goal"\n"1":"Cut refunds"'),
    ("opslog rm note ", '"1":"first note ^[[2J"'),
    ("opslog kpi show ", '"GMV"\n"流量"'),
    ("opslog kpi record 流", '"流量"'),
])  # fmt: skip
def test_ids_and_names_from_the_logbook(book: Path, words: str, offered: str) -> None:
    assert complete(words, book) == f"_arguments '*: :(({offered}))'\n"


def test_a_logbook_that_does_not_exist_completes_nothing_and_is_not_created(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere" / "opslog.db"
    assert complete("opslog goal show ", missing) == "_files\n"  # Typer's nothing-found
    assert not missing.parent.exists()
