"""Public JSON for Pakistan's geography and the gazetteer (``/api/v1/geo/…``), typed so the
OpenAPI document states each parameter and answer."""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router
from pydantic import BaseModel, Field

from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.api.text import NOT_BLANK
from nigraan.geo.codes import ProvinceCode
from nigraan.geo.gazetteer import PlaceMatch, candidates, place_district
from nigraan.geo.models import District, Province

router = Router(tags=["Geography"])


class Centroid(BaseModel):
    lat: float
    lon: float


class ProvinceOut(BaseModel):
    code: str
    name_en: str
    name_ur: str


class Provinces(BaseModel):
    provinces: list[ProvinceOut]


class DistrictOut(BaseModel):
    code: str
    name_en: str
    name_ur: str
    province: str
    centroid: Centroid | None


class Districts(BaseModel):
    districts: list[DistrictOut]


class TehsilOut(BaseModel):
    code: str
    name_en: str


class DistrictDetail(DistrictOut):
    tehsils: list[TehsilOut]


class PlaceMatchOut(BaseModel):
    district: str
    name_en: str
    name_ur: str
    province: str
    score: float
    how: str
    matched: str


class PlaceAnswer(BaseModel):
    query: str
    district: PlaceMatchOut | None = Field(description="The district, when one clearly fits.")
    ambiguous: bool
    candidates: list[PlaceMatchOut]


def _district_json(d: District) -> dict[str, Any]:
    return {
        "code": d.code,
        "name_en": d.name_en,
        "name_ur": d.name_ur,
        "province": d.province_id,
        "centroid": {"lat": d.lat, "lon": d.lon} if d.lat is not None else None,
    }


@router.get("/provinces", response={200: Provinces, **errors_for(405)})
def provinces(request: HttpRequest) -> dict[str, Any]:
    """Provinces and territories."""
    rows = Province.objects.order_by("code")
    return {
        "provinces": [{"code": p.code, "name_en": p.name_en, "name_ur": p.name_ur} for p in rows]
    }


class DistrictsQuery(BaseModel):
    province: ProvinceCode = ""


@router.get("/districts", response={200: Districts, **errors_for(400, 405)})
def districts(request: HttpRequest, query: Query[DistrictsQuery]) -> dict[str, Any]:
    """Districts, of one province when ``province`` is given."""
    rows = District.objects.order_by("code")
    if query.province:
        rows = rows.filter(province_id=query.province)
    return {"districts": [_district_json(d) for d in rows]}


@router.get("/districts/{code}", response={200: DistrictDetail, **errors_for(404, 405)})
def district(request: HttpRequest, code: str) -> dict[str, Any]:
    """One district with its tehsils."""
    row = District.objects.filter(code=code).first()
    if row is None:
        raise ApiRefusal(404, "no district has that code")
    body = _district_json(row)
    body["tehsils"] = [{"code": t.code, "name_en": t.name_en} for t in row.tehsils.order_by("code")]
    return body


BOUNDARY_DOC = {
    "responses": {
        "200": {
            "description": "A GeoJSON Feature: the district's boundary.",
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        }
    }
}


@router.get("/districts/{code}/boundary", response=errors_for(404, 405), openapi_extra=BOUNDARY_DOC)
def boundary(request: HttpRequest, code: str) -> HttpResponse:
    """The district's boundary as GeoJSON, where the data has one."""
    row = District.objects.filter(code=code).first()
    if row is None:
        raise ApiRefusal(404, "no district has that code")
    if not row.boundary:
        raise ApiRefusal(404, "no boundary is known for this district")
    feature = {
        "type": "Feature",
        "properties": {"code": row.code, "name_en": row.name_en, "name_ur": row.name_ur},
        "geometry": json.loads(row.boundary),
    }
    return JsonResponse(feature, content_type="application/geo+json")


class PlaceQuery(BaseModel):
    q: Annotated[str, Field(max_length=300, pattern=NOT_BLANK, description="A place name.")]


def _match(match: PlaceMatch) -> dict[str, Any]:
    return {
        "district": match.district_code,
        "name_en": match.district_en,
        "name_ur": match.district_ur,
        "province": match.province_code,
        "score": match.score,
        "how": match.how,
        "matched": match.matched,
    }


@router.get("/place", response={200: PlaceAnswer, **errors_for(400, 405)})
def place(request: HttpRequest, query: Query[PlaceQuery]) -> dict[str, Any]:
    """The district a place name (English, Urdu or Roman Urdu) lies in, and the candidates."""
    best = place_district(query.q)
    return {
        "query": query.q,
        "district": _match(best) if best else None,
        "ambiguous": best is None and len(candidates(query.q, 2)) > 1,
        "candidates": [_match(m) for m in candidates(query.q, limit=10)],
    }
