from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fixtures.output import fields


def config_file(home: Path, text: str) -> Path:
    path = home / ".config" / "opslog" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_info_shows_which_source_won_each_setting(
    run: Run, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_file(private_home, 'author = "cfg"\nweek_start = "sunday"\nstale_days = 3\n')
    monkeypatch.setenv("OPSLOG_STALE_DAYS", "10")
    r = run("--author", "flagged", "info")
    assert r.exit_code == 0, r.stderr
    f = fields(r.stdout)
    assert f["config"] == str(path)
    assert f["author"] == "flagged (flag)"
    assert f["stale_days"] == "10 (environment OPSLOG_STALE_DAYS)"
    assert f["week_start"] == "sunday (config file)"
    assert f["lang"] == "en (default)"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('stale_days = "many"\n', "stale_days must be a whole number"),
        ("author = \n", "bad config file"),
        ('week_start = "tuesday"\n', "bad week_start 'tuesday'"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_file_and_key(
    run: Run, private_home: Path, text: str, named: str
) -> None:
    path = config_file(private_home, text)
    r = run("log")
    assert (r.exit_code, r.stdout) == (2, "")
    assert named in r.stderr and str(path) in r.stderr
    assert len(r.stderr.splitlines()) == 1


def test_a_relative_db_in_the_config_file_is_beside_it(
    run: Run, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_file(private_home, 'db = "book.db"\n')
    monkeypatch.delenv("OPSLOG_DB")
    assert run("note", "hello").exit_code == 0
    assert (path.parent / "book.db").exists()
    assert fields(run("info").stdout)["db"] == f"{path.parent / 'book.db'} (config file)"
