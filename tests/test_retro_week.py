"""The week's retro in the weekly summary (JSON, Markdown, table)."""

import json

from tests.conftest import Run


def test_json_retro_is_the_weeks_lists_and_null_in_other_weeks(run: Run) -> None:
    run("retro", "add", "--well", "banner on time", "--improve", "stock data", "--improve", "x")
    run("retro", "add", "--well", "team helped")
    doc = json.loads(run("week", "-f", "json").stdout)
    assert doc["retro"] == {"went_well": ["banner on time", "team helped"],
                            "to_improve": ["stock data", "x"]}
    assert json.loads(run("week", "last", "-f", "json").stdout)["retro"] is None


def test_retro_of_another_author_stays_out_of_my_week(run: Run) -> None:
    run("retro", "add", "--well", "bob's", env={"OPSLOG_AUTHOR": "bob"})
    assert json.loads(run("week", "-f", "json").stdout)["retro"] is None
    theirs = json.loads(run("week", "--author", "bob", "-f", "json").stdout)
    assert theirs["retro"] == {"went_well": ["bob's"], "to_improve": []}


def test_markdown_and_table_show_both_lists(run: Run) -> None:
    run("retro", "add", "--well", "fast *replies*", "--improve", "late | data")
    md = run("week", "-f", "markdown").stdout
    assert "**Went well**\n\n- fast \\*replies\\*\n\n**To improve**\n\n- late \\| data" in md
    table = run("week").stdout
    assert "• fast *replies*" in table and "• late | data" in table
