"""The risks in the weekly summary: new, changed (old → new score), closed this week,
review due; the small matrix in the Markdown and table views."""

import json

import pytest

from tests.conftest import Run
from tests.fixtures.clock import at


@pytest.fixture
def two_weeks(run: Run) -> None:
    last, this = at("2026-11-18"), at("2026-11-25")
    run("risk", "add", "supplier may slip", "-p", "4", "-i", "5", env=last)
    run("risk", "add", "competitor promo", "-p", "3", "-i", "3", env=last)
    run("risk", "add", "gone last week", "-p", "2", "-i", "2", env=last)
    run("risk", "close", "3", env=last)
    run("risk", "update", "1", "-p", "2", "--note", "second supplier", env=this)
    run("risk", "close", "2", env=this)
    run("risk", "add", "delivery complaints", "-p", "3", "-i", "4", "--owner", "bob",
        "--review-by", "2026-11-26", env=this)


def flags(run: Run, week: str) -> list[tuple[object, ...]]:
    doc = json.loads(run("week", week, "-f", "json").stdout)
    keys = ("id", "score", "status", "new", "changed", "closed_this_week", "review_due")
    return [tuple(r[k] for k in keys) for r in doc["risks"]]


def test_this_weeks_risks_are_flagged_open_first_by_score(run: Run, two_weeks: None) -> None:
    assert flags(run, "2026-W48") == [
        (4, 12, "open", True, False, False, True),
        (1, 10, "open", False, True, False, False),
        (2, 9, "closed", False, True, True, False),
    ]


def test_last_week_shows_risks_closed_then_and_not_later_changes(run: Run,
                                                                 two_weeks: None) -> None:
    got = {r[0]: r[3:6] for r in flags(run, "2026-W47")}
    assert got == {1: (True, False, False), 2: (True, False, False), 3: (True, False, True)}


def test_json_risk_has_the_contract_keys(run: Run, two_weeks: None) -> None:
    risk = json.loads(run("week", "-f", "json").stdout)["risks"][0]
    assert list(risk) == ["id", "uid", "title", "probability", "impact", "score", "level",
                          "status", "owner", "new", "changed", "closed_this_week", "review_due",
                          "changed_by"]
    assert (risk["title"], risk["level"], risk["owner"]) == ("delivery complaints", "high", "bob")


def test_markdown_shows_score_changes_events_and_the_matrix(run: Run, two_weeks: None) -> None:
    out = run("week", "-f", "markdown").stdout
    section = out[out.index("## Risks"):out.index("## Stats")]
    assert "| #1 supplier may slip | 2×5=10 | high | open | – | score 20 → 10 |" in section
    assert "| #4 delivery complaints | 3×4=12 | high | open | bob | new, review due |" in section
    assert "**Risk matrix (2 not closed)**" in section
    assert "| **3** | L · | M · | M · | **H 1** | H · |" in section
    assert "| **2** | L · | L · | M · | M · | **H 1** |" in section


def test_table_view_has_the_matrix_and_the_old_score(run: Run, two_weeks: None) -> None:
    out = run("week").stdout
    assert "score 20 → 10" in out and "new, review due" in out
    assert "Risk matrix (2 not closed)" in out and "C critical (≥17)" in out


def test_a_past_week_shows_risks_as_they_were_then(run: Run, two_weeks: None) -> None:
    got = {r[0]: r[1:3] for r in flags(run, "2026-W47")}
    assert got[1] == (20, "open") and got[2] == (9, "open")
