"""The README's tour is a tested document (issue 16 item 15): every `$ opslog …` line of
its "Tour" section runs, in order, on a fresh logbook with the tour's pinned clock and
author, and what it prints must be what the README shows.

How the README is read:
- the section from `## Tour` to the next `## ` heading; its ```console blocks run in
  order; the lines after a `$ ` line, up to the next one, are its output: stdout and
  stderr lines as they interleave (each stream's own order kept);
- `<!-- tour: a fresh logbook -->` before a block starts a new logbook;
- `<!-- tour: on a terminal -->` before a block runs its lines in a pseudo-terminal of
  120 columns (colours taken out, as the README says);
- `<!-- tour: output of opslog … -->` before another fenced block (the Markdown report)
  runs that command and compares the block with its output;
- `…` in an output line stands for any text (a uid); trailing spaces are not compared;
- `VAR=value opslog …` sets a variable for that line; `| jq …` pipes stdout to jq.

After a change to what opslog prints, `README_TOUR_UPDATE=1 python -m pytest
tests/test_readme_tour.py` writes the new outputs into README.md (stdout lines, then
stderr lines, where they differ) for a reader to check in the diff.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.pty_session import run_in_pty

README = Path(__file__).resolve().parent.parent / "README.md"
TOUR_ENV = {"OPSLOG_NOW": "2026-11-27T18:00:00+00:00", "OPSLOG_AUTHOR": "lin"}
FRESH = "<!-- tour: a fresh logbook -->"
TERMINAL = "<!-- tour: on a terminal -->"
OUTPUT_OF = re.compile(r"<!-- tour: output of (opslog [^>]*?) -->")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]")


@dataclass
class Step:
    command: str  # as written after "$ "
    expected: list[str]
    terminal: bool = False
    line: int = 0  # in README.md, for the failure message
    output_line: int = 0  # the README's line of the first output line (1-based)


@dataclass
class Logbook:
    steps: list[Step] = field(default_factory=list)


def tour_section(text: str) -> tuple[str, int]:
    """The Tour section (up to the next `## ` heading outside a fenced block) and the
    number of lines before it."""
    lines = text.splitlines(keepends=True)
    first = lines.index("## Tour\n")
    fenced = False
    for end in range(first + 1, len(lines)):
        if lines[end].startswith("```"):
            fenced = not fenced
        elif not fenced and lines[end].startswith("## "):
            break
    else:
        end = len(lines)
    return "".join(lines[first:end]), first


def read_tour(text: str) -> list[Logbook]:
    section, offset = tour_section(text)
    books = [Logbook()]
    last = 0
    for fence in FENCE.finditer(section):
        before = section[last : fence.start()]
        last = fence.end()
        line = offset + section[: fence.start()].count("\n") + 2
        if FRESH in before:
            books.append(Logbook())
        body = fence.group(2).splitlines()
        wanted = OUTPUT_OF.search(before)
        if wanted:
            books[-1].steps.append(Step(wanted.group(1), body, line=line, output_line=line))
        elif fence.group(1) == "console":
            books[-1].steps += _console_steps(body, TERMINAL in before, line)
    return [b for b in books if b.steps]


def _console_steps(body: list[str], terminal: bool, first_line: int) -> list[Step]:
    steps: list[Step] = []
    for i, text in enumerate(body):
        if text.startswith("$ "):
            steps.append(Step(text[2:], [], terminal, first_line + i, first_line + i + 1))
        elif steps:
            steps[-1].expected.append(text)
    return steps


def line_matches(expected: str, actual: str) -> bool:
    expected, actual = expected.rstrip(), actual.rstrip()
    if expected == actual:
        return True
    if "…" not in expected:
        return False
    pattern = ".+?".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


def interleaves(expected: list[str], out: list[str], err: list[str]) -> bool:
    """Is `expected` the lines of `out` and `err` merged, each in its own order?"""
    seen: set[tuple[int, int]] = set()

    def walk(i: int, j: int) -> bool:
        if i + j == len(expected):
            return i == len(out) and j == len(err)
        if (i, j) in seen:
            return False
        seen.add((i, j))
        line = expected[i + j]
        return (i < len(out) and line_matches(line, out[i]) and walk(i + 1, j)) or (
            j < len(err) and line_matches(line, err[j]) and walk(i, j + 1)
        )

    return walk(0, 0)


def split_command(command: str) -> tuple[dict[str, str], list[str], list[str] | None]:
    """(variables, opslog's arguments, the jq arguments after a pipe or None)."""
    opslog_part, _pipe, jq_part = command.partition(" | ")
    words = shlex.split(opslog_part, comments=True)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, _eq, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "opslog", command
    jq = shlex.split(jq_part, comments=True) if jq_part else None
    assert jq is None or jq[0] == "jq", f"only jq is piped to in the tour: {command}"
    return env, words[1:], jq


def run_step(step: Step, run: Run, db_path: Path) -> tuple[list[str], list[str]]:
    env, args, jq = split_command(step.command)
    if step.terminal:
        full = {**os.environ, **TOUR_ENV, **env, "OPSLOG_DB": str(db_path), "PAGER": "cat",
                "COLUMNS": "120", "LINES": "200", "TERM": "xterm-256color"}  # fmt: skip
        full.pop("NO_COLOR", None)
        code, text = run_in_pty(args, full, columns=120, rows=200)
        assert code == 0, f"{step.command}: exit {code}\n{text}"
        shown = ANSI.sub("", text.replace("\r\n", "\n"))
        return shown.splitlines(), []
    r = run(*args, env={**TOUR_ENV, **env})
    assert r.exit_code == 0, f"{step.command}: exit {r.exit_code}\n{r.stderr}"
    out = r.stdout
    if jq is not None:
        out = subprocess.run(jq, input=out, capture_output=True, text=True, check=True).stdout
    return out.splitlines(), r.stderr.splitlines()


def test_the_reader_reads_steps_outputs_and_markers() -> None:
    text = (
        "# x\n\n## Tour\n\n```console\n$ opslog note a\n1\nnote 1 saved\n$ opslog week\n```\n\n"
        f"{TERMINAL}\n\n```console\n$ opslog week\nWeek\n```\n\n"
        "<!-- tour: output of opslog week --format markdown -->\n\n```markdown\n# W\n## D\n```\n\n"
        f"{FRESH}\n\n```console\n$ OPSLOG_NOW=x opslog log | jq -c .\n[]\n```\n\n## Next\n"
        "```console\n$ opslog never\n```\n"
    )
    first, second = read_tour(text)
    assert [(s.command, s.expected, s.terminal) for s in first.steps] == [
        ("opslog note a", ["1", "note 1 saved"], False),
        ("opslog week", [], False),
        ("opslog week", ["Week"], True),
        ("opslog week --format markdown", ["# W", "## D"], False),
    ]
    piped = "OPSLOG_NOW=x opslog log | jq -c ."
    assert [(s.command, s.line) for s in second.steps] == [(piped, 29)]
    assert split_command(piped) == ({"OPSLOG_NOW": "x"}, ["log"], ["jq", "-c", "."])


def test_output_lines_interleave_and_an_ellipsis_is_any_text() -> None:
    assert interleaves(["warn", "1", "saved"], ["1"], ["warn", "saved"])
    assert not interleaves(["saved", "1", "warn"], ["1"], ["warn", "saved"])
    assert not interleaves(["1"], ["1"], ["saved"])
    assert line_matches('{"uid":"…","x":1}', '{"uid":"0a1b","x":1}')
    assert not line_matches('{"uid":"…","x":1}', '{"uid":"0a1b","x":2}')
    assert line_matches("Days   ", "Days")


BOOKS = read_tour(README.read_text(encoding="utf-8"))


def test_the_tour_has_its_two_logbooks_and_every_step() -> None:
    assert len(BOOKS) == 2
    commands = [s.command for b in BOOKS for s in b.steps]
    assert len(commands) >= 20
    assert "opslog week" in commands and "opslog week --format markdown" in commands
    assert any(s.terminal for b in BOOKS for s in b.steps)


@pytest.mark.parametrize("book", BOOKS, ids=["e-commerce week", "customer feedback"])
def test_every_tour_line_prints_what_the_readme_shows(
    run: Run, db_path: Path, book: Logbook
) -> None:
    if any(" | jq " in s.command for s in book.steps) and shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("jq missing in CI (.ci/run installs it)")
        pytest.skip("jq not installed")
    wrong, new = [], []
    for index, step in enumerate(book.steps):
        out, err = run_step(step, run, db_path)
        if not interleaves(step.expected, out, err):
            new.append((index, [*out, *err]))
            got = "\n".join([*out, *(f"[stderr] {e}" for e in err)])
            wrong.append(f"README.md:{step.line}: $ {step.command}\n--- README shows:\n"
                         + "\n".join(step.expected) + f"\n--- opslog printed:\n{got}")  # fmt: skip
    if new and os.environ.get("README_TOUR_UPDATE"):
        update_readme(BOOKS.index(book), new)
        pytest.skip(f"README.md: {len(new)} outputs rewritten")
    assert not wrong, "\n\n".join(wrong)


def update_readme(book: int, new: list[tuple[int, list[str]]]) -> None:
    text = README.read_text(encoding="utf-8")
    steps = read_tour(text)[book].steps  # as the file is now (another book may have moved it)
    lines = text.split("\n")
    for index, printed in sorted(new, key=lambda n: -n[0]):
        step = steps[index]
        first = step.output_line - 1
        lines[first : first + len(step.expected)] = [p.rstrip() for p in printed]
    README.write_text("\n".join(lines), encoding="utf-8")
