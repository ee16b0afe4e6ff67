"""Property (issue 17, item 4): what opslog writes, opslog reads. Any logbook built
through the commands themselves — under a clock anywhere in 1970–2100, with the text,
numbers and dates the commands accept, and after an import that took the highest id —
exports, imports into an empty logbook, and exports again byte for byte the same.
(docs/reliability.md, section 8.)"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

# Anything but NUL and lone surrogates (refused at the door, exit 2).
anything = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
texts = st.text(
    alphabet=st.one_of(anything, st.sampled_from("双11 😀👨‍👩‍👧 שלום\u202e e\u0301 #tag @bob\t\n")),
    min_size=1,
    max_size=40,
)
clock_days = st.dates(date(1970, 1, 8), date(2100, 12, 24))
numbers = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)


def _cli(db: Path, now: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    from opslog.cli.app import make_app

    env = {"OPSLOG_DB": str(db), "OPSLOG_NOW": now, "OPSLOG_AUTHOR": "ann", "TZ": "UTC"}
    result = CliRunner().invoke(make_app(), list(args), input=stdin, env=env,
                                prog_name="opslog")  # fmt: skip
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        from opslog.errors import OpslogError

        if not isinstance(exc, OpslogError):
            raise exc
        return exc.exit_code, result.stdout
    return result.exit_code, result.stdout


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, ...]]:
    ops: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(
            ["note", "checkin", "goal", "goal checkin", "risk", "action", "top id"]
        ))  # fmt: skip
        if kind == "note":
            ops.append(("note", "--", draw(texts)))
        elif kind == "checkin":
            ops.append(("checkin", "--done", draw(texts), "--mood", str(draw(st.integers(1, 5))),
                        "--no-input"))  # fmt: skip
        elif kind == "goal":
            base = draw(numbers)
            target = base + draw(st.sampled_from([-1.0, 0.5, 7.0, 1e6]))
            title = draw(texts).splitlines()[0] or "g"
            ops.append(("goal", "add", title, "--metric", "m", "--baseline", repr(base),
                        "--target", repr(target), "--due", "+2w"))  # fmt: skip
        elif kind == "goal checkin":
            ops.append(("goal", "checkin", "1", repr(draw(numbers))))
        elif kind == "risk":
            title = draw(texts).splitlines()[0] or "r"
            ops.append(("risk", "add", title, "-p", str(draw(st.integers(1, 5))),
                        "-i", str(draw(st.integers(1, 5)))))  # fmt: skip
        elif kind == "action":
            ops.append(("action", "add", "--", draw(texts)))
        else:  # an imported record that takes the highest id there is
            ops.append(("top id",))
    return ops


def _top_id_note(today: date) -> str:
    return (
        '{"kind": "note", "id": 2147483647, "uid": "00000000-0000-4000-8000-0000000000ff",'
        ' "author": "ann",'
        ' "created_at": "2026-11-27T18:00:00.000000+00:00",'
        ' "updated_at": "2026-11-27T18:00:00.000000+00:00",'
        f' "day": "{today.isoformat()}", "text": "top", "tags": []}}\n'
    )


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(today=clock_days, ops=operations())
def test_any_logbook_made_through_the_commands_exports_and_imports_back(
    today: date, ops: list[tuple[str, ...]]
) -> None:
    now = datetime(today.year, today.month, today.day, 18, tzinfo=None).isoformat() + "+00:00"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "a.db", Path(folder) / "b.db"
        assert _cli(source, now, "note", "start")[0] == 0
        for op in ops:
            if op == ("top id",):
                code, _ = _cli(source, now, "import", "-", stdin=_top_id_note(today))
            else:
                code, _ = _cli(source, now, *op)
            # 2: input the command refuses; 1: goal 1 not made (yet); nothing written
            assert code in (0, 1, 2), op
        assert _cli(source, now, "note", "after everything")[0] == 0
        code, exported = _cli(source, now, "export", "--format", "jsonl")
        assert code == 0 and exported
        code, _ = _cli(target, now, "import", "-", stdin=exported)
        assert code == 0, exported[:2000]
        code, again = _cli(target, now, "export", "--format", "jsonl")
        assert code == 0
        assert again == exported


def test_the_last_day_and_the_top_id_round_trip() -> None:
    """The two cases the probe found, by hand: a note on 2100-12-31 (the last day any
    command takes) and a note after an import that used id 2147483647."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "a.db", Path(folder) / "b.db"
        now = "2100-12-31T18:00:00+00:00"
        assert _cli(source, now, "import", "-", stdin=_top_id_note(date(2100, 12, 31)))[0] == 0
        assert _cli(source, now, "note", "the next one")[0] == 0
        code, exported = _cli(source, now, "export", "--format", "jsonl")
        assert code == 0
        assert '"id": 1, ' in exported  # the lowest free id, not 2147483648
        assert _cli(target, now, "import", "-", stdin=exported)[0] == 0
        assert _cli(target, now, "export", "--format", "jsonl")[1] == exported
        # A clock past 2100 (or before 1970) is refused (exit 2) before anything is
        # written: a note dated 9999-12-31 would export but never import back.
        for pinned in ("9999-12-31T18:00:00+00:00", "2101-01-01T00:00:00+00:00",
                       "1969-12-31T23:00:00+00:00"):  # fmt: skip
            code, _ = _cli(source, pinned, "note", "far future")
            assert code == 2, pinned
        assert _cli(source, now, "export", "--format", "jsonl")[1] == exported
