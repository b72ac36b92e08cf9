"""A published release as open data: a CSV with an HXL hashtag row (and the same rows as
Parquet), the stored JSON itself (the
exact bytes whose SHA-256 is in the ledger), and a Frictionless Data Package describing both.

Only the release's aggregate cells are written, never a case: every row is one cell of one
table (or one median) for one area."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings

from nigraan.geo.models import District, Province
from nigraan.stats.models import PublishedRelease

COLUMNS = (
    "period",
    "measure",
    "breakdown",
    "group",
    "area_code",
    "area_name",
    "area_level",
    "value",
    "status",
)
HXL = (
    "#date+period",
    "#indicator+code",
    "#meta+breakdown",
    "#meta+group",
    "#loc+code",
    "#loc+name",
    "#loc+type",
    "#indicator+num",
    "#status",
)
DESCRIPTIONS = {
    "period": "month:YYYY-MM (one calendar month) or rolling:YYYY-MM (12 months ending then)",
    "measure": "the measure's id (rules/figures.yaml; its definition is on the figures pages)",
    "breakdown": "the attributes the table is broken down by, joined with '+'; empty: the total",
    "group": "the values of those attributes for this row, joined with '+'; empty: the total",
    "area_code": "PK (national), a province or a district P-code; '?' ends an unrecorded place",
    "area_name": "the area's English name",
    "area_level": "national, province or district",
    "value": "the count (or median days), only when status is 'shown'",
    "status": (
        "shown; small (1 to the threshold: 'fewer than threshold+1'); under_small (part of a "
        "small count, not shown); withheld (hidden so a small count cannot be worked out); "
        "not_published (the whole table)"
    ),
}
SLUG_SEPARATOR = "+"


def area_names() -> dict[str, str]:
    names = {"PK": "Pakistan"}
    names.update(Province.objects.values_list("code", "name_en"))
    names.update(District.objects.values_list("code", "name_en"))
    return names


def _level(document: Mapping[str, Any], area: str) -> str:
    parent = document["areas"].get(area)
    if parent is None:
        return "national"
    return "province" if document["areas"].get(parent) is None else "district"


def csv_rows(document: Mapping[str, Any], names: Mapping[str, str]) -> Iterator[tuple]:
    """One row per cell (count tables), then one per shown median."""
    period = document["period"]
    for table in document["tables"]:
        breakdown = SLUG_SEPARATOR.join(table["breakdown"])
        for area, cells in table["cells"].items():
            name, level = names.get(area, ""), _level(document, area)
            for column, cell in zip(table["columns"], cells, strict=True):
                shown = isinstance(cell, int)
                yield (
                    period,
                    table["measure"],
                    breakdown,
                    SLUG_SEPARATOR.join(column),
                    area,
                    name,
                    level,
                    cell if shown else "",
                    "shown" if shown else cell,
                )
    for median in document["medians"]:
        area = median["area"]
        yield (
            period,
            median["measure"],
            SLUG_SEPARATOR.join(median["breakdown"]),
            SLUG_SEPARATOR.join(median["column"]),
            area,
            names.get(area, ""),
            _level(document, area),
            median["days"],
            "shown",
        )


def release_csv(document: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(HXL)
    writer.writerows(csv_rows(document, area_names()))
    return out.getvalue()


def release_parquet(document: Mapping[str, Any]) -> bytes:
    """The CSV's rows as Parquet (no HXL row: the tags are in the Data Package); value is a
    nullable integer, everything else text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(csv_rows(document, area_names()))
    columns = {
        name: [None if row[i] == "" else row[i] for row in rows]
        if name == "value"
        else [str(row[i]) for row in rows]
        for i, name in enumerate(COLUMNS)
    }
    schema = pa.schema([(name, pa.int64() if name == "value" else pa.string()) for name in COLUMNS])
    out = pa.BufferOutputStream()
    pq.write_table(pa.table(columns, schema=schema), out, compression="zstd")
    return bytes(out.getvalue().to_pybytes())


def _schema() -> dict[str, Any]:
    types = {"value": "integer"}
    return {
        "fields": [
            {
                "name": name,
                "type": types.get(name, "string"),
                "description": DESCRIPTIONS[name],
                "hxl": tag,
            }
            for name, tag in zip(COLUMNS, HXL, strict=True)
        ],
        "missingValues": [""],
    }


def datapackage(
    row: PublishedRelease, measures: list[dict[str, str]], base_url: str
) -> dict[str, Any]:
    """The Frictionless Data Package (v1 descriptor) of a release: its two files, the CSV's data
    dictionary, the measures' definitions, the licence and the ledger record of its hash."""
    name = f"nigraan-figures-{row.period.replace(':', '-')}-v{row.version}"
    schema = _schema()
    return {
        "profile": "data-package",
        "name": name,
        "title": f"Nigraan public figures, {row.period} (version {row.version})",
        "version": str(row.version),
        "created": row.computed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [dict(settings.NIGRAAN_FIGURES_LICENCE)],
        "description": (
            "Reported cases and what officials recorded about them, per area and breakdown, "
            "with disclosure control. Reported is not prevalence: most abuse is never reported."
        ),
        "resources": [
            {
                "name": "figures-csv",
                "path": f"{base_url}figures.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"header": True, "headerRows": [1], "commentRows": [2]},
                "schema": schema,
            },
            {
                "name": "figures-parquet",
                "path": f"{base_url}figures.parquet",
                "profile": "tabular-data-resource",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "schema": schema,
            },
            {
                "name": "figures-json",
                "path": f"{base_url}figures.json",
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "hash": f"sha256:{row.sha256}",
                "description": "the release exactly as stored and hashed",
            },
        ],
        "measures": measures,
        "nigraan": {
            "period": row.period,
            "version": row.version,
            "sha256": row.sha256,
            "ledger_chain": "FIGURES",
            "ledger_seq": row.ledger_seq,
            "ledger_hash": row.ledger_hash,
            "correction_note": row.correction_note,
        },
    }
