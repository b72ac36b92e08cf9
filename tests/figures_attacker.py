"""An attacker for the disclosure tests, written apart from the protection code: it sees only the
published figures (each cell's label and, when shown, its value) and knows the method, and asks
an integer-programming solver (scipy's HiGHS) for the smallest and largest value each hidden small
count can take in any ledger consistent with all of them.

Unknowns are the counts of every possible atom (each district x month x combination of attribute
values), not only the hidden cells: so subtraction within a table, between an area and its
parts, between tables of one measure and between overlapping releases are all covered, and so
are the bounds the labels give (a "fewer than 5" cell is 1..4, a withheld one at least 5)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from nigraan.stats.cells import AtomSpace, CellKey, Geography, ReleaseSpec, atom_cells

BIG = 10**6


def label_bounds(status: str, value: int, threshold: int) -> tuple[float, float] | None:
    """What the label says, as the public reads it (docs/figures.md)."""
    return {
        "shown": (value, value),
        "small": (1, threshold),
        "under_small": (0, threshold),
        "withheld": (threshold + 1, BIG),
    }.get(status)


def possible_atoms(
    geography: Geography, space: AtomSpace, months: Sequence[str], universe: Mapping[str, list]
) -> list:
    districts = sorted(a for a in geography.parent if a not in geography.children)
    combos = itertools.product(*(universe[name] for name in space.attributes))
    combos = list(combos)
    return [(d, m, tuple(c)) for d in districts for m in months for c in combos]


def intervals(
    geography: Geography,
    space: AtomSpace,
    releases: Sequence[ReleaseSpec],
    published: Mapping[CellKey, tuple[str, int | None]],
    universe: Mapping[str, list],
    threshold: int,
    targets: Sequence[CellKey],
) -> dict[CellKey, tuple[int, int]]:
    """For each target cell, the (smallest, largest) value consistent with ``published`` (cell ->
    (label, value shown or None))."""
    months = sorted({m for release in releases for m in release.months})
    atoms = possible_atoms(geography, space, months, universe)
    rows: dict[CellKey, int] = {}
    entries: list[tuple[int, int]] = []
    for column, atom in enumerate(atoms):
        for release in releases:
            for cell in atom_cells(geography, space, release, atom):
                entries.append((rows.setdefault(cell, len(rows)), column))
    matrix = lil_matrix((len(rows), len(atoms)))
    for row, column in entries:
        matrix[row, column] = 1
    low = np.full(len(rows), -np.inf)
    high = np.full(len(rows), np.inf)
    for cell, row in rows.items():
        label, value = published[cell]
        limits = label_bounds(label, value or 0, threshold)
        if limits is not None:
            low[row], high[row] = limits
    compressed = matrix.tocsr()
    constraint = LinearConstraint(compressed, low, high)
    found = {}
    for target in targets:
        target_row = compressed[rows[target]].toarray().ravel()
        ends = []
        for sign in (1, -1):
            result = milp(
                sign * target_row,
                constraints=constraint,
                integrality=np.ones(len(atoms)),
                bounds=Bounds(0, BIG),
            )
            assert result.success, f"the published figures have no consistent ledger: {result}"
            ends.append(round(sign * result.fun))
        found[target] = (ends[0], ends[1])
    return found
