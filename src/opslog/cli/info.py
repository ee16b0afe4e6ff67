"""opslog info"""

from __future__ import annotations

import os

import typer

from opslog.cli.common import app_context
from opslog.context import AppContext
from opslog.errors import OpslogError
from opslog.i18n import _, aside, comma, kind_word


def info(
    ctx: typer.Context,
    check: bool = typer.Option(False, "--check", help="Also check integrity (exit 1 if not ok)."),
) -> None:
    """Where the data is, the settings, counts, integrity.

    Prints the data and config paths, each setting and where it came from (flag,
    environment, config file or default), the schema version and counts per kind;
    --check runs SQLite's integrity checks (exit 1 unless ok).

    Example: opslog info --check
    """
    from opslog.config import KEYS, config_path
    from opslog.render.safe import inert
    from opslog.store.db import hide_password, parse_location
    from opslog.store.maintenance import sqlite_version

    app = app_context(ctx)
    s = app.settings
    location = parse_location(s.db)
    lines: list[tuple[str, str]] = []
    if location.path is not None:
        state = f"SQLite {sqlite_version()}"
        if location.path.exists():
            state += f"{comma()}{location.path.stat().st_size / 1024:,.0f} KiB"
        else:
            state = _("not created yet; the first note or check-in creates it")
        lines.append((_("data"), f"{location.path}{aside(state)}"))
    else:
        lines.append((_("data"), location.where))
    cfg = config_path(os.environ)
    lines.append((_("config"), f"{cfg}{'' if s.config_file else _(' (none; optional)')}"))
    lines.append((_("settings"), ""))
    shown = {key: _toml(getattr(s, key)) for key in KEYS}
    shown["db"] = hide_password(s.db)  # the settings line never shows a password either
    wide = max(len(value) for value in shown.values())
    for key in KEYS:
        source = s.sources.get(key, "default")
        source = "config file" if source.startswith("config ") else source
        if source.startswith("environment "):
            source = _("environment {name}").format(name=source.split()[-1])
        else:
            source = _(source)
        lines.append((f"  {key}", f"{shown[key]:<{wide}} {aside(source)}"))
    problems: list[str] | None = None
    if location.path is None or location.path.exists():
        problems = _database_lines(app, lines, check)
    from opslog.render.cells import pad
    from opslog.render.cells import width as cells

    width = max(cells(k) for k, _v in lines) + 2
    for key, value in lines:
        print(f"{pad(key, width)}{inert(value)}".rstrip())
    if check and problems is None:
        raise OpslogError(
            _("no database at {where} yet: nothing to check").format(where=location.where)
        )
    if problems:
        raise OpslogError(
            _("integrity check failed: {n_problems} problem(s)").format(n_problems=len(problems))
        )


def _toml(value: object) -> str:
    """A setting as config.toml writes it (true, not True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _database_lines(app: AppContext, lines: list[tuple[str, str]], check: bool) -> list[str]:
    from opslog.store import migrations
    from opslog.store.maintenance import counts, integrity_problems, search_mode

    with app.db().read() as conn:
        lines.append((_("schema"), f"v{migrations.read_version(conn)}"))
        lines.append((_("search"), _(search_mode(conn))))
        per_kind = counts(conn)
        problems = integrity_problems(conn) if check else []
        dialect = conn.dialect
    lines.append((_("records"), f"{sum(per_kind.values()):,}"))
    lines.extend((f"  {kind_word(kind)}", f"{n:,}") for kind, n in per_kind.items())
    if check:
        ok = "ok" if dialect == "sqlite" else _("ok (PostgreSQL checks its own pages)")
        lines.append((_("integrity"), ok if not problems else problems[0]))
        lines.extend(("", p) for p in problems[1:])
    return problems


def register(app: typer.Typer) -> None:
    app.command("info")(info)
