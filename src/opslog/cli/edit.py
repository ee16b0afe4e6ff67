"""opslog edit, opslog rm"""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from opslog.cli.common import app_context, say
from opslog.cli.completion import record_ids
from opslog.cli.log import complete_kind
from opslog.context import AppContext
from opslog.domain.records import Common
from opslog.errors import BadInput, OpslogError
from opslog.i18n import _, aside, colon, kind_name


def _label(field: str) -> str:
    return field.replace("_", " ")


def edit(
    ctx: typer.Context,
    kind: str = typer.Argument(
        ...,
        metavar="KIND",
        help="note, checkin, goal, progress, risk, risk_review, retro or action.",
        autocompletion=complete_kind,
    ),
    record_id: int = typer.Argument(
        ..., metavar="ID", help="The record's id.", autocompletion=record_ids
    ),
) -> None:
    """Edit a record's text in $VISUAL or $EDITOR.

    Several fields (a check-in's done, blockers and plan; a goal's title, metric and
    why; a risk's title and mitigation; a retro's lists) come as a small form. Saving
    it unchanged or empty changes nothing; a note's #hashtags are read again, and an
    action's '@owner' and 'due:D' markers as `action add` reads them.

    Example: EDITOR=nano opslog edit checkin 12
    """
    from opslog.cli.editor import edit_text, render_form
    from opslog.domain.kinds import BY_NAME
    from opslog.domain.search import parse_kind
    from opslog.store.crud import get

    app = app_context(ctx)
    kind = parse_kind(kind)
    with app.db().read() as conn:
        record = get(conn, BY_NAME[kind].record, record_id)
    fields = BY_NAME[kind].searchable
    before = {f: getattr(record, f) for f in fields}
    if len(fields) == 1:
        initial = before[fields[0]]
    else:
        initial = render_form([(_label(f), before[f]) for f in fields])
    edited = edit_text(initial, f"{kind}-{record_id}", app.terminal)
    try:
        after = _read_back(kind, fields, edited.text)
        if after is None:
            say(
                _("empty text: {kind} {record_id} not changed").format(
                    kind=kind_name(kind), record_id=record_id
                )
            )
        elif after == before:
            say(
                _("no change: {kind} {record_id} not changed").format(
                    kind=kind_name(kind), record_id=record_id
                )
            )
        else:
            _save(app, kind, record, after)
            say(
                _("{replace} {record_id} updated").format(
                    replace=kind_name(kind), record_id=record_id
                )
            )
    except OpslogError as exc:
        raise type(exc)(f"{exc}; your text is kept in {edited.path}") from exc
    edited.discard()


def _read_back(kind: str, fields: tuple[str, ...], text: str) -> dict[str, Any] | None:
    """The edited values, checked; None when the buffer was emptied."""
    from opslog.cli.editor import parse_form
    from opslog.domain.fields import clean_one_line, required_fields
    from opslog.domain.kinds import BY_NAME
    from opslog.domain.text import clean_text

    if not text.strip():
        return None
    if len(fields) == 1:
        return {
            fields[0]: clean_text(text, _("the {replace}").format(replace=kind_name(kind)))
        }
    lists = frozenset(_label(f) for f in fields if kind == "retro")
    form = parse_form(text, [_label(f) for f in fields], lists)
    values: dict[str, Any] = {}
    for f in fields:
        value = form[_label(f)]
        what = f"{kind_name(kind)} {_label(f)}"
        if isinstance(value, list):
            values[f] = [clean_text(item, what) for item in value]
            continue
        required = f in required_fields(BY_NAME[kind].record)
        if f in BY_NAME[kind].one_line:
            values[f] = clean_one_line(value, what, required=required)
        else:
            values[f] = clean_text(value, what, required=required)
    if not any(values.values()):
        return None
    return values


def _save(app: AppContext, kind: str, record: Common, after: dict[str, Any]) -> None:
    from opslog.domain.fields import edited_values
    from opslog.store.crud import update

    values = edited_values(record, after, app.today(), app.settings.week_start)
    # A field the user changed that someone else changed too meanwhile: refused by name.
    seen = {f: getattr(record, f) for f in after if f in values}
    with app.db().write() as conn:
        update(conn, kind, record.id, values, app.timestamp(), expected=seen)


def rm(
    ctx: typer.Context,
    kind: str = typer.Argument(
        ..., metavar="KIND", help="The kind of record.", autocompletion=complete_kind
    ),
    record_id: int = typer.Argument(
        ..., metavar="ID", help="The record's id.", autocompletion=record_ids
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (needed off a terminal)."),
) -> None:
    """Delete a record (asks first; --yes off a terminal).

    Deleting a goal deletes its progress check-ins, a risk its reviews; a retro's
    actions stay, no longer linked to it. All in one transaction.

    Example: opslog rm note 12 --yes
    """
    from opslog.domain.kinds import BY_NAME
    from opslog.domain.search import parse_kind
    from opslog.store.crud import get
    from opslog.store.maintenance import delete_record, dependents

    app = app_context(ctx)
    kind = parse_kind(kind)
    cls = BY_NAME[kind].record
    with app.db().read() as conn:
        record = get(conn, cls, record_id)
        hanging = dependents(conn, kind, record.uid)
    name = f"{kind_name(kind)} {record_id}"
    also = ""
    for child, ref, count in hanging:
        records = _("{n} {kind} record") if count == 1 else _("{n} {kind} records")
        what = records.format(n=count, kind=kind_name(child.name))
        also += (_(" and its {what}") if ref.on_delete == "delete"
                 else _("; {what} kept, un-linked")).format(what=what)  # fmt: skip
    if not yes:
        if not app.terminal.stdin:
            raise BadInput(
                _("not deleting {name} without --yes (stdin is not a terminal)").format(name=name)
            )
        from opslog.cli.prompts import ask_yes

        say(_describe(kind, record))
        if not ask_yes(_("Delete {name}{also}?").format(name=name, also=also)):
            say(_("nothing deleted"))
            return
    with app.db().write() as conn:
        current = get(conn, cls, record_id)
        delete_record(conn, kind, current.id, current.uid, app.timestamp())
    say(_("deleted {name}{also}").format(name=name, also=also))


def _describe(kind: str, record: Common) -> str:
    from opslog.domain.kinds import BY_NAME
    from opslog.domain.search import Entry
    from opslog.render.log_views import shorten, summary
    from opslog.render.safe import one_line

    column = BY_NAME[kind].day_column
    day = getattr(record, column) if column else date.fromisoformat(record.created_at[:10])
    return f"{kind_name(kind)} {record.id}{aside(day.isoformat())}{colon()}" + shorten(
        one_line(summary(Entry(kind, day, record))), 200
    )


def register(app: typer.Typer) -> None:
    app.command("edit")(edit)
    app.command("rm")(rm)
