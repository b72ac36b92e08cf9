"""What the counting pass reads from the figures read model (``stats/read_model.py``): the
histories of the cases a period's events touch, and the cases open and idle at its end. Same
answers as the ledger's queries in ``stats/ledger_events.py`` (the property tests compare both
with an independent recount), read from the month's events and one indexed table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import msgspec
from django.db import connection, transaction

from nigraan.stats import ledger_events as ev
from nigraan.stats.models import CaseFigures
from nigraan.stats.read_model import ATTRIBUTES

_TABLE = CaseFigures._meta.db_table
_decode = msgspec.json.Decoder().decode


def _rows(ref: str, history: str, until: dt.datetime) -> list[ev.LedgerRow]:
    found = []
    for seq, kind, at, data in _decode(history):
        moment = dt.datetime.fromisoformat(at)
        if moment < until:
            found.append(ev.LedgerRow(ref, seq, kind, moment, data))
    return found


def _marks(values: Any) -> str:
    return ", ".join("%s" for _ in values)


def touched_histories(
    start: dt.datetime, until: dt.datetime, upto: int
) -> Iterator[list[ev.LedgerRow]]:
    """The history (events figures read, recorded before ``until``) of every case with such an
    event recorded in [start, until), among the ledger's events up to id ``upto``."""
    kinds = sorted(ev.DATA_KINDS_ALL)
    sql = (
        f"SELECT f.case_ref, f.history FROM {_TABLE} f WHERE f.opened_at IS NOT NULL "  # noqa: S608
        "AND f.case_ref IN (SELECT e.case_ref FROM ledger_event e WHERE e.occurred_at >= %s "
        f"AND e.occurred_at < %s AND e.id <= %s AND e.kind IN ({_marks(kinds)}))"
    )
    stamp = connection.ops.adapt_datetimefield_value
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as settings_cursor:
                # Plan for reading every row (a hash join), not for the first 10 % fast (the
                # default for a cursor: a nested loop over the index, several times slower).
                settings_cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        cursor = connection.chunked_cursor()
        cursor.execute(sql, [stamp(start), stamp(until), upto, *kinds])
        while chunk := cursor.fetchmany(ev.FETCH):
            for ref, history in chunk:
                rows = _rows(ref, history, until)
                if rows:
                    yield rows
        cursor.close()


def histories_of(refs: list[str], until: dt.datetime) -> Iterator[list[ev.LedgerRow]]:
    """The histories of the given cases (events recorded before ``until``)."""
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        for ref, history in CaseFigures.objects.filter(case_ref__in=chunk).values_list(
            "case_ref", "history"
        ):
            yield _rows(ref, history, until)


def idle_groups(
    until: dt.datetime,
    upto: int,
    activity_kinds: frozenset[str],
    bands: tuple[tuple[int, str], ...],
    keys: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """As ``ledger_events.idle_groups``: cases open at ``until`` (opened before it, not closed
    before it) whose last activity is at least the shortest band old (exactly 30 days counts),
    grouped by place, the opening's ``keys`` and band; a case corrected before ``until`` comes
    alone with its reference. The activity is read from the ledger's events of the longest band
    only."""
    stamp = connection.ops.adapt_datetimefield_value
    longest_first = sorted(bands, reverse=True)
    whens, whens_params = ev.idle_bands_sql("a.last_at", until, bands)
    band_sql = "CASE WHEN a.last_at IS NULL THEN %s " + whens
    band_params: list[Any] = [longest_first[0][1], *whens_params]
    columns = ", ".join(f"f.{name}" for name in ("district", "province", *keys))
    positions = ", ".join(str(n) for n in range(1, len(keys) + 5))
    kinds = sorted(activity_kinds)
    sql = (
        f"SELECT CASE WHEN f.corrected_at < %s THEN f.case_ref END, {columns}, "  # noqa: S608
        f"{band_sql} END, COUNT(*) FROM {_TABLE} f LEFT JOIN ("
        "SELECT e.case_ref, MAX(e.occurred_at) AS last_at FROM ledger_event e "
        "WHERE e.occurred_at >= %s AND e.occurred_at < %s AND e.id <= %s "
        f"AND e.kind IN ({_marks(kinds)}) GROUP BY e.case_ref) a ON a.case_ref = f.case_ref "
        "WHERE f.opened_at < %s AND (f.closed_at IS NULL OR f.closed_at >= %s) "
        f"AND (a.last_at IS NULL OR a.last_at <= %s) GROUP BY {positions}"
    )
    window = stamp(until - dt.timedelta(days=longest_first[0][0]))
    end = stamp(until)
    params = [end, *band_params, window, end, upto, *kinds, end, end, ev.idle_edge(until, bands)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{ev.WORK_MEM}'")
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def serves(keys: tuple[str, ...]) -> bool:
    """Whether the read model holds the opening values the idle count groups by."""
    return set(keys) <= set(ATTRIBUTES)
