"""Customer feedback arithmetic: keys, counts per key over two periods, sentiment
shares, and the impact of an action (weekly counts before and after its done day).

Pure: the store hands in what it summed (small lists of tallies), nothing here reads
a database or the clock.

Channels and categories are free text that many people type: `物流`, ` 物流 `,
`Logistics` and `logistics` are one key. `normalize_key` is what two spellings must
share to be the same key (NFKC folds full-width letters and digits, casefold folds
case, blanks at the ends and runs of blanks inside do not count).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opslog.domain.plain import plain
from opslog.domain.text import normalize_key
from opslog.errors import BadInput
from opslog.i18n import _

if TYPE_CHECKING:  # at run time only `Span.of` needs one, handed in
    from opslog.domain.periods import Period

SENTIMENTS = ("pos", "neu", "neg")
_SENTIMENT_WORDS = {
    "pos": "pos", "positive": "pos", "+": "pos", "好评": "pos", "正面": "pos",
    "neu": "neu", "neutral": "neu", "0": "neu", "中评": "neu", "中性": "neu",
    "neg": "neg", "negative": "neg", "-": "neg", "差评": "neg", "负面": "neg",
}  # fmt: skip
MAX_COUNT = 1_000_000_000  # one record summarising more than this is a typo
DEFAULT_IMPACT_WEEKS = 4
MAX_IMPACT_WEEKS = 104


@plain(frozen=True)
class NewFeedback:
    """Feedback given at the check-in's question, checked, not yet written."""

    text: str
    category: str = ""
    channel: str = ""
    count: int = 1
    sentiment: str | None = None


def one_edit_apart(a: str, b: str) -> bool:
    """True when `b` is `a` with exactly one character inserted, deleted or replaced."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    # Same length: the rest after one replaced character; else after one inserted.
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


@plain(frozen=True)
class KeyMatch:
    """What to store for a key typed by the user, and a near existing one (a hint)."""

    key: str  # the existing spelling when the key is known, else the typed one (stripped)
    known: bool
    near: str | None = None  # an existing key one edit away from a new one


def match_key(typed: str, existing: Iterable[str]) -> KeyMatch:
    """Match a typed key against the keys already in use.

    The same key in another case or width is stored with the existing spelling (the
    first one seen, in the order given), so counts never split. A new key one edit
    away from an existing one is kept as typed, with the near one named for a hint:
    `物流` vs `物留` may be a typo, but `A1` vs `A2` may not, so it is not refused.
    """
    stripped = " ".join(typed.split())
    wanted = normalize_key(stripped)
    if not wanted:
        return KeyMatch("", known=True)
    near = None
    for key in existing:
        have = normalize_key(key)
        if have == wanted:
            return KeyMatch(key, known=True)
        if (
            near is None
            and have
            and one_edit_apart(have, wanted)
            and min(len(have), len(wanted)) > 1
        ):
            near = key
    return KeyMatch(stripped, known=False, near=near)


def parse_sentiment(text: str | None) -> str | None:
    """`pos`, `neu`, `neg` (also `positive`, `+`, 好评 … ); empty is none."""
    if text is None or not text.strip():
        return None
    found = _SENTIMENT_WORDS.get(normalize_key(text))
    if found is None:
        raise BadInput(_("bad sentiment {text!r}: expected pos, neu or neg").format(text=text))
    return found


def parse_count(text: str | int) -> int:
    """A count of alike feedback: a whole number ≥ 1."""
    raw = str(text).strip().replace(",", "")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_COUNT:
        raise BadInput(
            _("bad count {v!r}: expected a whole number of at least 1").format(v=str(text))
        )
    return int(raw)


# Counting ---------------------------------------------------------------------------


@plain(frozen=True)
class Span:
    """Days [start, end] (a week, a month, any period). `previous` is the period just
    before it: `prior` when given (the month, quarter or year before, as the report's
    "previous" is: domain/periods.Period.previous), else as many days just before."""

    start: date
    end: date
    prior: tuple[date, date] | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadInput(
                _("the period ends ({end}) before it starts ({start})").format(
                    end=self.end, start=self.start
                )
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Span:
        if self.prior is not None:
            return Span(*self.prior)
        return Span(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @classmethod
    def of(cls, period: Period) -> Span:
        """A report period's days, whose previous is the period before it: the week,
        month, quarter or year before (as many days before a range)."""
        before = period.previous()
        return cls(period.start, period.end, (before.start, before.end))


@plain(frozen=True)
class Tally:
    """A sum of counts the store made: one key, one sentiment, in the period or the
    previous one."""

    key: str
    count: int
    current: bool = True
    sentiment: str | None = None


@plain
class KeyCount:
    key: str  # the spelling shown: the one with the most feedback in both periods
    count: int
    previous: int
    sentiment: dict[str, float] | None = None  # shares of the period's counts with one
    new: bool = False  # never seen before the period

    @property
    def change(self) -> int:
        return self.count - self.previous


def rank_keys(tallies: Iterable[Tally], seen_before: Iterable[str] = ()) -> list[KeyCount]:
    """Counts per key in the period and the previous one, largest first (then by key).

    Spellings of one key are added up. Keys with nothing in the period but something
    in the previous one are kept (count 0: they went away). `seen_before` holds the
    keys that had feedback any time before the period; the others are `new`.
    """
    counts: dict[str, list[int]] = {}
    spellings: dict[str, dict[str, int]] = {}
    moods: dict[str, dict[str, int]] = {}
    for t in tallies:
        k = normalize_key(t.key)
        pair = counts.setdefault(k, [0, 0])
        pair[0 if t.current else 1] += t.count
        by_spelling = spellings.setdefault(k, {})
        by_spelling[t.key] = by_spelling.get(t.key, 0) + t.count
        if t.current and t.sentiment in SENTIMENTS:
            mood = moods.setdefault(k, dict.fromkeys(SENTIMENTS, 0))
            mood[t.sentiment] += t.count
    old = {normalize_key(k) for k in seen_before}
    result = [
        KeyCount(
            key=min(spellings[k].items(), key=lambda kv: (-kv[1], kv[0]))[0],
            count=now,
            previous=before,
            sentiment=sentiment_shares(moods[k]) if k in moods else None,
            new=now > 0 and before == 0 and k not in old,
        )
        for k, (now, before) in counts.items()
    ]
    return sorted(result, key=lambda r: (-r.count, -r.previous, normalize_key(r.key)))


def sentiment_shares(counts: dict[str, int]) -> dict[str, float] | None:
    """Each sentiment's share of the counts that have one (rounded to 4 places)."""
    total = sum(counts.get(s, 0) for s in SENTIMENTS)
    if not total:
        return None
    return {s: round(counts.get(s, 0) / total, 4) for s in SENTIMENTS}


# Impact -----------------------------------------------------------------------------


@plain(frozen=True)
class Window:
    start: date
    end: date
    count: int | None  # None: no feedback was being logged yet, or the window is to come
    complete: bool  # fully inside the logged span: counted in the mean


@plain
class Impact:
    category: str
    done_day: date
    weeks: int
    before: list[Window]
    after: list[Window]
    action_id: int | None = None
    action_uid: str | None = None
    action_text: str = ""

    @property
    def before_weekly_mean(self) -> float | None:
        return _round(_mean(self.before))

    @property
    def after_weekly_mean(self) -> float | None:
        return _round(_mean(self.after))

    @property
    def change(self) -> float | None:
        b, a = _mean(self.before), _mean(self.after)
        return None if a is None or b is None else round(a - b, 4)

    @property
    def change_pct(self) -> float | None:
        b, a = _mean(self.before), _mean(self.after)
        return None if a is None or not b else round((a - b) / b, 4)


def _mean(windows: Sequence[Window]) -> float | None:
    """The mean count of the complete windows (unrounded)."""
    counted = [w.count for w in windows if w.complete and w.count is not None]
    return sum(counted) / len(counted) if counted else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def impact_windows(
    done_day: date,
    weeks: int,
    counts: Iterable[tuple[date, int]],
    first_day: date | None,
    asof: date,
) -> tuple[list[Window], list[Window]]:
    """The `weeks` 7-day windows just before `done_day` and the `weeks` starting on it.

    `counts` are (day, count) of the category; `first_day` is the first day any
    feedback was logged (None: never) and `asof` the last day with data (today, or the
    end of a report). A window is `complete` when it lies within [first_day, asof]: only
    those make the means. A window that ends before `first_day` or starts after `asof`
    has no count at all (zero would claim that nothing came in); one that straddles
    either end shows what it holds, but is left out of the mean.
    """
    if not 1 <= weeks <= MAX_IMPACT_WEEKS:
        raise BadInput(
            _("bad number of weeks {weeks}: expected 1 to {MAX_IMPACT_WEEKS}").format(
                weeks=weeks, MAX_IMPACT_WEEKS=MAX_IMPACT_WEEKS
            )
        )
    per_day: dict[date, int] = {}
    for d, n in counts:
        per_day[d] = per_day.get(d, 0) + n

    def window(start: date) -> Window:
        end = start + timedelta(days=6)
        if first_day is None or end < first_day or start > asof:
            return Window(start, end, None, False)
        total = sum(n for d, n in per_day.items() if start <= d <= end)
        return Window(start, end, total, first_day <= start and end <= asof)

    before = [window(done_day - timedelta(weeks=k)) for k in range(weeks, 0, -1)]
    after = [window(done_day + timedelta(weeks=k)) for k in range(weeks)]
    return before, after


@plain
class FeedbackSection:
    """The feedback part of a week or a report."""

    total: int
    previous_total: int
    categories: list[KeyCount]
    channels: list[KeyCount]
    improvements: list[Impact] = field(default_factory=list)

    @property
    def new_categories(self) -> list[str]:
        return [c.key for c in self.categories if c.new and c.key]

    @property
    def is_empty(self) -> bool:
        return not (self.total or self.previous_total or self.improvements)


def build_section(
    categories: list[Tally],
    channels: list[Tally],
    seen_before: Iterable[str],
    improvements: list[Impact] | None = None,
) -> FeedbackSection:
    """A week's or a report's feedback section from the store's tallies."""
    ranked = rank_keys(categories, seen_before)
    return FeedbackSection(
        total=sum(c.count for c in ranked),
        previous_total=sum(c.previous for c in ranked),
        categories=ranked,
        channels=[c for c in rank_keys(channels) if c.count],
        improvements=improvements or [],
    )


def key_json(k: KeyCount, name: str = "key") -> dict[str, object]:
    """One row of `feedback top --json` (`name` = "category" in the week and report)."""
    return {
        name: k.key or None,
        "count": k.count,
        "previous": k.previous,
        "change": k.change,
        "sentiment": k.sentiment,  # shares of the counts that have one; null: none has
    }


def section_json(s: FeedbackSection) -> dict[str, object]:
    return {
        "total": s.total,
        "previous": s.previous_total,
        "change": s.total - s.previous_total,
        "categories": [key_json(c, "category") for c in s.categories],
        "channels": [{"channel": c.key or None, "count": c.count} for c in s.channels],
        "new_categories": s.new_categories,
        "improvements": [improvement_json(i) for i in s.improvements],
    }


def improvement_json(i: Impact) -> dict[str, object]:
    return {
        "category": i.category,
        "action_id": i.action_id,
        "done_day": i.done_day.isoformat(),
        "before_weekly_mean": i.before_weekly_mean,
        "after_weekly_mean": i.after_weekly_mean,
        "change": i.change,
    }


def impact_json(i: Impact) -> dict[str, object]:
    """`feedback impact --json` (spec.md, "Feedback")."""

    def windows(ws: list[Window]) -> list[dict[str, object]]:
        return [
            {"start": w.start.isoformat(), "end": w.end.isoformat(), "count": w.count,
             "complete": w.complete}
            for w in ws
        ]  # fmt: skip

    return {
        "category": i.category,
        "action_id": i.action_id,
        "action_uid": i.action_uid,
        "done_day": i.done_day.isoformat(),
        "weeks": i.weeks,
        "before": windows(i.before),
        "after": windows(i.after),
        "before_weekly_mean": i.before_weekly_mean,
        "after_weekly_mean": i.after_weekly_mean,
        "change": i.change,
        "change_pct": i.change_pct,
    }
