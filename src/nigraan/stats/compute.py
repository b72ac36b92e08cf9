"""Counting: one pass over the ledger turns every case's history into the units each measure
counts, kept as *atoms* — how many units share a district, a month and the same attribute values.
Tables (``stats.tables``) are sums of atoms; disclosure control (``stats.disclosure``) reasons
about atoms too, so the figures and their protection come from the same numbers.

Rules of counting (docs/figures.md): an event counts in the month the ledger recorded it (in the
project's time zone), with the case's attributes as recorded at that moment; a duration runs
between the times facts happened (a day a person gave, or corrected, wins when earlier)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from nigraan.cases.offences import offences
from nigraan.cases.rules import DeadlineRule, current_rules
from nigraan.stats import ledger_events as ev
from nigraan.stats import month_counts
from nigraan.stats import read_model_queries as rmq
from nigraan.stats.measures import Figures, Measure, Milestone, band_labels
from nigraan.stats.read_model import refresh

Atom = tuple[str | None, str | None, str, tuple[str, ...]]  # district, province, month, values
STOCK_PREFIX = "end:"  # the "month" of a state at a period's end: end:2026-10


@dataclass
class Counts:
    """What one pass found: atom counts per measure and durations (days) per median measure."""

    months: tuple[str, ...]
    atoms: dict[str, Counter[Atom]] = field(default_factory=lambda: defaultdict(Counter))
    durations: dict[str, dict[Atom, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a calendar month ("2026-10") in the project's time zone, in UTC."""
    year, number = (int(part) for part in month.split("-"))
    start = dt.datetime(year, number, 1, tzinfo=local_zone())
    end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=local_zone())
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def months_ending(month: str, count: int) -> tuple[str, ...]:
    year, number = (int(part) for part in month.split("-"))
    found = []
    for back in range(count - 1, -1, -1):
        index = year * 12 + number - 1 - back
        found.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return tuple(found)


class _Clock:
    """Effective times and months, cached per case (date corrections are per case)."""

    def __init__(self, rows: list[ev.LedgerRow], zone: ZoneInfo) -> None:
        self.zone = zone
        self.corrected = {}
        for row in rows:
            if row.kind == ev.DATE_CORRECTED:
                seq, day = ev.date_correction(row)
                self.corrected[seq] = day

    def when(self, row: ev.LedgerRow) -> dt.datetime:
        """The moment a fact happened: its recording time, unless a person gave an earlier day
        (the same reading as the deadline clocks, cases/deadlines.py)."""
        day = self.corrected.get(row.seq) or ev.given_day(row)
        if not day:
            return row.occurred_at
        local = row.occurred_at.astimezone(self.zone)
        if day >= local.date().isoformat():
            return row.occurred_at
        start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0, 0), tzinfo=self.zone)
        return start.astimezone(dt.UTC)


class _Months:
    """Which of the period's months a moment falls in (None outside them), without time zone
    arithmetic per event."""

    def __init__(self, months: tuple[str, ...]) -> None:
        self.names = months
        self.starts = [month_bounds(month)[0] for month in months]
        self.end = month_bounds(months[-1])[1]

    def __call__(self, moment: dt.datetime) -> str | None:
        if moment < self.starts[0] or moment >= self.end:
            return None
        return self.names[bisect.bisect_right(self.starts, moment) - 1]


def _days(later: dt.datetime, earlier: dt.datetime) -> int:
    return max(0, int((later - earlier).total_seconds() // 86_400))


class PeriodCounter:
    """Folds case histories into ``Counts`` for the given months (consecutive, oldest first)."""

    def __init__(self, figures: Figures, months: tuple[str, ...]) -> None:
        self.figures = figures
        self.counts = Counts(months=months)
        self.months = frozenset(months)
        self.month = _Months(months)
        self.until = self.month.end
        self.stock_month = STOCK_PREFIX + months[-1]
        self.zone = local_zone()
        self.by_kind: dict[str, list[Measure]] = defaultdict(list)
        self.others: list[Measure] = []
        for measure in figures.measures:
            if measure.method == "events":
                for kind in measure.kinds:
                    self.by_kind[kind].append(measure)
            else:
                self.others.append(measure)
        self.law_of = {code: offence.law for code, offence in offences().items()}
        rules = current_rules()
        self.triage_rules: dict[str, DeadlineRule] = {}
        for measure in figures.measures:
            rule = rules.rule(measure.deadline) if measure.method == "triage" else None
            if rule is not None:  # figures.yaml names only deadlines that exist (validated)
                self.triage_rules[measure.id] = rule
        self.data_kinds = frozenset(ev.DATA_KEYS)

    def _emit(self, measure: Measure, attrs: dict, month: str, known: dict[str, str]) -> None:
        values = tuple(
            [str(known.get(name) or attrs.get(name) or "") for name in measure.attributes]
        )
        atom = (attrs["district"], attrs["province"], month, values)
        self.counts.atoms[measure.id][atom] += 1

    def add_case(self, rows: list[ev.LedgerRow]) -> None:
        """Count one case's history (its events recorded before the end of the last month)."""
        if not rows or rows[0].kind != ev.OPENED or rows[0].data is None:
            return
        month_of = self.month
        in_period = [month_of(row.occurred_at) for row in rows]
        # The kinds recorded in the period: a measure of a case counts only at an event of the
        # period (the opening, a closing, a verdict, a duration's end), so a case without one
        # of those kinds there skips that measure's walk — the same counts, less work.
        kinds = {row.kind for row, month in zip(rows, in_period, strict=True) if month}
        if not kinds:
            return
        attrs: dict[str, str | None] = {}
        snapshots: list[dict[str, str | None]] = []
        for row in rows:
            if row.kind == ev.OPENED and row.data is not None:
                attrs = ev.opened_attributes(row.data)
            elif row.kind == ev.FIELD_CORRECTED and row.data is not None:
                attrs = {**attrs, **ev.corrected_attributes(row.data)}
            snapshots.append(attrs)
        by_kind = self.by_kind
        for row, attrs_then, month in zip(rows, snapshots, in_period, strict=True):
            if month and row.kind in by_kind:
                self._count_event(row, attrs_then, month)
        clock: _Clock | None = None
        for measure in self.others:
            if self._may_count(measure, kinds, in_period[0]):
                clock = clock or _Clock(rows, self.zone)
                self._count_case(measure, rows, snapshots, clock)

    def _may_count(self, measure: Measure, kinds: set[str], opened_in: str | None) -> bool:
        """Whether a case whose events in the period are of ``kinds`` can count in ``measure``
        (a necessary condition only: the measure's own walk decides)."""
        if measure.method == "triage":
            return opened_in is not None
        if measure.method == "closed_without":
            return ev.STAGE_RECORDED in kinds
        if measure.method == "accused_outcomes":
            return ev.VERDICT_RECORDED in kinds
        if measure.method == "median_days":
            end = measure.end
            return (end.event if end.event else ev.STAGE_RECORDED) in kinds
        return True

    def _count_event(self, row: ev.LedgerRow, attrs: dict, month: str) -> None:
        for measure in self.by_kind[row.kind]:
            if any(ev.data_value(row, key) not in wanted for key, wanted in measure.where.items()):
                continue
            known = {name: ev.data_value(row, key) or "" for name, key in measure.values.items()}
            if "offence" in known:
                known["law"] = self.law_of.get(known["offence"], "none")
            self._emit(measure, attrs, month, known)

    def _count_case(
        self,
        measure: Measure,
        rows: list[ev.LedgerRow],
        snapshots: list[dict[str, str | None]],
        clock: _Clock,
    ) -> None:
        if measure.method == "triage":
            self._triage(measure, rows, snapshots, clock)
        elif measure.method == "closed_without":
            self._closed_without(measure, rows, snapshots, clock)
        elif measure.method == "accused_outcomes":
            self._outcomes(measure, rows, snapshots, clock)
        elif measure.method == "median_days":
            self._duration(measure, rows, snapshots, clock)

    def _triage(
        self,
        measure: Measure,
        rows: list[ev.LedgerRow],
        snapshots: list[dict[str, str | None]],
        clock: _Clock,
    ) -> None:
        opened = rows[0]
        month = self.month(opened.occurred_at)
        if month not in self.months:
            return
        rule = self.triage_rules[measure.id]
        met_stages = {m.removeprefix("stage:") for m in rule.met_on if m.startswith("stage:")}
        status = "not_yet"
        for row in rows[1:]:
            if row.kind == ev.ASSIGNED or ev.stage_of(row) in met_stages:
                late = clock.when(row) - clock.when(opened) > rule.within
                status = "late" if late else "in_time"
                break
        self._emit(measure, snapshots[0], month, {"triage": status})

    def _closed_without(
        self,
        measure: Measure,
        rows: list[ev.LedgerRow],
        snapshots: list[dict[str, str | None]],
        clock: _Clock,
    ) -> None:
        for row, attrs in zip(rows, snapshots, strict=True):
            stage = ev.stage_of(row)
            if stage == measure.unless_stage:
                return
            if stage == "closed":
                month = self.month(row.occurred_at)
                if month in self.months:
                    self._emit(measure, attrs, month, {"reason": ev.closure_reason(row)})
                return

    def _outcomes(
        self,
        measure: Measure,
        rows: list[ev.LedgerRow],
        snapshots: list[dict[str, str | None]],
        clock: _Clock,
    ) -> None:
        first_law: dict[int, str] = {}
        for row, attrs in zip(rows, snapshots, strict=True):
            if row.kind == ev.CHARGE_RECORDED:
                charged, offence = ev.charge_of(row)
                first_law.setdefault(charged, self.law_of.get(offence, "none"))
            elif row.kind == ev.VERDICT_RECORDED:
                month = self.month(row.occurred_at)
                if month not in self.months:
                    continue
                outcome, accused = ev.verdict_of(row)
                # A verdict about no one in particular (a withdrawn complaint) is one unit.
                laws = [first_law.get(number, "none") for number in accused] or ["none"]
                for law in laws:
                    self._emit(measure, attrs, month, {"outcome": outcome, "law": law})

    def _reached(self, milestone: Milestone, row: ev.LedgerRow) -> bool:
        return (
            row.kind == milestone.event if milestone.event else ev.stage_of(row) == milestone.stage
        )

    def _duration(
        self,
        measure: Measure,
        rows: list[ev.LedgerRow],
        snapshots: list[dict[str, str | None]],
        clock: _Clock,
    ) -> None:
        start = None
        for row, attrs in zip(rows, snapshots, strict=True):
            if start is None and self._reached(measure.start, row):
                start = row
            if self._reached(measure.end, row):
                month = self.month(row.occurred_at)
                if start is not None and month in self.months:
                    values = tuple(str(attrs.get(name) or "") for name in measure.attributes)
                    atom = (attrs["district"], attrs["province"], month, values)
                    days = _days(clock.when(row), clock.when(start))
                    self.counts.durations[measure.id][atom].append(days)
                return

    def add_idle(self, measure: Measure, rows: list[ev.LedgerRow], band: str) -> None:
        """Count a corrected case open and idle at the period's end (``rows``: its opening and
        corrections, which give its attributes then)."""
        attrs: dict[str, str | None] = {}
        for row in rows:
            if row.kind == ev.OPENED and row.data is not None:
                attrs = ev.opened_attributes(row.data)
            elif row.kind == ev.FIELD_CORRECTED and row.data is not None:
                attrs = {**attrs, **ev.corrected_attributes(row.data)}
        if attrs:
            self._emit(measure, attrs, self.stock_month, {"idle_for": band})


def _count_idle(counter: PeriodCounter, measure: Measure, upto: int | None) -> None:
    """Open cases idle at the period's end: the database counts those never corrected; the
    others' attributes at the end are read from their corrections here. ``upto``: read the
    figures read model (folded to that ledger id), else the whole ledger."""
    figures = counter.figures
    keys = tuple(a for a in measure.attributes if a != "idle_for")
    bands = tuple(zip(measure.bands, band_labels(measure.bands), strict=True))
    corrected: dict[str, str] = {}
    if upto is None:
        groups = ev.idle_groups(counter.until, figures.activity_kinds, bands, keys)
    else:
        groups = rmq.idle_groups(counter.until, upto, figures.activity_kinds, bands, keys)
    for row in groups:
        ref, district, province, *found, band, count = row
        if ref is not None:
            corrected[ref] = band
            continue
        known = {**dict(zip(keys, found, strict=True)), "idle_for": band}
        values = tuple(str(known.get(name) or "") for name in measure.attributes)
        counter.counts.atoms[measure.id][(district, province, counter.stock_month, values)] += count
    if upto is None:
        histories = ev.openings_and_corrections(sorted(corrected), counter.until)
    else:
        histories = rmq.histories_of(sorted(corrected), counter.until)
    for rows in histories:
        counter.add_idle(measure, rows, corrected[rows[0].case_ref])


def read_model_serves(figures: Figures) -> bool:
    """Whether the read model holds everything these measures read: the kinds they count and
    their milestones are kinds it keeps, an opening is activity (the idle count takes a case
    with no activity in the longest band as idle that long), and idle cases are grouped by
    opening values it keeps."""
    kinds = {kind for m in figures.measures for kind in m.kinds}
    kinds |= {ms.event for m in figures.measures for ms in (m.start, m.end) if ms.event}
    idle_keys = {a for m in figures.measures if m.method == "idle" for a in m.attributes}
    return (
        kinds <= ev.DATA_KINDS_ALL
        and ev.OPENED in figures.activity_kinds
        and rmq.serves(tuple(idle_keys - {"idle_for"}))
    )


def count_period(figures: Figures, months: tuple[str, ...], source: str = "read_model") -> Counts:
    """Count every measure for the given consecutive months, in one pass: from the figures read
    model (brought up to date first: a single month sums its month counts, several months fold
    the touched cases' histories; ``source="histories"`` folds them for a month too) or, with
    ``source="ledger"`` (or measures the read model does not serve), from every event of the
    ledger. All give the same counts."""
    counter = PeriodCounter(figures, months)
    start = month_bounds(months[0])[0]
    upto = None
    histories: Iterator[list[ev.LedgerRow]]
    if source in ("read_model", "histories") and read_model_serves(figures):
        upto = refresh()
        if len(months) == 1 and source == "read_model" and month_counts.usable(figures):
            # A month: each touched case's counts are kept per month (stats/month_counts.py)
            month_counts.add_month(counter.counts, months[0])
            histories = iter(())
        else:
            histories = rmq.touched_histories(start, counter.until, upto)
    else:
        histories = ev.case_histories(start, counter.until, counter.data_kinds)
    for history in histories:
        counter.add_case(history)
    for measure in figures.measures:
        if measure.method == "idle":
            _count_idle(counter, measure, upto)
    return counter.counts
