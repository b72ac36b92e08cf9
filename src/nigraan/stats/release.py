"""A release's figures: count the ledger for a period, lay the counts out as tables by area and
breakdown, and apply disclosure control (with the earlier releases it overlaps, when given).

Periods: ``month:2026-10`` (one calendar month) and ``rolling:2026-10`` (the 12 months ending
with it). Storing releases, their hashes in the ledger, pages and open data come later
(docs/figures.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

from nigraan.cases.offences import offences
from nigraan.geo.models import District
from nigraan.stats.cells import (
    TOTAL,
    AtomSpace,
    CellKey,
    Column,
    Geography,
    ReleaseSpec,
    TableSpec,
)
from nigraan.stats.compute import STOCK_PREFIX, Counts, count_period, months_ending
from nigraan.stats.disclosure import SHOWN, Outcome, protect
from nigraan.stats.measures import Figures, Measure, column_values, current_figures

ROOT = "PK"
_PERIOD = re.compile(r"^(month|rolling):(\d{4})-(0[1-9]|1[0-2])$")
ROLLING_MONTHS = 12


@dataclass(frozen=True)
class Period:
    kind: str  # "month" or "rolling"
    last: str  # the last month, YYYY-MM

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.match(text)
        if not match:
            raise ValueError(f"{text!r}: a period is month:YYYY-MM or rolling:YYYY-MM")
        return cls(match[1], f"{match[2]}-{match[3]}")

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.last}"

    @property
    def months(self) -> tuple[str, ...]:
        return months_ending(self.last, ROLLING_MONTHS if self.kind == "rolling" else 1)


def area_codes(district: str | None, province: str | None) -> tuple[str, str]:
    """The district and province a unit is counted under; "?" marks a place not recorded."""
    province = province or f"{ROOT}?"
    return (district or f"{province}?"), province


def load_geography(extra: Mapping[str, str] | None = None) -> Geography:
    """Provinces and districts from the geo app, so every district has a row (zeros too), plus
    any place a count found that the geography lacks."""
    parent: dict[str, str] = {}
    for code, province in District.objects.values_list("code", "province_id"):
        parent[code] = province
        parent[province] = ROOT
    for district, province in (extra or {}).items():
        parent.setdefault(district, province)
        parent.setdefault(province, ROOT)
    return Geography(ROOT, parent)


def atom_spaces(figures: Figures, counts: Counts) -> tuple[dict[str, AtomSpace], dict[str, str]]:
    """Each count measure's atoms keyed by district code, and the places found."""
    laws = {code: offence.law for code, offence in offences().items()}
    places: dict[str, str] = {}
    spaces = {}
    for measure in figures.measures:
        if measure.is_median:
            continue
        merged: dict[tuple[str, str, tuple[str, ...]], int] = defaultdict(int)
        for (district, province, month, values), count in counts.atoms[measure.id].items():
            code, parent = area_codes(district, province)
            places[code] = parent
            merged[(code, month, values)] += count
        derived = {name: (base, laws) for name, base in measure.derived.items()}
        spaces[measure.id] = AtomSpace(measure.id, measure.attributes, dict(merged), derived)
    return spaces, places


def _columns(
    measure: Measure, breakdown: tuple[str, ...], months: Sequence[str], seen: set[Column]
) -> tuple[Column, ...]:
    lists = []
    for index, name in enumerate(breakdown):
        listed = months if name == "month" else column_values(measure, name)
        extra = sorted({column[index] for column in seen} - set(listed))
        lists.append(tuple(listed) + tuple(extra))
    return tuple(product(*lists))


def release_spec(
    figures: Figures, period: Period, spaces: Mapping[str, AtomSpace], geography: Geography
) -> ReleaseSpec:
    """The tables a release publishes: every count measure by area, alone and by each breakdown
    (the month only for periods longer than a month)."""
    stock = STOCK_PREFIX + period.last
    months = frozenset(period.months) | {stock}
    columns: dict[TableSpec, tuple[Column, ...]] = {}
    for measure in figures.measures:
        if measure.is_median:
            continue
        space = spaces[measure.id]
        columns[TableSpec(measure.id, ())] = (TOTAL,)
        for breakdown in measure.breakdowns:
            if breakdown == ("month",) and len(period.months) == 1:
                continue
            seen = {space.column(atom, breakdown) for atom in space.counts if atom[1] in months}
            spec = TableSpec(measure.id, breakdown)
            columns[spec] = _columns(measure, breakdown, period.months, seen)
    return ReleaseSpec(period.key, months, columns)


@dataclass
class Release:
    """A period's figures after disclosure control."""

    period: Period
    spec: ReleaseSpec
    outcome: Outcome
    medians: dict[tuple[str, tuple[str, ...], str, Column], tuple[int | None, int]] = field(
        default_factory=dict
    )
    threshold: int = 4
    geography: Geography = field(default_factory=lambda: Geography(ROOT, {}))
    rules_digest: str = ""

    def published(self) -> dict[CellKey, tuple[str, int | None]]:
        """Every cell of this release: its status and, when shown, its value."""
        return {
            cell: (status, self.outcome.values[cell] if status == SHOWN else None)
            for cell, status in self.outcome.statuses.items()
            if cell[0] == self.period.key
        }

    def share(self, spec: TableSpec, area: str, column: Column) -> int | None:
        """A cell as a whole percentage of its area's total, only when both are shown."""
        cell = (self.period.key, spec, area, column)
        total = (self.period.key, TableSpec(spec.measure, ()), area, TOTAL)
        statuses, values = self.outcome.statuses, self.outcome.values
        if statuses.get(cell) != SHOWN or statuses.get(total) != SHOWN or not values[total]:
            return None
        return round(100 * values[cell] / values[total])


def median_tables(
    figures: Figures, counts: Counts, geography: Geography, months: frozenset[str]
) -> dict:
    """Lower medians of durations by area and breakdown; None where fewer values than
    ``median_min_count`` (the count itself is published by its count measure)."""
    minimum = figures.disclosure.median_min_count
    found = {}
    for measure in figures.measures:
        if not measure.is_median:
            continue
        samples: dict[tuple, list[int]] = defaultdict(list)
        for (district, province, month, values), days in counts.durations[measure.id].items():
            if month not in months:
                continue
            code, _ = area_codes(district, province)
            for area in geography.path(code):
                samples[((), area, TOTAL)].extend(days)
                for breakdown in measure.breakdowns:
                    column = tuple(values[measure.attributes.index(n)] for n in breakdown)
                    samples[(breakdown, area, column)].extend(days)
        for (breakdown, area, column), days in samples.items():
            ordered = sorted(days)
            middle = ordered[(len(ordered) - 1) // 2] if len(ordered) >= minimum else None
            found[(measure.id, breakdown, area, column)] = (middle, len(ordered))
    return found


def build_release(
    period: Period,
    previous: Sequence[tuple[Period, Mapping[CellKey, str]]] = (),
    figures: Figures | None = None,
    source: str = "read_model",
) -> Release:
    """Count, lay out and protect a period's figures. ``previous``: releases already published
    whose months overlap (their statuses are kept and honoured). ``source``: count from the
    figures read model, or (``"ledger"``) from every event of the ledger: the same figures."""
    figures = figures or current_figures()
    months = sorted({m for p in [period, *(p for p, _ in previous)] for m in p.months})
    counts = count_period(figures, tuple(months), source)
    spaces, places = atom_spaces(figures, counts)
    for p, _ in previous:  # a state at the end of an earlier period needs its own count
        if p.last != period.last:
            then, _ = atom_spaces(figures, count_period(figures, p.months, source))
            for measure_id, space in then.items():
                stock = {a: n for a, n in space.counts.items() if a[1].startswith(STOCK_PREFIX)}
                spaces[measure_id] = AtomSpace(
                    space.measure,
                    space.attributes,
                    {**spaces[measure_id].counts, **stock},
                    space.derived,
                )
    geography = load_geography(places)
    spec = release_spec(figures, period, spaces, geography)
    earlier = [(release_spec(figures, p, spaces, geography), s) for p, s in previous]
    outcome = protect(
        geography,
        spaces,
        [spec],
        threshold=figures.disclosure.threshold,
        protection=figures.disclosure.protection,
        previous=earlier,
    )
    medians = median_tables(figures, counts, geography, frozenset(period.months))
    return Release(
        period, spec, outcome, medians, figures.disclosure.threshold, geography, figures.digest
    )
