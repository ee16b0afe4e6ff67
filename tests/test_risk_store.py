"""store/risks.py and store/retros.py over both drivers (stdlib sqlite3, SQLAlchemy;
PostgreSQL where a server is available): the register's queries must not drift."""

from __future__ import annotations

from datetime import date

from opslog.store.db import Database
from opslog.store.retros import (
    action_weeks,
    add_action,
    add_to_retro,
    list_actions,
    mark_action_done,
)
from opslog.store.risks import add_risk, list_risks, risk_history, update_risk
from tests.fixtures.clock import NOW

FRI = date(2026, 11, 27)


def test_risk_changes_and_their_history(database: Database) -> None:
    with database.write() as conn:
        rid = add_risk(conn, author="ann", now=NOW, day=FRI, title="t", probability=4, impact=5)
        add_risk(conn, author="ann", now=NOW, day=FRI, title="low", probability=1, impact=2)
        update_risk(conn, rid, {"impact": 2, "review_by": date(2026, 12, 1)},
                    author="ann", now=NOW, day=FRI, note="n")  # fmt: skip
    with database.read() as conn:
        risks = list_risks(conn, "ann")
        history = risk_history(conn, risks[0].uid)
    assert [(r.title, r.score, r.review_by) for r in risks] == [
        ("t", 8, date(2026, 12, 1)), ("low", 2, None)]  # fmt: skip
    assert [(h.old_impact, h.new_impact, h.note) for h in history] == [
        (None, 5, "identified"), (5, 2, "n; review by – → 2026-12-01")]  # fmt: skip


def test_an_update_to_the_values_it_has_writes_nothing(database: Database) -> None:
    with database.write() as conn:
        rid = add_risk(conn, author="ann", now=NOW, day=FRI, title="t", probability=4, impact=5)
    with database.write() as conn:
        risk, review = update_risk(conn, rid, {"probability": 4}, author="ann", now=NOW, day=FRI)
    assert (risk.probability, review) == (4, None)
    with database.read() as conn:
        assert len(risk_history(conn, list_risks(conn, "ann")[0].uid)) == 1


def test_retro_appends_and_actions_carry_their_week(database: Database) -> None:
    w47 = {"author": "ann", "now": NOW, "week": "2026-W47"}
    with database.write() as conn:
        retro, created = add_to_retro(conn, **w47, day=FRI, went_well=["a"], to_improve=[])
        again, created_again = add_to_retro(conn, **w47, day=FRI, went_well=["a", "b"],
                                            to_improve=["x"])  # fmt: skip
        add_action(conn, author="ann", now=NOW, day=FRI, text="r", retro_uid=retro.uid)
        done = add_action(conn, author="ann", now=NOW, day=FRI, text="own", due=FRI)
        mark_action_done(conn, done, now=NOW, day=FRI)
    assert (created, created_again, again.id) == (True, False, retro.id)
    assert (again.went_well, again.to_improve) == (["a", "b"], ["x"])
    with database.read() as conn:
        actions = list_actions(conn, "ann", include_done=True)
        weeks = action_weeks(conn, actions)
    assert [(a.text, a.status, weeks[a.uid]) for a in actions] == [
        ("r", "open", "2026-W47"), ("own", "done", "2026-W48")]  # fmt: skip
