"""Property: export -> import into an empty database -> export gives the same bytes, for
any text the commands accept (CJK, emoji, RTL, combining marks, line separators...)."""

import io
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from opslog.domain.records import KINDS
from opslog.domain.text import clean_text, extract_tags
from opslog.errors import BadInput
from opslog.store.daily import add_note, save_checkin
from opslog.store.db import Database, Location
from opslog.store.export import export_objects, jsonl_chunks
from opslog.store.importer import import_records
from opslog.store.open import open_database

NOW = "2026-11-27T18:00:00.000000+00:00"
TRICKY = (
    "双11供应商退款社群"  # CJK
    "😀👍🏽👨‍👩‍👧"  # emoji, skin tone, ZWJ sequence
    "שלום مرحبا\u200f\u202e\u2066"  # RTL text and bidi controls
    "e\u0301a\u0308\u20dd"  # combining marks
    "\r\n\t \u2028\u2029\x85\x7f\x1b#＃"  # line breaks, controls, tag marks
)
# Anything but NUL and lone surrogates, which input validation refuses.
anything = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
texts = st.text(alphabet=st.one_of(anything, st.sampled_from(TRICKY)), min_size=1, max_size=60)


def export_text(db: Database) -> str:
    with db.read() as conn:
        return "".join(jsonl_chunks(export_objects(conn, KINDS)))


def accepted(text: str) -> str:
    try:
        return clean_text(text, "text")
    except BadInput:
        assume(False)
        raise


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(texts, min_size=1, max_size=4), done=texts, plan=st.text(anything, max_size=20)
)
def test_export_import_export_is_the_identity(notes: list[str], done: str, plan: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = open_database(Location(path=Path(folder) / "a.db"))
        target = open_database(Location(path=Path(folder) / "b.db"))
        try:
            with source.write() as conn:
                for i, raw in enumerate(notes):
                    text = accepted(raw)
                    try:
                        tags = extract_tags(text)
                    except BadInput:
                        assume(False)
                    add_note(
                        conn, author="ann", now=NOW, day=date(2026, 11, 1 + i), text=text, tags=tags
                    )
                save_checkin(
                    conn,
                    author="ann",
                    now=NOW,
                    day=date(2026, 11, 27),
                    done=accepted(done),
                    blockers="",
                    plan=clean_text(plan, "plan", required=False),
                    mood=None,
                )
            exported = export_text(source)
            with target.write() as conn:
                report = import_records(conn, io.BytesIO(exported.encode("utf-8")))
            assert report.total_added == len(notes) + 1
            assert export_text(target) == exported
        finally:
            source.close()
            target.close()
