"""Distances, the alert circle as a polygon, and the districts a circle touches.

Distances are great-circle distances on H3's mean Earth radius. District boundaries come from
Nigraan's geography (``geo.District.boundary``: OCHA/WFP COD-AB, simplified), indexed once per
process with Shapely's STR-tree. Pakistan lies far from the anti-meridian and the poles, so a
polygon in longitude/latitude degrees is a faithful stand-in for the circle at these sizes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import h3
import shapely
from shapely.geometry import Point, Polygon, shape
from shapely.strtree import STRtree

from nigraan.alerts.content import Circle
from nigraan.geo.models import District

EARTH_RADIUS_KM = 6371.007180918475  # H3's mean radius, so our distances agree with h3's


class GeographyMissing(RuntimeError):
    """No district boundaries are loaded (run `nigraan init`)."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(h3.great_circle_distance((lat1, lon1), (lat2, lon2), unit="km"))


def destination(lat: float, lon: float, bearing_rad: float, km: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along the bearing (great circle)."""
    angle = km / EARTH_RADIUS_KM
    phi, lam = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(bearing_rad)
    )
    lam2 = lam + math.atan2(
        math.sin(bearing_rad) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540.0) % 360.0 - 180.0


def geodesic_ring(lat: float, lon: float, km: float, vertices: int) -> list[tuple[float, float]]:
    """A closed ring of (lat, lon) points ``km`` from the centre, clockwise from north (CAP's
    polygon order is free; the first point is repeated at the end)."""
    ring = [destination(lat, lon, 2 * math.pi * i / vertices, km) for i in range(vertices)]
    return [*ring, ring[0]]


def circle_polygon(circle: Circle, vertices: int = 36) -> tuple[tuple[float, float], ...]:
    """The circle as a CAP polygon (for readers that take polygons only), rounded to the six
    decimals Google's CAP profile allows."""
    ring = geodesic_ring(circle.lat, circle.lon, circle.radius_km, vertices)
    return tuple((round(lat, 6), round(lon, 6)) for lat, lon in ring)


@dataclass(frozen=True)
class _DistrictIndex:
    codes: tuple[str, ...]
    tree: STRtree


@lru_cache(maxsize=1)
def _district_index() -> _DistrictIndex:
    rows = list(District.objects.exclude(boundary="").values_list("code", "boundary"))
    if not rows:
        raise GeographyMissing("no district boundaries are loaded: run `nigraan init`")
    shapes = [shape(json.loads(boundary)) for _code, boundary in rows]
    for geometry in shapes:
        shapely.prepare(geometry)
    return _DistrictIndex(codes=tuple(code for code, _ in rows), tree=STRtree(shapes))


def districts_touching(circle: Circle) -> tuple[str, ...]:
    """P-codes of the districts the circle reaches into, sorted."""
    ring = geodesic_ring(circle.lat, circle.lon, circle.radius_km, 72)
    disc = Polygon([(lon, lat) for lat, lon in ring])
    index = _district_index()
    found = index.tree.query(disc, predicate="intersects")
    return tuple(sorted(index.codes[i] for i in found))


def district_at(lat: float, lon: float) -> str | None:
    """The P-code of the district containing the point, or None (outside Pakistan's districts,
    or in a gap of the simplified boundaries)."""
    index = _district_index()
    found = index.tree.query(Point(lon, lat), predicate="intersects")
    codes = sorted(index.codes[i] for i in found)
    return codes[0] if codes else None
