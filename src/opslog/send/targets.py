"""A `[send.NAME]` table of config.toml, checked: where to post and how to sign.

    [send.ops-group]
    type = "dingtalk"                 # dingtalk | feishu | wecom | slack | webhook
    url_env = "OPSLOG_DINGTALK_URL"   # or url = "https://…" (the url holds a token:
    secret_env = "OPSLOG_DINGTALK_SECRET"   # keep it in the environment, not the file)

The url and the secret are never printed: messages name the target (`send.ops-group`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opslog.domain.plain import plain
from opslog.errors import BadInput
from opslog.i18n import _, joined

TYPES = ("dingtalk", "feishu", "wecom", "slack", "webhook")
SIGNED = ("dingtalk", "feishu")
FIELDS = ("type", "url", "url_env", "secret_env")


@plain(frozen=True)
class Target:
    name: str
    type: str
    url: str | None  # None only when url_env is unset (a dry run can still show the message)
    url_source: str  # "config" or "environment VAR" (for messages: never the url itself)
    secret: str | None
    secret_env: str | None

    @property
    def label(self) -> str:
        return f"send.{self.name} ({self.type})"

    def secrets(self) -> list[str]:
        """What must never appear in output: the url (it holds the token) and the secret."""
        found = [s for s in (self.url, self.secret) if s]
        if self.url and "?" in self.url:
            found += [p.split("=", 1)[-1] for p in self.url.split("?", 1)[1].split("&")]
        if self.url:
            found += [p for p in self.url.split("/")[3:] if len(p) >= 8]
        return [s for s in found if len(s) >= 4]


def load_target(
    name: str, tables: Mapping[str, Any], environ: Mapping[str, str], *, need_url: bool = True
) -> Target:
    if name not in tables:
        known = joined(sorted(tables)) or _("none configured")
        raise BadInput(
            _("no [send.{name}] in config.toml (known: {known})").format(name=name, known=known)
        )
    table = tables[name]
    where = f"[send.{name}]"
    if not isinstance(table, dict):
        raise BadInput(_("bad config: {where} must be a table").format(where=where))
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise BadInput(
            _("bad config: {where} has unknown key {key!r}").format(where=where, key=unknown[0])
        )
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise BadInput(
                _("bad config: {where} {key} must be a non-empty string").format(
                    where=where, key=key
                )
            )
    kind = table.get("type")
    if kind not in TYPES:
        raise BadInput(
            _("bad config: {where} type {kind!r}: expected {types}").format(
                where=where, kind=kind, types=_(" or ").join(TYPES)
            )
        )
    if ("url" in table) == ("url_env" in table):
        raise BadInput(
            _("bad config: {where} needs exactly one of url and url_env").format(where=where)
        )
    if "url" in table:
        url, source = table["url"].strip(), _("config")
    else:
        url, source = (
            environ.get(table["url_env"], "").strip() or None,
            _("environment {name}").format(name=table["url_env"]),
        )
    if url is None and need_url:
        raise BadInput(
            _("{where}: the environment variable {name} is not set").format(
                where=where, name=table["url_env"]
            )
        )
    if url is not None and not url.startswith(("https://", "http://")):
        raise BadInput(
            _("bad config: {where} url (from {source}) must start with https://").format(
                where=where, source=source
            )
        )
    secret_env = table.get("secret_env")
    if secret_env and kind not in SIGNED:
        raise BadInput(
            _("bad config: {where} secret_env: {kind} webhooks are not signed").format(
                where=where, kind=kind
            )
        )
    secret = environ.get(secret_env, "") or None if secret_env else None
    if secret_env and secret is None and need_url:
        raise BadInput(
            _("{where}: the environment variable {name} is not set").format(
                where=where, name=secret_env
            )
        )
    return Target(name, kind, url, source, secret, secret_env)
