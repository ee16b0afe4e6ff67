import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opslog.domain import records
from opslog.domain.search import SearchQuery
from opslog.store import crud, fulltext
from opslog.store.search import _search_sql, search
from tests.conftest import Run
from tests.fixtures.clock import NOW
from tests.fixtures.records import add, open_db, seed


def found(run: Run, *query: str) -> list[tuple[str, str]]:
    r = run("search", *query)
    assert r.exit_code == 0, r.stderr
    return [(line.split("\t")[1], line.split("\t")[2]) for line in r.stdout.splitlines()]


def test_search_finds_substrings_and_chinese_in_every_kind(run: Run, db_path: Path) -> None:
    seed(db_path)
    assert found(run, "双11") == [("goal", "1")]
    assert found(run, "供应商") == [("note", "1")]
    assert found(run, "PPLIER") == [("checkin", "1")]  # ASCII case ignored, mid-word
    assert found(run, "provider") == [("risk", "1"), ("risk_review", "1")]
    assert found(run, "早点") == [("retro", "1")]
    assert [k for k, _ in found(run, "er")] == ["checkin", "progress", "risk", "risk_review"]


def test_every_term_must_match_short_ones_included(run: Run, db_path: Path) -> None:
    seed(db_path)
    assert found(run, "supplier", "late") == [("checkin", "1")]
    # MATCH would ignore 'zz' (under three characters): the base table decides it.
    assert found(run, "supplier", "zz") == []
    assert found(run, "supplier zz") == []
    assert found(run, '"supplier call"') == [("checkin", "1")]
    assert found(run, '"supplier late call"') == []


def test_percent_underscore_and_quotes_are_literal(run: Run, db_path: Path) -> None:
    seed(db_path)
    for text in ("100% done", "a_b", "1000 done", "ab"):
        run("note", text)
    assert found(run, "0%") == [("note", "2")]
    assert found(run, "%") == [("note", "2")]
    assert found(run, "_") == [("note", "3")]
    assert found(run, "0% d") == [("note", "2")]
    assert found(run, 'hi"') == [("retro", "1")]  # a retro item, stored as JSON


def test_search_json_names_the_matching_fields(run: Run, db_path: Path) -> None:
    seed(db_path)
    r = run("search", "supplier", "--json")
    [hit] = json.loads(r.stdout)
    assert (hit["kind"], hit["matched"], hit["plan"]) == (
        "checkin",
        ["blockers", "plan"],
        "supplier call",
    )
    assert r.stderr == ""


def test_kind_filter_and_nothing_found(run: Run, db_path: Path) -> None:
    seed(db_path)
    assert found(run, "provider", "--kind", "risk-review") == [("risk_review", "1")]
    r = run("search", "不存在")
    assert (r.exit_code, r.stdout) == (0, "")
    assert "nothing found for 不存在" in r.stderr
    assert run("search", "x", "--kind", "memo").exit_code == 2


def test_index_follows_inserts_updates_and_deletes(db_path: Path) -> None:
    db = open_db(db_path)
    with db.write() as conn:
        assert fulltext.has_fulltext(conn)
        note = add(conn, records.Note, day=date(2026, 11, 27), text="旧的文字")
        crud.update(conn, "note", note.id, {"text": "新的文字"}, NOW)
        assert [h.entry.record.id for h in search(conn, SearchQuery.parse("新的文"))] == [note.id]
        assert search(conn, SearchQuery.parse("旧的文")) == []
        crud.delete(conn, "note", note.id)
        assert search(conn, SearchQuery.parse("新的文")) == []
        assert fulltext.check_fulltext(conn) == []


def test_without_trigram_nothing_is_indexed_and_search_scans(
    run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "trigram_available", lambda conn: False)
    seed(db_path)
    db = open_db(db_path)
    with db.read() as conn:
        assert not fulltext.has_fulltext(conn)
    db.close()
    assert found(run, "供应商") == [("note", "1")]
    assert found(run, "supplier", "zz") == []


def test_postgresql_uses_position_on_the_base_table() -> None:
    sql, params = _search_sql("postgresql", "checkin", SearchQuery.parse("双11 ab"), False)
    assert 'position(lower(:t0) in lower(r."plan")) > 0' in sql
    assert "MATCH" not in sql and "instr" not in sql
    assert params == {"t0": "双11", "t1": "ab"}


def test_matches_are_highlighted_on_inert_text() -> None:
    from rich.console import Console

    from opslog.domain.search import Entry, Hit
    from opslog.render.log_views import search_table

    note = records.Note(1, "u", "ann", NOW, NOW, date(2026, 11, 27), "[red]双11[/red]\x1b 双11")
    hit = Hit(Entry("note", note.day, note), ["text"], SearchQuery.parse("双11"))
    console = Console(record=True, width=80, force_terminal=True, color_system="standard")
    console.print(search_table([hit]))
    assert "[red]双11[/red]^[ 双11" in console.export_text(clear=False)
    assert console.export_text(styles=True).count("\x1b[1;30;43m双11\x1b[0m") == 2


@pytest.fixture(scope="module")
def both_dbs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list]:
    folder = tmp_path_factory.mktemp("both")
    with_index = open_db(folder / "index.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fulltext, "trigram_available", lambda conn: False)
        scan_only = open_db(folder / "scan.db")
    with with_index.read() as a, scan_only.read() as b:
        assert fulltext.has_fulltext(a) and not fulltext.has_fulltext(b)
    yield [with_index, scan_only]
    for db in (with_index, scan_only):
        db.close()


ALPHABET = "aAbB双1%_\"' \n"


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(ALPHABET, max_size=10), min_size=1, max_size=6),
    terms=st.lists(
        st.text(ALPHABET.replace(" ", "").replace("\n", ""), min_size=1, max_size=4),
        min_size=1,
        max_size=2,
    ),
)
def test_index_and_scan_agree_with_plain_substring_test(
    both_dbs: list, texts: list[str], terms: list[str]
) -> None:
    query = SearchQuery(tuple(dict.fromkeys(terms)))
    fold = str.lower  # the alphabet's letters are ASCII
    expected = [i for i, t in enumerate(texts) if all(fold(q) in fold(t) for q in query.terms)]
    for db in both_dbs:
        with db.write() as conn:
            conn.execute("DELETE FROM note")
            ids = [add(conn, records.Note, day=date(2026, 11, 27), text=t).id for t in texts]
            hits = [ids.index(h.entry.record.id) for h in search(conn, query, ("note",))]
        assert hits == expected


def test_a_bulk_load_rebuilds_the_index_once(db_path: Path) -> None:
    db = open_db(db_path)
    with db.write() as conn:
        add(conn, records.Note, day=date(2026, 11, 27), text="before 供应商")
        with fulltext.bulk_load(conn):
            for i in range(50):
                add(conn, records.Note, day=date(2026, 11, 27), text=f"bulk {i} 供应商")
        crud.update(conn, "note", 1, {"text": "after"}, NOW)  # the triggers are back
        assert len(search(conn, SearchQuery.parse("供应商"))) == 50
        assert fulltext.check_fulltext(conn) == []
