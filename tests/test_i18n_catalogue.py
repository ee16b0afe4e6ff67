"""Every message id has a Chinese translation (issue 15 item 1): the help of every
command and option, and every text the code passes to `_()`; translations keep the
same {fields}. A third language is one file in opslog/locales (tested by adding one)."""

from __future__ import annotations

import ast
import contextlib
import string
from pathlib import Path

import pytest
import typer

import opslog
from opslog import i18n
from opslog.cli.app import make_app
from opslog.locales.zh import MESSAGES

SRC = Path(opslog.__file__).parent


def help_texts() -> list[str]:
    root = typer.main.get_command(make_app())
    found: list[str] = []

    def walk(cmd: object) -> None:
        if getattr(cmd, "help", None):
            found.append(cmd.help)  # type: ignore[attr-defined]
        for param in getattr(cmd, "params", []):
            if getattr(param, "help", None):
                found.append(param.help)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(root)
    return list(dict.fromkeys(found))


def marked_texts() -> list[tuple[str, str]]:
    """(file:line, text) for every `_("literal")` (and `_("a" "b")`) in the source."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "locales" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", node.args[0].value))
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_there_is_something_to_check() -> None:
    assert len(help_texts()) > 100 and len(marked_texts()) > 80


@pytest.mark.parametrize("text", help_texts(), ids=lambda t: t[:40])
def test_every_help_text_has_a_translation(text: str) -> None:
    assert text in MESSAGES, f"no zh translation for help text {text!r}"
    assert MESSAGES[text].strip() and MESSAGES[text] != text


def test_every_marked_text_has_a_translation() -> None:
    missing = [f"{where}: {text!r}" for where, text in marked_texts() if text not in MESSAGES]
    assert not missing, "no zh translation for:\n" + "\n".join(missing)


@pytest.mark.parametrize("key", sorted(MESSAGES), ids=lambda t: t[:40])
def test_translations_keep_the_fields(key: str) -> None:
    with contextlib.suppress(ValueError):  # a help text with braces is no format string
        assert fields(MESSAGES[key]) <= fields(key), "a field the English text lacks"


def test_a_third_language_is_one_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locales = SRC / "locales"
    new = locales / "xx.py"
    assert not new.exists()
    new.write_text('MESSAGES = {"Mon": "Lun"}\n', encoding="utf-8")
    try:
        assert "xx" in i18n.available()
        i18n.set_language("xx")
        assert (i18n._("Mon"), i18n._("Tue"), i18n.language()) == ("Lun", "Tue", "xx")
    finally:
        new.unlink()
        i18n.set_language("en")
        import sys

        sys.modules.pop("opslog.locales.xx", None)
    assert "xx" not in i18n.available()
