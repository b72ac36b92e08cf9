"""Rebuild the district shapes of the public figures map (``geo/data/pk_districts_map.json``)
from the district boundaries (``geo/data/pk_districts.geojson``, OCHA/WFP, CC BY-IGO 3.0).

Run once when the boundaries change: ``.venv/bin/python scripts/build_figures_map.py``.
The output is committed, so pages never simplify anything at request time.

* Projection: longitude scaled by the cosine of Pakistan's middle latitude (equirectangular), y
  pointing down, fitted to a width of 1,000 units; coordinates are whole units.
* Simplification: ``shapely.coverage_simplify`` simplifies the districts together, so two
  neighbours keep one shared border (no gaps or overlaps), then tiny islands are dropped.
* Paths: SVG path data with relative moves (``m``/``l``, whole numbers), the shortest form a
  browser draws without help; each district keeps its box, so a province's map is fitted to its
  own districts.

Its size is what keeps a figures page under 100 KB (tests/test_figures_map.py checks the weight).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

DATA = Path(__file__).resolve().parent.parent / "src" / "nigraan" / "geo" / "data"
SOURCE = DATA / "pk_districts.geojson"
TARGET = DATA / "pk_districts_map.json"
WIDTH = 1000
TOLERANCE = 0.04  # degrees (about 4 km): ~2.8 units at this width, 1 px on a phone
SMALLEST = 4.0  # square units: islands smaller than this are not drawn


def _rings(geometry: Polygon | MultiPolygon) -> list[list[tuple[float, float]]]:
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    return [list(p.exterior.coords) for p in polygons] + [
        list(ring.coords) for p in polygons for ring in p.interiors
    ]


def _path(rings: list[list[tuple[int, int]]]) -> str:
    parts, x0, y0 = [], 0, 0
    for ring in rings:
        points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if points and points[0] == points[-1]:
            points = points[:-1]
        if len(points) < 3:
            continue
        (x, y), rest = points[0], points[1:]
        moves = [f"m{x - x0} {y - y0}"]
        for px, py in rest:
            moves.append(f"{px - x} {py - y}")
            x, y = px, py
        parts.append(moves[0] + "l" + " ".join(moves[1:]).replace(" -", "-") + "z")
        x0, y0 = points[0]
    return "".join(parts)


def build() -> dict:
    features = json.loads(SOURCE.read_text(encoding="utf-8"))["features"]
    features = [f for f in features if f["properties"].get("ADM2_PCODE")]
    geometries = [shape(f["geometry"]) for f in features]
    west, south, east, north = shapely.total_bounds(geometries)
    scale_x = math.cos(math.radians((south + north) / 2))
    unit = WIDTH / ((east - west) * scale_x)
    height = round((north - south) * unit)
    simplified = shapely.coverage_simplify(geometries, TOLERANCE, simplify_boundary=True)
    districts = {}
    for feature, geometry in zip(features, simplified, strict=True):
        props = feature["properties"]
        rings = []
        for ring in _rings(geometry):
            projected = [
                (round((lon - west) * scale_x * unit), round((north - lat) * unit))
                for lon, lat in ring
            ]
            if len(projected) >= 4 and Polygon(projected).area >= SMALLEST:
                rings.append(projected)
        if not rings:  # too small at this scale: keep its simplified outline anyway
            rings = [
                [
                    (round((x - west) * scale_x * unit), round((north - y) * unit))
                    for x, y in geometry.envelope.exterior.coords
                ]
            ]
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        districts[props["ADM2_PCODE"]] = {
            "province": props["ADM1_PCODE"],
            "box": [min(xs), min(ys), max(xs), max(ys)],
            "d": _path(rings),
        }
    return {
        "source": "pk_districts.geojson (OCHA/WFP COD-AB Pakistan, CC BY-IGO 3.0), simplified by "
        "scripts/build_figures_map.py",
        "width": WIDTH,
        "height": height,
        "districts": dict(sorted(districts.items())),
    }


def main() -> int:
    document = build()
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    TARGET.write_text(text + "\n", encoding="utf-8")
    print(f"{TARGET.name}: {len(document['districts'])} districts, {len(text):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
