"""The districts map of the public figures pages: server-rendered SVG, no JavaScript.

The shapes are precomputed (``geo/data/pk_districts_map.json``, rebuilt by
``scripts/build_figures_map.py`` from the OCHA/WFP boundaries), so a page only picks the districts
of its area and colours each by one measure of the release. A district's colour says what the
release says and nothing more: a number falls in one of a few classes; "fewer than 5", "withheld"
or "not shown" and "not published" each have their own pattern, never a number's colour, so a
suppressed cell cannot be read off the map as a small number."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nigraan.stats.labels import cell_text
from nigraan.stats.reading import ROOT, Cell, StoredRelease

SHAPES = Path(__file__).resolve().parent.parent / "geo" / "data" / "pk_districts_map.json"
CLASSES = 4  # colours for numbers, lightest to darkest
# Fills as SVG presentation attributes (the pages' Content-Security-Policy allows no inline style):
# four blues for numbers (ColorBrewer Blues), pale grey for zero, and patterns (the map's <defs>)
# for what is not a number, so no status can pass for a small number.
FILLS = {
    "m-c1": "#c6dbef",
    "m-c2": "#6baed6",
    "m-c3": "#2171b5",
    "m-c4": "#08306b",
    "m-zero": "#e4e4e0",
    "m-small": "url(#m-hatch)",
    "m-withheld": "url(#m-dots)",
    "m-none": "url(#m-cross)",
}
MARGIN = 6  # map units around a province's districts

# What a map can be coloured by: the "By area" table's columns, so the table beside the map
# holds the same figures.
MAP_MEASURES: dict[str, tuple[Any, str, tuple[str, ...], str]] = {
    "reports": (gettext_lazy("Reports received"), "reports_received", (), ""),
    "firs": (gettext_lazy("FIRs registered"), "police_response", ("response",), "fir_registered"),
    "refused": (gettext_lazy("FIRs refused"), "police_response", ("response",), "fir_refused"),
    "outcomes": (gettext_lazy("Outcomes (accused persons)"), "outcomes", (), ""),
}
DEFAULT_MAP = "reports"


@dataclass(frozen=True)
class Shape:
    province: str
    box: tuple[int, int, int, int]
    d: str


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    return dict(json.loads(SHAPES.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shapes() -> dict[str, Shape]:
    return {
        code: Shape(item["province"], tuple(item["box"]), item["d"])
        for code, item in _document()["districts"].items()
    }


def map_cell(release: StoredRelease, key: str, area: str) -> Cell | None:
    """The cell a map colours an area by (a district's, or a province's for the table)."""
    _, measure, breakdown, value = MAP_MEASURES[key]
    if not breakdown:
        return release.total(measure, area)
    return release.cell(measure, breakdown, area, value)


def class_bounds(values: list[int]) -> list[tuple[int, int]]:
    """Up to ``CLASSES`` ranges of the shown positive numbers, split at their quartiles, each
    range holding at least one of them."""
    found = sorted(v for v in values if v > 0)
    if not found:
        return []
    uppers = sorted(
        {found[min(len(found) - 1, (len(found) * k) // CLASSES)] for k in range(1, CLASSES)}
        | {found[-1]}
    )
    bounds, low = [], found[0]
    for upper in uppers:
        if upper >= low:
            bounds.append((low, upper))
            low = upper + 1
    return bounds


def _shade(index: int, count: int) -> str:
    """The colour of class ``index`` (0-based) of ``count``: spread over the palette, so that
    one class alone is a middle blue, not the palest."""
    if count == 1:
        return f"m-c{CLASSES - 1}"
    return f"m-c{1 + round(index * (CLASSES - 1) / (count - 1))}"


def _css_class(cell: Cell | None, bounds: list[tuple[int, int]]) -> str:
    if isinstance(cell, int):
        if cell == 0:
            return "m-zero"
        for index, (low, high) in enumerate(bounds):
            if low <= cell <= high:
                return _shade(index, len(bounds))
        return _shade(len(bounds) - 1, len(bounds))
    if cell == "small":
        return "m-small"
    if cell in ("withheld", "under_small"):
        return "m-withheld"
    return "m-none"


def _legend(bounds: list[tuple[int, int]], present: set[str], threshold: int) -> list[dict]:
    entries = [
        {
            "fill": FILLS[_shade(index, len(bounds))],
            "text": f"{low:,}" if low == high else f"{low:,}–{high:,}",
        }
        for index, (low, high) in enumerate(bounds)
    ]
    statuses = [
        ("m-zero", "0"),
        ("m-small", cell_text("small", threshold)),
        ("m-withheld", _("withheld or not shown")),
        ("m-none", _("not published")),
    ]
    entries += [
        {"fill": FILLS[css].replace("#m-", "#l-"), "text": text}  # the legend's own patterns
        for css, text in statuses
        if css in present
    ]
    return entries


def _view_box(codes: list[str], national: bool) -> tuple[int, int, int, int]:
    if national:
        return 0, 0, int(_document()["width"]), int(_document()["height"])
    found = shapes()
    x0 = min(found[c].box[0] for c in codes) - MARGIN
    y0 = min(found[c].box[1] for c in codes) - MARGIN
    x1 = max(found[c].box[2] for c in codes) + MARGIN
    y1 = max(found[c].box[3] for c in codes) + MARGIN
    return x0, y0, x1 - x0, y1 - y0


def district_map(
    release: StoredRelease, area: str, key: str, names: dict[str, str], link: str
) -> dict | None:
    """The map of a national or provincial page: its districts, coloured by ``key``'s cells,
    each a link (``link`` + code + "/") named by its title. None for a district's page."""
    found = shapes()
    provinces = release.children(ROOT) if area == ROOT else [area]
    codes = [code for province in provinces for code in release.children(province) if code in found]
    if not codes or (area != ROOT and release.parent(area) != ROOT):
        return None
    cells = {code: map_cell(release, key, code) for code in codes}
    bounds = class_bounds([c for c in cells.values() if isinstance(c, int)])
    threshold = release.threshold
    districts = []
    for code in codes:
        cell = cells[code]
        text = f"{cell:,}" if isinstance(cell, int) else cell_text(cell or "", threshold)
        css = _css_class(cell, bounds)
        districts.append(
            {
                "code": code,
                "d": found[code].d,
                "css": css,
                "fill": FILLS[css],
                "name": names.get(code, code),
                "text": text,
                "href": f"{link}{code}/",
            }
        )
    present = {d["css"] for d in districts}
    box = _view_box(codes, area == ROOT)
    return {
        "key": key,
        "title": MAP_MEASURES[key][0],
        "view_box": " ".join(str(n) for n in box),
        # patterns drawn about 5 px apart on a phone whatever the area's size
        "pattern_scale": f"{max(box[2], box[3]) / 400:.2f}",
        "districts": districts,
        "legend": _legend(bounds, present, threshold),
        "choices": [(k, label) for k, (label, *_rest) in MAP_MEASURES.items()],
    }


def chosen_map(value: str | None) -> str:
    """The measure asked for in ``?map=``; the default for anything else."""
    return value if value in MAP_MEASURES else DEFAULT_MAP
