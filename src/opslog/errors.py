"""The error family. Domain and store code raise these; cli/app.py maps them to
one line on stderr and an exit code (spec: 2 bad input, 1 other failures)."""

from __future__ import annotations


class OpslogError(Exception):
    """A failure the user should see as one line, exit code 1."""

    exit_code = 1


class BadInput(OpslogError):
    """Bad usage or bad input: exit 2, nothing written."""

    exit_code = 2


class NotFound(OpslogError):
    """A record the user named does not exist."""


class StoreError(OpslogError):
    """The database cannot be opened, read or written."""


class Busy(StoreError):
    """The database stayed locked past the busy timeout."""


class MaybeSaved(StoreError):
    """The connection was lost while the server committed: the write may be there."""


class SchemaMismatch(StoreError):
    """The database is not opslog's, or is newer than this program."""
