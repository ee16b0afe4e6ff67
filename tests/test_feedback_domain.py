"""Feedback arithmetic: keys, counts over two periods, shares, impact windows.
Every expected number below is worked out by hand in the comment beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opslog.domain.feedback import (
    Impact,
    Span,
    Tally,
    build_section,
    impact_json,
    impact_windows,
    match_key,
    one_edit_apart,
    parse_count,
    parse_sentiment,
    rank_keys,
    section_json,
    sentiment_shares,
)
from opslog.domain.text import normalize_key
from opslog.errors import BadInput

D = date.fromisoformat


def test_keys_match_across_case_width_and_blanks() -> None:
    assert normalize_key(" 物流 ") == "物流"
    assert normalize_key("Logistics") == normalize_key("logistics") == "logistics"
    assert normalize_key("ＬＯＧＩＳＴＩＣＳ") == "logistics"  # full-width letters
    assert normalize_key("After  sales") == "after sales"
    assert normalize_key("Straße") == normalize_key("STRASSE")  # casefold, not lower


def test_a_known_key_is_stored_with_its_first_spelling() -> None:
    m = match_key(" logistics ", ["物流", "Logistics"])
    assert (m.key, m.known, m.near) == ("Logistics", True, None)
    assert match_key("物流", ["物流"]).key == "物流"


def test_a_new_key_one_edit_away_names_the_near_one() -> None:
    m = match_key("物留", ["尺码", "物流"])
    assert (m.key, m.known, m.near) == ("物留", False, "物流")
    m = match_key("logistic", ["Logistics"])  # one deleted letter
    assert (m.known, m.near) == (False, "Logistics")
    m = match_key("price", ["物流"])
    assert (m.key, m.known, m.near) == ("price", False, None)
    # One-character keys are all one edit apart: no hint there.
    assert match_key("B", ["A"]).near is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("物流", "物留", True), ("abc", "abcd", True), ("abc", "xabc", True),
     ("abc", "acb", False), ("abc", "abc", False), ("ab", "abcd", False), ("", "a", True)],
)  # fmt: skip
def test_one_edit(a: str, b: str, expected: bool) -> None:
    assert one_edit_apart(a, b) is expected
    assert one_edit_apart(b, a) is expected


@given(st.text(max_size=8), st.text(max_size=8))
def test_one_edit_is_levenshtein_one(a: str, b: str) -> None:
    assert one_edit_apart(a, b) == (_levenshtein(a, b) == 1)


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def test_sentiment_and_count_parsing() -> None:
    assert [parse_sentiment(s) for s in ("pos", "NEG", "neutral", "差评", None, " ")] == [
        "pos", "neg", "neu", "neg", None, None]  # fmt: skip
    with pytest.raises(BadInput, match="bad sentiment 'bad'"):
        parse_sentiment("bad")
    assert parse_count("12") == 12
    assert parse_count("1,200") == 1200
    for bad in ("0", "-1", "1.5", "x", "１２"):
        with pytest.raises(BadInput, match="bad count"):
            parse_count(bad)


def test_period_and_the_previous_one_of_the_same_length() -> None:
    week = Span(D("2026-11-23"), D("2026-11-29"))
    assert (week.previous.start, week.previous.end) == (D("2026-11-16"), D("2026-11-22"))
    november = Span(D("2026-11-01"), D("2026-11-30"))  # 30 days back: Oct 2 – Oct 31
    assert (november.previous.start, november.previous.end) == (D("2026-10-02"), D("2026-10-31"))
    with pytest.raises(BadInput):
        Span(D("2026-11-02"), D("2026-11-01"))


def test_rank_adds_up_spellings_and_compares_with_the_previous_period() -> None:
    tallies = [
        Tally("物流", 5, sentiment="neg"),
        Tally(" 物流", 1, sentiment="neu"),  # the same key: 物流 now 6
        Tally("物流", 9, current=False),  # before: 9 → change 6 − 9 = −3
        Tally("Size", 2, sentiment="neg"),
        Tally("size", 2, sentiment="pos"),  # Size now 4, two spellings with 2 each
        Tally("price", 3, current=False),  # gone this period: 0, previous 3
    ]
    ranked = rank_keys(tallies, seen_before=["物流", "price"])
    assert [(r.key, r.count, r.previous, r.change, r.new) for r in ranked] == [
        ("物流", 6, 9, -3, False),
        ("Size", 4, 0, 4, True),  # ties in spelling: the first in sort order ('S' < 's')
        ("price", 0, 3, -3, False),
    ]
    # 物流: neg 5, neu 1 of 6 with a sentiment → 0.8333, 0.1667; Size: neg 2, pos 2 of 4.
    assert ranked[0].sentiment == {"pos": 0.0, "neu": 0.1667, "neg": 0.8333}
    assert ranked[1].sentiment == {"pos": 0.5, "neu": 0.0, "neg": 0.5}
    assert ranked[2].sentiment is None


def test_a_key_seen_long_ago_is_not_new() -> None:
    ranked = rank_keys([Tally("Refund", 2)], seen_before=["refund"])
    assert ranked[0].new is False


def test_sentiment_shares_ignore_counts_without_one() -> None:
    assert sentiment_shares({"pos": 1, "neu": 0, "neg": 3}) == {
        "pos": 0.25,
        "neu": 0.0,
        "neg": 0.75,
    }
    assert sentiment_shares({}) is None


def test_section_totals_new_categories_and_json() -> None:
    section = build_section(
        [Tally("物流", 6), Tally("物流", 9, current=False), Tally("尺码", 12), Tally("", 1)],
        [Tally("客服热线", 6), Tally("评价", 13), Tally("邮件", 2, current=False)],
        seen_before=["物流"],
    )
    # total 6 + 12 + 1 = 19, previous 9; 尺码 is new, the blank category is not named.
    assert (section.total, section.previous_total) == (19, 9)
    assert section.new_categories == ["尺码"]
    doc = section_json(section)
    assert doc["categories"] == [
        {"category": "尺码", "count": 12, "previous": 0, "change": 12, "sentiment": None},
        {"category": "物流", "count": 6, "previous": 9, "change": -3, "sentiment": None},
        {"category": None, "count": 1, "previous": 0, "change": 1, "sentiment": None},
    ]
    # Channels: the period's only, largest first; 邮件 had nothing this period.
    assert doc["channels"] == [
        {"channel": "评价", "count": 13},
        {"channel": "客服热线", "count": 6},
    ]
    assert (doc["total"], doc["previous"], doc["change"]) == (19, 9, 10)


def test_impact_windows_before_and_after_the_done_day() -> None:
    done = D("2026-11-02")  # a Monday; 2 weeks each side
    counts = [
        (D("2026-10-19"), 4),  # before window 1: Oct 19 – Oct 25
        (D("2026-10-25"), 2),  # also window 1 (its last day) → 6
        (D("2026-10-26"), 5),  # before window 2: Oct 26 – Nov 1 → 5
        (D("2026-11-01"), 3),  # also window 2 → 8
        (D("2026-11-02"), 1),  # after window 1: Nov 2 – Nov 8 (the done day itself) → 1
        (D("2026-11-15"), 2),  # after window 2: Nov 9 – Nov 15 (its last day) → 2
        (D("2026-11-16"), 7),  # outside every window
    ]
    before, after = impact_windows(done, 2, counts, first_day=D("2026-01-01"), asof=D("2026-11-30"))
    assert [(w.start, w.end, w.count, w.complete) for w in before] == [
        (D("2026-10-19"), D("2026-10-25"), 6, True),
        (D("2026-10-26"), D("2026-11-01"), 8, True),
    ]
    assert [(w.start, w.end, w.count) for w in after] == [
        (D("2026-11-02"), D("2026-11-08"), 1),
        (D("2026-11-09"), D("2026-11-15"), 2),
    ]
    impact = Impact("物流", done, 2, before, after, action_id=3)
    # before (6 + 8) / 2 = 7, after (1 + 2) / 2 = 1.5, change −5.5, −5.5 / 7 = −0.7857
    assert (impact.before_weekly_mean, impact.after_weekly_mean) == (7.0, 1.5)
    assert (impact.change, impact.change_pct) == (-5.5, -0.7857)
    doc: dict[str, Any] = impact_json(impact)
    assert doc["before"][0] == {"start": "2026-10-19", "end": "2026-10-25", "count": 6,
                                "complete": True}  # fmt: skip
    assert (doc["weeks"], doc["action_id"], doc["change"]) == (2, 3, -5.5)


def test_an_impact_window_that_starts_before_the_first_feedback() -> None:
    # Feedback was first logged on Wed Oct 21. Four weeks before Mon Nov 2:
    # Oct 5–11 and Oct 12–18 end before it (no count: nothing was logged yet, not zero);
    # Oct 19–25 straddles it (shows its 3, left out of the mean); Oct 26 – Nov 1 holds 4.
    done = D("2026-11-02")
    counts = [(D("2026-10-21"), 3), (D("2026-10-28"), 4), (D("2026-11-03"), 1)]
    before, after = impact_windows(done, 4, counts, first_day=D("2026-10-21"), asof=D("2026-11-12"))
    assert [(w.start.isoformat(), w.count, w.complete) for w in before] == [
        ("2026-10-05", None, False),
        ("2026-10-12", None, False),
        ("2026-10-19", 3, False),
        ("2026-10-26", 4, True),
    ]
    # Today is Thu Nov 12: Nov 2–8 is complete (1), Nov 9–15 is under way (0 so far,
    # not counted), Nov 16–22 and Nov 23–29 are to come (no count).
    assert [(w.start.isoformat(), w.count, w.complete) for w in after] == [
        ("2026-11-02", 1, True),
        ("2026-11-09", 0, False),
        ("2026-11-16", None, False),
        ("2026-11-23", None, False),
    ]
    impact = Impact("物流", done, 4, before, after)
    assert (impact.before_weekly_mean, impact.after_weekly_mean, impact.change) == (4.0, 1.0, -3.0)


def test_impact_without_any_feedback_or_before_it_is_done() -> None:
    done = D("2026-11-23")
    before, after = impact_windows(done, 1, [], first_day=None, asof=D("2026-11-27"))
    assert (before[0].count, after[0].count) == (None, None)
    before, after = impact_windows(done, 1, [], first_day=D("2026-01-01"), asof=D("2026-11-27"))
    impact = Impact("x", done, 1, before, after)
    # before: Nov 16–22 complete with 0; after: Nov 23–29 still under way on the 27th.
    assert (impact.before_weekly_mean, impact.after_weekly_mean, impact.change) == (0.0, None, None)
    assert impact.change_pct is None
    with pytest.raises(BadInput, match="bad number of weeks 0"):
        impact_windows(done, 0, [], None, done)
