"""User-facing words in the user's language (`lang = "zh"` in config.toml or
OPSLOG_LANG=zh). gettext's model, without .mo files: `_()` looks the English text up in
the catalogue of the language chosen at start-up (opslog/locales/<lang>.py, loaded only
then) and falls back to English.

Only views translate: JSON keys and values, export records and the words a user types
(statuses, formats, kinds) stay English, so scripts work whatever the language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_catalog: dict[str, str] = {}
_kinds: dict[str, str] = {}  # the catalogue's KINDS: a record kind's name (note, risk_review)
_separators: dict[str, str] = {}  # the catalogue's SEPARATORS: colon, comma, list, open, close
SEPARATORS = {"colon": ": ", "comma": ", ", "list": ", ", "open": " (", "close": ")"}  # English's


_language = "en"


def set_language(lang: str) -> None:
    """Use the catalogue of `lang` (a module of opslog.locales); English has none."""
    global _catalog, _kinds, _separators, _language
    if lang == "en" or lang not in available():
        _catalog, _kinds, _separators, _language = {}, {}, {}, "en"
        return
    from importlib import import_module

    module = import_module(f"opslog.locales.{lang}")
    _catalog, _kinds = module.MESSAGES, getattr(module, "KINDS", {})
    _separators = getattr(module, "SEPARATORS", {})
    _language = lang


def available() -> tuple[str, ...]:
    """The languages there is a catalogue for, English first."""
    import os

    folder = os.path.join(os.path.dirname(__file__), "locales")
    found = sorted(n[:-3] for n in os.listdir(folder) if n.endswith(".py") and n[0] != "_")
    return ("en", *found)


def language() -> str:
    """The interface language chosen at start-up: "en" or "zh"."""
    return _language


def _(text: str) -> str:
    return _catalog.get(text, text)


def colon() -> str:
    """What goes between a label and its value in a view: ": " in English, "：" in
    Chinese (计算方式：求和). Views only: a tab-separated line, JSON and CSV keep ": ".
    The catalogue's SEPARATORS table, not `_()`: English uses ", " for both a clause's
    parts and a list's items, Chinese "，" and "、"."""
    return _separators.get("colon", SEPARATORS["colon"])


def comma() -> str:
    """Between the parts of a view's clause ("high, @lin"): "，" in Chinese."""
    return _separators.get("comma", SEPARATORS["comma"])


def joined(items: Iterable[str]) -> str:
    """Items listed in a view (days, names, tags): "a, b" in English, "a、b" in Chinese."""
    return _separators.get("list", SEPARATORS["list"]).join(items)


def aside(text: str) -> str:
    """Words in brackets after what they qualify, in a view: " (new)" in English,
    "（新增）" in Chinese, full-width and with no space (物流（新增）, 做得好（2026-W47）)."""
    return (
        _separators.get("open", SEPARATORS["open"])
        + text
        + _separators.get("close", SEPARATORS["close"])
    )


def kind_word(kind: str) -> str:
    """A record kind as a view names it: in English its name as `--kind` takes it
    (`risk_review`), in another language the catalogue's KINDS entry. A table of its
    own, not `_()`: a kind's name is an English word with other senses ("note" is a
    risk review's note too), and tests/test_i18n_catalogue.py checks every kind has one."""
    return _kinds.get(kind, kind)


def kind_name(kind: str) -> str:
    """A kind as a message names it: `risk review` in English, 风险复查 in Chinese."""
    return kind_word(kind).replace("_", " ")
