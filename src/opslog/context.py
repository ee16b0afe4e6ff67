"""What a command runs with: settings, the clock and the database, made once in the
Typer callback and passed down (tests make their own)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from opslog.config import Settings
from opslog.domain.plain import plain
from opslog.errors import BadInput
from opslog.i18n import _
from opslog.store.db import Database, parse_location
from opslog.terminal import Terminal

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Local, aware. OPSLOG_NOW (ISO 8601) pins it for demos and subprocess tests.

    A pinned time with an offset keeps it, so the day is the day at that offset
    (`2026-12-01T01:00:00+08:00` is 1 December whatever the system zone); one without
    an offset is local time."""
    pinned = os.environ.get("OPSLOG_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError as exc:
            raise BadInput(
                _("bad OPSLOG_NOW {pinned!r}: expected ISO 8601").format(pinned=pinned)
            ) from exc
        # Days outside domain/dates.py's MIN_YEAR..MAX_YEAR are refused everywhere
        # (flags, import): "today" too, so that what is written under a pinned clock
        # exports and imports back. (Not imported: the date parser loads only when used.)
        if not 1970 <= moment.year <= 2100:
            raise BadInput(
                _("bad OPSLOG_NOW {pinned!r}: year must be {low}..{high}").format(
                    pinned=pinned, low=1970, high=2100
                )
            )
        return moment if moment.tzinfo is not None else moment.astimezone()
    return datetime.now().astimezone()


@plain
class AppContext:
    settings: Settings
    clock: Clock = system_clock
    terminal: Terminal = field(default_factory=Terminal)
    _db: Database | None = field(default=None, repr=False)

    _login: str | None = field(default=None, repr=False)

    @property
    def author(self) -> str:
        """The author of new records: the settings' one, or on a PostgreSQL database
        secured by `opslog team secure`, the database login (the rows say so anyway)."""
        if self._login is None:
            self._login = ""
            if "postgresql" in self.settings.db.split("://", 1)[0]:
                from opslog.store.secure import login_author

                with self.db().read() as conn:
                    self._login = login_author(conn) or ""
        return self._login or self.settings.author

    @property
    def no_color(self) -> bool:
        return not self.terminal.color

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    def timestamp(self) -> str:
        """The UTC ISO 8601 stamp stored in created_at/updated_at."""
        return self.clock().astimezone(UTC).isoformat(timespec="microseconds")

    def db(self, *, create: bool = True) -> Database:
        """The database, opened once. `create=False` for commands that only read: a
        database named by flag, environment or config that does not exist is an error
        (a typo), not a new empty logbook; the default one is still made on first use."""
        if self._db is None:
            from opslog.store.open import open_database

            location = parse_location(self.settings.db)
            if self.settings.default_db and location.path is not None:
                ensure_private_dir(location.path.parent)
            self._db = open_database(location, create=create or self.settings.default_db)
            if location.path is not None:
                self.warn_if_synced(location.path)
            if getattr(self._db, "missing", False):
                import sys

                from opslog.i18n import _
                from opslog.render.safe import inert

                message = _(
                    "{where} does not exist: nothing to show, and nothing was created"
                    " (a note or a check-in starts a logbook there)"
                )
                print(f"opslog: {message.format(where=inert(self._db.where))}", file=sys.stderr)
        return self._db

    def warn_if_synced(self, path: Path) -> None:
        """The synced-folder warning, unless the settings turn it off (sync_warning)."""
        if self.settings.sync_warning:
            warn_if_synced(path)

    def console(self, stderr: bool = False) -> Any:
        """A Rich console for stdout (or stderr); Rich is imported only here."""
        from opslog.render.console import make_console

        return make_console(self.terminal, stderr=stderr)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def warn_if_synced(path: Path) -> None:
    """One line on stderr when the database file lies in a folder a sync service copies."""
    from opslog.syncdirs import sync_service

    service = sync_service(path)
    if service is None:
        return
    import sys

    from opslog.render.safe import inert

    message = _(
        "warning: {where} is in a {service} folder: a sync service copying a live SQLite"
        " file can damage it or lose the last writes; keep it outside and move data with"
        " export/import, or share a PostgreSQL database (see the README: Two machines)"
    ).format(where=path, service=service)
    print(f"opslog: {inert(message)}", file=sys.stderr)


def ensure_private_dir(path: Path) -> None:
    """The default data folder: made 0700 with any missing parents, and kept 0700."""
    from opslog.store.open import make_private_dirs

    make_private_dirs(path)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o700)
