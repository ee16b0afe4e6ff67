"""opslog export"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from opslog.cli.common import app_context, optional_span, say
from opslog.cli.completion import words
from opslog.cli.log import complete_kind
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _, joined

if TYPE_CHECKING:
    from opslog.store.db import Conn

FORMATS = ("jsonl", "json", "csv", "markdown")


def export(
    ctx: typer.Context,
    format_: str = typer.Option("jsonl", "--format", "-f", help="jsonl, json, csv or markdown.",
                                 autocompletion=words("jsonl", "json", "csv", "markdown")),
    kind: str | None = typer.Option(
        None, "--kind", "-k", help="Only this kind (csv needs one): note, checkin, goal, …",
        autocompletion=complete_kind,
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="From this day (goals: by start)."
    ),
    until: str | None = typer.Option(
        None, "--until", metavar="DATE", help="Up to this day, included."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write a new file (0600) instead of stdout; '-' is stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
    raw: bool = typer.Option(
        False, "--raw", help="csv: cells exactly as stored (formulas, control characters)."
    ),
    excel: bool = typer.Option(False, "--excel", help="csv: start with the BOM Excel needs."),
) -> None:
    """Export records: jsonl (lossless, what `opslog import` reads), one json document,
    one kind as csv, or the log by day as markdown. Streams: constant memory.

    Example: opslog export -o ~/opslog-2026-11.jsonl --since 2026-11-01
    """
    from opslog.domain.kinds import KINDS

    app = app_context(ctx)
    if format_ not in FORMATS:
        raise BadInput(
            _("unknown format {format_!r}: expected jsonl, json, csv or markdown").format(
                format_=format_
            )
        )
    if kind is not None:
        kind = kind.strip().lower().replace("-", "_")
        if kind not in KINDS:
            raise BadInput(
                _("unknown kind {kind!r}: expected {items}").format(
                    kind=kind, items=joined(KINDS)
                )
            )
    if format_ == "csv" and kind is None:
        raise BadInput(_("--format csv needs one --kind ({items})").format(items=joined(KINDS)))
    if format_ != "csv" and (raw or excel):
        raise BadInput(
            _("{option} goes with --format csv only").format(
                option="--raw" if raw else "--excel"
            )
        )
    first, last = optional_span(app, since, until)
    kinds = (kind,) if kind else KINDS
    target = None if output in (None, "-") else Path(output)
    if target is None and force:
        raise BadInput(_("--force goes with --output FILE only"))
    if target is not None:
        check_target(target, force)

    with app.db(create=False).read() as conn, _destination(target, force) as out:
        # closing(): on an error, a broken pipe or Ctrl-C, the chunks stop (the jsonl
        # thread that makes pages is joined) before the read transaction ends.
        chunks = _chunks(format_, conn, kinds, (first, last), app.author, raw, excel)
        with contextlib.closing(chunks):
            for chunk in chunks:
                out.write(chunk)
    if target is not None:
        say(_("exported to {target}").format(target=target))


def _chunks(
    format_: str,
    conn: Conn,
    kinds: tuple[str, ...],
    span: tuple[date | None, date | None],
    me: str,
    raw: bool,
    excel: bool,
) -> Generator[bytes, None, None]:
    from opslog.store import export as store

    first, last = span
    if format_ in ("jsonl", "json"):
        from opslog.store import export_lines

        make = export_lines.jsonl_bytes if format_ == "jsonl" else export_lines.json_document_bytes
        return make(conn, kinds, first, last)
    if format_ == "markdown":
        from opslog.render.records_markdown import log_markdown_chunks
        from opslog.store.log import LogFilter, iter_log

        entries = iter_log(conn, LogFilter(kinds, first, last), by_section=True)
        return _utf8(log_markdown_chunks(entries, me))
    from opslog.render.records_csv import csv_chunks

    objects = store.export_objects(conn, kinds, first, last)
    return _utf8(csv_chunks(store.export_columns(kinds[0]), objects, raw=raw, excel=excel))


def _utf8(chunks: Iterator[str]) -> Generator[bytes, None, None]:
    return (chunk.encode("utf-8") for chunk in chunks)


def check_target(path: Path, force: bool) -> None:
    """Refuse what -o must never do: follow a symlink, overwrite without --force,
    replace a folder, a device or a pipe. Exit 2: another FILE or --force is the fix."""
    if path.is_symlink():
        raise BadInput(
            _("{path} is a symbolic link; refusing to write through it").format(path=path)
        )
    if path.is_dir():
        raise BadInput(_("{path} is a folder; give a file name").format(path=path))
    if path.exists() and not path.is_file():
        raise BadInput(
            _("{path} is not a regular file; use shell redirection (> {path})").format(path=path)
        )
    if path.exists() and not force:
        raise BadInput(_("{path} exists; use --force to replace it").format(path=path))
    if not path.parent.is_dir():
        raise OpslogError(
            _("cannot write {path}: no folder {parent}").format(path=path, parent=path.parent)
        )


@contextlib.contextmanager
def _destination(path: Path | None, force: bool) -> Iterator[IO[bytes]]:
    if path is None:
        out = sys.stdout.buffer
        yield out
        out.flush()
        return
    with private_file(path, force) as out:
        yield out


@contextlib.contextmanager
def private_file(path: Path, force: bool) -> Iterator[IO[bytes]]:
    """A new 0600 file at `path`, written through a temp file in the same folder and
    moved into place only when complete. Without `force` an existing file is never
    replaced (the final step is a hard link, which fails if the name was taken since
    the check); with it the rename replaces the name, never what a symlink points to."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OpslogError(
            _("cannot write {path}: {strerror}").format(path=path, strerror=_(str(exc.strerror)))
        ) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if path.is_symlink():
            raise BadInput(
                _("{path} is a symbolic link; refusing to write through it").format(path=path)
            )
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise BadInput(
                    _("{path} exists; use --force to replace it").format(path=path)
                ) from exc
            except OSError:  # no hard links on this file system: check, then rename
                if path.exists() or path.is_symlink():
                    raise BadInput(
                        _("{path} exists; use --force to replace it").format(path=path)
                    ) from None
                os.replace(tmp, path)
    except OSError as exc:
        raise OpslogError(
            _("cannot write {path}: {strerror}").format(path=path, strerror=_(str(exc.strerror)))
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
