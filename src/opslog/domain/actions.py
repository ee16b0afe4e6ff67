"""Action text with its markers: `"Call the supplier @bob due:2026-11-25"`. Pure, no I/O.

`@name` (or the full-width `＠name`) at the start of a word names the owner; `due:D`
(or `due：D`) gives the due day in any form `parse_date` takes (`2026-11-25`, `fri`,
`+2w`, `tomorrow`, `周五`, `3天后`). A marker ends at a space, so a date of several words
joins them with hyphens (`due:next-fri`, `due:3-days`, `due:in-2-weeks`) or is quoted
(`due:"next fri"`). Both markers are taken out of the text. An `@` inside a word
(`bob@example.com`) is text, not an owner.
"""

from __future__ import annotations

import re
from datetime import date

from opslog.domain.dates import parse_date
from opslog.domain.plain import plain
from opslog.domain.records import Action
from opslog.domain.text import MAX_SHORT, clean_text
from opslog.errors import BadInput
from opslog.i18n import _, joined, kind_name

_OWNER = re.compile(r"(?<!\S)[@＠](\S+)")
_DUE = re.compile(r'(?<!\S)due[:：]("[^"]*"|“[^”]*”|\S+)', re.IGNORECASE)
_TRAILING = ",.;:!?，。；：！？、)）"


@plain(frozen=True)
class ParsedAction:
    text: str
    owner: str = ""
    due: date | None = None


def is_overdue(action: Action, asof: date) -> bool:
    """An open action whose due day has passed."""
    return action.status == "open" and action.due is not None and action.due < asof


def parse_action(
    raw: str, today: date, what: str | None = None, week_start: str = "monday"
) -> ParsedAction:
    """Split `raw` into text, owner and due day; refuse an empty text or two owners.
    `what` names the text in an error: an option (`--action`), else the kind's name in
    the user's language ("action", 行动项), looked up when called, after start-up."""
    what = kind_name("action") if what is None else what
    text = clean_text(raw, what)
    owners = [m.group(1).rstrip(_TRAILING) for m in _OWNER.finditer(text)]
    owners = [o for o in owners if o]
    dues = [m.group(1) for m in _DUE.finditer(text)]
    if len(set(owners)) > 1:
        distinct = list(dict.fromkeys(owners))
        named = joined("@" + o for o in distinct)
        raise BadInput(
            _("{what} {text!r} names {n_distinct} owners ({named}): give one").format(
                what=what, text=text, n_distinct=len(distinct), named=named
            )
        )
    if len(dues) > 1:
        raise BadInput(
            _("{what} {text!r} has {n_dues} due: markers: give one").format(
                what=what, text=text, n_dues=len(dues)
            )
        )
    owner = owners[0] if owners else ""
    if len(owner) > MAX_SHORT:
        raise BadInput(
            _("{what} owner {owner!r}… is too long (at most {MAX_SHORT})").format(
                what=what, owner=owner[:20], MAX_SHORT=MAX_SHORT
            )
        )
    due = _due(dues[0], today, week_start) if dues else None
    rest = _DUE.sub(" ", _OWNER.sub(lambda m: " " if m.group(1).rstrip(_TRAILING) else m[0], text))
    rest = " ".join(rest.split())
    if not rest:
        raise BadInput(
            _("{what} {text!r} has no text besides its markers").format(what=what, text=text)
        )
    return ParsedAction(rest, owner, due)


def _due(marker: str, today: date, week_start: str) -> date:
    """The day a `due:` marker names: quoted, or with trailing punctuation dropped."""
    marker = marker[1:-1] if marker[:1] in ('"', "“") else marker.rstrip(_TRAILING)
    return parse_date(marker, today, ahead=True, week_start=week_start)
