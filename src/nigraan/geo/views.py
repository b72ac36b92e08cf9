"""Public JSON for Pakistan's geography and the gazetteer."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from nigraan.geo.gazetteer import candidates, place_district
from nigraan.geo.models import District, Province


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _district_json(d: District) -> dict:
    return {
        "code": d.code,
        "name_en": d.name_en,
        "name_ur": d.name_ur,
        "province": d.province_id,
        "centroid": {"lat": d.lat, "lon": d.lon} if d.lat is not None else None,
    }


@require_GET
def provinces(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "provinces": [
                {"code": p.code, "name_en": p.name_en, "name_ur": p.name_ur}
                for p in Province.objects.order_by("code")
            ]
        }
    )


@require_GET
def districts(request: HttpRequest) -> HttpResponse:
    rows = District.objects.order_by("code")
    province = request.GET.get("province", "")
    if province:
        if not Province.objects.filter(code=province).exists():
            return _error(f"unknown province code {province[:10]!r}")
        rows = rows.filter(province_id=province)
    return JsonResponse({"districts": [_district_json(d) for d in rows]})


@require_GET
def district(request: HttpRequest, code: str) -> HttpResponse:
    row = District.objects.filter(code=code).first()
    if row is None:
        return _error("no district has that code", 404)
    body = _district_json(row)
    body["tehsils"] = [{"code": t.code, "name_en": t.name_en} for t in row.tehsils.order_by("code")]
    return JsonResponse(body)


@require_GET
def boundary(request: HttpRequest, code: str) -> HttpResponse:
    row = District.objects.filter(code=code).first()
    if row is None:
        return _error("no district has that code", 404)
    if not row.boundary:
        return _error("no boundary is known for this district", 404)
    feature = {
        "type": "Feature",
        "properties": {"code": row.code, "name_en": row.name_en, "name_ur": row.name_ur},
        "geometry": json.loads(row.boundary),
    }
    return JsonResponse(feature, content_type="application/geo+json")


@require_GET
def place(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if not query.strip():
        return _error("give a place name as ?q=")
    if len(query) > 300:
        return _error("the place name is too long (at most 300 characters)")

    def as_json(match) -> dict:
        return {
            "district": match.district_code,
            "name_en": match.district_en,
            "name_ur": match.district_ur,
            "province": match.province_code,
            "score": match.score,
            "how": match.how,
            "matched": match.matched,
        }

    best = place_district(query)
    return JsonResponse(
        {
            "query": query,
            "district": as_json(best) if best else None,
            "ambiguous": best is None and len(candidates(query, 2)) > 1,
            "candidates": [as_json(m) for m in candidates(query, limit=10)],
        }
    )
