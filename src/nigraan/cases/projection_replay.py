"""One case's events replayed and compared with its stored rows: the pieces both ways of
checking projections share — the full check, fed the ledger's events in log order
(``projection_stream``), and the check of given cases, read in case order (``projection_check``)
— and the confirmation of a difference under the case's lock."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db import connection, transaction

from nigraan.cases import events as ev
from nigraan.cases.deadline_plan import PlaceCache, plan_deadlines
from nigraan.cases.deadlines import CaseReplay
from nigraan.cases.list_columns import ListColumns
from nigraan.cases.models import Case
from nigraan.cases.projection import CaseState, ProjectionError
from nigraan.cases.projection_compare import (
    CASE_TABLE,
    StoredDeadline,
    compare_case_row,
    compare_deadlines,
    compare_list_columns,
)
from nigraan.cases.projection_rows import (
    case_state,
    deadline,
    members,
    queries,
    stored_list_columns,
)
from nigraan.cases.rules import RuleSet
from nigraan.ledger.encoding import MAGIC, LeafFormatError, parse_time
from nigraan.ledger.projection_checks import Mismatch

# What replaying a case's events may refuse (the messages name kinds, fields and types, never a
# value): the case is then reported as one whose events cannot be replayed.
REPLAY_REFUSED = (ProjectionError, ev.EventInvalid, LeafFormatError, ValueError)


class Replayed(NamedTuple):
    """What replay needs of an event: its number, time and typed data."""

    seq: int
    at: dt.datetime
    event: ev.CaseEvent


def leaf_time(text: str) -> dt.datetime:
    """A leaf's time (YYYY-MM-DDTHH:MM:SS.ffffffZ), as ``parse_time`` reads it, faster."""
    if len(text) == 27 and text[10] == "T" and text[-1] == "Z":
        return dt.datetime.fromisoformat(text)
    return parse_time(text)


def replayed(leaf: str) -> Replayed:
    """A leaf's number, time and typed event (the leaf's own lines: the ledger check compares
    them with the event's columns)."""
    parts = leaf.split("\n")
    if len(parts) != 8 or parts[0] != MAGIC:
        raise LeafFormatError("not a nigraan-event/v1 leaf")
    return Replayed(int(parts[2]), leaf_time(parts[6]), ev.decode_event_json(parts[4], parts[7]))


def no_row(ref: str) -> Mismatch:
    return Mismatch(ref, CASE_TABLE, "row", "no row", "a case opened by its events")


def no_events(ref: str) -> Mismatch:
    return Mismatch(ref, CASE_TABLE, "row", "a row", "no events in the ledger for this case")


def compare_replayed(
    replay: CaseReplay,
    stored: CaseState,
    deadlines: list[StoredDeadline],
    listed: ListColumns,
    rules: RuleSet,
    other_rules: list[str],
    places: PlaceCache | None = None,
) -> Mismatch | None:
    """The first difference between a case's stored rows and its replayed events, or None.
    ``listed`` (the case row's list columns) must be what its deadline rows and accused list,
    compared first, give."""
    state = replay.state
    if state is None:
        return no_events(replay.ref)
    different = compare_case_row(stored, state)
    if different is not None:
        return different
    plan = plan_deadlines(state, replay.found, replay.levels, rules, places)
    different = compare_deadlines(replay.ref, deadlines, plan, rules.stamp, other_rules)
    if different is not None:
        return different
    return compare_list_columns(replay.ref, listed, deadlines, state.accused)


def compare_one(
    ref: str,
    leaves: list[str],
    stored: CaseState | None,
    deadlines: list[StoredDeadline],
    listed: ListColumns | None,
    rules: RuleSet,
    other_rules: list[str],
    places: PlaceCache | None = None,
) -> Mismatch | None:
    """The first difference between one case's stored projections and its events (its leaves,
    in order), or None. ``listed``: the case row's list columns (None when there is no row)."""
    if stored is None or listed is None:
        return no_row(ref)
    replay = CaseReplay(ref)
    try:
        history = [replayed(leaf) for leaf in leaves]  # every leaf decoded before any replayed
        for seq, at, event in history:
            replay.step(seq, at, event)
    except REPLAY_REFUSED as exc:
        return refused(ref, exc)
    return compare_replayed(replay, stored, deadlines, listed, rules, other_rules, places)


def refused(ref: str, exc: Exception) -> Mismatch:
    why = f"refused: {exc}"[:300]
    return Mismatch(ref, "ledger_event", "replay", "events that cannot be replayed", why)


class StoredRows(NamedTuple):
    """Cases' stored rows, by reference: the case rows, their deadline rows, their list columns."""

    states: dict[str, CaseState]
    deadlines: dict[str, list[StoredDeadline]]
    listed: dict[str, ListColumns]


def stored_rows(refs: list[str]) -> StoredRows:
    """The stored rows of these cases, their deadlines and their list columns."""
    states: dict[str, CaseState] = {}
    listed: dict[str, ListColumns] = {}
    ref_of: dict[int, str] = {}
    deadlines: dict[str, list[StoredDeadline]] = defaultdict(list)
    case_sql, deadline_sql = queries(connection.vendor)
    with connection.cursor() as cursor:
        condition, params = members(connection.vendor, refs)
        cursor.execute(case_sql.format(condition), params)
        for row in cursor.fetchall():
            states[row[1]] = case_state(row)
            listed[row[1]] = stored_list_columns(row)
            ref_of[row[0]] = row[1]
        if ref_of:
            ids = list(ref_of)
            condition, params = members(connection.vendor, ids)
            cursor.execute(deadline_sql.format(condition), params)
            for row in cursor.fetchall():
                deadlines[ref_of[row[0]]].append(deadline(row))
    return StoredRows(states, deadlines, listed)


def confirm(ref: str, rules: RuleSet) -> Mismatch | None:
    """Compare one case again under its lock: what a command writes is either all there or not
    at all while it is held."""
    with transaction.atomic():
        list(Case.objects.select_for_update().filter(ref=ref).values_list("pk"))  # the lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT leaf FROM ledger_event WHERE case_ref = %s ORDER BY seq", [ref])
            events = [row[0] for row in cursor.fetchall()]
        rows = stored_rows([ref])
        stored = rows.states.get(ref)
        if not events:
            return no_events(ref) if stored is not None else None
        deadlines = rows.deadlines.get(ref, [])
        return compare_one(ref, events, stored, deadlines, rows.listed.get(ref), rules, [])


def rows_without_events() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ref FROM cases_case c WHERE NOT EXISTS "
            "(SELECT 1 FROM ledger_event e WHERE e.case_ref = c.ref) ORDER BY ref"
        )
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
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
