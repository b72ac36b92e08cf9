"""Load Pakistan's provinces, districts and tehsils from the files in ``geo/data``. Idempotent."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from nigraan.geo.models import District, Province, Tehsil

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadSummary:
    provinces: int
    districts: int
    tehsils: int
    boundaries: int

    def __str__(self) -> str:
        return (
            f"{self.provinces} provinces/territories, {self.districts} districts "
            f"({self.boundaries} with boundaries), {self.tehsils} tehsils"
        )


def _float(value: str) -> float | None:
    return float(value) if value else None


def _boundaries() -> dict[str, str]:
    features = json.loads((DATA / "pk_districts.geojson").read_text(encoding="utf-8"))["features"]
    return {
        f["properties"]["ADM2_PCODE"]: json.dumps(f["geometry"], separators=(",", ":"))
        for f in features
        if f["properties"].get("ADM2_PCODE")
    }


@transaction.atomic
def load_geography() -> LoadSummary:
    with open(DATA / "pk_divisions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    boundaries = _boundaries()
    for row in rows:
        if row["level"] == "1":
            Province.objects.update_or_create(
                code=row["id"],
                defaults={
                    "name_en": row["name.en"],
                    "name_ur": row["name.local"],
                    "lat": _float(row["geo.lat"]),
                    "lon": _float(row["geo.lon"]),
                },
            )
    for row in rows:
        if row["level"] == "2":
            District.objects.update_or_create(
                code=row["id"],
                defaults={
                    "province_id": row["parent.id"],
                    "name_en": row["name.en"],
                    "name_ur": row["name.local"],
                    "slug": slugify(row["name.en"]),
                    "lat": _float(row["geo.lat"]),
                    "lon": _float(row["geo.lon"]),
                    "zip_code": row["zip_codes"],
                    "boundary": boundaries.get(row["id"], ""),
                },
            )
    with open(DATA / "pk_admin_codes.csv", encoding="utf-8", newline="") as handle:
        tehsils = {row["Tehsil_Code"]: row for row in csv.DictReader(handle)}
    existing = set(Tehsil.objects.values_list("code", flat=True))
    Tehsil.objects.bulk_create(
        [
            Tehsil(code=code, district_id=row["District_Code"], name_en=row["Tehsil"])
            for code, row in tehsils.items()
            if code not in existing
        ]
    )
    for tehsil in Tehsil.objects.filter(code__in=existing):
        listed = tehsils.get(tehsil.code)
        if not listed:
            continue
        name, district = listed["Tehsil"], listed["District_Code"]
        if (tehsil.name_en, tehsil.district_id) != (name, district):
            tehsil.name_en, tehsil.district_id = name, district
            tehsil.save(update_fields=["name_en", "district"])
    return LoadSummary(
        provinces=Province.objects.count(),
        districts=District.objects.count(),
        tehsils=Tehsil.objects.count(),
        boundaries=District.objects.exclude(boundary="").count(),
    )
