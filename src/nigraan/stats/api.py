"""The published figures as JSON (``/api/v1/figures/…``): the releases, and a release's tables
for one area (and one measure), with exactly the disclosure-controlled cells of the CSV — a shown
number, or the status that hides it. Only stored releases are read (``stats/reading.py``): no
live counting, no case-level row."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router
from pydantic import BaseModel, Field

from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.stats.measures import current_figures
from nigraan.stats.models import PublishedRelease
from nigraan.stats.reading import ROOT, StoredRelease

router = Router(tags=["Public figures"])

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
AREA = r"^PK[0-9]{0,6}\??$"
MEASURE = r"^[a-z][a-z0-9_]{1,40}$"
Status = Literal["shown", "small", "under_small", "withheld", "not_published"]


class ReleaseOut(BaseModel):
    period: str = Field(description="month:YYYY-MM or rolling:YYYY-MM (12 months ending then)")
    kind: Literal["month", "rolling"]
    month: str
    version: int
    computed_at: str
    sha256: str = Field(description="SHA-256 of the stored release (figures.json)")
    ledger_chain: Literal["FIGURES"]
    ledger_seq: int
    ledger_hash: str
    correction_note: str
    threshold: int = Field(description="counts 1 to threshold are shown as status 'small'")


class Releases(BaseModel):
    releases: list[ReleaseOut]


class CellOut(BaseModel):
    group: list[str] = Field(description="the breakdown's values; empty for the total")
    value: int | None = Field(description="the count, only when status is 'shown'")
    status: Status


class TableOut(BaseModel):
    measure: str
    breakdown: list[str] = Field(description="attributes broken down by; empty: the total")
    cells: list[CellOut]


class MedianOut(BaseModel):
    measure: str
    breakdown: list[str]
    group: list[str]
    days: int


class AreaTables(BaseModel):
    release: ReleaseOut
    area: str
    parent: str | None
    children: list[str]
    tables: list[TableOut]
    medians: list[MedianOut] = Field(description="only the medians that are shown")


class MeasureOut(BaseModel):
    id: str
    title: str
    title_ur: str
    definition: str
    definition_ur: str
    unit: str
    breakdowns: list[list[str]]


class Measures(BaseModel):
    measures: list[MeasureOut]


def _release_json(row: PublishedRelease, threshold: int) -> dict[str, Any]:
    return {
        "period": row.period,
        "kind": row.kind,
        "month": row.month,
        "version": row.version,
        "computed_at": row.computed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sha256": row.sha256,
        "ledger_chain": "FIGURES",
        "ledger_seq": row.ledger_seq,
        "ledger_hash": row.ledger_hash,
        "correction_note": row.correction_note,
        "threshold": threshold,
    }


@router.get("/releases", response={200: Releases, **errors_for(405)})
def releases(request: HttpRequest) -> dict[str, Any]:
    """Every published release, every version, newest first."""
    rows = PublishedRelease.objects.order_by("-computed_at", "-version")
    return {"releases": [_release_json(r, StoredRelease(r).threshold) for r in rows]}


@router.get("/measures", response={200: Measures, **errors_for(405)})
def measures(request: HttpRequest) -> dict[str, Any]:
    """The measures (rules/figures.yaml): what each counts, its unit and breakdowns."""
    return {
        "measures": [
            {
                "id": m.id,
                "title": m.title,
                "title_ur": m.title_ur,
                "definition": m.definition,
                "definition_ur": m.definition_ur,
                "unit": m.unit,
                "breakdowns": [list(b) for b in m.breakdowns],
            }
            for m in current_figures().measures
        ]
    }


class TablesQuery(BaseModel):
    area: Annotated[str, Field(pattern=AREA, max_length=10, description="PK, a P-code")] = ROOT
    measure: Annotated[str, Field(pattern=MEASURE, description="one measure's id")] | None = None


def _tables(release: StoredRelease, area: str, measure: str | None) -> list[dict[str, Any]]:
    found = []
    for table in release.document["tables"]:
        if measure is not None and table["measure"] != measure:
            continue
        cells = table["cells"].get(area)
        if cells is None:
            continue
        found.append(
            {
                "measure": table["measure"],
                "breakdown": table["breakdown"],
                "cells": [
                    {
                        "group": column,
                        "value": cell if isinstance(cell, int) else None,
                        "status": "shown" if isinstance(cell, int) else cell,
                    }
                    for column, cell in zip(table["columns"], cells, strict=True)
                ],
            }
        )
    return found


@router.get(
    "/releases/{kind}/{month}/{version}/tables",
    response={200: AreaTables, **errors_for(400, 404, 405)},
)
def tables(
    request: HttpRequest,
    kind: Literal["month", "rolling"],
    month: Annotated[str, Path(pattern=MONTH)],
    version: Annotated[int, Path(ge=1, le=2**31 - 1)],
    query: Query[TablesQuery],
) -> dict[str, Any]:
    """A release's tables for one area (national PK by default), optionally one measure: each
    cell a shown number or the status that hides it, as in the release's CSV."""
    row = PublishedRelease.objects.filter(period=f"{kind}:{month}", version=version).first()
    if row is None:
        raise ApiRefusal(404, "no such release")
    release = StoredRelease(row)
    if not release.has_area(query.area):
        raise ApiRefusal(404, "no such area in this release")
    known = {m.id for m in current_figures().measures}
    if query.measure is not None and query.measure not in known:
        raise ApiRefusal(404, "no such measure")
    medians = [
        {k: m[k] for k in ("measure", "breakdown", "days")} | {"group": m["column"]}
        for m in release.document["medians"]
        if m["area"] == query.area and query.measure in (None, m["measure"])
    ]
    return {
        "release": _release_json(row, release.threshold),
        "area": query.area,
        "parent": release.parent(query.area),
        "children": release.children(query.area),
        "tables": _tables(release, query.area, query.measure),
        "medians": medians,
    }
