"""Markdown escapes only what Markdown would read as syntax: a number followed by `.` or
`)` starts a numbered list only when a space or the end of the line follows."""

from __future__ import annotations

import pytest

from opslog.render.safe import markdown_inline


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1. one", "1\\. one"),
        ("2) two", "2\\) two"),
        ("3.", "3\\."),
        ("3.\nnext", "3\\.<br>next"),
        ("3.33%", "3.33%"),
        ("2026.11 sales", "2026.11 sales"),
        ("1.2万", "1.2万"),
        ("12)x", "12)x"),
    ],
)
def test_a_number_is_escaped_only_where_it_would_start_a_list(text: str, shown: str) -> None:
    assert markdown_inline(text) == shown
