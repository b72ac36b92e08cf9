"""The shape of published figures, free of Django: areas, atoms, tables, cells.

An *atom* is a number of counted units that share a district, a month and the same values of a
measure's attributes. A *table* of a release sums atoms by area (district, province, national)
and by one breakdown (a tuple of attributes); every table of a measure shares the measure's
*totals* (breakdown ``()``). A *cell* is one number of one table of one release. Disclosure
control and its tests only ever reason about these, so they can be checked on random data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

AtomKey = tuple[str, str, tuple[str, ...]]  # district, month, attribute values
Column = tuple[str, ...]
TOTAL: Column = ()


@dataclass(frozen=True)
class Geography:
    """Areas as a tree: the root (national), provinces, districts (the leaves)."""

    root: str
    parent: Mapping[str, str]

    @cached_property
    def _paths(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {self.root: (self.root,)}
        for area in self.areas_top_down()[1:]:
            found[area] = (area, *found[self.parent[area]])
        return found

    def path(self, area: str) -> tuple[str, ...]:
        """The area and every area above it, up to the root."""
        return self._paths[area]

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for child, parent in sorted(self.parent.items()):
            found[parent].append(child)
        return {key: tuple(value) for key, value in found.items()}

    def areas_top_down(self) -> tuple[str, ...]:
        """Every area, parents before their children."""
        children, order, frontier = self.children, [], [self.root]
        while frontier:
            area = frontier.pop(0)
            order.append(area)
            frontier.extend(children.get(area, ()))
        return tuple(order)

    @cached_property
    def _leaves(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for area in reversed(self.areas_top_down()):
            kids = self.children.get(area)
            found[area] = tuple(leaf for kid in kids for leaf in found[kid]) if kids else (area,)
        return found

    def leaves(self, area: str) -> tuple[str, ...]:
        return self._leaves[area]

    def siblings(self, area: str) -> tuple[str, ...]:
        if area == self.root:
            return ()
        return tuple(a for a in self.children[self.parent[area]] if a != area)

    def depth(self, area: str) -> int:
        return len(self.path(area)) - 1


@dataclass(frozen=True)
class AtomSpace:
    """One measure's atoms. ``derived`` maps an attribute to the attribute it follows from and
    how (a charge's law from its offence code)."""

    measure: str
    attributes: tuple[str, ...]
    counts: Mapping[AtomKey, int]
    derived: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)

    def column(self, atom: AtomKey, breakdown: tuple[str, ...]) -> Column:
        plan = self._plans.get(breakdown)
        if plan is None:
            plan = self._plans[breakdown] = self._plan(breakdown)
        month, values = atom[1], atom[2]
        return tuple(
            month
            if index < 0
            else (values[index] if mapping is None else mapping.get(values[index], "none"))
            for index, mapping in plan
        )

    def _plan(self, breakdown: tuple[str, ...]) -> tuple[tuple[int, Mapping[str, str] | None], ...]:
        """How to read each part of a column from an atom: (-1: the month | index, mapping)."""
        plan: list[tuple[int, Mapping[str, str] | None]] = []
        for name in breakdown:
            if name == "month":
                plan.append((-1, None))
            elif name in self.derived:
                base, mapping = self.derived[name]
                plan.append((self.attributes.index(base), mapping))
            else:
                plan.append((self.attributes.index(name), None))
        return tuple(plan)

    @cached_property
    def _plans(self) -> dict[tuple[str, ...], tuple]:
        return {}

    def atoms_by_cell(self, breakdown: tuple[str, ...]) -> dict[tuple[str, Column], list[AtomKey]]:
        """Atoms (with units) by district and column of a breakdown, newest month and largest
        count first: where a possible world finds units to move."""
        cache = self._by_cell
        if breakdown not in cache:
            found: dict[tuple[str, Column], list[AtomKey]] = defaultdict(list)
            order = sorted(self.counts, key=lambda a: (a[1], self.counts[a], a), reverse=True)
            for atom in order:
                if self.counts[atom] > 0:
                    found[atom[0], self.column(atom, breakdown)].append(atom)
            cache[breakdown] = dict(found)
        return cache[breakdown]

    @cached_property
    def _by_cell(self) -> dict[tuple[str, ...], dict[tuple[str, Column], list[AtomKey]]]:
        return {}

    def with_column(self, atom: AtomKey, breakdown: tuple[str, ...], column: Column) -> AtomKey:
        """The same atom with the breakdown's attributes set to ``column`` (derived attributes are
        reached through the attribute they follow from)."""
        district, month, values = atom
        changed = list(values)
        for name, value in zip(breakdown, column, strict=True):
            if name == "month":
                month = value
            elif name in self.derived:
                base, mapping = self.derived[name]
                index = self.attributes.index(base)
                if mapping.get(changed[index]) != value:
                    choices = sorted(code for code, law in mapping.items() if law == value)
                    if not choices:
                        return atom
                    changed[index] = choices[0]
            else:
                changed[self.attributes.index(name)] = value
        return district, month, tuple(changed)


class TableSpec(NamedTuple):
    """A table of a measure (a tuple, so cells hash fast)."""

    measure: str
    breakdown: tuple[str, ...]  # () is the measure's totals, shared by all its tables


CellKey = tuple[str, TableSpec, str, Column]  # release, table, area, column


@dataclass(frozen=True)
class ReleaseSpec:
    """What a release publishes: its months ("end:2026-10" for states at the period's end) and,
    per table, the columns in order."""

    key: str
    months: frozenset[str]
    columns: Mapping[TableSpec, tuple[Column, ...]]

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        return tuple(self.columns)

    @cached_property
    def _by_measure(self) -> dict[str, tuple[TableSpec, ...]]:
        found: dict[str, list[TableSpec]] = defaultdict(list)
        for spec in self.columns:
            found[spec.measure].append(spec)
        return {measure: tuple(specs) for measure, specs in found.items()}

    def tables_of(self, measure: str) -> tuple[TableSpec, ...]:
        return self._by_measure.get(measure, ())

    @cached_property
    def coarser(self) -> dict[TableSpec, tuple[TableSpec, ...]]:
        """For each table, the tables of the same measure whose breakdown is a strict part of
        its own (law is coarser than law x outcome)."""
        return {
            spec: tuple(
                other
                for other in self.tables_of(spec.measure)
                if other.breakdown and set(other.breakdown) < set(spec.breakdown)
            )
            for spec in self.columns
        }


def atom_cells(
    geography: Geography, space: AtomSpace, release: ReleaseSpec, atom: AtomKey
) -> Iterator[CellKey]:
    """Every cell of the release that counts this atom."""
    if atom[1] not in release.months:
        return
    areas = geography.path(atom[0])
    for spec in release.tables_of(space.measure):
        column = space.column(atom, spec.breakdown)
        for area in areas:
            yield release.key, spec, area, column


def table_values(
    geography: Geography, spaces: Iterable[AtomSpace], release: ReleaseSpec
) -> dict[CellKey, int]:
    """Every cell of the release, zeros included, summed from the atoms."""
    areas = geography.areas_top_down()
    values: dict[CellKey, int] = {
        (release.key, spec, area, column): 0
        for spec, columns in release.columns.items()
        for area in areas
        for column in columns
    }
    for space in spaces:
        for atom, count in space.counts.items():
            for cell in atom_cells(geography, space, release, atom):
                values[cell] = values.get(cell, 0) + count
    return values
