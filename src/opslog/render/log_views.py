"""The log and search results: a compact Rich table for a terminal, plain tab-separated
lines for a pipe, JSON for programs. User text is made inert and goes into Rich as
`Text` (never markup); search matches are highlighted with `Text.stylize` on spans of
that inert text. Rich is imported inside the functions that draw."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from opslog.i18n import _, aside, colon, comma, joined, kind_word
from opslog.jsontext import json_safe
from opslog.render.safe import inert, one_line
from opslog.render.week_json import finite
from opslog.render.words import WEEKDAYS, agg_word, number

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from opslog.domain.search import Entry, Hit

MAX_SHOWN = 400  # characters of a record's text in a table row; --json has it all
SNIPPET = 160  # characters of a matching field shown around its first match
KIND_STYLES = {
    "note": "cyan",
    "checkin": "green",
    "goal": "magenta",
    "progress": "magenta",
    "risk": "red",
    "risk_review": "red",
    "retro": "blue",
    "action": "yellow",
}
# A search hit's fields by name, every kind's searchable ones (the zh check reads them).
FIELD_LABELS = {
    "text": "text",
    "done": "done",
    "blockers": "blockers",
    "plan": "plan",
    "title": "title",
    "metric": "metric",
    "mitigation": "mitigation",
    "note": "note",
    "name": "name",
    "why": "why",
    "went_well": "went well",
    "to_improve": "to improve",
}


# --- what a record says, in one line ---------------------------------------------


def summary(e: Entry, plain: bool = False) -> str:
    """The record in a few words (raw text: callers make it inert). A label and its value
    are separated as the language does in a view (colon(), "：" in Chinese); `plain`, the
    tab-separated lines of a pipe, keeps ": " and ", " in any language."""
    r: Any = e.record
    sep = ": " if plain else colon()
    bracket: Callable[[str], str] = (lambda t: f" ({t})") if plain else aside
    parent = f"{kind_word(e.parent.kind)} #{e.parent.id} {e.parent.label}" if e.parent else ""
    if e.kind == "note":
        in_text = set(_hashtags(r.text))
        extra = " ".join(f"#{t}" for t in r.tags if t not in in_text)
        return f"{r.text}  {extra}" if extra else r.text
    if e.kind == "checkin":
        parts = [
            f"{_(name)}{sep}{v}"
            for name, v in (("done", r.done), ("blockers", r.blockers), ("plan", r.plan))
            if v
        ]
        if r.mood is not None:
            parts.append(_("mood {n}").format(n=r.mood))
        return " · ".join(parts)
    if e.kind == "goal":
        unit = f" {r.unit}" if r.unit else ""
        return (
            f"{r.title} — {r.metric}: {number(r.baseline)} → {number(r.target)}{unit}"
            f" {_('by {day}').format(day=r.due.isoformat())} [{_(r.status)}]"
        )
    if e.kind == "progress":
        text = f"{parent or kind_word('goal') + ' ?'}{sep}{number(r.value)}"
        text += _(" (confidence {n})").format(n=r.confidence) if r.confidence is not None else ""
        return text + (f" — {r.note}" if r.note else "")
    if e.kind == "risk":
        from opslog.domain.risks import risk_level

        text = (
            f"{r.title} — {r.probability}×{r.impact}={r.score} {_(risk_level(r.score))}"
            f" [{_(r.status)}]"
        )
        return text + (f" — {_('mitigation')}{sep}{r.mitigation}" if r.mitigation else "")
    if e.kind == "risk_review":
        note = _(r.note) if r.note == "identified" else r.note  # a note opslog wrote
        text = f"{parent or kind_word('risk') + ' ?'}{sep}{_review_changes(r, plain)}"
        return text + (f" — {note}" if note else "")
    if e.kind == "reading":
        text = f"{e.parent.label if e.parent else kind_word('kpi') + ' ?'}{sep}{number(r.value)}"
        return text + (f" — {r.note}" if r.note else "")
    if e.kind == "kpi":
        how = agg_word("ratio" if r.is_ratio else r.agg)
        unit = ((", " if plain else comma()) + r.unit) if r.unit else ""
        return f"KPI {r.name}{bracket(how + unit)} [{_(r.status)}]" + (
            f" — {r.why}" if r.why else ""
        )
    if e.kind == "retro":
        return (
            f"{r.week} {_('went well')}{sep}{'; '.join(r.went_well) or '–'}"
            f" · {_('to improve')}{sep}{'; '.join(r.to_improve) or '–'}"
        )
    if e.kind == "feedback":
        what = f"{r.category or _('uncategorised')} ×{r.count}"
        what += _(" via {channel}").format(channel=r.channel) if r.channel else ""
        what += f" [{r.sentiment}]" if r.sentiment else ""
        return f"{what}{sep}{r.text}" if r.text else what
    if e.kind == "feedback_link":
        return f"{r.category} ← {parent or kind_word('risk')}"
    if e.kind != "action":
        from opslog.domain.kinds import BY_NAME

        texts = [str(getattr(r, f)) for f in BY_NAME[e.kind].searchable]
        return " · ".join(t for t in texts if t)
    action: str = r.text + (f" @{r.owner}" if r.owner else "")
    action += " " + _("due {day}").format(day=r.due.isoformat()) if r.due else ""
    done = r.status == "done" and r.done_day
    action += f" [{_('done')} {r.done_day.isoformat()}]" if done else f" [{_(r.status)}]"
    return action + (bracket(f"{_('retro')} {e.parent.label}") if e.parent else "")


def _hashtags(text: str) -> list[str]:
    from opslog.domain.text import extract_tags

    return extract_tags(text)


def _review_changes(r: Any, plain: bool) -> str:
    if r.old_probability is None:
        return f"{_('identified')} {r.new_probability}×{r.new_impact} [{_(r.new_status)}]"
    changes = []
    if r.old_probability != r.new_probability:
        changes.append(f"{_('probability')} {r.old_probability}→{r.new_probability}")
    if r.old_impact != r.new_impact:
        changes.append(f"{_('impact')} {r.old_impact}→{r.new_impact}")
    if r.old_status != r.new_status:
        changes.append(f"{_('status')} {_(r.old_status)}→{_(r.new_status)}")
    return (", ".join(changes) if plain else joined(changes)) or _("reviewed")


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """At most `limit` terminal columns (a Chinese character is two), never cutting one."""
    from opslog.render.cells import truncate

    return truncate(text, limit, " …")


# --- plain lines (a pipe) ------------------------------------------------------------


def plain_line(e: Entry, text: str | None = None) -> str:
    """day, kind, id, author, text: tab-separated, one record per line, for cut/awk (the
    kind by the English name `--kind` takes, in any language, as the JSON has it)."""
    shown = one_line(summary(e, plain=True) if text is None else text)
    return "\t".join(
        (e.day.isoformat(), e.kind, str(e.record.id), one_line(e.record.author), shown)
    )


def search_line(hit: Hit) -> str:
    parts = [f"{_(FIELD_LABELS.get(f, f))}: {_field_text(hit, f)}" for f in hit.fields]
    return plain_line(hit.entry, " · ".join(parts))


def _field_text(hit: Hit, field: str) -> str:
    from opslog.domain.search import field_texts

    return "; ".join(field_texts(hit.entry.kind, hit.entry.record, field))


# --- JSON ----------------------------------------------------------------------------


def entry_json(e: Entry) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": e.kind}
    for f in fields(e.record):
        value = getattr(e.record, f.name)
        doc[f.name] = value.isoformat() if isinstance(value, date) else value
    doc["day"] = e.day.isoformat()
    if e.kind == "risk":
        from opslog.domain.risks import risk_level

        doc["score"] = e.record.score  # type: ignore[attr-defined]
        doc["level"] = risk_level(doc["score"])
    if e.parent is not None:
        doc[f"{e.parent.kind}_id"] = e.parent.id
    return doc


def hit_json(hit: Hit) -> dict[str, Any]:
    return {**entry_json(hit.entry), "matched": list(hit.fields)}


def json_array(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON array, one item per line, produced as the items come (flat memory)."""
    first = True
    for item in items:
        text = json_safe(json.dumps(finite(item), ensure_ascii=False, allow_nan=False))
        yield ("[\n" if first else ",\n") + text
        first = False
    yield "[]\n" if first else "\n]\n"


# --- Rich tables (a terminal) --------------------------------------------------------


def _table(show_author: bool, id_width: int | None = None, header: bool = True) -> Table:
    """Columns of fixed width but the text, so that tables drawn one after the other
    (a long log, drawn in chunks) line up as one."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        show_header=header,
        expand=id_width is not None,
    )
    from rich.cells import cell_len

    # `2026-11-27 Fri`, `2026-11-27 周五`: the widest weekday in the user's language
    day_width = 11 + max(cell_len(_(w)) for w in WEEKDAYS)
    table.add_column(_("Day"), no_wrap=True, style="bold", width=day_width)
    table.add_column(_("Kind"), no_wrap=True, width=11)
    table.add_column("#", justify="right", no_wrap=True, style="dim", width=id_width)
    if show_author:
        table.add_column(_("Author"), no_wrap=True, overflow="ellipsis", width=12)
    table.add_column(_("Text"), overflow="fold", ratio=1 if id_width is not None else None)
    return table


def _row_start(e: Entry, last_day: date | None, show_author: bool) -> list[Text | str]:
    from rich.text import Text

    day = f"{e.day.isoformat()} {_(WEEKDAYS[e.day.weekday()])}" if e.day != last_day else ""
    kind = Text(kind_word(e.kind), style=KIND_STYLES.get(e.kind, ""))
    cells: list[Text | str] = [day, kind, str(e.record.id)]
    if show_author:
        cells.append(Text(inert(e.record.author)))
    return cells


def log_tables(
    entries: Iterable[Entry], *, top_id: int, show_author: bool, chunk: int = 100
) -> Iterator[Table]:
    """The log as tables of `chunk` rows that line up (the header on the first only),
    drawn as the rows stream in."""
    from rich.text import Text

    width = len(str(max(top_id, 1)))
    last_day: date | None = None
    table = _table(show_author, width)
    for e in entries:
        if table.row_count == chunk:
            yield table
            table = _table(show_author, width, header=False)
        table.add_row(*_row_start(e, last_day, show_author), Text(shorten(one_line(summary(e)))))
        last_day = e.day
    yield table


def search_table(hits: list[Hit], *, no_color: bool = False) -> Table:
    from rich.text import Text

    show_author = len({h.entry.record.author for h in hits}) > 1
    table = _table(show_author)
    last_day: date | None = None
    for hit in hits:
        text = Text()
        for i, f in enumerate(hit.fields):
            if i:
                text.append(" · ")
            text.append(f"{_(FIELD_LABELS.get(f, f))}{colon()}", style="dim")
            text.append_text(highlighted(hit, _field_text(hit, f), no_color=no_color))
        table.add_row(*_row_start(hit.entry, last_day, show_author), text)
        last_day = hit.entry.day
    return table


def highlighted(hit: Hit, raw: str, *, no_color: bool = False, width: int = SNIPPET) -> Text:
    """The inert, one-line text around the first match, every match stylized."""
    from rich.text import Text

    from opslog.render.cells import width as cells

    shown = one_line(raw)
    spans = hit.query.spans(shown)
    if cells(shown) > width:
        start, end = _window(shown, spans[0][0] if spans else 0, width)
        shown = ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")
        spans = hit.query.spans(shown)
    text = Text(shown)
    style = "bold reverse" if no_color else "bold black on yellow"
    for start, end in spans:
        text.stylize(style, start, end)
    return text


def _window(text: str, first: int, size: int) -> tuple[int, int]:
    """Character bounds of at most `size` columns of `text` around index `first`: a
    third of them before it. Never starts on a mark that belongs to the character
    before it."""
    from opslog.render.cells import char_width

    start, used = first, 0
    while start > 0 and used + char_width(text[start - 1]) <= size // 3:
        start -= 1
        used += char_width(text[start])
    end = start
    used = 0
    while end < len(text) and used + char_width(text[end]) <= size:
        used += char_width(text[end])
        end += 1
    while start > 0 and used + char_width(text[start - 1]) <= size:
        start -= 1
        used += char_width(text[start])
    while start > 0 and char_width(text[start]) == 0:
        start -= 1
    return start, end
