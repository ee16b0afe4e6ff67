"""Settings and where each came from: flag > environment > config file > default."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from opslog.domain.plain import plain
from opslog.errors import BadInput
from opslog.i18n import _

KEYS = ("db", "author", "week_start", "stale_days", "lang", "sync_warning")
ENV = {
    "db": "OPSLOG_DB",
    "author": "OPSLOG_AUTHOR",
    "week_start": "OPSLOG_WEEK_START",
    "stale_days": "OPSLOG_STALE_DAYS",
    "lang": "OPSLOG_LANG",
    "sync_warning": "OPSLOG_SYNC_WARNING",
}
# How a yes/no setting may be written in the environment (the file takes TOML's true/false).
SWITCH_WORDS = {"true": True, "on": True, "yes": True, "1": True,
                "false": False, "off": False, "no": False, "0": False}  # fmt: skip
TABLES = ("send",)  # [send.NAME]: the chat webhooks `opslog send` posts to


def available_languages() -> tuple[str, ...]:
    from opslog.i18n import available

    return available()


def early_language(environ: Mapping[str, str]) -> str:
    """The interface language before the settings are loaded (for --help at the top,
    drawn before the global callback runs); a bad value is left for load_settings to
    refuse."""
    lang = environ.get(ENV["lang"])
    if not lang:
        try:
            lang = str(read_config_file(config_path(environ)).get("lang", "en"))
        except BadInput:
            lang = "en"
    return lang.strip().lower()


def expand_user(value: str) -> Path:
    """`~` and `~user` expanded; a user that does not exist is bad input, not a traceback."""
    try:
        return Path(value).expanduser()
    except RuntimeError:
        user = value[1:].split("/", 1)[0]
        raise BadInput(
            _("bad database path {value!r}: ").format(value=value)
            + (f"no user {user!r}" if user else "no home folder")
        ) from None


def data_dir() -> Path:
    plain = _plain_xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if plain is not None:
        return plain
    import platformdirs

    return Path(platformdirs.user_data_dir("opslog", appauthor=False))


def config_path(environ: Mapping[str, str]) -> Path:
    if environ.get("OPSLOG_CONFIG"):
        return Path(environ["OPSLOG_CONFIG"]).expanduser()
    plain = _plain_xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if plain is not None:
        return plain / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("opslog", appauthor=False)) / "config.toml"


def _plain_xdg_dir(variable: str, default: str) -> Path | None:
    """platformdirs' folder for opslog on Linux where the answer is plain, without
    importing it (a quarter of Python's own start, on every command; issue 18): an
    absolute `$XDG_…`, else, with no `$XDG_…` at all, `default` under an absolute `$HOME`.
    Anything else (another system, a relative or empty variable) is platformdirs' to
    answer. tests/test_startup_paths.py holds the two to the same answers."""
    if sys.platform != "linux":
        return None
    value = os.environ.get(variable)
    if value is not None:
        return Path(value, "opslog") if value.startswith("/") else None
    home = os.environ.get("HOME", "")
    return Path(os.path.expanduser(default), "opslog") if home.startswith("/") else None


@plain
class Settings:
    db: str
    author: str
    week_start: str = "monday"
    stale_days: int = 7
    lang: str = "en"
    sync_warning: bool = True  # the warning about a database in a synced folder
    config_file: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)
    # `[send.NAME]` tables, checked by `opslog send` when it uses one (opslog/send/).
    send: dict[str, Any] = field(default_factory=dict)

    @property
    def default_db(self) -> bool:
        """The db is platformdirs' default: its folder is kept 0700."""
        return self.sources.get("db") == "default"


def load_settings(flags: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
    cfg_path = config_path(environ)
    file_values = read_config_file(cfg_path)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key in KEYS:
        if flags.get(key) not in (None, ""):
            values[key], sources[key] = flags[key], "flag"
        elif environ.get(ENV[key]):
            values[key], sources[key] = environ[ENV[key]], f"environment {ENV[key]}"
        elif key in file_values:
            values[key], sources[key] = file_values[key], f"config {cfg_path}"
        else:
            values[key], sources[key] = _default(key), "default"
    if sources["db"] != "default":
        values["db"] = _db_path(str(values["db"]), cfg_path if sources["db"] != "flag"
                                and sources["db"].startswith("config ") else None)  # fmt: skip
    settings = Settings(
        db=str(values["db"]),
        author=_check_author(str(values["author"]), sources["author"]),
        week_start=_check_choice(values["week_start"], ("monday", "sunday"), "week_start", sources),
        stale_days=_check_stale_days(values["stale_days"], sources),
        lang=_check_choice(values["lang"], available_languages(), "lang", sources),
        sync_warning=_check_switch(values["sync_warning"], "sync_warning", sources),
        config_file=cfg_path if cfg_path.exists() else None,
        sources=sources,
        send=dict(file_values.get("send", {})),
    )
    return settings


def _db_path(value: str, config_file: Path | None) -> str:
    """One rule for a relative path, plain or in a `sqlite:///` URL: from the config
    file, relative to the config file's folder; from a flag or the environment,
    relative to the working folder (as any command-line path)."""
    prefix = "sqlite:///" if value.startswith("sqlite:///") else ""
    if "://" in value and not prefix:
        return value  # another database's URL: no path in it
    rest = value[len(prefix) :]
    path_part, q, query = rest.partition("?") if prefix else (rest, "", "")
    if not path_part or path_part.startswith(":memory:"):
        return value  # refused later, in the words for it
    path = expand_user(path_part)
    if not path.is_absolute() and config_file is not None:
        path = config_file.parent / path  # the file's folder, not wherever opslog runs
    return prefix + str(path) + q + query


# What each key of the file holds, when not a string (a bool is no number here).
_TYPES: dict[str, tuple[type, str]] = {
    "stale_days": (int, "a whole number"),
    "sync_warning": (bool, "true or false"),
}


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise BadInput(
            _("cannot read config file {path}: {strerror}").format(
                path=path, strerror=_(str(exc.strerror))
            )
        ) from exc
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(_("bad config file {path}: {exc}").format(path=path, exc=exc)) from exc
    unknown = sorted(set(data) - {*KEYS, *TABLES})
    if unknown:
        raise BadInput(
            _("bad config file {path}: unknown key {unknown!r}").format(
                path=path, unknown=unknown[0]
            )
        )
    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                raise BadInput(
                    _("bad config file {path}: [{key}] must be a table of tables").format(
                        path=path, key=key
                    )
                )
            continue
        expected, name = _TYPES.get(key, (str, "a string"))
        if not isinstance(value, expected) or isinstance(value, bool) is not (expected is bool):
            raise BadInput(
                _("bad config file {path}: {key} must be {name}, not {value!r}").format(
                    path=path, key=key, name=_(name), value=value
                )
            )
    return data


def _default(key: str) -> Any:
    if key == "db":
        return str(data_dir() / "opslog.db")
    if key == "author":
        import getpass

        try:
            return getpass.getuser() or "me"
        except (KeyError, OSError):
            return "me"
    return {"week_start": "monday", "stale_days": 7, "lang": "en", "sync_warning": True}[key]


def _check_choice(value: Any, choices: tuple[str, ...], key: str, sources: dict[str, str]) -> str:
    text = str(value).strip().lower()
    if text not in choices:
        raise BadInput(
            _("bad {key} {value!r} (from {sources}): expected {items}").format(
                key=key, value=value, sources=sources[key], items=" or ".join(choices)
            )
        )
    return text


def _check_switch(value: Any, key: str, sources: dict[str, str]) -> bool:
    if isinstance(value, bool):
        return value
    switch = SWITCH_WORDS.get(str(value).strip().lower())
    if switch is None:
        raise BadInput(
            _("bad {key} {value!r} (from {sources}): expected true or false (on/off, yes/no, 1/0)")
            .format(key=key, value=value, sources=sources[key])
        )  # fmt: skip
    return switch


def _check_stale_days(value: Any, sources: dict[str, str]) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if not 1 <= days <= 3650:
        raise BadInput(
            _("bad stale_days {value!r} (from {sources}): expected 1–3650").format(
                value=value, sources=sources["stale_days"]
            )
        )
    return days


def _check_author(value: str, source: str) -> str:
    text = value.strip()
    if not text or len(text) > 200 or any(ord(c) < 32 for c in text):
        raise BadInput(_("bad author {value!r} (from {source})").format(value=value, source=source))
    return text


def environ() -> Mapping[str, str]:
    return os.environ
