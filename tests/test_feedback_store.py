"""The feedback queries on every driver (stdlib sqlite3, SQLAlchemy, PostgreSQL):
sums per key over two periods, keys in use, lists, links and impact windows."""

from __future__ import annotations

from datetime import date

import pytest

from opslog.domain.feedback import Span, rank_keys
from opslog.errors import NotFound
from opslog.store.crud import create
from opslog.store.db import Conn, Database
from opslog.store.feedback import (
    add_feedback,
    first_day,
    impact,
    known_keys,
    link,
    list_feedback,
    section,
    seen_before,
    tallies,
)
from opslog.store.retros import mark_action_done

NOW = "2026-11-27T18:00:00.000000+00:00"
D = date.fromisoformat
W48 = Span(D("2026-11-23"), D("2026-11-29"))


def _add(conn: Conn, day: str, category: str, count: int = 1, sentiment: str | None = None,
         channel: str = "", author: str = "ann") -> None:  # fmt: skip
    add_feedback(conn, author=author, now=NOW, day=D(day), text="", channel=channel,
                 category=category, count=count, sentiment=sentiment)  # fmt: skip


@pytest.fixture
def filled(database: Database) -> Database:
    with database.write() as conn:
        _add(conn, "2026-10-01", "Refund", 2)  # long before: Refund is not new in W48
        _add(conn, "2026-11-16", "物流", 5, "neg", "客服热线")  # W47
        _add(conn, "2026-11-22", "物流", 4, None, "邮件")  # W47's last day
        _add(conn, "2026-11-23", "物流", 3, "neg", "客服热线")  # W48's first day
        _add(conn, "2026-11-29", "物流", 1, "pos", "客服热线")  # W48's last day
        _add(conn, "2026-11-25", "refund", 2, "neu")  # the other spelling
        _add(conn, "2026-11-26", "尺码", 12, "neg", "评价")
        _add(conn, "2026-11-26", "尺码", 7, "neg", "评价", author="bob")  # not ann's
        _add(conn, "2026-11-30", "物流", 50)  # the week after: outside
    return database


def test_sums_per_key_for_the_period_and_the_previous_one(filled: Database) -> None:
    with filled.read() as conn:
        counted = tallies(conn, ["ann"], W48, "category")
        old = seen_before(conn, ["ann"], W48.previous.start, [t.key for t in counted])
    ranked = rank_keys(counted, old)
    # 尺码 12 (bob's 7 not counted), new; 物流 3 + 1 = 4 against 5 + 4 = 9; refund 2,
    # seen on Oct 1 as "Refund", so not new.
    assert [(k.key, k.count, k.previous, k.change, k.new) for k in ranked] == [
        ("尺码", 12, 0, 12, True),
        ("物流", 4, 9, -5, False),
        ("refund", 2, 0, 2, False),
    ]
    # 物流 this week: neg 3, pos 1 → 0.75 / 0.25.
    assert ranked[1].sentiment == {"pos": 0.25, "neu": 0.0, "neg": 0.75}
    assert sorted(old) == ["Refund"]


def test_everyone_and_by_channel(filled: Database) -> None:
    with filled.read() as conn:
        ranked = rank_keys(tallies(conn, None, W48, "channel"))
    # 评价 12 + 7; 客服热线 3 + 1 (W47: 5); "" 2 (W47: 0); 邮件 0 (W47: 4).
    assert [(k.key, k.count, k.previous) for k in ranked] == [
        ("评价", 19, 0), ("客服热线", 4, 5), ("", 2, 0), ("邮件", 0, 4)]  # fmt: skip


def test_keys_in_use_oldest_first_and_lists_by_any_spelling(filled: Database) -> None:
    with filled.read() as conn:
        assert known_keys(conn, "category") == ["Refund", "物流", "refund", "尺码"]
        assert known_keys(conn, "channel") == ["客服热线", "邮件", "评价"]
        found = list_feedback(conn, ["ann"], category="REFUND")
        assert [(f.day, f.category, f.count) for f in found] == [
            (D("2026-10-01"), "Refund", 2), (D("2026-11-25"), "refund", 2)]  # fmt: skip
        found = list_feedback(conn, ["ann"], since=D("2026-11-23"), until=D("2026-11-29"),
                              channel="客服热线")  # fmt: skip
        assert [(f.day, f.count) for f in found] == [(D("2026-11-23"), 3), (D("2026-11-29"), 1)]
        assert list_feedback(conn, ["ann"], category="unknown") == []
        assert first_day(conn, ["ann"]) == D("2026-10-01")
        assert first_day(conn, ["nobody"]) is None


def test_link_and_impact(filled: Database) -> None:
    from opslog.domain.records import Action

    with filled.write() as conn:
        action = create(
            conn, Action, author="ann", now=NOW, day=D("2026-11-01"), text="new courier"
        )
        made, target, new = link(conn, author="ann", now=NOW, day=D("2026-11-01"),
                                 category="物流", action_id=action.id)  # fmt: skip
        assert (made.category, made.action_uid, target.id, new) == ("物流", action.uid,
                                                                    action.id, True)  # fmt: skip
        again = link(conn, author="ann", now=NOW, day=D("2026-11-02"), category="物流",
                     action_id=action.id)  # fmt: skip
        assert again[0].id == made.id and again[2] is False
    with filled.read() as conn, pytest.raises(NotFound, match="is done yet"):
        impact(conn, ["ann"], "物流", D("2026-11-27"))
    with filled.write() as conn:
        mark_action_done(conn, action.id, now=NOW, day=D("2026-11-23"))
    with filled.read() as conn:
        result = impact(conn, ["ann"], "物流", D("2026-11-27"), weeks=1)
        week = section(conn, ["ann"], W48, D("2026-11-27"))
    # Before: Nov 16–22 holds 5 + 4 = 9; after: Nov 23–29 holds 3 + 1 = 4 but is under
    # way on the 27th, so only the before mean is known.
    assert [(w.count, w.complete) for w in result.before] == [(9, True)]
    assert [(w.count, w.complete) for w in result.after] == [(4, False)]
    assert (result.before_weekly_mean, result.after_weekly_mean) == (9.0, None)
    assert [(i.category, i.action_id, i.before_weekly_mean) for i in week.improvements] == [
        ("物流", action.id, 2.25)  # 4 weeks: Oct 26 – Nov 15 hold nothing, Nov 16–22 9 → 9/4
    ]
    assert (week.total, week.previous_total, week.new_categories) == (18, 9, ["尺码"])
