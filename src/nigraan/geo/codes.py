"""Province and district codes (OCHA P-codes), read from the file the geography loader loads
(``geo/data/pk_divisions.csv``) without a database query. The report model's enums, its rule
that a district lies in the chosen province, and the OpenAPI document all come from this one
table, so the document cannot name a code the validator refuses or the other way round."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticKnownError
from typing_extensions import TypeAliasType

from nigraan.geo.load import DATA


@dataclass(frozen=True)
class Places:
    provinces: tuple[str, ...]
    province_of_district: dict[str, str]

    def districts_in(self, province: str) -> tuple[str, ...]:
        return tuple(d for d, p in self.province_of_district.items() if p == province)


@lru_cache(maxsize=1)
def places() -> Places:
    with open(DATA / "pk_divisions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    provinces = tuple(sorted(row["id"] for row in rows if row["level"] == "1"))
    districts = {row["id"]: row["parent.id"] for row in rows if row["level"] == "2"}
    return Places(provinces, dict(sorted(districts.items())))


def _in(codes: tuple[str, ...]) -> AfterValidator:
    accepted = frozenset(codes)

    def check(value: str) -> str:
        if value not in accepted:
            raise PydanticKnownError("enum", {"expected": "a code from the list"})
        return value

    return AfterValidator(check)


_provinces = ("", *places().provinces)
_districts = ("", *places().province_of_district)
ProvinceCode = TypeAliasType(
    "ProvinceCode",
    Annotated[
        str,
        _in(_provinces),
        WithJsonSchema(
            {
                "type": "string",
                "enum": list(_provinces),
                "description": "A province or territory (OCHA P-code); empty when not known.",
            }
        ),
    ],
)
DistrictCode = TypeAliasType(
    "DistrictCode",
    Annotated[
        str,
        _in(_districts),
        WithJsonSchema(
            {
                "type": "string",
                "enum": list(_districts),
                "description": "A district (OCHA P-code); empty when not known.",
            }
        ),
    ],
)
