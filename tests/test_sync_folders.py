"""A database in a folder a sync service copies is warned about when opened (issue 16
item 16): Dropbox, OneDrive, iCloud Drive, Google Drive, 坚果云, Syncthing, …"""

from __future__ import annotations

from pathlib import Path

import pytest

from opslog.syncdirs import sync_service
from tests.conftest import Run
from tests.fixtures.output import fields


@pytest.mark.parametrize(("folder", "service"), [
    ("Dropbox", "Dropbox"),
    ("Dropbox (ACME)/ops", "Dropbox"),
    ("Library/CloudStorage/Dropbox-Personal", "Dropbox"),
    ("OneDrive - ACME/Documents", "OneDrive"),
    ("onedrive", "OneDrive"),
    ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
    ("iCloudDrive", "iCloud Drive"),
    ("Google Drive/My Drive", "Google Drive"),
    ("Library/CloudStorage/GoogleDrive-ann@example.com", "Google Drive"),
    ("坚果云/工作", "坚果云 (Nutstore)"),
    ("Nutstore Files", "坚果云 (Nutstore)"),
    ("Nextcloud", "Nextcloud"),
])  # fmt: skip
def test_known_sync_folders_are_named(tmp_path: Path, folder: str, service: str) -> None:
    assert sync_service(tmp_path / folder / "opslog.db") == service


def test_a_syncthing_folder_is_found_by_its_marker(tmp_path: Path) -> None:
    (tmp_path / "Sync" / ".stfolder").mkdir(parents=True)
    assert sync_service(tmp_path / "Sync" / "logs" / "opslog.db") == "Syncthing"
    assert sync_service(tmp_path / "Elsewhere" / "opslog.db") is None


@pytest.mark.parametrize("folder", ["data", "DropboxArchive", "my-onedrive-notes", "box"])
def test_other_folders_are_not(tmp_path: Path, folder: str) -> None:
    assert sync_service(tmp_path / folder / "opslog.db") is None


WARNING = ("opslog: warning: {where} is in a Dropbox folder: a sync service copying a live"
           " SQLite file can damage it or lose the last writes; keep it outside and move data"
           " with export/import, or share a PostgreSQL database (see the README: Two"
           " machines)\n")  # fmt: skip


def test_opening_a_database_in_dropbox_warns_and_still_works(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "Dropbox" / "opslog.db"
    r = run("note", "x", env={"OPSLOG_DB": str(db)})
    assert (r.exit_code, r.stdout) == (0, "1\n")
    assert r.stderr == WARNING.format(where=db) + "note 1 saved for 2026-11-27\n"
    week = run("week", "--format", "json", env={"OPSLOG_DB": str(db)})
    assert week.exit_code == 0 and week.stderr == WARNING.format(where=db)


def test_an_import_into_a_synced_folder_warns_as_any_open_does(run: Run, tmp_path: Path) -> None:
    """Into a new logbook (built aside and linked into place, not opened the usual way)
    and into an existing one: the same one warning, once."""
    db = tmp_path / "Dropbox" / "opslog.db"
    for text in ("new", "existing"):
        line = f'{{"kind": "note", "day": "2026-11-27", "text": "into a {text} one"}}\n'
        r = run("import", "-", input=line, env={"OPSLOG_DB": str(db)})
        assert r.exit_code == 0, r.stderr
        assert r.stderr == WARNING.format(where=db) + "imported 1 of 1 records (note 1)\n"
    assert db.exists()


def test_the_warning_in_chinese(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "我的坚果云" / "opslog.db"
    r = run("note", "x", env={"OPSLOG_DB": str(db), "OPSLOG_LANG": "zh"})
    assert r.exit_code == 0
    assert r.stderr.startswith(f"opslog: 注意：{db} 在 坚果云 (Nutstore) 的同步文件夹里")


def test_a_database_elsewhere_gets_no_warning(run: Run) -> None:
    assert run("note", "x").stderr == "note 1 saved for 2026-11-27\n"


# --- turning the warning off: sync_warning = false, OPSLOG_SYNC_WARNING -----------------


def config(home: Path, text: str) -> Path:
    path = home / ".config" / "opslog" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_warning_is_turned_off_in_the_config_file(
    run: Run, tmp_path: Path, private_home: Path
) -> None:
    """For whoever knows (a folder the service is told to skip, a single machine)."""
    config(private_home, "sync_warning = false\n")
    db = tmp_path / "Dropbox" / "opslog.db"
    r = run("note", "x", env={"OPSLOG_DB": str(db)})
    assert (r.exit_code, r.stderr) == (0, "note 1 saved for 2026-11-27\n")
    line = '{"kind": "note", "day": "2026-11-27", "text": "into a new one"}\n'
    r = run("import", "-", input=line, env={"OPSLOG_DB": str(tmp_path / "Dropbox" / "n.db")})
    assert (r.exit_code, r.stderr) == (0, "imported 1 of 1 records (note 1)\n")
    info = fields(run("info", env={"OPSLOG_DB": str(db)}).stdout)
    assert info["sync_warning"] == "false (config file)"


@pytest.mark.parametrize(("value", "warned"), [
    ("off", False), ("0", False), ("false", False), ("no", False),
    ("on", True), ("1", True), ("TRUE", True), ("yes", True),
])  # fmt: skip
def test_the_environment_turns_it_off_or_on_over_the_file(
    run: Run, tmp_path: Path, private_home: Path, value: str, warned: bool
) -> None:
    config(private_home, "sync_warning = false\n")
    db = tmp_path / "Dropbox" / "opslog.db"
    env = {"OPSLOG_DB": str(db), "OPSLOG_SYNC_WARNING": value}
    r = run("note", "x", env=env)
    assert r.exit_code == 0
    assert r.stderr.startswith("opslog: warning: ") is warned
    shown = fields(run("info", env=env).stdout)["sync_warning"]
    assert shown == f"{str(warned).lower()} (environment OPSLOG_SYNC_WARNING)"


@pytest.mark.parametrize(("where", "text", "said"), [
    ("config", 'sync_warning = "off"\n', "sync_warning must be true or false, not 'off'"),
    ("environment", "", "bad sync_warning 'maybe' (from environment OPSLOG_SYNC_WARNING):"
     " expected true or false (on/off, yes/no, 1/0)"),
])  # fmt: skip
def test_a_bad_value_is_one_line(
    run: Run, private_home: Path, where: str, text: str, said: str
) -> None:
    config(private_home, text)
    env = {"OPSLOG_SYNC_WARNING": "maybe"} if where == "environment" else {}
    r = run("note", "x", env=env)
    assert (r.exit_code, r.stdout) == (2, "")
    assert said in r.stderr and len(r.stderr.splitlines()) == 1
