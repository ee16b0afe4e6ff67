"""Actions in the weekly summary: open ones carry into every later week until done,
with the week they came from; overdue ones are marked."""

import json

import pytest

from tests.conftest import Run
from tests.fixtures.clock import at


def week_actions(run: Run, week: str) -> list[tuple[object, ...]]:
    doc = json.loads(run("week", week, "-f", "json").stdout)
    return [(a["id"], a["status"], a["overdue"], a["from_week"]) for a in doc["actions"]]


@pytest.fixture
def retro_w46(run: Run) -> None:
    r = run("retro", "add", "--improve", "slow supplier",
            "--action", "Call the supplier @bob due:2026-11-13",
            "--action", "write the runbook", env=at("2026-11-11"))
    assert r.exit_code == 0, r.stderr
    run("action", "done", "2", env=at("2026-11-18"))


def test_open_action_carries_into_later_weeks_with_its_origin(run: Run, retro_w46: None) -> None:
    assert week_actions(run, "2026-W47") == [(1, "open", True, "2026-W46"),
                                             (2, "done", False, "2026-W46")]
    assert week_actions(run, "2026-W48") == [(1, "open", True, "2026-W46")]


def test_done_this_week_is_listed_once_then_drops_out(run: Run, retro_w46: None) -> None:
    run("action", "done", "1")
    assert week_actions(run, "2026-W48") == [(1, "done", False, "2026-W46")]
    assert week_actions(run, "2026-W49") == []


def test_actions_json_keys_and_values(run: Run, retro_w46: None) -> None:
    action = json.loads(run("week", "-f", "json").stdout)["actions"][0]
    assert list(action) == ["id", "uid", "text", "owner", "due", "status", "overdue", "from_week",
                            "done_by"]
    assert (action["text"], action["owner"], action["due"]) == ("Call the supplier", "bob",
                                                                "2026-11-13")


def test_an_action_without_a_retro_comes_from_the_week_it_was_added(run: Run) -> None:
    run("action", "add", "restock due:2026-11-30", env=at("2026-11-17"))
    assert week_actions(run, "2026-W48") == [(1, "open", False, "2026-W47")]


def test_markdown_and_table_mark_overdue_and_origin(run: Run, retro_w46: None) -> None:
    md = run("week", "-f", "markdown").stdout
    assert "- [ ] #1 Call the supplier (from 2026-W46, @bob, due 2026-11-13, **overdue**)" in md
    table = run("week").stdout
    assert "Call the supplier" in table and "overdue" in table and "2026-W46" in table


def test_a_past_week_still_shows_an_action_done_later(run: Run, retro_w46: None) -> None:
    run("action", "done", "1")
    assert (1, "open", True, "2026-W46") in week_actions(run, "2026-W47")
