"""The HTML report and week page in a real browser: headless Chromium (Debian's
`chromium`, which .ci/run installs) renders the constructed logbook's quarter and one
week, at 390 px (a phone) and 1280 px. Checked: no console errors, every section heading,
hostile text shown as text with no element injected, no sideways scrolling, and ink in
every chart's box on the screenshot. tests/fixtures/browser.py drives the browser."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.fixtures.browser import (
    A4_TEXT_PX,
    as_printed,
    chromium,
    console_errors,
    elements,
    ink,
    pdf_pages,
    print_pdf,
    probe,
    read_png,
    screenshot_page,
)
from tests.report_book import HOSTILE, MARKUP, build

if chromium() is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium missing in CI: .ci/run installs it")
    pytest.skip(
        "chromium is not installed (apt-get install chromium): the browser checks need it",
        allow_module_level=True,
    )

QUARTER_HEADINGS = ["Check-ins", "Goals", "Risks", "Actions", "What keeps coming back",
                    "Retros", "Customer feedback", "Notes"]  # fmt: skip
WEEK_HEADINGS = ["Days", "Goals", "Risks", "Retro", "Actions", "Customer feedback", "Stats"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The quarter and week pages of the constructed logbook, made through the CLI."""
    from typer.testing import CliRunner

    from opslog.cli.app import app

    folder = tmp_path_factory.mktemp("pages")
    env = {"OPSLOG_DB": str(folder / "book.db"), "OPSLOG_AUTHOR": "ann", "TZ": "UTC",
           "OPSLOG_NOW": "2026-11-27T18:00:00+00:00", "OPSLOG_LANG": "en"}  # fmt: skip
    env.update({name: str(folder) for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")})

    class Result:
        def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
            self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        r = CliRunner().invoke(app, list(args), env={**base, **(env or {})}, input=input)
        return Result(r.exit_code, r.stdout, r.stderr)

    base = env
    build(run)  # type: ignore[arg-type]
    out = {"quarter": folder / "q4.html", "week": folder / "w47.html",
           "week-zh": folder / "w47-zh.html"}  # fmt: skip
    assert run("report", "2026-Q4", "-f", "html", "-o", str(out["quarter"])).exit_code == 0
    assert run("week", "2026-W47", "-f", "html", "-o", str(out["week"])).exit_code == 0
    zh = {"OPSLOG_LANG": "zh"}
    assert run("week", "2026-W47", "-f", "html", "-o", str(out["week-zh"]), env=zh).exit_code == 0
    return out


CASES = [(kind, width) for kind in ("quarter", "week") for width in (390, 1280)]


@pytest.mark.parametrize(("kind", "width"), CASES)
def test_renders_cleanly_fits_the_width_and_keeps_hostile_text_as_text(
    pages: dict[str, Path], kind: str, width: int
) -> None:
    p = probe(pages[kind], width)
    assert console_errors(p.stderr) == []
    facts = p.facts
    assert facts["innerWidth"] == width
    assert facts["scrollWidth"] <= width, f"{kind} is {facts['scrollWidth']} px wide at {width}"
    assert facts["scripts"] == 0  # the report itself has no script
    doc = elements(p.dom)
    headings = QUARTER_HEADINGS if kind == "quarter" else WEEK_HEADINGS
    for heading in headings:
        assert heading in doc.headings
    tags = [tag for tag, _attrs in doc.elements]
    assert "script" not in tags and "b" not in tags
    assert not [a for _t, attrs in doc.elements for a in attrs if a.startswith("on")]
    text = "".join(doc.text)
    assert HOSTILE in text
    if kind == "quarter":
        assert MARKUP in text


@pytest.mark.parametrize("kind", ["quarter", "week"])
def test_every_chart_has_ink_on_the_screenshot(
    pages: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    p = probe(pages[kind], 1280)
    charts = p.facts["charts"]
    expected = {"chart-checkins", "chart-risks", "chart-feedback"} | {
        f"chart-goal-{i}" for i in (1, 2, 3, 4)}  # fmt: skip
    week = {"chart-risks", "chart-feedback"}
    assert {c["id"] for c in charts} == (expected if kind == "quarter" else week)
    shot = tmp_path / f"{kind}.png"
    screenshot_page(pages[kind], shot, 1280, int(p.facts["height"]) + 10)
    width, _height, rows = read_png(shot)
    assert width == 1280
    for chart in charts:
        assert chart["w"] > 100 and chart["h"] > 100, chart
        assert ink(rows, chart) > 0.02, f"{chart['id']} looks blank"
    # And the blank space below the page is blank: the measure can tell.
    assert ink(rows, {"x": 0, "y": p.facts["height"] + 2, "w": 1280, "h": 6}) < 0.001


@pytest.mark.parametrize("kind", ["quarter", "week", "week-zh"])
def test_on_a_phone_every_label_shown_has_a_value_and_every_value_a_label(
    pages: dict[str, Path], kind: str
) -> None:
    """At 390 px a table's rows turn into "label: value" lines: an empty cell showed its
    label alone ("Blockers:", "Status:" on an open action), a cell without a column name
    a value with no label. 1280 px is a table: its cells show no labels."""
    facts = probe(pages[kind], 390).facts
    assert facts["emptyLabels"] == [] and facts["unlabelled"] == [], facts
    # "Day: ", and in Chinese the full-width colon: "日期："
    first = {"quarter": '"Goal: "', "week": '"Day: "', "week-zh": '"日期："'}[kind]
    assert facts["labels"][0] == first, facts
    wide = probe(pages[kind], 1280).facts
    assert wide["emptyLabels"] == [] and len(wide["unlabelled"]) > 10


def test_the_harness_sees_overflow_and_console_errors(tmp_path: Path) -> None:
    """The checks above can fail: a page too wide and a page with a script error."""
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><body><div style="width:800px">x</div>'
                    '<script>console.error("boom"); nope();</script></body>')  # fmt: skip
    p = probe(wide, 390)
    assert p.facts["scrollWidth"] > 390
    assert len(console_errors(p.stderr)) == 2
    cells = tmp_path / "cells.html"  # a label with no value, a value with no label
    cells.write_text('<!DOCTYPE html><style>td[data-label]::before{content:attr(data-label)}'
                     '</style><table><tr><td data-label="Plan"></td><td>x</td></tr></table>')
    facts = probe(cells, 390).facts
    assert (facts["emptyLabels"], facts["unlabelled"]) == (["Plan"], ["x"])


def test_a_check_in_run_in_the_heatmap_is_coloured(pages: dict[str, Path]) -> None:
    """Unused days are grey, check-ins green: the heatmap shows them apart."""
    page = pages["quarter"].read_text()
    assert page.count('fill="#e8eaed"') > 30  # October and most of November: no check-in
    assert page.count('fill="#388e3c"') >= 3  # mood 4 on Nov 25, 26, 27 (and Nov 2)


@pytest.mark.parametrize("kind", ["quarter", "week"])
def test_prints_on_a4_with_nothing_clipped(
    pages: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    """Printed to PDF: a few A4 pages (a chart is never split: figures avoid breaks), and
    with the print rules at A4's text width (688 px) no table or chart is wider."""
    pdf = tmp_path / f"{kind}.pdf"
    print_pdf(pages[kind], pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([0-9.]+) ([0-9.]+)\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes)  # A4 is 595.3 × 841.9 pt  # fmt: skip
    assert 2 <= pdf_pages(data) <= 8, pdf_pages(data)
    p = probe(as_printed(pages[kind]), A4_TEXT_PX)
    assert p.facts["scrollWidth"] <= A4_TEXT_PX, f"{kind} is {p.facts['scrollWidth']} px wide"
    for chart in p.facts["charts"]:
        assert chart["x"] >= 0 and chart["x"] + chart["w"] <= A4_TEXT_PX, chart
