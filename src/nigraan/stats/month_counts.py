"""A case's counts per month, kept beside its figures read-model row (``stats_casemonth``).

A monthly release counts each case touched in the month from its events recorded before the
month's end (``stats/compute.py``). That count depends only on those events and on the rules
(figures.yaml, the deadline rules, the offences and the time zone): an event recorded later
never changes it. So the read model keeps, per case and month in which the case has an event
figures read, exactly what ``PeriodCounter.add_case`` finds for that one month — computed by
that same code when the case's events are folded — and a month's release sums these rows
instead of folding every touched case's history again (docs/figures.md, Performance).

The rows are a cache like the read model's: ``digest`` names the rules they were computed
under (the cursor row keeps it; rules changed: every row is computed again at the next
refresh, and until then nothing reads them), ``nigraan ledger verify`` computes them again
from the ledger and fails naming a case whose rows differ, and ``nigraan figures check``
recounts releases from the ledger alone."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import msgspec
from django.conf import settings
from django.db import connection, transaction

from nigraan.stats import ledger_events as ev
from nigraan.stats.models import CaseMonth, FiguresCursor

_TABLE = CaseMonth._meta.db_table
_decode = msgspec.json.Decoder().decode
FETCH = 20_000


def digest(figures: Any = None) -> str:
    """The rules a month's counts depend on: figures.yaml, the deadline rules (triage), the
    offences (laws) and the time zone (months)."""
    from nigraan.cases.offences import DEFAULT_DIR
    from nigraan.cases.rules import current_rules, files_digest
    from nigraan.stats.measures import current_figures

    figures = figures or current_figures()
    offences = files_digest([DEFAULT_DIR / "offences.yaml"])
    return f"{figures.digest}:{current_rules().stamp}:{offences}:{settings.TIME_ZONE}"


class MonthCounter:
    """Computes cases' month rows with one ``PeriodCounter`` per month (the release's code)."""

    def __init__(self) -> None:
        from nigraan.stats.compute import local_zone
        from nigraan.stats.measures import current_figures

        self.figures = current_figures()
        self.zone = local_zone()
        self.counters: dict[str, Any] = {}

    def month_of(self, moment: dt.datetime) -> str:
        local = moment.astimezone(self.zone)
        return f"{local.year:04d}-{local.month:02d}"

    def rows(self, ref: str, history: list[list[Any]], since: str = "") -> list[tuple]:
        """(case, month, atoms) for every month from ``since`` on in which ``history`` (the
        read model's: [seq, kind, time, data], …) has an event and the case counts."""
        from nigraan.stats.compute import Counts, PeriodCounter

        events = [
            ev.LedgerRow(ref, seq, kind, dt.datetime.fromisoformat(at), data)
            for seq, kind, at, data in history
        ]
        found = []
        for month in sorted({self.month_of(row.occurred_at) for row in events}):
            if month < since:
                continue
            counter = self.counters.get(month)
            if counter is None:
                counter = self.counters[month] = PeriodCounter(self.figures, (month,))
            counter.counts = Counts(months=(month,))
            until = counter.until
            counter.add_case([row for row in events if row.occurred_at < until])
            text = encode(counter.counts)
            if text:
                found.append((ref, month, text))
        return found


def encode(counts: Any) -> str:
    """One case's counts for one month as JSON ("" when it counts nowhere). The order is the
    counting's own, so the same events always give the same text."""
    atoms = {
        measure: [[atom[0], atom[1], list(atom[3]), count] for atom, count in found.items()]
        for measure, found in counts.atoms.items()
        if found
    }
    durations = {
        measure: [[atom[0], atom[1], list(atom[3]), days] for atom, days in found.items()]
        for measure, found in counts.durations.items()
        if found
    }
    if not atoms and not durations:
        return ""
    return json.dumps({"a": atoms, "d": durations}, separators=(",", ":"), sort_keys=True)


def usable(figures: Any) -> bool:
    """Whether the month rows were computed under these rules (else releases fold histories)."""
    stored = FiguresCursor.objects.filter(pk=1).values_list("counts_digest", flat=True).first()
    return stored == digest(figures)


def write(rows: Iterable[tuple], replace: list[tuple[str, str]]) -> None:
    """Store month rows; ``replace``: (case, first month) whose rows from that month on go."""
    with connection.cursor() as cursor:
        if replace:
            cursor.executemany(
                f"DELETE FROM {_TABLE} WHERE case_ref = %s AND month >= %s",  # noqa: S608
                replace,
            )
        # a month's rows next to each other in the table: a release reads one month's rows
        rows = sorted(rows, key=lambda row: row[1])
        if rows:
            cursor.executemany(
                f"INSERT INTO {_TABLE} (case_ref, month, atoms) VALUES (%s, %s, %s)",  # noqa: S608
                rows,
            )


def recompute_all(counter: MonthCounter, batch: int) -> None:
    """Every month row again from the read model's histories (the rules changed, or none yet)."""
    from nigraan.stats.models import CaseFigures

    CaseMonth.objects.all().delete()
    found: list[tuple] = []
    histories = CaseFigures.objects.filter(opened_at__isnull=False).values_list(
        "case_ref", "history"
    )
    for ref, history in histories.iterator(chunk_size=batch):
        found += counter.rows(ref, _decode(history))
        if len(found) >= 10 * batch:
            write(found, [])
            found = []
    write(found, [])


def add_month(counts: Any, month: str) -> None:
    """Add every case's row for ``month`` into ``counts`` (a monthly release's atoms and
    durations, as the fold of every touched case's history would give them)."""
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        cursor.execute(f"SELECT atoms FROM {_TABLE} WHERE month = %s", [month])  # noqa: S608
        atoms, durations = counts.atoms, counts.durations
        while chunk := cursor.fetchmany(FETCH):
            for (text,) in chunk:
                found = _decode(text)
                for measure, entries in found["a"].items():
                    target = atoms[measure]
                    for district, province, values, count in entries:
                        target[(district, province, month, tuple(values))] += count
                for measure, entries in found["d"].items():
                    into = durations[measure]
                    for district, province, values, days in entries:
                        into[(district, province, month, tuple(values))].extend(days)
        cursor.close()


def stored_for(refs: list[str]) -> dict[str, list[tuple]]:
    """The stored month rows of these cases, per case, in month order."""
    found: dict[str, list[tuple]] = {ref: [] for ref in refs}
    rows = CaseMonth.objects.filter(case_ref__in=refs).order_by("case_ref", "month")
    for ref, month, text in rows.values_list("case_ref", "month", "atoms"):
        found[ref].append((ref, month, text))
    return found
