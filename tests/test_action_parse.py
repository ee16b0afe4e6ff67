"""Action text markers: `text @owner due:D` (domain/actions.py, pure)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.actions import ParsedAction, parse_action
from opslog.errors import BadInput

FRI = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("Call the supplier @bob due:2026-11-25",
         ParsedAction("Call the supplier", "bob", date(2026, 11, 25))),
        ("@小王 联系供应商 due：fri", ParsedAction("联系供应商", "小王", FRI)),
        ("ping @bob, then wait due:+1w.", ParsedAction("ping then wait", "bob", date(2026, 12, 4))),
        ("mail bob@example.com", ParsedAction("mail bob@example.com")),
        ("meet @ noon, due: soon", ParsedAction("meet @ noon, due: soon")),
        ("tell @bob and @bob again", ParsedAction("tell and again", "bob")),
    ],
)
def test_markers_are_read_and_taken_out(raw: str, parsed: ParsedAction) -> None:
    assert parse_action(raw, FRI) == parsed


@pytest.mark.parametrize(
    ("raw", "message"),
    [("a @bob @ann", "2 owners"), ("a due:mon due:tue", "2 due:"), ("@bob due:fri", "no text"),
     ("a due:someday", "'someday'"), ("   ", "empty")],
)
def test_refused_with_a_message_naming_the_problem(raw: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_action(raw, FRI)


@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1).filter(
    lambda t: t.strip() and "@" not in t and "＠" not in t and "due" not in t.lower()))
def test_text_without_markers_keeps_its_words(text: str) -> None:
    assert parse_action(text, FRI) == ParsedAction(" ".join(text.split()))


def test_a_due_weekday_is_the_next_one_not_the_last() -> None:
    friday = date(2026, 11, 27)
    assert parse_action("Check ads @lin due:mon", friday).due == date(2026, 11, 30)
    assert parse_action("Call them due:fri", friday).due == friday  # today still counts
