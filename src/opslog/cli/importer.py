"""opslog import"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from opslog.cli.common import app_context, say
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _, joined, kind_name

if TYPE_CHECKING:
    from opslog.context import AppContext
    from opslog.store.db import Conn, Database
    from opslog.store.import_write import ImportReport

PROGRESS_MIN_BYTES = 4 * 1024 * 1024  # below this an import takes well under a second
BULK_MIN_BYTES = 1024 * 1024


def import_(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="A jsonl or json export; '-' reads stdin."),
    kind: str | None = typer.Option(
        None, "--kind", "-k", help="A CSV file's kind (the columns of export --format csv)."
    ),
    from_: str | None = typer.Option(
        None, "--from", metavar="TOOL", help="Another tool's export: jrnl (its JSON export)."
    ),
) -> None:
    """Import an export (yours from another machine, or a teammate's) in one transaction.

    A bad line imports nothing and is named by its number. Records whose uid is already
    here are skipped, so importing twice adds nothing; authors are kept as exported.
    Minimal records are accepted: without uid, author or timestamps they get a uid made
    of their fields, your name and the current time. A .csv file (or --kind) is read
    with the columns of `export --format csv`; `--from jrnl` reads `jrnl --export json`
    as notes.

    Example: ssh lin@laptop opslog export | opslog import -
    """
    from opslog.domain.import_check import Filler
    from opslog.store.import_write import import_records

    app = app_context(ctx)
    shape, kind = _shape(file, kind, from_)
    fill = Filler(author=app.author, now=app.timestamp())
    name = "stdin" if file == "-" else Path(file).name

    def into(conn: Conn, source: IO[bytes], size: int, bulk: bool) -> ImportReport:
        with _progress_bar(app, size if shape == "opslog" else 0) as progress:
            return import_records(
                conn, source, progress, bulk=bulk, fill=fill, shape=shape, kind=kind, name=name
            )

    with _opened(file) as (source, size):
        report = None
        new_file = _new_database_file(app)  # looked at once the input is all here
        if new_file is not None:
            report = _into_a_new_file(new_file, source, size, into)
            if report is not None:  # made here, not opened through app.db(): say it too
                app.warn_if_synced(new_file)
        if report is None:
            with app.db().write() as conn:
                report = into(conn, source, size, _bulk(app, size))
    say(summary(report))


def _shape(file: str, kind: str | None, from_: str | None) -> tuple[str, str]:
    """("opslog" | "csv" | "jrnl", the CSV's kind) from the options and the file name."""
    from opslog.domain.kinds import KINDS

    if from_ is not None:
        if from_.strip().lower() != "jrnl":
            raise BadInput(_("unknown --from {from_!r}: expected jrnl").format(from_=from_))
        if kind is not None:
            raise BadInput(_("--kind goes with a CSV file, not --from jrnl"))
        return "jrnl", ""
    if kind is None:
        if file.lower().endswith(".csv"):
            raise BadInput(
                _("{file} is a CSV file: say its kind with --kind ({items})").format(
                    file=file, items=joined(KINDS)
                )
            )
        return "opslog", ""
    kind = kind.strip().lower().replace("-", "_")
    if kind not in KINDS:
        raise BadInput(
            _("unknown kind {kind!r}: expected {items}").format(kind=kind, items=joined(KINDS))
        )
    return "csv", kind


def _into_a_new_file(
    new_file: Path,
    source: IO[bytes],
    size: int,
    into: Callable[[Conn, IO[bytes], int, bool], ImportReport],
) -> ImportReport | None:
    """Import into a new database built under a private name, then linked into place:
    bad input removes only that private file (and leaves nothing behind), never a
    database that another opslog created and wrote to meanwhile. None when one appeared
    meanwhile: the caller imports into it like into any other."""
    from opslog.store.open import create_sqlite_file

    def fill(db: Database) -> ImportReport:
        with db.write() as conn:
            return into(conn, source, size, size >= BULK_MIN_BYTES)

    linked, report = create_sqlite_file(new_file, fill)
    if not linked:
        source.seek(0)
        return None
    return report


def _new_database_file(app: AppContext) -> Path | None:
    """The SQLite file this import would create, or None if it exists (or is a URL)."""
    from opslog.store.db import parse_location

    path = parse_location(app.settings.db).path
    return path if path is not None and not path.exists() else None


@contextlib.contextmanager
def _opened(file: str) -> Iterator[tuple[IO[bytes], int]]:
    """The input as a binary file and its size. Stdin is copied to a temp file first,
    so a slow producer never holds the database's write lock."""
    if file == "-":
        with tempfile.TemporaryFile() as spool:
            from opslog.store.import_read import spool_capped

            spool_capped(sys.stdin.buffer, spool)
            size = spool.tell()
            spool.seek(0)
            yield spool, size
        return
    try:
        handle = open(file, "rb")  # noqa: SIM115 - closed below, after the transaction
    except OSError as exc:
        raise OpslogError(
            _("cannot read {file}: {strerror}").format(file=file, strerror=_(str(exc.strerror)))
        ) from exc
    with handle:
        try:
            size = _size(handle)
        except OSError as exc:
            raise OpslogError(
                _("cannot read {file}: {strerror}").format(file=file, strerror=_(str(exc.strerror)))
            ) from exc
        yield handle, size


def _bulk(app: AppContext, size: int) -> bool:
    """Rebuilding the search index once costs about as much as indexing a sixth of its
    rows one by one: rebuild when the import is at least that large (and not tiny)."""
    where = Path(app.db().where)
    existing = where.stat().st_size if where.is_file() else 0
    return size >= BULK_MIN_BYTES and size * 6 >= existing


def _size(handle: IO[bytes]) -> int:
    import os
    import stat

    info = os.fstat(handle.fileno())
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory")
    return info.st_size


@contextlib.contextmanager
def _progress_bar(app: AppContext, size: int) -> Iterator[Callable[[int], None] | None]:
    """A byte-count bar on stderr, only for a large input and a terminal."""
    if not app.terminal.stderr or size < PROGRESS_MIN_BYTES:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "importing",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=app.console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=size)
        yield lambda done: bar.update(task, completed=done)


def summary(report: ImportReport) -> str:
    kinds = joined(f"{kind_name(k)} {n}" for k, n in report.added.items() if n)
    parts = [_("imported {added} of {records} records").format(
        added=report.total_added, records=report.records)]  # fmt: skip
    if kinds:
        parts[0] += _(" ({kinds})").format(kinds=kinds)
    if report.present:
        parts.append(_("{n} already here (same uid) skipped").format(n=report.present))
    if report.renumbered:
        parts.append(_("{n} got new ids (theirs were taken here)").format(n=report.renumbered))
    if report.collisions:
        shown = _("; ").join(report.collisions[:3])
        more = len(report.collisions) - 3
        more_text = _("; and {n} more").format(n=more) if more > 0 else ""
        parts.append(
            _(
                "{n} skipped because one already exists here for that author and day/week,"
                " kept the existing one ({shown}{more})"
            ).format(n=len(report.collisions), shown=shown, more=more_text)
        )
    return _("; ").join(parts)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
