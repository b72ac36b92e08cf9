"""Press incidents' codes as a reviewer reads them, in the page's language: an offence, the
accused's relation, the police action, victims' genders, a district, a source's kind and the
development it reports, the fields the sources disagree on. Codes stay in the forms' values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nigraan.geo.models import District
from nigraan.media.figures import word
from nigraan.media.models import Incident, IncidentSource

FIELD_LABELS: dict[str, Promise] = {
    "offence": _("Offence"),
    "victims": _("Victims"),
    "victim_ages": _("Victims' ages"),
    "victim_genders": _("Victims' genders"),
    "city": _("City or town"),
    "district_code": _("District"),
    "date_of_incident": _("Date of the incident"),
    "perpetrator_relation": _("Relation of the accused"),
    "perpetrators_count": _("Number of accused"),
    "police_action": _("Police action"),
}
CODED = ("offence", "perpetrator_relation", "police_action")
SOURCE_KINDS: dict[str, Promise] = {
    IncidentSource.Kind.REPORT: _("first report"),
    IncidentSource.Kind.FOLLOW_UP: _("follow-up"),
    IncidentSource.Kind.COPY: _("copy of another report"),
}
DEVELOPMENTS: dict[str, Promise] = {
    "verdict": _("verdict"),
    "bail": _("bail"),
    "remand": _("remand"),
    "charge": _("charge sheet"),
    "court": _("court hearing"),
    "arrest": _("arrest"),
}


def district_names(codes: Iterable[str]) -> dict[str, District]:
    """The districts named by ``codes``, in one query."""
    wanted = {code for code in codes if code}
    return {d.code: d for d in District.objects.filter(code__in=wanted)} if wanted else {}


def district_label(code: str, districts: dict[str, District]) -> str:
    district = districts.get(code)
    if district is None:
        return code
    urdu = translation.get_language() == "ur" and district.name_ur
    return district.name_ur if urdu else district.name_en


def place(incident: Incident, districts: dict[str, District]) -> str:
    """Where the incident is: the gazetteer's district name in the page's language, else the
    press's own words."""
    if incident.district_code in districts:
        return district_label(incident.district_code, districts)
    return incident.district or incident.province


def value_label(name: str, value: Any, districts: dict[str, District]) -> str:
    """A field's stored value as the page shows it."""
    if value is None or value == "" or value == []:
        return ""
    if name in CODED:
        return str(word(str(value)))
    if name == "victim_genders":
        return ", ".join(str(word(str(gender))) for gender in value)
    if name == "district_code":
        return district_label(str(value), districts)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, label) for a field's picker."""
    return [(code, str(word(code))) for code in codes]


def source_kind(source: IncidentSource) -> str:
    kind = str(SOURCE_KINDS.get(source.kind, source.kind))
    if source.development:
        return f"{kind}: {DEVELOPMENTS.get(source.development, source.development)}"
    return kind


def disagreements(incident: Incident) -> str:
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in incident.disagreements)
