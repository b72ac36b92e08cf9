"""Reads of the geography for forms and pages."""

from __future__ import annotations

from nigraan.geo.models import District, Province


def district_by_code(code: str) -> District | None:
    return District.objects.select_related("province").filter(code=code).first()


def districts_for_province(code: str) -> list[District]:
    return list(District.objects.filter(province_id=code).order_by("name_en"))


def province_choices(language: str = "en") -> list[tuple[str, str]]:
    field = "name_ur" if language == "ur" else "name_en"
    return [(p.code, getattr(p, field)) for p in Province.objects.order_by(field)]


def district_choices(province: str | None = None, language: str = "en") -> list[tuple[str, str]]:
    field = "name_ur" if language == "ur" else "name_en"
    districts = (
        District.objects.all() if not province else District.objects.filter(province_id=province)
    )
    return [(d.code, getattr(d, field)) for d in districts.order_by(field)]
