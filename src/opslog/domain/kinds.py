"""The kinds of record, in one place: what each is, what it is dated by, what it
refers to, what search looks at. Export, import, `rm` (delete with dependants),
search, the log (and the Markdown export, the same stream) and `edit` read this
registry; nothing else spells out a kind's relations.

To add a kind:
1. its record class in `domain/records.py` (a dataclass over `Common`; a field with
   no default is required, a `X | None` field may be null);
2. its table in `store/schema.py` (and the migration that creates it, with its search
   index if it has searchable fields);
3. one `Kind(...)` in `REGISTRY` below, after the kinds it refers to (the order is
   the export's and import's: parents first). The table is named as the kind.
   (A table whose commands are not wired yet goes in `PENDING`: the database layer
   knows it, the commands and the export do not; wiring it is moving its entry.)
4. its fields' checks for `opslog import` (`CHECKS` in `domain/import_check.py`; the
   one-line fields are checked from `one_line`).
Export (jsonl, json, csv, markdown), import's references and one-per-author rule,
`rm`, `log`, `search` (and its index) and `edit` pick the rest up from here; the log
and Markdown views show a kind they have no words for by its searchable text.

A kind without a day column is not in the log by day; a dated export (--since/--until)
keeps all of its records.
"""

from __future__ import annotations

from typing import Literal

from opslog.domain import records
from opslog.domain.plain import plain


@plain(frozen=True)
class Ref:
    """A reference by uid to a record of another kind (or the same one)."""

    kind: str  # the kind referred to
    column: str  # the uid column holding it: "goal_uid"
    on_delete: Literal["delete", "unlink"]  # deleting the record referred to: this one too,
    # or only the reference (set to null)
    label: str | None = None  # the referred record's column naming it in the log
    # ("title", "week"); set on the one reference that is the record's parent


@plain(frozen=True)
class Kind:
    name: str
    record: type[records.Common]
    day_column: str | None  # the day it belongs to (--since/--until, the log)
    refs: tuple[Ref, ...] = ()
    searchable: tuple[str, ...] = ()  # text fields search (and its index) look at
    one_line: tuple[str, ...] = ()  # text fields that must stay on one line
    # the columns of whose values an author has one record: ("day",) for a check-in,
    # ("kpi_uid", "day") for a reading (one per KPI and day)
    one_per_author: tuple[str, ...] = ()
    # those of them compared as domain/text.normalize_key does (a KPI's name: GMV is gmv)
    folded: tuple[str, ...] = ()
    log_section: int = 0  # rank within one day of the Markdown log (check-in first)

    @property
    def table(self) -> str:
        return self.name

    @property
    def parent(self) -> Ref | None:
        """The reference the log shows the record under (the one with a label)."""
        return next((r for r in self.refs if r.label is not None), None)


REGISTRY: tuple[Kind, ...] = (
    Kind("note", records.Note, "day", searchable=("text",), log_section=1),
    Kind(
        "checkin",
        records.Checkin,
        "day",
        searchable=("done", "blockers", "plan"),
        one_per_author=("day",),
        log_section=0,
    ),
    Kind(
        "kpi",
        records.Kpi,
        None,
        # A ratio of a deleted KPI cannot be computed: it goes with it (rm names it).
        refs=(Ref("kpi", "ratio_num_uid", "delete"), Ref("kpi", "ratio_den_uid", "delete")),
        searchable=("name", "why"),
        one_line=("name",),
        # names are unique per author: an imported KPI of a name here is the one here
        # (its readings, ratios and goals attach to it)
        one_per_author=("name",),
        folded=("name",),
        log_section=8,
    ),
    Kind(
        "reading",
        records.Reading,
        "day",
        refs=(Ref("kpi", "kpi_uid", "delete", label="name"),),
        searchable=("note",),
        one_per_author=("kpi_uid", "day"),
        log_section=9,
    ),
    Kind(
        "goal",
        records.Goal,
        "start",  # a goal has no day of its own: its start
        # A goal following a deleted KPI goes on as a goal of its own check-ins.
        refs=(Ref("kpi", "kpi_uid", "unlink"),),
        searchable=("title", "metric", "why"),
        one_line=("title", "metric"),
        log_section=2,
    ),
    Kind(
        "progress",
        records.Progress,
        "day",
        refs=(Ref("goal", "goal_uid", "delete", label="title"),),
        searchable=("note",),
        log_section=3,
    ),
    Kind(
        "risk",
        records.Risk,
        "day",
        searchable=("title", "mitigation"),
        one_line=("title",),
        log_section=4,
    ),
    Kind(
        "risk_review",
        records.RiskReview,
        "day",
        refs=(Ref("risk", "risk_uid", "delete", label="title"),),
        searchable=("note",),
        log_section=5,
    ),
    Kind(
        "retro",
        records.Retro,
        "day",
        searchable=("went_well", "to_improve"),
        one_per_author=("week",),
        log_section=6,
    ),
    Kind(
        "action",
        records.Action,
        "day",
        refs=(Ref("retro", "retro_uid", "unlink", label="week"),),
        searchable=("text",),
        log_section=7,
    ),
    Kind(
        "feedback",
        records.Feedback,
        "day",
        refs=(Ref("action", "action_uid", "unlink"), Ref("risk", "risk_uid", "unlink")),
        searchable=("text",),
        one_line=("channel", "category"),
        log_section=10,
    ),
    # A category answered by an action (or a risk): without it the link says nothing.
    Kind(
        "feedback_link",
        records.FeedbackLink,
        "day",
        refs=(
            Ref("action", "action_uid", "delete", label="text"),
            Ref("risk", "risk_uid", "delete"),
        ),
        one_line=("category",),
        log_section=11,
    ),
)

# Schema v2's tables whose commands are not wired yet: the database layer (records,
# search index, delete with dependants) knows them; KINDS, the export, import, log and
# search do not. Wiring one is moving its entry into REGISTRY (and checking its refs).
PENDING: tuple[Kind, ...] = (
    Kind("team_member", records.TeamMember, None, one_line=("name",), log_section=12),
)

ALL: tuple[Kind, ...] = REGISTRY + PENDING
BY_NAME: dict[str, Kind] = {k.name: k for k in ALL}
# The kinds the commands know, parents before children (the export's order).
KINDS: tuple[str, ...] = tuple(k.name for k in REGISTRY)


def referrers(name: str) -> tuple[tuple[Kind, Ref], ...]:
    """(kind, reference) for every reference to `name`, in registry order (the tables
    not wired yet included: their references hold in the database all the same)."""
    return tuple((k, r) for k in ALL for r in k.refs if r.kind == name)


def kind_for_class(cls: type[records.Common]) -> str:
    for k in ALL:
        if k.record is cls:
            return k.name
    raise TypeError(cls)
