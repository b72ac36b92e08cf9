"""The cases app's projection check, registered with the ledger (``nigraan.ledger.
projection_checks``) when the app is ready: every case's events are replayed and compared with
its stored row and its deadline rows (docs/ledger.md, 'Projections').

The full check runs in the ledger's own pass (``projection_stream``); the worker's re-check of
given cases reads their events in case order and their stored rows a batch of cases at a time. A
difference found while commands may be writing is confirmed under the case's lock (commands hold
it while they write) before it is reported, so a command that committed between reading the
events and reading the row is never taken for tampering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Mod

from nigraan.cases.deadline_plan import PlaceCache
from nigraan.cases.models import Case
from nigraan.cases.projection_replay import compare_one, confirm, no_cycle_collection, stored_rows
from nigraan.cases.projection_stream import CaseStream, check_everything
from nigraan.cases.rules import RuleSet, current_rules
from nigraan.ledger.models import ProjectionAlarm
from nigraan.ledger.projection_checks import ProjectionReport
from nigraan.ledger.verify import record_chains

BATCH = 1000
FETCH = 20_000


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


def _compare_batch(
    batch: list[tuple[str, list[str]]],
    rules: RuleSet,
    report: ProjectionReport,
    places: PlaceCache,
) -> list[str]:
    """Compare a batch of cases; return the refs that differ (to be confirmed)."""
    refs = [ref for ref, _ in batch]
    stored = stored_rows(refs)
    states, deadlines = stored.states, stored.deadlines
    differing = []
    other_rules: list[str] = []
    for ref, leaves in batch:
        rows = deadlines.get(ref, [])
        report.deadlines += len(rows)
        listed = stored.listed.get(ref)
        found = compare_one(ref, leaves, states.get(ref), rows, listed, rules, other_rules, places)
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


def check_cases(refs: Sequence[str] | None) -> ProjectionReport:
    """Compare the given cases (None: all of them, as ``nigraan ledger verify`` does in its own
    pass) with their events."""
    if refs is None:
        return check_everything()
    rules = current_rules()
    report = ProjectionReport()
    differing: list[str] = []
    with transaction.atomic():
        wanted = sorted(set(refs))
        histories = (h for part in _chunks(wanted) for h in _histories_of(part))
        places: PlaceCache = {}
        with no_cycle_collection():
            for batch in _batches(histories):
                differing += _compare_batch(batch, rules, report, places)
        lonely = _missing(refs, report.checked)
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

    def stream(self) -> CaseStream:
        return CaseStream()

    def due_for_recheck(self, now: dt.datetime) -> list[str]:
        return due_for_recheck(now)

    def repair(self, ref: str, *, by: str, reason: str) -> list[str]:
        from nigraan.cases.commands.repair import repair_from_ledger

        return repair_from_ledger(by, ref, reason=reason)
