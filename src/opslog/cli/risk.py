"""opslog risk — the risk register: add, update, close, list, show, matrix.

Every change after `add` is kept as a risk_review row (old and new values, note).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from opslog.cli.common import app_context, due_option, past_day_option, say
from opslog.cli.completion import risk_ids
from opslog.context import AppContext
from opslog.errors import BadInput
from opslog.i18n import _

risk_app = typer.Typer(
    help="The risk register: probability × impact, reviews, the matrix.\n\n"
    "Example: opslog risk add 'supplier may slip' --probability 4 --impact 5",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _scale(text: str | None, what: str) -> int | None:
    from opslog.domain.risks import parse_scale

    return None if text is None else parse_scale(text, what)


def _review_by(app: AppContext, text: str) -> date | None:
    """A day, or None for 'none' (no review day)."""
    if text.strip().lower() in ("none", "never", "-"):
        return None
    return due_option(app, text)


@risk_app.command("add")
def add(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="What could go wrong."),
    probability: str = typer.Option(
        ..., "--probability", "-p", metavar="1-5", help="How likely, 1–5."
    ),
    impact: str = typer.Option(..., "--impact", "-i", metavar="1-5", help="How bad, 1–5."),
    owner: str = typer.Option("", "--owner", "-o", help="Who watches it."),
    mitigation: str = typer.Option("", "--mitigation", "-m", help="What we do about it."),
    review_by: str | None = typer.Option(
        None, "--review-by", metavar="DATE", help="Review it by this day."
    ),
) -> None:
    """Add a risk; prints its id. Score = probability × impact.

    Example: opslog risk add "supplier may slip" -p 4 -i 5 --owner bob --review-by +1w
    """
    from opslog.domain.risks import parse_scale, risk_level
    from opslog.domain.text import clean_short, clean_text
    from opslog.store.risks import add_risk

    app = app_context(ctx)
    title = clean_short(title, _("risk title"), required=True)  # one line, as `edit` keeps it
    p, i = parse_scale(probability, _("probability")), parse_scale(impact, _("impact"))
    owner = clean_short(owner, _("owner"))
    mitigation = clean_text(mitigation, _("mitigation"), required=False)
    review_day = None if review_by is None else _review_by(app, review_by)
    with app.db().write() as conn:
        risk_id = add_risk(
            conn,
            author=app.author,
            now=app.timestamp(),
            day=app.today(),
            title=title,
            probability=p,
            impact=i,
            owner=owner,
            mitigation=mitigation,
            review_by=review_day,
        )
    print(risk_id)
    say(
        _("risk {risk_id} added: score {v} ({risk_level})").format(
            risk_id=risk_id, v=p * i, risk_level=_(risk_level(p * i))
        )
    )


@risk_app.command("update")
def update(
    ctx: typer.Context,
    risk_id: int = typer.Argument(
        ..., metavar="ID", help="The risk's id.", autocompletion=risk_ids
    ),
    probability: str | None = typer.Option(None, "--probability", "-p", metavar="1-5", help="1–5."),
    impact: str | None = typer.Option(None, "--impact", "-i", metavar="1-5", help="1–5."),
    status: str | None = typer.Option(None, "--status", "-s", help="open, mitigated or closed."),
    owner: str | None = typer.Option(None, "--owner", "-o", help="Who watches it."),
    mitigation: str | None = typer.Option(None, "--mitigation", "-m", help="What we do."),
    review_by: str | None = typer.Option(
        None, "--review-by", help="Next review day ('none' clears it)."
    ),
    note: str = typer.Option("", "--note", "-n", help="Why it changed."),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day of the review (default today)."
    ),
) -> None:
    """Change a risk; the change is kept in its history with old and new values, on
    today or the day given. Values it already has change nothing (exit 0, said on stderr).

    Example: opslog risk update 3 --probability 2 --note "second supplier signed"
    """
    from opslog.domain.records import RISK_STATUSES
    from opslog.domain.text import clean_short, clean_text

    app = app_context(ctx)
    requested: dict[str, Any] = {}
    if probability is not None:
        requested["probability"] = _scale(probability, _("probability"))
    if impact is not None:
        requested["impact"] = _scale(impact, _("impact"))
    if status is not None:
        if status.strip().lower() not in RISK_STATUSES:
            raise BadInput(
                _("bad status {status!r}: expected open, mitigated or closed").format(status=status)
            )
        requested["status"] = status.strip().lower()
    if owner is not None:
        requested["owner"] = clean_short(owner, _("owner"))
    if mitigation is not None:
        requested["mitigation"] = clean_text(mitigation, _("mitigation"), required=False)
    if review_by is not None:
        requested["review_by"] = _review_by(app, review_by)
    note = clean_text(note, _("note"), required=False)
    if not requested and not note:
        raise BadInput(
            _(
                "nothing to change: give --probability, --impact, --status, "
                "--owner, --mitigation, --review-by or --note"
            )
        )
    _apply(app, risk_id, requested, note, past_day_option(app, date_))


@risk_app.command("close")
def close(
    ctx: typer.Context,
    risk_id: int = typer.Argument(
        ..., metavar="ID", help="The risk's id.", autocompletion=risk_ids
    ),
    note: str = typer.Option("", "--note", "-n", help="Why it is closed."),
    date_: str | None = typer.Option(
        None, "--date", "-d", metavar="DATE", help="The day it closed (default today)."
    ),
) -> None:
    """Close a risk (it happened, or it cannot happen any more); kept in its history.
    Closing a closed risk changes nothing (exit 0, said on stderr; a --note is kept).

    Example: opslog risk close 3 --note "promotion ended" --date yesterday
    """
    from opslog.domain.text import clean_text

    app = app_context(ctx)
    note = clean_text(note, _("note"), required=False)
    _apply(app, risk_id, {"status": "closed"}, note, past_day_option(app, date_))


def _apply(app: AppContext, risk_id: int, requested: dict[str, Any], note: str, day: date) -> None:
    from opslog.domain.risks import risk_level
    from opslog.store.risks import update_risk

    with app.db().write() as conn:
        risk, review = update_risk(
            conn,
            risk_id,
            requested,
            author=app.author,
            now=app.timestamp(),
            day=day,
            note=note,
        )
    if review is None:  # a repeat: the risk already had every value asked for
        closing = requested == {"status": "closed"}
        said = (_("risk {id} is already closed; nothing changed") if closing
                else _("risk {id} already has those values; nothing changed"))  # fmt: skip
        say(said.format(id=risk.id))
        return
    old = (review.old_probability or 0) * (review.old_impact or 0)
    score = (
        _("score {old} → {new}").format(old=old, new=risk.score)
        if old != risk.score
        else _("score {score}").format(score=risk.score)
    )
    status = (
        f"{_(review.old_status or '')} → {_(review.new_status)}"
        if review.old_status != review.new_status
        else _(risk.status)
    )
    say(
        _("risk {id} updated: {score} ({risk_level}), {status}").format(
            id=risk.id, score=score, risk_level=_(risk_level(risk.score)), status=status
        )
    )


@risk_app.command("list")
def list_(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", "-a", help="Closed risks too."),
    json_: bool = typer.Option(False, "--json", help="JSON instead of a table."),
) -> None:
    """Your risks not yet closed, highest score first, with level in words and colour.

    Example: opslog risk list --all --json
    """
    from opslog.store.risks import list_risks

    app = app_context(ctx)
    with app.db().read() as conn:
        risks = list_risks(conn, app.author, include_closed=all_)
    if json_:
        from opslog.render.risk_views import risk_json
        from opslog.render.week_json import dumps

        print(dumps([risk_json(r) for r in risks]))
        return
    if not risks:
        say(_("No open risks. Add one with: opslog risk add TITLE -p 3 -i 4"))
        from opslog.cli.author import say_others_of_kind

        say_others_of_kind(app, "risk", "risk list --all")
        return
    from opslog.domain.risks import register_lines
    from opslog.render.risk_views import risk_table

    app.console().print(risk_table(register_lines(risks, app.today())))


@risk_app.command("show")
def show(
    ctx: typer.Context,
    risk_id: int = typer.Argument(
        ..., metavar="ID", help="The risk's id.", autocompletion=risk_ids
    ),
) -> None:
    """One risk and its review history, with score changes.

    Example: opslog risk show 3
    """
    from opslog.store.risks import get_risk, risk_history

    app = app_context(ctx)
    with app.db().read() as conn:
        risk = get_risk(conn, risk_id)
        history = risk_history(conn, risk.uid)
    from rich.console import Group

    from opslog.render.risk_views import risk_detail

    app.console().print(Group(*risk_detail(risk, history)))


@risk_app.command("matrix")
def matrix(ctx: typer.Context) -> None:
    """The 5×5 risk matrix of your risks not yet closed: probability by impact, counts
    in cells, level as colour and as a letter (L, M, H, C).

    Example: opslog risk matrix
    """
    from opslog.domain.risks import open_matrix
    from opslog.render.risk_views import matrix_table
    from opslog.store.risks import list_risks

    app = app_context(ctx)
    with app.db().read() as conn:
        matrix = open_matrix(list_risks(conn, app.author))
    title = (
        _("Risk matrix: {n} risk not closed")
        if matrix.total == 1
        else _("Risk matrix: {n} risks not closed")
    ).format(n=matrix.total)
    app.console().print(matrix_table(matrix.counts, title))


def register(app: typer.Typer) -> None:
    app.add_typer(risk_app, name="risk")
