"""A missing-child alert as staff drafted and a second person approved it, in typed values.

This is what the CAP documents, the feed and the SMS texts are made from. Staff write the texts
in both languages (``LanguageText``); nothing here is free-form HTML. The alert never carries
anything about sexual violence (an approval criterion, rules/alert_criteria.yaml).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES = ("en", "ur")
CAP_LANGUAGE = {"en": "en-US", "ur": "ur"}  # the language codes CAP's info blocks carry


@dataclass(frozen=True)
class LanguageText:
    """What people read, in one language."""

    headline: str  # short: "Missing child: Ali, 6, last seen in Korangi, Karachi"
    description: str  # the child, clothing, last seen place and time; any vehicle
    instruction: str  # what to do: "If you see him, call 15 or 1099"
    area_description: str  # "Within 20 km of Korangi, Karachi" (CAP areaDesc; under 50 chars)
    place: str = ""  # the last-seen place, for all-clear and cancel texts that name no child


@dataclass(frozen=True)
class Photo:
    """A photo of the child, published only with the guardian's recorded consent."""

    uri: str
    mime_type: str
    consented: bool
    size: int | None = None
    sha1_hex: str = ""


@dataclass(frozen=True)
class Circle:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class AlertArea:
    """Where the alert goes: either a circle around the last-seen point, and then
    ``district_codes`` are the districts it reaches into (``targeting.circle_area`` fills them),
    or districts chosen by staff (``circle`` is None). The codes are P-codes (PK702) and become
    CAP geocodes either way. ``polygons`` are optional closed rings of (lat, lon)."""

    circle: Circle | None = None
    district_codes: tuple[str, ...] = ()
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()


@dataclass(frozen=True)
class Publisher:
    """Who issues the alert: CAP ``sender`` (no spaces or commas) and ``senderName``."""

    sender: str
    name: Mapping[str, str]  # language → name


@dataclass(frozen=True)
class MissingChildAlert:
    reference: str  # the alert's own reference (CAP ``incidents``), never a case reference
    abducted: bool  # believed taken (Security as well as Rescue), or missing
    child_age_years: int
    last_seen_at: dt.datetime
    texts: Mapping[str, LanguageText]  # "en" and "ur"
    area: AlertArea
    expires: dt.datetime
    web: Mapping[str, str]  # language → the alert's public page
    contact: Mapping[str, str]  # language → "Police 15, ZARRA helpline 1099"
    photo: Photo | None = None
    exercise: bool = False  # a drill: CAP status Exercise, reaches test subscribers only
    extra_parameters: tuple[tuple[str, str], ...] = field(default=())
