"""`opslog import`: read an export back, in the caller's one write transaction.
Reading is store/import_read.py, checking a record domain/import_check.py; this module
writes, and `import_records` runs the three.

Input: JSON Lines as `opslog export` writes them, or the `json` document
(`{"schema": "opslog.export/1", "records": [...]}`, streamed line by line when it has
the exporter's one-record-per-line layout, parsed whole otherwise). Every record is
checked with the rules the commands use (domain/text, domain/goals, domain/risks); the
first bad one raises BadInput naming its line, and the caller's transaction rolls back,
so a bad line imports nothing.

Identity is the uid:
- a uid already in the database is skipped (importing twice adds nothing);
- the exported id is kept when it is free here at the end of the import; a record whose
  id is taken (or that has none) waits under a temporary negative id and gets the next
  free one after the import's own at the end, so one clash never pushes the rows still
  to come (export -> import into an empty database -> export gives the same lines). The
  same on SQLite and PostgreSQL, whose id sequences are then moved past the ids used;
- a check-in (one per author per day) or retro (one per author per week) that meets
  an existing one with another uid is skipped and reported: the one already here wins.
  Actions of a skipped retro are attached to the retro that won.
- references (goal_uid, risk_uid, retro_uid) must name a record earlier in the file or
  already in the database.

Rows are checked and written in batches as they are read, all inside the caller's one
transaction, rather than collected first: memory stays flat at a million lines and a
failure still writes nothing. (cli/importer.py copies stdin to a temp file before the
transaction, so a slow pipe never holds the lock.)

Two threads: this one reads, parses and checks the lines and gathers batches
(_Batcher); one writer thread writes them (_Writer: every use of the connection while
the lines are read, its lookups included), one batch in flight while the next is
gathered. The writer spends its time in SQLite's C code (one statement per batch) or
waiting on PostgreSQL, with Python's lock released, so on two cores the two overlap.
An error in either thread, Ctrl-C included, waits for the batch in flight and then
leaves the caller's transaction to roll back: nothing is written. Errors keep file
order: every row the writer has comes before every line read since, so its error is
the earlier one and is the one raised.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import field
from operator import itemgetter
from typing import IO, Any

from opslog.domain.import_check import Filler, check_record
from opslog.domain.kinds import BY_NAME, KINDS, referrers
from opslog.domain.plain import plain
from opslog.domain.records import MAX_ID
from opslog.domain.text import normalize_key
from opslog.errors import BadInput
from opslog.i18n import _, aside, kind_name
from opslog.jsontext import compact_json
from opslog.store.bulk import indexes_after
from opslog.store.convert import columns
from opslog.store.crud import free_id
from opslog.store.db import Conn
from opslog.store.import_read import Lines, read_csv, read_jrnl, read_objects

BATCH = 1000
IN_CHUNK = 500  # parameters per `IN (...)` query: far below every driver's limit
IMPORT_CACHE_KIB = 128 * 1024
_ID, _UID = itemgetter("id"), itemgetter("uid")


def _any_of(name: str, cast: str = "text") -> str:
    """PostgreSQL: "is one of the JSON array :name" (one parameter, one statement text),
    its elements read as `cast` into the array the index is searched with."""
    return f"ANY(ARRAY(SELECT CAST(json_array_elements_text(CAST(:{name} AS json)) AS {cast})))"


@plain
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    present: int = 0  # uid already here
    collisions: list[str] = field(default_factory=list)  # check-ins/retros skipped
    renumbered: int = 0  # id taken here: got a new one
    records: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


class _Lane:
    """One writer thread, at most one job in flight: submit() first waits for the one
    before (and raises its error)."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opslog-import")
        self.job: Future[None] | None = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self.wait()
        self.job = self.pool.submit(fn, *args)

    def wait(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.result()

    def settle(self) -> BaseException | None:
        """After an error here: wait for the job in flight to end, whatever comes
        meanwhile (another Ctrl-C), so that nothing writes while the transaction rolls
        back. Its own error, if any."""
        job, self.job = self.job, None
        while job is not None:
            try:
                return job.exception()
            except KeyboardInterrupt:
                continue
        return None

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class _Batcher:
    """The reading thread's side: rows gathered into batches, references checked
    against the records earlier in the file, and whole batches handed to the writer."""

    def __init__(self, writer: _Writer, lane: _Lane) -> None:
        self.writer = writer
        self.lane = lane
        # One batch per kind, written (parents first) when one is full: a file that
        # alternates kinds (a team's check-ins and notes, day by day) still goes in
        # a thousand rows at a time, not a few (a round trip each on PostgreSQL).
        self.batches: dict[str, list[tuple[str, dict[str, Any]]]] = {k: [] for k in KINDS}
        # uids of parents earlier in the file, per parent kind (each written, already
        # here, or met by one here: a reference to it holds); those still in a batch
        self.known: dict[str, set[str]] = {k: set() for k in KINDS if referrers(k)}
        self.pending: dict[str, set[str]] = {k: set() for k in self.known}
        # references to no parent earlier in the file, in file order: the writer looks
        # them up in the database before it writes the batch
        self.lookups: list[_Lookup] = []

    def add(self, where: str, kind: str, row: dict[str, Any]) -> None:
        for link in BY_NAME[kind].refs:
            ref = row[link.column]
            parent = link.kind
            if ref is None or ref in self.known[parent] or ref in self.pending[parent]:
                continue  # earlier in the file (a ratio's KPI: even in the same batch)
            self.lookups.append((where, kind, link.column, ref, parent))
        batch = self.batches[kind]
        batch.append((where, row))
        if kind in self.pending:
            self.pending[kind].add(row["uid"])
        if len(batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand every waiting batch to the writer (after the one before is written)."""
        batches = {k: b for k, b in self.batches.items() if b}
        if not batches and not self.lookups:
            return
        self.batches = {k: [] for k in KINDS}
        for kind, uids in self.pending.items():
            self.known[kind] |= uids
            self.pending[kind] = set()
        lookups, self.lookups = self.lookups, []
        self.lane.submit(self.writer.write, batches, lookups)


_Lookup = tuple[str, str, str, str, str]  # where, kind, column, the uid, the parent kind


class _Seen:
    """The uids an import has written into a table that was empty when it began, as a
    Bloom filter: 1 MiB whatever the import's size, no uid ever missed, a few taken for
    seen that were not. A uid it has not seen is in no row of the table, so it needs no
    lookup before a COPY (which has no ON CONFLICT); the others are looked up (at a
    million uids, about one in twenty). The lookup of every uid cost the server about
    as much again as the COPY for a team's notes."""

    BITS = 1 << 23

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    def maybe(self, uids: list[str]) -> list[str]:
        """The uids that may have been seen (to look up); all are seen from now on."""
        bits, mask, out = self.bits, self.BITS - 1, []
        for uid in uids:
            h = hash(uid)
            a, b = h & mask, (h >> 23) & mask
            bit_a, bit_b = 1 << (a & 7), 1 << (b & 7)
            if bits[a >> 3] & bit_a and bits[b >> 3] & bit_b:
                out.append(uid)
            else:
                bits[a >> 3] |= bit_a
                bits[b >> 3] |= bit_b
        return out


class _Writer:
    """The writer thread's side: every use of the connection during the import."""

    def __init__(self, conn: Conn, report: ImportReport, file_ids: bool = True) -> None:
        self.conn = conn
        self.report = report
        self.file_ids = file_ids  # False: no record of the file gives an id
        self.next_id: dict[str, int] = {}  # kind -> the id a row without one gets next
        self.alias: dict[str, str] = {}  # skipped retro uid -> the retro that stayed
        self.found: dict[str, set[str]] = {}  # parent kind -> uids found here (lookups)
        self.max_ids: dict[str, int] = {}  # highest id per table, as the writes leave it
        self.written: set[str] = set()  # kinds given ids by the import (PostgreSQL: setval)
        # Rows whose id is taken (or missing) wait under a temporary negative id (no
        # export has one) and get new ids at the end: a new id given at once (max + 1)
        # would take the exported id of a row still to come, which would then move too.
        self.next_tmp: dict[str, int] = {}  # kind -> the next temporary id
        self.seen: dict[str, _Seen | None] = {}  # see _seen
        self.first_tmp: dict[str, int] = {}
        self.columns = {k: columns(k) for k in KINDS}

    def write(
        self, batches: dict[str, list[tuple[str, dict[str, Any]]]], lookups: list[_Lookup]
    ) -> None:
        """Write the batches, parents' kinds before their children's, once every
        reference to no parent earlier in the file is found here."""
        self._look_up(lookups)
        for kind in KINDS:
            batch = batches.get(kind)
            if batch:
                self._write(kind, batch)

    def _look_up(self, lookups: list[_Lookup]) -> None:
        """The first reference (in file order) to a parent neither earlier in the file
        nor here raises: one query per parent kind for the batch."""
        wanted: dict[str, set[str]] = {}
        for _where, _kind, _col, ref, parent in lookups:
            if ref not in self.found.get(parent, ()):
                wanted.setdefault(parent, set()).add(ref)
        for parent, refs in wanted.items():
            here = self._existing(BY_NAME[parent].table, "uid", sorted(refs))
            self.found.setdefault(parent, set()).update(here)
        for where, kind, col, ref, parent in lookups:
            if ref not in self.found.get(parent, ()):
                raise BadInput(
                    _(
                        "{where}: {kind}: {col} {ref!r} is no {parent} in this file "
                        "(before this line) or in the database"
                    ).format(where=where, kind=kind, col=col, ref=ref, parent=parent)
                )

    def _max_id(self, kind: str) -> int:
        if kind not in self.max_ids:
            self.max_ids[kind] = int(self.conn.scalar(f'SELECT MAX(id) FROM "{kind}"') or 0)
        return self.max_ids[kind]

    def _existing(self, kind: str, column: str, values: list[Any]) -> set[Any]:
        if not values:
            return set()
        if self.conn.dialect == "postgresql":
            # One short statement, its values one JSON array encoded in C (a list
            # parameter costs a Python call per value in psycopg).
            cast = "integer" if column == "id" else "text"
            sql = f'SELECT "{column}" FROM "{kind}" WHERE "{column}" = {_any_of("v", cast)}'
            return {r[column] for r in self.conn.rows(sql, {"v": compact_json(values)})}
        found: set[Any] = set()
        for i in range(0, len(values), IN_CHUNK):
            chunk = {f"v{j}": v for j, v in enumerate(values[i : i + IN_CHUNK])}
            marks = ", ".join(f":{k}" for k in chunk)
            sql = f'SELECT "{column}" FROM "{kind}" WHERE "{column}" IN ({marks})'
            found.update(r[column] for r in self.conn.rows(sql, chunk))
        return found

    def _write(self, kind: str, batch: list[tuple[str, dict[str, Any]]]) -> None:
        # A uid already here is skipped by the INSERT itself (ON CONFLICT (uid) DO
        # NOTHING). It is looked up first only where the answer changes what we do: a
        # check-in or retro (one per author per day or week), and a row whose id may be
        # taken, at or below the table's highest id. Above it (an export's ascending ids
        # into an empty or older database) there is nothing to look up.
        # On PostgreSQL every uid is looked up (one indexed query), and the rows known
        # new then go in by COPY, which has no ON CONFLICT: cheaper for the server than
        # an INSERT that probes the uid index row by row for the same answer.
        high = self._max_id(kind)
        slots = bool(BY_NAME[kind].one_per_author)
        copy = self.conn.copies(kind)
        # A row given its final id at once (_new_id) must go in: its uid is looked up.
        doubtful = [
            r
            for _, r in batch
            if slots or (r["id"] <= high if r["id"] is not None else not self.file_ids)
        ]
        if copy:
            uids = [r["uid"] for _, r in batch]
            seen = self._seen(kind)
            if seen is not None:  # a table empty when the import began
                uids = seen.maybe(uids)
        else:
            uids = [r["uid"] for r in doubtful]
        present = self._existing(kind, "uid", uids)
        taken = self._existing(
            kind, "id", [r["id"] for r in doubtful if r["id"] is not None and r["id"] <= high]
        )
        self.written.add(kind)
        simple = not (present or taken or slots or self.alias)
        keep = (_as_they_are(batch) or self._numbered(kind, batch)) if simple else None
        if keep is None:
            keep = self._decide(kind, batch, present, taken)
        # copy: no uid, id, or (author, day/week) of `keep` is here or twice in it
        added = self.conn.insert_rows(kind, self.columns[kind], keep, copy)
        self.report.added[kind] += added
        self.report.present += len(keep) - added
        if keep and added == len(keep) and kind in self.max_ids:
            # every row went in: the highest id is known without asking (a round trip a
            # batch on PostgreSQL)
            self.max_ids[kind] = max(self.max_ids[kind], max(map(_ID, keep)))
        elif keep:
            self.max_ids.pop(kind, None)

    def _seen(self, kind: str) -> _Seen | None:
        """The uids written into `kind`'s table by this import, if it was empty when the
        import began (asked before the first write to it); else None."""
        if kind not in self.seen:
            empty = self.conn.scalar(f'SELECT NOT EXISTS (SELECT 1 FROM "{kind}")')
            self.seen[kind] = _Seen() if empty else None
        return self.seen[kind]

    def _decide(
        self, kind: str, batch: list[tuple[str, dict[str, Any]]], present: set[Any], taken: set[Any]
    ) -> list[dict[str, Any]]:
        """The rows of the batch that go in, with their ids: a uid here is skipped, a
        check-in or retro that meets one here is reported, a taken id is renumbered."""
        keep: list[dict[str, Any]] = []
        slots = bool(BY_NAME[kind].one_per_author)
        # (author, day/week) -> the uid holding it: here already, or earlier in the file
        slot = self._slots(kind, batch) if slots else {}
        refs = [link.column for link in BY_NAME[kind].refs]
        for where, row in batch:
            if self.alias:
                # a parent skipped (a retro or KPI met another) since the row was read,
                # even earlier in this batch (a ratio on a KPI met by name)
                for col in refs:
                    row[col] = self.alias.get(row[col], row[col])
            if row["uid"] in present:
                self.report.present += 1
                continue
            present.add(row["uid"])
            if slots and self._collides(where, kind, row, slot):
                continue
            if row["id"] is None:
                row["id"] = self._new_id(kind)
            elif row["id"] in taken:
                row["id"] = self._temporary_id(kind)
                self.report.renumbered += 1
            else:
                taken.add(row["id"])
            keep.append(row)
        return keep

    def _numbered(
        self, kind: str, batch: list[tuple[str, dict[str, Any]]]
    ) -> list[dict[str, Any]] | None:
        """_decide's answer for a batch of a file that gives no ids, nothing of it here and
        no uid twice in it: every row takes the next id, in file order (the ids _new_id
        gives one by one). Else None."""
        if self.file_ids:
            return None
        rows = [r for _w, r in batch]
        first = self.next_id.get(kind) or max(self._max_id(kind), 0) + 1
        last = first + len(rows) - 1
        if (
            last > MAX_ID
            or list(map(_ID, rows)).count(None) < len(rows)
            or len(set(map(_UID, rows))) < len(rows)
        ):
            return None
        for row, new in zip(rows, range(first, last + 1), strict=True):
            row["id"] = new
        self.next_id[kind] = last + 1
        return rows

    def _collides(
        self, where: str, kind: str, row: dict[str, Any], slot: dict[tuple[str, ...], str]
    ) -> bool:
        cols = BY_NAME[kind].one_per_author
        key = _slot_key(kind, row)
        winner = slot.get(key)
        if winner is None:
            slot[key] = row["uid"]
            return False
        what = kind_name(kind)  # English says "check-in", not the --kind word
        what = "check-in" if what == "checkin" else what
        # the day or week first; a reading's KPI after it, in brackets
        told = "".join([str(row[cols[-1]]), *(aside(f"{c} {row[c]}") for c in cols[:-1])])
        self.report.collisions.append(
            _("{where}: {what} of {author} for {told}").format(
                where=where, what=what, author=row["author"], told=told
            )
        )
        if referrers(kind):  # what refers to it is attached to the one that stayed
            self.alias[row["uid"]] = winner
        return True

    def _slots(
        self, kind: str, batch: list[tuple[str, dict[str, Any]]]
    ) -> dict[tuple[str, ...], str]:
        """(author, day or week, …) -> uid of the records here for the batch's days or
        weeks: one query per batch, not one per row (a round trip each on PostgreSQL)."""
        cols = BY_NAME[kind].one_per_author
        last = cols[-1]  # the day or week; a KPI's name
        values = sorted({r[last] for _w, r in batch})
        authors = sorted({r["author"] for _w, r in batch})
        # Only the batch's authors (a file written member by member would otherwise
        # fetch every earlier member's year again for each batch).
        by_author = ""
        names: dict[str, str] = {}
        if len(authors) <= IN_CHUNK:
            names = {f"a{j}": a for j, a in enumerate(authors)}
            by_author = f" AND author IN ({', '.join(f':{k}' for k in names)})"
        picked = ", ".join(f'"{c}"' for c in cols)
        found: dict[tuple[str, ...], str] = {}
        if self.conn.dialect == "postgresql":
            # Each list one JSON array: one statement text however many days or authors
            # (an IN list of each length is a new statement to parse, here and there).
            where = f"author = {_any_of('a')}"
            params = {"a": compact_json(authors)}
            if last not in BY_NAME[kind].folded:
                where += f' AND "{last}" = {_any_of("v")}'
                params["v"] = compact_json(values)
            sql = f'SELECT uid, author, {picked} FROM "{kind}" WHERE {where}'
            for r in self.conn.rows(sql, params):
                found[_slot_key(kind, r)] = r["uid"]
            return found
        if last in BY_NAME[kind].folded:
            # A name matches whatever its case and width (GMV is gmv), which no `IN`
            # can ask: every KPI of the batch's authors is read (a few dozen each).
            values = []
            where = f"WHERE {by_author.removeprefix(' AND ')}" if by_author else ""
            for r in self.conn.rows(f'SELECT uid, author, {picked} FROM "{kind}" {where}', names):
                found[_slot_key(kind, r)] = r["uid"]
        for i in range(0, len(values), IN_CHUNK):
            chunk = {f"v{j}": v for j, v in enumerate(values[i : i + IN_CHUNK])}
            marks = ", ".join(f":{k}" for k in chunk)
            sql = (
                f'SELECT uid, author, {picked} FROM "{kind}" WHERE "{last}" IN ({marks}){by_author}'
            )
            for r in self.conn.rows(sql, {**chunk, **names}):
                found[_slot_key(kind, r)] = r["uid"]
        return found

    def _new_id(self, kind: str) -> int:
        """The id of a row without one. From a file that gives no ids, the one it would
        get at the end, given now (the next after the table's highest: nothing of the
        file can come between), which spares an UPDATE of every row (seconds for a team's
        year on PostgreSQL); otherwise a temporary one."""
        if self.file_ids:
            return self._temporary_id(kind)
        new = self.next_id.get(kind) or max(self._max_id(kind), 0) + 1
        if new > MAX_ID:
            return self._temporary_id(kind)  # _give_new_ids finds the free ones
        self.next_id[kind] = new + 1
        return new

    def _temporary_id(self, kind: str) -> int:
        if kind not in self.next_tmp:
            low = int(self.conn.scalar(f'SELECT MIN(id) FROM "{kind}"') or 0)
            self.next_tmp[kind] = self.first_tmp[kind] = min(low, 0) - 1
        tmp = self.next_tmp[kind]
        self.next_tmp[kind] -= 1
        return tmp

    def _give_new_ids(self) -> None:
        """The rows waiting under temporary ids get the next free ids, in file order."""
        for kind, first in self.first_tmp.items():
            span = {"first": first, "last": self.next_tmp[kind]}
            where = "id <= :first AND id > :last"
            waiting = f'"{kind}" WHERE {where}'
            count = int(self.conn.scalar(f"SELECT count(*) FROM {waiting}", span) or 0)
            if not count:
                continue
            top = max(int(self.conn.scalar(f'SELECT MAX(id) FROM "{kind}"') or 0), 0)
            if count == first - span["last"] and top + count <= MAX_ID:
                # Every temporary id in use (the usual case): one UPDATE moves them all,
                # -1 -> top + 1, -2 -> top + 2, ...
                shift = {**span, "base": top + first + 1}
                with self._index_follows(kind, f"FROM {waiting}", span, shift):
                    self.conn.execute(f'UPDATE "{kind}" SET id = :base - id WHERE {where}', shift)
                continue
            for row in self.conn.rows(f"SELECT id FROM {waiting} ORDER BY id DESC", span):
                # Some went unused (a uid already here), or the top id is taken: one by one.
                new = top + 1 if top < MAX_ID else free_id(self.conn, kind)
                top = max(top, new)
                move = {"n": new, "t": int(row["id"])}
                with self._index_follows(kind, f'FROM "{kind}" WHERE id = :t', move, move):
                    self.conn.execute(f'UPDATE "{kind}" SET id = :n WHERE id = :t', move)

    @contextlib.contextmanager
    def _index_follows(
        self, kind: str, before: str, old: dict[str, int], new: dict[str, int]
    ) -> Iterator[None]:
        """SQLite's search index, keyed by rowid, follows rows whose id changes (its
        update trigger watches the text, not the id; during a bulk load it has none)."""
        from opslog.store.fulltext import TEXT_FIELDS, fts_table

        fields = TEXT_FIELDS.get(kind, ())
        fts = fts_table(kind)
        if not fields or not self._has_trigger(f"{fts}_au"):
            yield
            return
        cols = ", ".join(f'"{f}"' for f in fields)
        self.conn.execute(
            f'INSERT INTO "{fts}"("{fts}", rowid, {cols}) SELECT \'delete\', id, {cols} {before}',
            old,
        )
        yield
        moved = "id = :n" if "n" in new else "id > :base - :first - 1 AND id <= :base - :last - 1"
        self.conn.execute(
            f'INSERT INTO "{fts}"(rowid, {cols}) SELECT id, {cols} FROM "{kind}" WHERE {moved}',
            new,
        )

    def _has_trigger(self, name: str) -> bool:
        if self.conn.dialect != "sqlite":
            return False
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = :n"
        return self.conn.scalar(sql, {"n": name}) is not None

    def finish(self) -> None:
        """After the last batch: the rows under temporary ids get theirs."""
        self._give_new_ids()
        if self.conn.dialect == "postgresql":
            # Rows inserted with their ids leave the SERIAL sequence behind: move it past
            # the highest (on an empty table, back to the start).
            for kind in sorted(self.written):
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{kind}\"', 'id'),"
                    f' COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{kind}"'
                )


def _as_they_are(batch: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]] | None:
    """The batch's rows, when each keeps its id and uid: nothing here to meet and no
    uid or id twice in the batch (an export into an empty database). Else None:
    _decide goes through them one by one (a Python loop the writer thread runs holding
    the GIL, which the reading thread then waits for)."""
    rows = [r for _w, r in batch]
    ids = [r["id"] for r in rows]
    if None in ids or len(set(ids)) < len(rows) or len({r["uid"] for r in rows}) < len(rows):
        return None
    return rows


def _slot_key(kind: str, row: dict[str, Any]) -> tuple[str, ...]:
    """(author, day or week, …): what an author has one record of; a name in the form
    its spellings share (normalize_key: an imported GMV is the gmv here)."""
    k = BY_NAME[kind]
    fold = [normalize_key(row[c]) if c in k.folded else str(row[c]) for c in k.one_per_author]
    return (row["author"], *fold)


def import_records(
    conn: Conn,
    source: IO[bytes],
    progress: Callable[[int], None] | None = None,
    *,
    bulk: bool = False,
    fill: Filler | None = None,
    shape: str = "opslog",
    kind: str = "",
    name: str = "",
) -> ImportReport:
    """Check and write every record of `source` in `conn`'s transaction. `bulk`: the
    search index is rebuilt once at the end instead of row by row (worth it when the
    import is large next to what is already there). `fill`: minimal records are
    completed (uid, author, timestamps). `shape`: "opslog" (jsonl or the json
    document), "csv" (one `kind`, the CSV export's columns) or "jrnl" (its JSON export,
    as notes); `name` is the file's name in messages about CSV rows and jrnl entries."""
    from opslog.store.fulltext import bulk_load

    report = ImportReport()
    lines = Lines(source)
    writer = _Writer(conn, report, file_ids=shape != "jrnl" and _may_give_ids(source, shape))
    if shape == "csv":
        objects = read_csv(source, kind, name)
    elif shape == "jrnl":
        objects = read_jrnl(lines, name)
    else:
        objects = read_objects(lines)
    # the plain indexes of every table but a check-in's or retro's (and a reading's),
    # which the import reads by author and day
    plain = [BY_NAME[k].table for k in KINDS if not BY_NAME[k].one_per_author]
    quiet = (bulk_load(conn), indexes_after(conn, plain)) if bulk else ()
    with big_page_cache(conn), contextlib.ExitStack() as stack:
        for manager in quiet:
            stack.enter_context(manager)
        _pipeline(objects, _Batcher(writer, _Lane()), report, fill, progress, lines)
        writer.finish()
    if progress is not None:
        progress(lines.bytes)
    return report


def _pipeline(
    objects: Iterator[tuple[str, Any]],
    batcher: _Batcher,
    report: ImportReport,
    fill: Filler | None,
    progress: Callable[[int], None] | None,
    lines: Lines,
) -> None:
    """Read and check here while the writer thread writes the batch before; return
    when every batch is written."""
    lane = batcher.lane
    try:
        for where, obj in objects:
            kind, row = check_record(where, obj, fill)
            batcher.add(where, kind, row)
            report.records += 1
            if progress is not None and report.records % BATCH == 0:
                progress(lines.bytes)
        batcher.flush()
        lane.wait()
    except BaseException as exc:
        earlier = lane.settle()
        if earlier is not None and isinstance(exc, Exception):
            raise earlier from None  # the writer's rows come before this line
        raise
    finally:
        lane.close()


def _may_give_ids(source: IO[bytes], shape: str) -> bool:
    """False when no record of the file can give an id: a JSON file without the key
    "id" in any spelling (`"id"`, or escaped: `\\u0069`, `\\u0064`). A scan at the
    speed of memory that stops at the first one (on an export's first line)."""
    if shape != "opslog" or not source.seekable():
        return True
    start = source.tell()
    tail = b""
    try:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            if b'"id"' in data or b"\\u006" in data:
                return True
            tail = data[-5:]
        return False
    finally:
        source.seek(start)


@contextlib.contextmanager
def big_page_cache(conn: Conn) -> Iterator[None]:
    """SQLite's default 2 MiB page cache thrashes on the uid index (random uids) at
    a million rows; 128 MiB, used only as the import grows, keeps inserts at ~1.5x."""
    if conn.dialect != "sqlite":
        yield
        return
    before = conn.scalar("PRAGMA cache_size")
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")
