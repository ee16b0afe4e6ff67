"""Where config.toml and the default database live: opslog answers the plain Linux cases
itself (an absolute $XDG_CONFIG_HOME / $XDG_DATA_HOME, or none and an absolute $HOME)
without importing platformdirs on every start (issue 18), and must answer exactly as
platformdirs does; every other case is platformdirs' own answer."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from opslog import config

CASES: dict[str, dict[str, str | None]] = {
    "xdg absolute": {"XDG_CONFIG_HOME": "/srv/cfg", "XDG_DATA_HOME": "/srv/data"},
    "xdg with a trailing slash": {"XDG_CONFIG_HOME": "/srv/cfg/", "XDG_DATA_HOME": "/srv/d/"},
    "xdg with spaces and 中文": {"XDG_CONFIG_HOME": "/srv/my cfg/配置", "XDG_DATA_HOME": "/数据"},
    "no xdg": {"XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None},
    "no xdg, home with a trailing slash": {
        "XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None, "HOME": "/home/ann/",
    },
    "xdg relative": {"XDG_CONFIG_HOME": "cfg", "XDG_DATA_HOME": "data"},
    "xdg empty": {"XDG_CONFIG_HOME": "", "XDG_DATA_HOME": ""},
    "no xdg, home relative": {"XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None, "HOME": "ann"},
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_folders_are_platformdirs_own(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CASES[case].items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected_config = Path(platformdirs.user_config_dir("opslog", appauthor=False))
        expected_data = Path(platformdirs.user_data_dir("opslog", appauthor=False))
    except RuntimeError:  # platformdirs finds no home: opslog says the same
        with pytest.raises(RuntimeError):
            config.config_path({})
        return
    assert config.config_path({}) == expected_config / "config.toml"
    assert config.data_dir() == expected_data


@pytest.mark.skipif(sys.platform != "linux", reason="the plain cases are Linux's")
def test_the_plain_cases_do_not_import_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/cfg")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/ann")
    monkeypatch.delitem(sys.modules, "platformdirs")
    assert config.config_path({}) == Path("/srv/cfg/opslog/config.toml")
    assert config.data_dir() == Path("/home/ann/.local/share/opslog")
    assert "platformdirs" not in sys.modules
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative")  # not plain: platformdirs decides
    config.config_path({})
    assert "platformdirs" in sys.modules
