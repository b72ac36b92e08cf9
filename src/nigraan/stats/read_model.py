"""The figures read model: per case, the events figures read (trimmed to the data keys they may
read) and the few columns the idle count groups by, folded from the ledger by event id.

A release then reads its months' events through the ledger's time index to find the cases they
touch, and those cases' rows from this one indexed table — not every event of every case
(docs/figures.md, Performance). The counting itself is unchanged (``stats/compute.py`` folds the
same ``LedgerRow`` lists whichever source gave them).

**Honesty.** The rows are a cache of the ledger, never a source: each names the last ledger
event folded in (sequence number and hash), ``nigraan ledger verify`` rebuilds every row from
the ledger and fails naming a case whose row differs (``check_read_model``), and
``nigraan figures check`` recounts a stored release from the ledger alone.

**Order.** Ledger ids are handed out before commit, so on PostgreSQL an event with a lower id
can commit after one with a higher id. ``horizon`` takes a SHARE lock on the ledger table for
an instant: every transaction that wrote an event has ended, so every id up to the largest seen
is final, and the fold reads up to that id only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from nigraan.ledger.models import Event
from nigraan.ledger.verify import LedgerBroken
from nigraan.stats import ledger_events as ev
from nigraan.stats import month_counts as mc
from nigraan.stats.models import CaseFigures, CaseMonth, FiguresCursor

ATTRIBUTES = ("channel", "category", "district", "province", "victim_age_band", "victim_gender")
BATCH = 2_000  # cases folded and written together
COLUMNS = (
    "case_ref",
    "opened_at",
    "closed_at",
    "corrected_at",
    *ATTRIBUTES,
    "history",
    "through_seq",
    "through_hash",
)
HISTORY = COLUMNS.index("history")


def trimmed(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The data keys figures may read (``ledger_events.DATA_KEYS``); a correction of a field
    figures do not read (a protected one) keeps only the field's name."""
    keep = ev.DATA_KEYS[kind]
    if kind == ev.FIELD_CORRECTED and data.get("field") not in ev.CORRECTABLE:
        keep = frozenset({"field"})
    return {key: value for key, value in data.items() if key in keep}


@dataclass
class CaseRow:
    """One case's row while it is folded."""

    case_ref: str
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    corrected_at: dt.datetime | None = None
    attributes: dict[str, str | None] = field(default_factory=dict)
    history: list[list[Any]] = field(default_factory=list)
    through_seq: int = 0
    through_hash: str = ""
    stored: bool = False  # already a row in the table

    def fold(self, seq: int, kind: str, event_hash: str, leaf: str | None) -> None:
        """Add the case's next ledger event (``leaf`` only for the kinds figures read)."""
        if seq != self.through_seq + 1:
            raise LedgerBroken(
                f"figures read model, case {self.case_ref}: event {seq} follows event "
                f"{self.through_seq} (an event is missing or was folded twice)"
            )
        self.through_seq, self.through_hash = seq, event_hash
        is_case = self.opened_at is not None
        if leaf is None or not (is_case or (seq == 1 and kind == ev.OPENED)):
            return  # a quiet kind, or a chain that does not start as a case: never counted
        lines = leaf.split("\n", 7)
        at = dt.datetime.fromisoformat(lines[6])
        data = trimmed(kind, json.loads(lines[7]))
        self.history.append([seq, kind, lines[6], data])
        if kind == ev.OPENED and seq == 1:
            self.opened_at = at
            self.attributes = ev.opened_attributes(data)
        elif kind == ev.FIELD_CORRECTED and self.corrected_at is None:
            self.corrected_at = at
        elif kind == ev.STAGE_RECORDED and data.get("stage") == "closed" and not self.closed_at:
            self.closed_at = at

    def values(self) -> tuple[Any, ...]:
        stamp = connection.ops.adapt_datetimefield_value
        return (
            self.case_ref,
            stamp(self.opened_at),
            stamp(self.closed_at),
            stamp(self.corrected_at),
            *(self.attributes.get(name) for name in ATTRIBUTES),
            json.dumps(self.history, separators=(",", ":"), sort_keys=True),
            self.through_seq,
            self.through_hash,
        )

    @classmethod
    def from_stored(cls, row: CaseFigures) -> CaseRow:
        return cls(
            row.case_ref,
            row.opened_at,
            row.closed_at,
            row.corrected_at,
            {name: getattr(row, name) for name in ATTRIBUTES} if row.opened_at else {},
            json.loads(row.history),
            row.through_seq,
            row.through_hash,
            stored=True,
        )


def horizon() -> int:
    """The largest ledger id below which no event can still appear (see the module's doc)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE ledger_event IN SHARE MODE")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_event")
        return int(cursor.fetchone()[0])


def _events(after: int, upto: int) -> Iterator[tuple[str, list[tuple]]]:
    """Case chains' events with ids in (after, upto], one case at a time in sequence order; the
    leaf only for the kinds figures read."""
    kinds = ", ".join("%s" for _ in ev.DATA_KINDS_ALL)
    not_cases = ", ".join("%s" for _ in ev.NOT_CASES)
    sql = (
        f"SELECT case_ref, seq, kind, event_hash, CASE WHEN kind IN ({kinds}) THEN leaf END "  # noqa: S608
        f"FROM ledger_event WHERE id > %s AND id <= %s AND case_ref NOT IN ({not_cases}) "
        "ORDER BY case_ref, seq"
    )
    cursor = connection.chunked_cursor()
    cursor.execute(sql, [*sorted(ev.DATA_KINDS_ALL), after, upto, *ev.NOT_CASES])
    ref: str = ""
    events: list[tuple] = []
    while rows := cursor.fetchmany(ev.FETCH):
        for row in rows:
            if row[0] != ref:
                if events:
                    yield ref, events
                ref, events = row[0], []
            events.append(row[1:])
    cursor.close()
    if events:
        yield ref, events


def _write(batch: dict[str, list[tuple]], empty: bool, months: mc.MonthCounter) -> None:
    stored = {}
    if not empty:
        stored = {
            row.case_ref: CaseRow.from_stored(row)
            for row in CaseFigures.objects.filter(case_ref__in=list(batch))
        }
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    month_rows: list[tuple] = []
    replace: list[tuple[str, str]] = []
    for ref, events in batch.items():
        case = stored.get(ref) or CaseRow(ref)
        before = len(case.history)
        for event in events:
            case.fold(*event)
        (changed if case.stored else new).append(case.values())
        if len(case.history) > before:  # its counts change from the earliest new event's month
            since = min(months.month_of(ev.as_time(item[2])) for item in case.history[before:])
            month_rows += months.rows(ref, case.history, since)
            if case.stored:
                replace.append((ref, since))
    table = CaseFigures._meta.db_table
    with connection.cursor() as cursor:
        if new:
            marks = ", ".join("%s" for _ in COLUMNS)
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})",  # noqa: S608
                new,
            )
        if changed:
            sets = ", ".join(f"{name} = %s" for name in COLUMNS[1:])
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE case_ref = %s",  # noqa: S608
                [(*values[1:], values[0]) for values in changed],
            )
    mc.write(month_rows, replace)


def refresh() -> int:
    """Fold every ledger event not yet in the read model (and its cases' month counts); return
    the id it now reaches. Safe to call at any time and from several processes (the cursor row
    is locked while folding)."""
    upto = horizon()
    with transaction.atomic():
        cursor_row = FiguresCursor.objects.select_for_update().filter(pk=1).first()
        if cursor_row is None:
            cursor_row = FiguresCursor.objects.create(pk=1, through_id=0)
        months = mc.MonthCounter()
        rules = mc.digest(months.figures)
        if cursor_row.counts_digest != rules:  # new rules (or none yet): every month again
            mc.recompute_all(months, BATCH)
            FiguresCursor.objects.filter(pk=1).update(counts_digest=rules)
        after = cursor_row.through_id
        if after >= upto:
            return after
        empty = not CaseFigures.objects.exists()
        batch: dict[str, list[tuple]] = {}
        for ref, events in _events(after, upto):
            batch[ref] = events
            if len(batch) >= BATCH:
                _write(batch, empty, months)
                batch = {}
        if batch:
            _write(batch, empty, months)
        FiguresCursor.objects.filter(pk=1).update(through_id=upto)
    return upto


def check_read_model() -> None:
    """Every read-model row is exactly the fold of its case's ledger events up to the cursor,
    and there is no other row; so are the cases' month counts (when computed under the rules in
    force). Raises LedgerBroken naming the first case that differs (``nigraan ledger verify``
    runs this)."""
    cursor_row = FiguresCursor.objects.filter(pk=1).first()
    upto = cursor_row.through_id if cursor_row else 0
    counter = mc.MonthCounter()
    current = cursor_row is not None and cursor_row.counts_digest == mc.digest(counter.figures)
    months = counter if current else None  # else no release reads them until computed again
    cases = month_rows = 0
    batch: dict[str, tuple[Any, ...]] = {}
    for ref, events in _events(0, upto):
        rebuilt = CaseRow(ref)
        for event in events:
            rebuilt.fold(*event)
        batch[ref] = rebuilt.values()
        if len(batch) >= BATCH:
            cases += _compare(batch)
            month_rows += _compare_months(batch, months)
            batch = {}
    cases += _compare(batch)
    month_rows += _compare_months(batch, months)
    if months is not None and CaseMonth.objects.count() != month_rows:
        lacking = CaseMonth.objects.exclude(case_ref__in=CaseFigures.objects.values("case_ref"))
        stray = lacking.values_list("case_ref", flat=True).first() or "?"
        raise LedgerBroken(_altered(stray, "month counts for a case the ledger lacks"))
    if CaseFigures.objects.count() != cases:
        folded = set(
            Event.objects.filter(id__lte=upto).values_list("case_ref", flat=True).distinct()
        )
        extra = next(
            ref
            for ref in CaseFigures.objects.values_list("case_ref", flat=True).iterator()
            if ref not in folded
        )
        raise LedgerBroken(_altered(extra, "a row for a case the ledger lacks"))


def _compare(batch: dict[str, tuple[Any, ...]]) -> int:
    stored = {
        values[0]: values
        for values in CaseFigures.objects.filter(case_ref__in=list(batch)).values_list(*COLUMNS)
    }
    for ref, rebuilt in batch.items():
        if ref not in stored:
            raise LedgerBroken(_altered(ref, "its row is missing"))
        if _comparable(stored[ref]) != _comparable(rebuilt):
            raise LedgerBroken(_altered(ref, "its row differs from its ledger events"))
    return len(batch)


def _compare_months(batch: dict[str, tuple[Any, ...]], months: mc.MonthCounter | None) -> int:
    """Compare the cases' stored month counts with those computed from the rebuilt rows."""
    if months is None or not batch:
        return 0
    stored = mc.stored_for(list(batch))
    found = 0
    for ref, values in batch.items():
        rebuilt = months.rows(ref, json.loads(values[HISTORY])) if values[1] else []
        if stored[ref] != rebuilt:
            raise LedgerBroken(_altered(ref, "its month counts differ from its ledger events"))
        found += len(rebuilt)
    return found


def _comparable(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row's values with times as aware UTC datetimes (as read back or as folded)."""
    return tuple(
        ev.as_time(value) if index in (1, 2, 3) and value is not None else value
        for index, value in enumerate(values)
    )


def _altered(ref: str, what: str) -> str:
    return f"figures read model, case {ref}: {what} (rebuild it: nigraan figures rebuild)"
