"""H3 cells for subscribers, and the cell ranges that cover an alert circle.

A subscriber's place is kept as one H3 cell at resolution 9 (about 0.1 km², edges about 200 m):
fine enough that "inside the circle" is decided to within a street or two, coarse enough that no
door is recorded. No latitude or longitude is stored.

H3 writes a cell's resolution and its path from a base cell as 3-bit digits, most significant
first, and fills the unused digits with 7. So, among resolution-9 cells, the descendants of any
coarser cell are exactly the integers between two bounds (digits below the parent's resolution all
0, and all 7). A circle is covered by cells at a coarser "covering" resolution, compacted, and
turned into such integer ranges, which the database answers from its ordinary b-tree index on
the cell column (``cell BETWEEN lo AND hi OR ...``). The exact distance filter then keeps the
candidates whose cell centre is within the radius. docs/alerts.md has the figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import h3
from h3.api import basic_int as h3int

from nigraan.alerts.content import Circle
from nigraan.alerts.geometry import distance_km, geodesic_ring

STORAGE_RESOLUTION = 9
# The radius spans at most this many edge lengths of the covering cells: about 100-150 ranges
# and 5-10% more candidate rows than subscribers inside (docs/alerts.md).
EDGES_PER_RADIUS = 45
COARSEST_COVERING = 4
# A resolution-9 cell's centre lies within 1.11 average edge lengths of the centre of its
# ancestor at resolutions 5-8 (measured over Pakistan; H3's hierarchy is not exactly nested).
# Covering cells are those whose centre is within radius + 1.5 edges, so no subscriber inside is
# missed (tests/test_alerts_targeting.py checks it on sampled points).
ANCESTOR_MARGIN = 1.5
_RING_VERTICES = 64
_DIGIT_BITS = 3
_MAX_RESOLUTION = 15


def subscriber_cell(lat: float, lon: float) -> int:
    """The resolution-9 cell a subscriber's place is kept as (a signed 64-bit value: H3's top
    bit is always 0)."""
    return int(h3int.latlng_to_cell(lat, lon, STORAGE_RESOLUTION))


def cell_centre(cell: int) -> tuple[float, float]:
    lat, lon = h3int.cell_to_latlng(cell)
    return float(lat), float(lon)


def covering_resolution(radius_km: float) -> int:
    for resolution in range(STORAGE_RESOLUTION - 1, COARSEST_COVERING - 1, -1):
        edge = h3.average_hexagon_edge_length(resolution, unit="km")
        if radius_km <= EDGES_PER_RADIUS * edge:
            return resolution
    return COARSEST_COVERING


def covering_cells(circle: Circle) -> list[int]:
    """Cells at the covering resolution whose descendants include every resolution-9 cell with
    its centre inside the circle (and some just outside)."""
    resolution = covering_resolution(circle.radius_km)
    margin = ANCESTOR_MARGIN * h3.average_hexagon_edge_length(resolution, unit="km")
    # The ring's vertices lie on a slightly larger circle, so its straight edges stay outside the
    # buffered circle (a circumscribed polygon).
    reach = (circle.radius_km + margin) / math.cos(math.pi / _RING_VERTICES)
    ring = geodesic_ring(circle.lat, circle.lon, reach, _RING_VERTICES)
    shape = h3.LatLngPoly(ring[:-1])
    return [int(cell) for cell in h3int.h3shape_to_cells(shape, resolution)]


def descendant_range(cell: int) -> tuple[int, int]:
    """The smallest and largest resolution-9 value below ``cell``."""
    resolution = h3int.get_resolution(cell)
    low = int(h3int.cell_to_center_child(cell, STORAGE_RESOLUTION))  # new digits all 0
    high = low
    for digit in range(resolution + 1, STORAGE_RESOLUTION + 1):
        high |= 0b111 << (_DIGIT_BITS * (_MAX_RESOLUTION - digit))
    return low, high


def cell_ranges(cells: Iterable[int]) -> list[tuple[int, int]]:
    """Compact the cells, turn each into its range of resolution-9 values, and merge ranges with
    no resolution-9 value between them."""
    step = 1 << (_DIGIT_BITS * (_MAX_RESOLUTION - STORAGE_RESOLUTION))
    ranges = sorted(descendant_range(int(cell)) for cell in h3int.compact_cells(list(cells)))
    merged: list[tuple[int, int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + step:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def circle_ranges(circle: Circle) -> list[tuple[int, int]]:
    return cell_ranges(covering_cells(circle))


def inside(circle: Circle, cell: int) -> bool:
    """The exact test: the cell's centre is within the radius (great-circle distance)."""
    lat, lon = cell_centre(cell)
    return distance_km(circle.lat, circle.lon, lat, lon) <= circle.radius_km
