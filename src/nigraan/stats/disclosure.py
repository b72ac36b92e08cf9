"""Disclosure control: which cells of a release are shown, and the proof that no small count can be
worked out from what is shown.

1. *Primary*: a count from 1 to the threshold is shown as "fewer than threshold + 1"; zero stays
   zero. The breakdown of a count that is itself small is not shown at all (zeros included):
   shown zeros beside small counts would pin them ("fewer than 5" in total, four categories each
   "fewer than 5", the rest zero: each is exactly 1).
2. *Complementary*: for every small count, a *certificate* is found — another possible world, a
   few units moved between atoms (another category, another district), in which every shown
   number of every table of this release and of the earlier releases given stays the same,
   every label stays true, and the small count differs by at least ``protection``. Numbers the
   move would change are withheld too. Since that world is a real possible ledger, nobody who
   sees only the published figures can tell the two apart: not by subtracting rows, columns,
   districts from provinces or one release from another, nor by any other reasoning.
3. A small count for which no certificate exists (tiny tables) withholds its whole table, or its
   whole measure in this release; earlier releases are never changed.

Deterministic: the same atoms and releases give the same statuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from nigraan.stats.cells import (
    TOTAL,
    AtomKey,
    AtomSpace,
    CellKey,
    Geography,
    ReleaseSpec,
    TableSpec,
    table_values,
)
from nigraan.stats.moves import Move, candidate_moves

SHOWN = "shown"
SMALL = "small"  # 1..threshold, labelled "fewer than threshold + 1"
UNDER_SMALL = "under_small"  # part of a small count: not shown
WITHHELD = "withheld"  # hidden so that a small count cannot be worked out
NOT_PUBLISHED = "not_published"  # the whole table was withheld
HIDDEN = frozenset({SMALL, UNDER_SMALL, WITHHELD})
UNBOUNDED = 1 << 60
EVALUATIONS = 80  # feasible candidates weighed per small count before taking the best


def bounds(status: str, value: int, threshold: int) -> tuple[int, int] | None:
    """What anyone who knows this method can tell about a cell from its label."""
    if status == SHOWN:
        return value, value
    if status == SMALL:
        return 1, threshold
    if status == UNDER_SMALL:
        return 0, threshold
    if status == WITHHELD:
        return threshold + 1, UNBOUNDED
    return None


def _parents(
    geography: Geography, release: ReleaseSpec, spec: TableSpec, area: str, column: tuple
) -> Iterator[CellKey]:
    """The cells this cell is a part of: its area's total, its column in the area above, and its
    value in every coarser table of the same measure (law x outcome is a part of law)."""
    if area != geography.root:
        yield release.key, spec, geography.parent[area], column
    if spec.breakdown:
        yield release.key, TableSpec(spec.measure, ()), area, TOTAL
    for other in release.coarser[spec]:
        picked = tuple(
            v for n, v in zip(spec.breakdown, column, strict=True) if n in other.breakdown
        )
        yield release.key, other, area, picked


def primary_statuses(
    geography: Geography,
    release: ReleaseSpec,
    values: Mapping[CellKey, int],
    threshold: int,
    unpublished: set[TableSpec],
) -> dict[CellKey, str]:
    """Small counts, the breakdowns of small counts, and withheld tables; everything else shown."""
    statuses: dict[CellKey, str] = {}
    order = sorted(release.tables, key=lambda spec: len(spec.breakdown))
    for area in geography.areas_top_down():
        for spec in order:
            for column in release.columns[spec]:
                cell = (release.key, spec, area, column)
                if spec in unpublished:
                    statuses[cell] = NOT_PUBLISHED
                    continue
                under = any(
                    statuses.get(parent) in (SMALL, UNDER_SMALL)
                    for parent in _parents(geography, release, spec, area, column)
                )
                value = values[cell]
                small = 1 <= value <= threshold
                statuses[cell] = UNDER_SMALL if under else (SMALL if small else SHOWN)
    return statuses


@dataclass(frozen=True)
class Certificate:
    """A possible world that differs from the real one in ``target`` by ``change``."""

    target: CellKey
    change: int
    moves: tuple[Move, ...]
    withheld: tuple[CellKey, ...]  # cells newly withheld so that the world stays hidden


@dataclass
class Outcome:
    statuses: dict[CellKey, str]
    values: dict[CellKey, int]
    certificates: list[Certificate] = field(default_factory=list)
    unpublished: dict[str, set[TableSpec]] = field(default_factory=dict)


class Protector:
    """Finds and applies certificates over a set of releases (new ones and frozen ones)."""

    def __init__(
        self,
        geography: Geography,
        spaces: Mapping[str, AtomSpace],
        releases: Sequence[ReleaseSpec],
        frozen: frozenset[str],
        values: dict[CellKey, int],
        statuses: dict[CellKey, str],
        threshold: int,
    ) -> None:
        self.geography, self.spaces, self.releases = geography, spaces, releases
        self.frozen, self.values, self.statuses = frozen, values, statuses
        self.threshold = threshold

    def delta(self, moves: Iterable[Move]) -> dict[CellKey, int]:
        """How each published cell would change if the units were moved."""
        change: dict[CellKey, int] = defaultdict(int)
        for move in moves:
            space = self.spaces[move.measure]
            for release in self.releases:
                for atom, sign in ((move.source, -1), (move.target, 1)):
                    if atom is None or atom[1] not in release.months:
                        continue
                    areas = self.geography.path(atom[0])
                    for spec in release.tables_of(move.measure):
                        column = space.column(atom, spec.breakdown)
                        for area in areas:
                            change[release.key, spec, area, column] += sign * move.units
        return {cell: amount for cell, amount in change.items() if amount}

    def _affordable(self, moves: Sequence[Move]) -> bool:
        taken: dict[tuple[str, AtomKey], int] = defaultdict(int)
        for move in moves:
            if move.source is not None:
                taken[move.measure, move.source] += move.units
        return all(self.spaces[m].counts.get(atom, 0) >= n for (m, atom), n in taken.items())

    def evaluate(self, target: CellKey, change: int, moves: Sequence[Move]) -> tuple | None:
        """(cost, certificate) if the moved world is consistent with everything published."""
        if not self._affordable(moves):
            return None
        delta = self.delta(moves)
        if delta.get(target) != change:
            return None
        withheld, weight, size = [], 0, 0
        for cell, amount in delta.items():
            status = self.statuses[cell]
            value = self.values[cell]
            if status == NOT_PUBLISHED:
                continue
            if status == SHOWN:
                if cell[0] in self.frozen or value <= self.threshold:
                    return None
                status = WITHHELD
                withheld.append(cell)
                weight += _weight(self.geography.depth(cell[2]), bool(cell[1].breakdown))
                size += value
            low, high = bounds(status, value, self.threshold) or (0, UNBOUNDED)
            if not low <= value + amount <= high:
                return None
        certificate = Certificate(target, change, tuple(moves), tuple(sorted(withheld, key=repr)))
        return (weight, size), certificate

    def find(self, target: CellKey, protection: int) -> Certificate | None:
        """The cheapest certificate moving the target by ``protection`` units either way."""
        best: tuple | None = None
        for sign in (-1, 1):
            tried = 0
            for moves in candidate_moves(self, target, sign, protection):
                found = self.evaluate(target, sign * protection, moves)
                if found is None:
                    continue
                tried += 1
                if best is None or found[0] < best[0]:
                    best = found
                if best[0] == (0, 0) or tried >= EVALUATIONS:
                    break
            if best is not None and best[0] == (0, 0):
                break
        return best[1] if best else None

    def apply(self, certificate: Certificate) -> None:
        for cell in certificate.withheld:
            self.statuses[cell] = WITHHELD


def _weight(depth: int, breakdown: bool) -> int:
    """How much withholding a cell costs: national and province figures, and totals, are the
    ones people read first."""
    return {0: 40, 1: 6}.get(depth, 1) + (0 if breakdown else 2)


def _targets(
    statuses: Mapping[CellKey, str], values: Mapping[CellKey, int], keys: frozenset[str]
) -> list[CellKey]:
    found = [
        cell
        for cell, status in statuses.items()
        if cell[0] in keys and (status == SMALL or (status == UNDER_SMALL and values[cell] > 0))
    ]
    return sorted(found, key=lambda c: (c[0], c[1].measure, c[1].breakdown, c[2], c[3]))


def protect(
    geography: Geography,
    spaces: Mapping[str, AtomSpace],
    releases: Sequence[ReleaseSpec],
    *,
    threshold: int,
    protection: int,
    previous: Sequence[tuple[ReleaseSpec, Mapping[CellKey, str]]] = (),
) -> Outcome:
    """Decide every cell's status in ``releases`` (published together), so that no small count of
    theirs, nor of the ``previous`` releases (already published: their statuses are kept), can be
    worked out from all of them together."""
    frozen = frozenset(release.key for release, _ in previous)
    everything = [release for release, _ in previous] + list(releases)
    values: dict[CellKey, int] = {}
    for release in everything:
        values.update(table_values(geography, spaces.values(), release))
    unpublished: dict[str, set[TableSpec]] = {release.key: set() for release in releases}
    while True:
        statuses: dict[CellKey, str] = {}
        for _, known in previous:
            statuses.update(known)
        for release in releases:
            statuses.update(
                primary_statuses(geography, release, values, threshold, unpublished[release.key])
            )
        protector = Protector(geography, spaces, everything, frozen, values, statuses, threshold)
        certificates, failed = [], []
        new_keys = frozenset(release.key for release in releases)
        for target in _targets(statuses, values, new_keys) + _targets(statuses, values, frozen):
            if statuses[target] == NOT_PUBLISHED:
                continue
            certificate = protector.find(target, protection)
            if certificate is None:
                failed.append(target)
                continue
            protector.apply(certificate)
            certificates.append(certificate)
        if not failed:
            return Outcome(statuses, values, certificates, unpublished)
        _withhold_for(failed[0], releases, unpublished)


def _withhold_for(
    target: CellKey, releases: Sequence[ReleaseSpec], unpublished: dict[str, set[TableSpec]]
) -> None:
    """Withhold the smallest part of the new releases that can make ``target`` safe: its table,
    else its measure's tables in every new release."""
    release_key, spec, _, _ = target
    ordered = sorted(releases, key=lambda r: r.key != release_key)
    if spec.breakdown:
        for release in ordered:
            if spec in release.columns and spec not in unpublished[release.key]:
                unpublished[release.key].add(spec)
                return
    for release in ordered:
        tables = set(release.tables_of(spec.measure))
        if not tables <= unpublished[release.key]:
            unpublished[release.key] |= tables
            return
    raise RuntimeError(f"cannot protect {target}: the earlier releases disclose it on their own")
