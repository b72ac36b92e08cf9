"""The cases app's projection check, registered with the ledger (``nigraan.ledger.
projection_checks``) when the app is ready: every case's events are replayed and compared with
its stored row and its deadline rows (docs/ledger.md, 'Projections').

A full check streams the events once, in case order, and reads the stored rows a batch of cases
at a time. A difference found while commands may be writing is confirmed under the case's lock
(commands hold it while they write) before it is reported, so a command that committed between
reading the events and reading the row is never taken for tampering.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Mod

from nigraan.cases import events as ev
from nigraan.cases.deadlines import replay_with_milestones
from nigraan.cases.models import Case
from nigraan.cases.projection import CaseState, ProjectionError
from nigraan.cases.projection_compare import (
    CASE_TABLE,
    PlaceCache,
    StoredDeadline,
    compare_case_row,
    compare_deadlines,
    escalations_in,
    plan_deadlines,
    stored_state,
)
from nigraan.cases.projection_rows import case_values, deadline, queries
from nigraan.cases.rules import RuleSet, current_rules
from nigraan.ledger.encoding import MAGIC, LeafFormatError, parse_time
from nigraan.ledger.models import ProjectionAlarm
from nigraan.ledger.projection_checks import Mismatch, ProjectionReport
from nigraan.ledger.verify import record_chains

BATCH = 1000
FETCH = 20_000


class Replayed(NamedTuple):
    """What replay needs of an event: its number, time and typed data (lighter than
    RecordedEvent: the check makes one for every event in the ledger)."""

    seq: int
    at: dt.datetime
    event: ev.CaseEvent


def _time(text: str) -> dt.datetime:
    """A leaf's time (YYYY-MM-DDTHH:MM:SS.ffffffZ), as ``parse_time`` reads it, faster."""
    if len(text) == 27 and text[10] == "T" and text[-1] == "Z":
        return dt.datetime.fromisoformat(text)
    return parse_time(text)


def _replayed(leaf: str) -> Replayed:
    parts = leaf.split("\n")
    if len(parts) != 8 or parts[0] != MAGIC:
        raise LeafFormatError("not a nigraan-event/v1 leaf")
    return Replayed(int(parts[2]), _time(parts[6]), ev.decode_event_json(parts[4], parts[7]))


def _histories(where: str = "", params: Sequence[str] = ()) -> Iterator[tuple[str, list[str]]]:
    """Each case's leaves, in case order then chain order (their stored hashes are the ledger
    check's: replay reads the leaves only)."""
    cursor = connection.chunked_cursor()
    cursor.execute(
        # ``where`` is built here from placeholders only; the refs go as parameters.
        f"SELECT case_ref, leaf FROM ledger_event {where} "  # noqa: S608
        "ORDER BY case_ref, seq",
        list(params),
    )
    current: str | None = None
    rows: list[str] = []
    not_cases = record_chains()  # e.g. the figures releases' chain: checked by its own check
    while batch := cursor.fetchmany(FETCH):
        for ref, leaf in batch:
            if ref in not_cases:
                continue
            if ref != current:
                if current is not None:
                    yield current, rows
                current, rows = ref, []
            rows.append(leaf)
    if current is not None:
        yield current, rows
    cursor.close()


def _batches(
    histories: Iterator[tuple[str, list[str]]],
) -> Iterator[list[tuple[str, list[str]]]]:
    batch: list[tuple[str, list[str]]] = []
    for item in histories:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _no_row(ref: str) -> Mismatch:
    return Mismatch(ref, CASE_TABLE, "row", "no row", "a case opened by its events")


def _no_events(ref: str) -> Mismatch:
    return Mismatch(ref, CASE_TABLE, "row", "a row", "no events in the ledger for this case")


def compare_one(
    ref: str,
    leaves: list[str],
    stored: CaseState | None,
    deadlines: list[StoredDeadline],
    rules: RuleSet,
    other_rules: list[str],
    places: PlaceCache | None = None,
) -> Mismatch | None:
    """The first difference between one case's stored projections and its events, or None."""
    if stored is None:
        return _no_row(ref)
    try:
        history = [_replayed(leaf) for leaf in leaves]
        state, found = replay_with_milestones(history, ref)
    except (ProjectionError, ev.EventInvalid, LeafFormatError, ValueError) as exc:
        # The messages name kinds, fields and types, never a value.
        why = f"refused: {exc}"[:300]
        return Mismatch(ref, "ledger_event", "replay", "events that cannot be replayed", why)
    if state is None:
        return _no_events(ref)
    different = compare_case_row(stored, state)
    if different is not None:
        return different
    plan = plan_deadlines(state, found, escalations_in(history), rules, places)
    return compare_deadlines(ref, deadlines, plan, rules.stamp, other_rules)


def _stored(refs: list[str]) -> tuple[dict[str, CaseState], dict[str, list[StoredDeadline]]]:
    """The stored rows of these cases and their deadlines."""
    states: dict[str, CaseState] = {}
    ref_of: dict[int, str] = {}
    deadlines: dict[str, list[StoredDeadline]] = defaultdict(list)
    case_sql, deadline_sql = queries(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(case_sql.format(", ".join(["%s"] * len(refs))), refs)
        for row in cursor.fetchall():
            states[row[1]] = stored_state(case_values(row))
            ref_of[row[0]] = row[1]
        if ref_of:
            ids = list(ref_of)
            cursor.execute(deadline_sql.format(", ".join(["%s"] * len(ids))), ids)
            for case_id, *values in cursor.fetchall():
                deadlines[ref_of[case_id]].append(deadline(tuple(values)))
    return states, deadlines


def _compare_batch(
    batch: list[tuple[str, list[str]]],
    rules: RuleSet,
    report: ProjectionReport,
    places: PlaceCache,
) -> list[str]:
    """Compare a batch of cases; return the refs that differ (to be confirmed)."""
    refs = [ref for ref, _ in batch]
    states, deadlines = _stored(refs)
    differing = []
    other_rules: list[str] = []
    for ref, leaves in batch:
        rows = deadlines.get(ref, [])
        report.deadlines += len(rows)
        found = compare_one(ref, leaves, states.get(ref), rows, rules, other_rules, places)
        if found is not None:
            differing.append(ref)
    report.cases += len(batch)
    report.checked += refs
    if other_rules:
        report.notes.append(
            f"{len(other_rules)} deadline row(s) made under other deadline rules than those in "
            f"force: level compared, times not (e.g. {other_rules[0]})"
        )
    return differing


def confirm(ref: str, rules: RuleSet) -> Mismatch | None:
    """Compare one case again under its lock: what a command writes is either all there or not
    at all while it is held."""
    with transaction.atomic():
        list(Case.objects.select_for_update().filter(ref=ref).values_list("pk"))  # the lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT leaf FROM ledger_event WHERE case_ref = %s ORDER BY seq", [ref])
            events = [row[0] for row in cursor.fetchall()]
        states, deadlines = _stored([ref])
        stored = states.get(ref)
        if not events:
            return _no_events(ref) if stored is not None else None
        return compare_one(ref, events, stored, deadlines.get(ref, []), rules, [])


def _rows_without_events() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ref FROM cases_case c WHERE NOT EXISTS "
            "(SELECT 1 FROM ledger_event e WHERE e.case_ref = c.ref) ORDER BY ref"
        )
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while cases are compared: replay makes short-lived
    tuples and dicts with no cycles (freed by their counts), and the collector's passes over
    them cost about a tenth of the check."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_cases(refs: Sequence[str] | None) -> ProjectionReport:
    """Compare the given cases (None: all of them) with their events."""
    rules = current_rules()
    report = ProjectionReport()
    differing: list[str] = []
    with transaction.atomic():
        if refs is None:
            histories = _histories()
        else:
            wanted = sorted(set(refs))
            histories = (h for part in _chunks(wanted) for h in _histories_of(part))
        places: PlaceCache = {}
        with _no_cycle_collection():
            for batch in _batches(histories):
                differing += _compare_batch(batch, rules, report, places)
        lonely = _rows_without_events() if refs is None else _missing(refs, report.checked)
    report.cases += len(lonely)
    report.checked += lonely
    for ref in [*differing, *lonely]:
        found = confirm(ref, rules)
        if found is not None:
            report.mismatches.append(found)
    report.notes = sorted(set(report.notes))
    return report


def _chunks(refs: list[str], size: int = BATCH) -> Iterator[list[str]]:
    for start in range(0, len(refs), size):
        yield refs[start : start + size]


def _histories_of(refs: list[str]) -> Iterator[tuple[str, list[str]]]:
    marks = ", ".join(["%s"] * len(refs))
    return _histories(f"WHERE case_ref IN ({marks})", refs)


def _missing(refs: Sequence[str], checked: list[str]) -> list[str]:
    """Of the refs asked for, those with a case row but no events."""
    seen = set(checked)
    absent = [ref for ref in refs if ref not in seen]
    return list(Case.objects.filter(ref__in=absent).values_list("ref", flat=True))


def due_for_recheck(now: dt.datetime) -> list[str]:
    """The worker's share this round: cases changed in the last
    NIGRAAN_PROJECTION_RECENT_SECONDS, cases with an open alarm (to clear it once repaired),
    and one slice of all cases, turning each run, so that a share of
    NIGRAAN_PROJECTION_CHECK_SHARE is checked every round and all of them every 1/share rounds."""
    recent = now - dt.timedelta(seconds=settings.NIGRAAN_PROJECTION_RECENT_SECONDS)
    refs = set(Case.objects.filter(updated_at__gte=recent).values_list("ref", flat=True))
    refs |= set(
        ProjectionAlarm.objects.filter(cleared_at__isnull=True).values_list("case_ref", flat=True)
    )
    share = settings.NIGRAAN_PROJECTION_CHECK_SHARE
    if share > 0:
        slices = max(1, round(1 / min(share, 1.0)))
        every = max(1, settings.NIGRAAN_PROJECTION_CHECK_SECONDS)
        slot = int(now.timestamp() // every) % slices
        rolling = Case.objects.annotate(slice=Mod(F("id"), slices)).filter(slice=slot)
        refs |= set(rolling.values_list("ref", flat=True))
    return sorted(refs)


class CaseProjectionCheck:
    """What the ledger's registry calls (``ProjectionCheck``)."""

    name = "cases"

    def check(self, refs: Sequence[str] | None) -> ProjectionReport:
        return check_cases(refs)

    def due_for_recheck(self, now: dt.datetime) -> list[str]:
        return due_for_recheck(now)

    def repair(self, ref: str, *, by: str, reason: str) -> list[str]:
        from nigraan.cases.commands.repair import repair_from_ledger

        return repair_from_ledger(by, ref, reason=reason)
