"""Customer feedback: records, the keys in use, sums per key over two periods, links
from categories to the actions that address them, and the counts an impact needs.

Sums are made by the database (GROUP BY over the (author, day) index), so `feedback
top` over years of feedback moves a few rows per key into Python, not every record.
Keys are matched case- and width-insensitively in Python (`domain.feedback`) over the
distinct spellings, which are few.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from opslog.domain.feedback import (
    DEFAULT_IMPACT_WEEKS,
    FeedbackSection,
    Impact,
    KeyMatch,
    Span,
    Tally,
    build_section,
    impact_windows,
    match_key,
)
from opslog.domain.records import Action, Feedback, FeedbackLink, Risk
from opslog.domain.text import normalize_key
from opslog.errors import BadInput, NotFound
from opslog.i18n import _, joined
from opslog.store.crud import author_filter, create, find, get
from opslog.store.db import Conn

if TYPE_CHECKING:  # the week's feedback section does not load the import's rules
    from opslog.domain.feedback_import import Row

KEY_COLUMNS = ("category", "channel")


def known_keys(conn: Conn, column: str) -> list[str]:
    """Every spelling of `column` in use (everyone's: a team shares its categories),
    the oldest first, so that the first spelling of a key is the one kept.

    Categories are read with a loose index scan over their index: one probe per
    distinct value (there are few), not a pass over every record (0.05 ms instead of
    15 ms over 100,000 records). Channels have no index: one pass (`resolve_key`
    reads them only when a channel is not there as typed)."""
    assert column in KEY_COLUMNS
    col = f'"{column}"'
    if column == "channel":
        sql = f"SELECT {col} AS v FROM feedback WHERE {col} <> '' GROUP BY {col} ORDER BY MIN(id)"
        return [r["v"] for r in conn.rows(sql)]
    keys = [r["v"] for r in conn.rows(_loose_scan("feedback", "category"))]
    # A category linked to an action before any feedback came in.
    linked = conn.rows(_loose_scan("feedback_link", "category"))
    return keys + [r["v"] for r in linked if r["v"] not in keys]


def _loose_scan(table: str, column: str) -> str:
    """The distinct values of an indexed column, oldest first: one index probe per
    value (PostgreSQL's "loose index scan" idiom; SQLite plans it the same way)."""
    col = f'"{column}"'
    return (
        f"WITH RECURSIVE k(v) AS (SELECT MIN({col}) FROM {table} WHERE {col} > ''"
        f" UNION ALL SELECT (SELECT MIN({col}) FROM {table} WHERE {col} > k.v)"
        " FROM k WHERE k.v IS NOT NULL)"
        f" SELECT v, (SELECT MIN(id) FROM {table} t WHERE t.{col} = k.v) AS first"
        " FROM k WHERE v IS NOT NULL ORDER BY first"
    )


def resolve_key(conn: Conn, column: str, typed: str) -> KeyMatch:
    """The stored spelling for a typed channel or category (see domain.match_key).
    A key in use exactly as typed is taken at once, without reading every key."""
    assert column in KEY_COLUMNS
    stripped = " ".join(typed.split())
    if not stripped:
        return KeyMatch("", known=True)
    sql = f'SELECT 1 AS x FROM feedback WHERE "{column}" = :k LIMIT 1'
    if conn.one(sql, {"k": stripped}) is not None:
        return KeyMatch(stripped, known=True)
    return match_key(stripped, known_keys(conn, column))


def spellings_of(conn: Conn, column: str, key: str) -> list[str]:
    """The stored spellings that are `key` (case and width aside)."""
    wanted = normalize_key(key)
    return [k for k in known_keys(conn, column) if normalize_key(k) == wanted]


def add_feedback(conn: Conn, *, author: str, now: str, **fields: Any) -> Feedback:
    return create(conn, Feedback, author=author, now=now, **fields)


def list_feedback(
    conn: Conn,
    authors: list[str] | None,
    *,
    since: date | None = None,
    until: date | None = None,
    category: str | None = None,
    channel: str | None = None,
) -> list[Feedback]:
    who, params = author_filter(authors)
    where = [who]
    if since is not None:
        where.append("day >= :since")
        params["since"] = since.isoformat()
    if until is not None:
        where.append("day <= :until")
        params["until"] = until.isoformat()
    for column, key in (("category", category), ("channel", channel)):
        if key is None:
            continue
        names = {f"{column}{i}": s for i, s in enumerate(spellings_of(conn, column, key))}
        if not names and normalize_key(key):
            return []
        names = names or {f"{column}0": ""}  # `--category ''`: the uncategorised
        where.append(f'"{column}" IN ({", ".join(f":{n}" for n in names)})')
        params.update(names)
    return find(conn, Feedback, " AND ".join(where), params, order="day, id")


def tallies(conn: Conn, authors: list[str] | None, period: Span, column: str) -> list[Tally]:
    """Sums of counts per spelling and sentiment, in the period and the one before."""
    assert column in KEY_COLUMNS
    who, params = author_filter(authors)
    params.update(
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        pstart=period.previous.start.isoformat(),
    )
    sql = (
        f'SELECT "{column}" AS k, sentiment AS s,'
        ' CASE WHEN day >= :start THEN 1 ELSE 0 END AS cur, SUM("count") AS n'
        f" FROM feedback WHERE {who} AND day >= :pstart AND day <= :end"
        f' GROUP BY "{column}", sentiment, CASE WHEN day >= :start THEN 1 ELSE 0 END'
    )
    return [
        Tally(r["k"], int(r["n"]), current=bool(r["cur"]), sentiment=r["s"])
        for r in conn.rows(sql, params)
    ]


def seen_before(conn: Conn, authors: list[str] | None, day: date, keys: Iterable[str]) -> list[str]:
    """Which of these categories (in any spelling) had feedback before `day`."""
    wanted = {normalize_key(k) for k in keys}
    spellings = [k for k in known_keys(conn, "category") if normalize_key(k) in wanted]
    names = {f"k{i}": k for i, k in enumerate(spellings)}
    if not names:
        return []
    who, params = author_filter(authors)
    marks = ", ".join(f":{n}" for n in names)
    sql = (
        f"SELECT DISTINCT category AS k FROM feedback WHERE {who} AND day < :day"
        f" AND category IN ({marks})"
    )
    return [r["k"] for r in conn.rows(sql, {**params, **names, "day": day.isoformat()})]


def section(
    conn: Conn,
    authors: list[str] | None,
    period: Span,
    asof: date,
    weeks: int = DEFAULT_IMPACT_WEEKS,
) -> FeedbackSection:
    """A week's or a report's feedback: totals, categories, channels, new categories,
    and the improvements (linked actions done in the period or in the `weeks` before
    it, judged on the counts known at `asof`)."""
    categories = tallies(conn, authors, period, "category")
    # Only a key with nothing in the previous period can be new: ask about those.
    before = {normalize_key(t.key) for t in categories if not t.current}
    fresh = [t.key for t in categories if t.current and normalize_key(t.key) not in before]
    old = seen_before(conn, authors, period.previous.start, fresh)
    channels = tallies(conn, authors, period, "channel")
    since = period.start - timedelta(weeks=weeks)
    improvements = improvements_done(conn, authors, since, period.end, asof, weeks)
    return build_section(categories, channels, old, improvements)


# Links and impact -------------------------------------------------------------------


def link(
    conn: Conn,
    *,
    author: str,
    now: str,
    day: date,
    category: str,
    action_id: int | None = None,
    risk_id: int | None = None,
) -> tuple[FeedbackLink, Action | Risk, bool]:
    """Record that an action (or a risk) addresses a category; (link, target, new).
    Linking the same pair twice keeps the first link."""
    target: Action | Risk
    if action_id is not None:
        target = get(conn, Action, action_id)
        column, uid = "action_uid", target.uid
    elif risk_id is not None:
        target = get(conn, Risk, risk_id)
        column, uid = "risk_uid", target.uid
    else:
        raise BadInput(_("give --action ID or --risk ID"))
    for existing in find(conn, FeedbackLink, f"{column} = :u", {"u": uid}):
        if normalize_key(existing.category) == normalize_key(category):
            return existing, target, False
    made = create(
        conn, FeedbackLink, author=author, now=now, day=day, category=category,
        **{column: uid},
    )  # fmt: skip
    return made, target, True


def linked_actions(conn: Conn, category: str | None = None) -> list[tuple[str, Action]]:
    """(category, action) for every link to an action, by the action's done day."""
    rows = conn.rows(
        "SELECT l.category AS category, a.id AS id FROM feedback_link l"
        " JOIN action a ON a.uid = l.action_uid ORDER BY a.done_day, a.id, l.id"
    )
    wanted = None if category is None else normalize_key(category)
    ids = [(r["category"], int(r["id"])) for r in rows]
    if wanted is not None:
        ids = [(c, i) for c, i in ids if normalize_key(c) == wanted]
    return [(c, get(conn, Action, i)) for c, i in ids]


def impact(
    conn: Conn,
    authors: list[str] | None,
    category: str,
    asof: date,
    *,
    weeks: int = DEFAULT_IMPACT_WEEKS,
    action_id: int | None = None,
) -> Impact:
    """Counts of the category per 7-day window before and after the action's done day:
    the action given, else the latest done action linked to the category."""
    if action_id is not None:
        action = get(conn, Action, action_id)
        shown = category
    else:
        links = linked_actions(conn, category)
        if not links:
            raise NotFound(
                _(
                    "no action is linked to {category!r}: opslog feedback link "
                    "{category!r} --action ID"
                ).format(category=category)
            )
        done = [(c, a) for c, a in links if a.status == "done" and a.done_day is not None]
        if not done:
            ids = joined(f"#{a.id}" for _, a in links)
            raise NotFound(
                _("no action linked to {category!r} is done yet ({ids})").format(
                    category=category, ids=ids
                )
            )
        shown, action = done[-1]
    if action.status != "done" or action.done_day is None:
        raise NotFound(
            _("action #{id} is not done yet: opslog action done {id}").format(id=action.id)
        )
    return _impact_of(conn, authors, shown, action, asof, weeks)


def _impact_of(
    conn: Conn, authors: list[str] | None, category: str, action: Action, asof: date, weeks: int
) -> Impact:
    assert action.done_day is not None
    done_day = action.done_day
    start, end = done_day - timedelta(weeks=weeks), done_day + timedelta(weeks=weeks, days=-1)
    counts = day_counts(conn, authors, category, start, end)
    before, after = impact_windows(done_day, weeks, counts, first_day(conn, authors), asof)
    return Impact(
        category, done_day, weeks, before, after,
        action_id=action.id, action_uid=action.uid, action_text=action.text,
    )  # fmt: skip


def improvements_done(
    conn: Conn, authors: list[str] | None, since: date, until: date, asof: date, weeks: int
) -> list[Impact]:
    """The impact of each linked action done between `since` and `until`."""
    rows = conn.rows(
        "SELECT l.category AS category, a.id AS id FROM feedback_link l"
        " JOIN action a ON a.uid = l.action_uid WHERE a.status = 'done'"
        " AND a.done_day >= :since AND a.done_day <= :until ORDER BY a.done_day, a.id, l.id",
        {"since": since.isoformat(), "until": until.isoformat()},
    )
    return [
        _impact_of(conn, authors, r["category"], get(conn, Action, int(r["id"])), asof, weeks)
        for r in rows
    ]


def day_counts(
    conn: Conn, authors: list[str] | None, category: str, start: date, end: date
) -> list[tuple[date, int]]:
    names = {f"c{i}": s for i, s in enumerate(spellings_of(conn, "category", category))}
    if not names:
        return []
    who, params = author_filter(authors)
    marks = ", ".join(f":{n}" for n in names)
    sql = (
        f'SELECT day, SUM("count") AS n FROM feedback WHERE {who} AND category IN ({marks})'
        " AND day >= :start AND day <= :end GROUP BY day"
    )
    params.update(names, start=start.isoformat(), end=end.isoformat())
    return [(date.fromisoformat(r["day"]), int(r["n"])) for r in conn.rows(sql, params)]


def first_day(conn: Conn, authors: list[str] | None) -> date | None:
    """The first day any feedback was logged (by these authors)."""
    who, params = author_filter(authors)
    value = conn.scalar(f"SELECT MIN(day) FROM feedback WHERE {who}", params)
    return None if value is None else date.fromisoformat(value)


# Import ------------------------------------------------------------------------------


def import_rows(conn: Conn, rows: Iterable[Row], *, author: str, now: str) -> tuple[int, int]:
    """Insert the rows whose uid is not in the logbook yet, in batches inside the
    caller's transaction; (added, already there)."""
    from opslog.store.convert import to_row

    added = skipped = 0
    batch: list[Row] = []

    def flush() -> None:
        nonlocal added, skipped
        names = {f"u{i}": r.uid for i, r in enumerate(batch)}
        marks = ", ".join(f":{n}" for n in names)
        have = {
            r["uid"] for r in conn.rows(f"SELECT uid FROM feedback WHERE uid IN ({marks})", names)
        }
        for r in batch:
            if r.uid in have:
                skipped += 1
                continue
            have.add(r.uid)
            record = Feedback(id=0, uid=r.uid, author=author, created_at=now, updated_at=now,
                            **r.fields())  # fmt: skip
            row = to_row(record)
            row.pop("id")
            conn.insert("feedback", row)
            added += 1
        batch.clear()

    for r in rows:
        batch.append(r)
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    return added, skipped
