"""Every message id has a Chinese translation (issue 15 item 1): the help of every
command and option, and every text the code passes to `_()`; translations keep the
same {fields}. A third language is one file in opslog/locales (tested by adding one)."""

from __future__ import annotations

import ast
import contextlib
import re
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


def _module_of(name: str) -> Path:
    return SRC.parent.joinpath(*name.split(".")).with_suffix(".py")


def _table(path: Path, name: str) -> list[object] | None:
    """The values of the dict (or tuple) literal `name` is bound to at the top of
    `path`, or in the module a `from … import name` in it names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id == name:
            if isinstance(value, ast.Dict):
                return list(ast.literal_eval(value).values())
            if isinstance(value, ast.Tuple | ast.List):
                return list(ast.literal_eval(value))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and any(
            a.name == name for a in node.names
        ):
            return _table(_module_of(node.module), name)
    return None


def table_texts() -> list[tuple[str, str]]:
    """(file:line, text) for the words a table gives `_()` at run time:
    `_(STATUS_WORDS[s])`, `_(SECTIONS.get(k, k))`, `_(HEALTH_WORDS[h].lower())`: every
    string value of the dict literal the name is bound to, through the str method."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "locales" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args):  # fmt: skip
                continue
            arg, method = node.args[0], None
            call = arg if isinstance(arg, ast.Call) else None
            if call and isinstance(call.func, ast.Attribute) and not call.args:
                arg, method = call.func.value, call.func.attr  # …[h].lower()
            holder: ast.expr
            if isinstance(arg, ast.Subscript):
                holder = arg.value
            elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) \
                    and arg.func.attr == "get":  # fmt: skip
                holder = arg.func.value
            else:
                continue
            if not isinstance(holder, ast.Name):
                continue
            table = _table(path, holder.id)
            assert table is not None, f"{path}:{node.lineno}: no literal {holder.id}"
            for value in table:
                if isinstance(value, str) and any(c.isalpha() for c in value):
                    text = getattr(value, method)() if method else value
                    found.append((f"{path.relative_to(SRC)}:{node.lineno}", text))
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


def test_every_word_a_table_gives_has_a_translation() -> None:
    """Words `_()` takes from a table at run time (a status, a section, a kind's heading
    in the Markdown export) are no literal for the check above: each value counts."""
    texts = table_texts()
    assert any("records_markdown" in where for where, _t in texts)  # the check sees them
    missing = [f"{where}: {text!r}" for where, text in texts if text not in MESSAGES]
    assert not missing, "no zh translation for:\n" + "\n".join(missing)


def test_every_kind_and_kpi_aggregation_has_a_chinese_name() -> None:
    """Kinds are named through i18n.kind_word (the catalogue's KINDS, not `_()`: "note"
    is a word of its own); aggregations through render/words.agg_word."""
    from opslog.domain.kinds import ALL
    from opslog.domain.records import KPI_AGGS
    from opslog.locales.zh import KINDS
    from opslog.render.log_views import FIELD_LABELS
    from opslog.render.words import agg_word

    assert {k.name for k in ALL} == set(KINDS)
    assert {f for k in ALL for f in k.searchable} <= set(FIELD_LABELS)  # a search hit's
    assert all(KINDS[k] != k for k in KINDS)
    i18n.set_language("zh")
    try:
        assert i18n.kind_word("risk_review") == "风险复查"
        words = [agg_word(a) for a in (*KPI_AGGS, "ratio")]
        assert all(w in MESSAGES.values() and w.isascii() is False for w in words), words
    finally:
        i18n.set_language("en")
    assert (i18n.kind_word("risk_review"), agg_word("avg")) == ("risk_review", "avg")


@pytest.mark.parametrize("key", sorted(MESSAGES), ids=lambda t: t[:40])
def test_translations_keep_the_fields(key: str) -> None:
    with contextlib.suppress(ValueError):  # a help text with braces is no format string
        assert fields(MESSAGES[key]) <= fields(key), "a field the English text lacks"


# What is code, not prose, in a Chinese text: `code`, 'quoted' and "quoted" words, {fields},
# an opslog command line, a typed token (due:日期, @负责人, {labels}:), a call sum(…).
_CODE = re.compile(
    r"`[^`]*`|'[^']*'|\"[^\"]*\"|\{[^}]*\}|opslog( [^\s，。；：、）]+)+"
    r"|[A-Za-z_]+:|@\S+|[A-Za-z_]+\([^)]*\)"
)
# A half-width ( ) , : ; ? ! touching a Chinese character (a space between allowed).
_HALF_WIDTH = re.compile(r"[\u3400-\u9fff] ?[(),:;?!]|[(),:;?!] ?[\u3400-\u9fff]")


def half_width_in_prose(text: str) -> list[str]:
    return [m.group() for m in _HALF_WIDTH.finditer(_CODE.sub("␣", text))]


def test_half_width_punctuation_in_prose_is_found() -> None:
    assert half_width_in_prose("进度 (当前值) 落后") == ["度 (", "值)"]
    assert half_width_in_prose("原因: 缺货, 已处理") == ["因:", "货,"]
    assert half_width_in_prose("再试一次?") == ["次?"]
    # code, fields, numbers and units stay as they are
    assert half_width_in_prose("见 `opslog kpi add`（例如 'a, b'）：{name!r} 3.4%") == []
    assert half_width_in_prose("（内容 @负责人 due:日期）；sum(分子)；{name}:{line}：错") == []


@pytest.mark.parametrize("key", sorted(MESSAGES), ids=lambda t: t[:40])
def test_chinese_prose_has_full_width_punctuation(key: str) -> None:
    """（）：，；？！ in Chinese prose, as the catalogue writes it; half-width stays in
    code, fields, numbers and units."""
    assert half_width_in_prose(MESSAGES[key]) == [], MESSAGES[key]


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


def test_a_check_in_is_one_word_in_chinese() -> None:
    """打卡, as the views say it; the chat report's numbers said 签到."""
    assert [k for k, v in MESSAGES.items() if "签到" in v] == []
