"""opslog send"""

from __future__ import annotations

import typer

from opslog.cli.common import app_context, argv_text, read_stdin_text, say
from opslog.i18n import _


def send(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The [send.NAME] table of config.toml."),
    file: str = typer.Argument("-", help="A Markdown file; '-' (default) reads stdin."),
    title: str | None = typer.Option(
        None, "--title", help="The message title (default: the first heading)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would be posted; post nothing."
    ),
) -> None:
    """Post a Markdown report to a team chat (DingTalk, Feishu, WeCom, Slack, a webhook).

    Example: opslog week --format chat | opslog send ops-group
    """
    import os

    from opslog.domain.text import clean_short
    from opslog.send.formats import default_title, payload, split
    from opslog.send.targets import load_target

    app = app_context(ctx)
    target = load_target(argv_text(name), app.settings.send, os.environ, need_url=not dry_run)
    text = _read(argv_text(file))
    heading = clean_short(argv_text(title), _("the title")) if title else default_title(text)
    parts = split(target.type, text, heading)
    bodies = [payload(target.type, heading, t, i, len(parts)) for i, t in enumerate(parts, 1)]
    if dry_run:
        _show(target, bodies)
        return
    from opslog.send import transport

    def now_ms() -> int:
        return int(app.now().timestamp() * 1000)

    sent = transport.deliver(target, bodies, sleep=transport.pause, now_ms=now_ms)
    say(
        _("sent to {label}: {sent} part{v}").format(
            label=target.label, sent=sent, v="s" if sent > 1 else ""
        )
    )


def _read(file: str) -> str:
    from opslog.errors import BadInput, OpslogError

    if file == "-":
        return read_stdin_text(_("the report"))
    try:
        with open(file, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise OpslogError(
            _("cannot read {file}: {strerror}").format(file=file, strerror=_(str(exc.strerror)))
        ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            _("{file} is not valid UTF-8 (byte {start})").format(file=file, start=exc.start)
        ) from exc


def _show(target: object, bodies: list[dict[str, object]]) -> None:
    """The messages as JSON on stdout; where they would go, without url or secret."""
    import json

    from opslog.send.targets import Target

    assert isinstance(target, Target)
    signing = f", signed with ${target.secret_env}" if target.secret_env else ""
    for index, body in enumerate(bodies, 1):
        print(f"# part {index} of {len(bodies)}: POST to {target.label}, url from "
              f"{target.url_source}{signing}")  # fmt: skip
        print(json.dumps(body, ensure_ascii=False, indent=2))
    say(
        _("dry run: {n_bodies} part{v} not sent").format(
            n_bodies=len(bodies), v="s" if len(bodies) > 1 else ""
        )
    )


def register(app: typer.Typer) -> None:
    app.command("send")(send)
