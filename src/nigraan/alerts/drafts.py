"""An alert draft as staff typed it: cleaned into the JSON kept in the event (sealed) and the
alert's row, and turned back into a typed ``MissingChildAlert`` for the CAP documents and SMS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.alerts.content import (
    LANGUAGES,
    AlertArea,
    Circle,
    LanguageText,
    MissingChildAlert,
)
from nigraan.alerts.photo_store import public_photo
from nigraan.cases.commands import CommandRefused
from nigraan.geo.models import District

TEXT_FIELDS = {"headline": 120, "description": 600, "instruction": 160, "place": 45}
CONTACT = {"en": "Police 15, ZARRA helpline 1099", "ur": "پولیس 15، زارا ہیلپ لائن 1099"}


def _text(fields: dict[str, Any], name: str, limit: int) -> str:
    value = str(fields.get(name) or "").replace("\x00", "").strip()
    if not value:
        raise CommandRefused(_("%(what)s is required.") % {"what": name})
    if len(value) > limit:
        raise CommandRefused(
            _("%(what)s is too long: at most %(limit)d characters.")
            % {"what": name, "limit": limit}
        )
    return value


def _number(fields: dict[str, Any], name: str, low: float, high: float) -> float:
    try:
        value = float(str(fields.get(name, "")).strip())
    except ValueError as exc:
        raise CommandRefused(_("%(what)s must be a number.") % {"what": name}) from exc
    if not low <= value <= high:
        raise CommandRefused(_("%(what)s is out of range.") % {"what": name})
    return value


def _last_seen(fields: dict[str, Any]) -> dt.datetime:
    raw = str(fields.get("last_seen_at") or "").strip()
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise CommandRefused(
            _("Give the time last seen as year-month-day hour:minute, e.g. 2026-06-02 16:30.")
        ) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.timezone(dt.timedelta(hours=5)))
    now = clock.now()
    if moment > now or moment < now - dt.timedelta(days=30):
        raise CommandRefused(_("The time last seen must be within the last 30 days."))
    return moment


MAX_DISTRICTS = 40


def _districts(fields: dict[str, Any]) -> list[str]:
    """Districts chosen instead of the circle (P-codes), each known; none chosen: the circle."""
    raw = fields.get("districts") or []
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    codes = sorted({str(code).strip().upper() for code in raw if str(code).strip()})
    if len(codes) > MAX_DISTRICTS:
        raise CommandRefused(_("Choose at most %(limit)d districts.") % {"limit": MAX_DISTRICTS})
    known = set(District.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code[:12] for code in codes if code not in known]
    if unknown:
        raise CommandRefused(
            _("Unknown district codes: %(codes)s. Choose districts from the list.")
            % {"codes": ", ".join(unknown[:5])}
        )
    return codes


def clean_draft(fields: dict[str, Any]) -> dict[str, Any]:
    """What staff typed, checked: texts in English and Urdu, age under 18, the last-seen point
    in Pakistan's box and its time, and the districts chosen instead of the circle if any. The
    photo is checked apart (``photos.checked_photo``)."""
    texts = {
        lang: {name: _text(fields, f"{name}_{lang}", limit) for name, limit in TEXT_FIELDS.items()}
        for lang in LANGUAGES
    }
    chosen = _districts(fields)
    return {
        **({"districts": chosen} if chosen else {}),
        "texts": texts,
        "age": int(_number(fields, "age", 0, 17)),
        "abducted": str(fields.get("abducted", "")).lower() in ("1", "true", "on", "yes"),
        "last_seen_at": _last_seen(fields).isoformat(),
        "lat": _number(fields, "lat", 23.5, 37.1),
        "lon": _number(fields, "lon", 60.8, 77.9),
        # A drill: CAP status Exercise, reaching test subscribers and test partners only.
        "exercise": str(fields.get("exercise", "")).lower() in ("1", "true", "on", "yes"),
    }


def clean_texts(fields: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """An update's texts: each field given replaces the current one, checked like a draft's."""
    merged = {
        f"{name}_{lang}": fields.get(f"{name}_{lang}") or current[lang][name]
        for lang in LANGUAGES
        for name in TEXT_FIELDS
    }
    return {
        lang: {name: _text(merged, f"{name}_{lang}", limit) for name, limit in TEXT_FIELDS.items()}
        for lang in LANGUAGES
    }


def _area_text(lang: str, place: str, radius_km: float) -> str:
    if not radius_km:  # districts chosen instead of a circle
        if lang == "ur":
            return f"{place} کے منتخب اضلاع"[:50]
        return f"Chosen districts around {place}"[:50]
    if lang == "ur":
        return f"{place} سے {radius_km:g} کلومیٹر تک"[:50]
    return f"Within {radius_km:g} km of {place}"[:50]


def alert_from_row(row: Any, site: str) -> MissingChildAlert:
    """The typed alert from its row (after approval: the row's area is set)."""
    content, area = row.content, row.area
    chosen = bool(area.get("chosen"))
    circle = None if chosen else Circle(area["lat"], area["lon"], area["radius_km"])
    texts = {
        lang: LanguageText(
            headline=text["headline"],
            description=text["description"] or "-",
            instruction=text["instruction"],
            area_description=_area_text(lang, text["place"], 0 if chosen else area["radius_km"]),
            place=text["place"],
        )
        for lang, text in content["texts"].items()
    }
    return MissingChildAlert(
        reference=row.reference,
        abducted=bool(content["abducted"]),
        child_age_years=int(content["age"]),
        last_seen_at=dt.datetime.fromisoformat(content["last_seen_at"]),
        texts=texts,
        area=AlertArea(
            circle=circle,
            district_codes=tuple(area["districts"]),
        ),
        expires=row.expires,
        web={lang: f"{site}/{lang}/alerts/{row.reference}/" for lang in LANGUAGES},
        contact=CONTACT,
        photo=public_photo(row, site),
        exercise=bool(content.get("exercise")),
    )
