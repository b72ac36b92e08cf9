"""Candidate possible worlds for a small count: a few units moved between atoms.

The shapes tried, cheapest first:

* *swap* — one unit of the target's area goes to another column of the same table, and one unit
  of a neighbouring area (same province, or same country) comes the other way: every area and
  column total stays the same (the classic four-cell rectangle, extended down to districts);
* *relocate* — one unit moves to or from a neighbouring area, keeping its attributes: the area
  totals change in every table of the measure (needed when the target is an area's total);
* *add or remove* — one unit more or less: every total above changes (the last resort).

Units are moved in the newest month first, so a new release's worlds leave earlier releases,
which cannot change any more, untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nigraan.stats.cells import AtomKey, CellKey, ReleaseSpec

if TYPE_CHECKING:  # the protector imports this module; only its type is needed here
    from nigraan.stats.disclosure import Protector


@dataclass(frozen=True)
class Move:
    """``units`` units of ``measure`` leave atom ``source`` for atom ``target`` (None: the unit
    is removed, or added)."""

    measure: str
    source: AtomKey | None
    target: AtomKey | None
    units: int


def _release(protector: Protector, key: str) -> ReleaseSpec:
    return next(r for r in protector.releases if r.key == key)


def _atoms_in(
    protector: Protector, release: ReleaseSpec, cell: CellKey, units: int, month: str | None
) -> Iterator[AtomKey]:
    """Atoms counted in ``cell`` holding at least ``units`` units, newest month first."""
    _, spec, area, column = cell
    space = protector.spaces[spec.measure]
    by_cell = space.atoms_by_cell(spec.breakdown)
    for district in protector.geography.leaves(area):
        for atom in by_cell.get((district, column), ()):
            if atom[1] not in release.months or (month is not None and atom[1] != month):
                continue
            if space.counts[atom] >= units:
                yield atom


def _movable(protector: Protector, cell: CellKey) -> bool:
    """Whether a possible world may change this cell at all (shown zeros and shown numbers of
    earlier releases may not)."""
    status = protector.statuses.get(cell)
    if status != "shown":
        return True
    return cell[0] not in protector.frozen and protector.values[cell] > protector.threshold


def _shown(protector: Protector, cells: list[CellKey]) -> int:
    return sum(protector.statuses.get(cell) == "shown" for cell in cells)


def _swaps(protector: Protector, target: CellKey, sign: int, units: int) -> Iterator[list[Move]]:
    key, spec, area, column = target
    release = _release(protector, key)
    space = protector.spaces[spec.measure]
    options = []
    for other in release.columns[spec]:
        if other == column:
            continue
        for neighbour in protector.geography.siblings(area):
            corners = [(key, spec, a, c) for a in (area, neighbour) for c in (column, other)]
            if all(_movable(protector, cell) for cell in corners):
                capacity = min(protector.values[cell] for cell in corners)
                options.append((_shown(protector, corners), -capacity, other, neighbour))
    options.sort()
    for _, _, other, neighbour in options:
        # The unit leaves `origin` for `destination` in the target's area; the neighbour's
        # unit goes the other way, so no total changes.
        origin, destination = (column, other) if sign < 0 else (other, column)
        for mine in _atoms_in(protector, release, (key, spec, area, origin), units, None):
            month = None if "month" in spec.breakdown else mine[1]
            theirs_cell = (key, spec, neighbour, destination)
            theirs = next(_atoms_in(protector, release, theirs_cell, units, month), None)
            if theirs is None:
                continue
            yield [
                Move(
                    spec.measure, mine, space.with_column(mine, spec.breakdown, destination), units
                ),
                Move(
                    spec.measure, theirs, space.with_column(theirs, spec.breakdown, origin), units
                ),
            ]
            break


def _relocations(
    protector: Protector, target: CellKey, sign: int, units: int
) -> Iterator[list[Move]]:
    key, spec, area, column = target
    release = _release(protector, key)
    geography = protector.geography
    for neighbour in geography.siblings(area):
        source_area, destination_area = (area, neighbour) if sign < 0 else (neighbour, area)
        source_cell = (key, spec, source_area, column)
        atom = next(_atoms_in(protector, release, source_cell, units, None), None)
        if atom is None:
            continue
        for district in geography.leaves(destination_area)[:4]:
            yield [Move(spec.measure, atom, (district, atom[1], atom[2]), units)]


def _additions(
    protector: Protector, target: CellKey, sign: int, units: int
) -> Iterator[list[Move]]:
    key, spec, _, _ = target
    release = _release(protector, key)
    for atom in _atoms_in(protector, release, target, 1 if sign > 0 else units, None):
        source, destination = (atom, None) if sign < 0 else (None, atom)
        yield [Move(spec.measure, source, destination, units)]
        return


def candidate_moves(
    protector: Protector, target: CellKey, sign: int, units: int
) -> Iterator[list[Move]]:
    """Possible worlds in which ``target`` is ``sign * units`` away from its real value, cheapest
    shapes first. Whether each is consistent with everything published is for the caller to
    check."""
    if target[1].breakdown:
        yield from _swaps(protector, target, sign, units)
    yield from _relocations(protector, target, sign, units)
    yield from _additions(protector, target, sign, units)
