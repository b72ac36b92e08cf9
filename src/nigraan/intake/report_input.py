"""What a report is, checked the same way whatever the channel (web form, API, SMS, helpline).

``validate_report(raw, today)`` returns a ``ReportInput`` or raises ``ReportInvalid`` whose
``errors`` map each field to a message in the active language saying what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from nigraan.cases.vocabulary import AgeBand, Category, Gender
from nigraan.geo.models import District, Province
from nigraan.intake.vocabulary import (
    AbuserRelation,
    AgoUnit,
    ContactMethod,
    PoliceStatus,
    ReporterRelation,
    WhenKind,
)

MAX_ACCOUNT = 10_000
MAX_PLACE = 300
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,19}$")


class ReportInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ReportInput:
    category: str
    account: str
    occurred: str  # "2026-11-01", "about:3:weeks" or "unknown"
    district: str | None
    province: str | None
    place: str
    age_band: str
    gender: str
    abuser_relation: str
    police: str
    reporter: str
    contact: str
    phone: str
    email: str
    wants_woman: bool
    consent_share_police: bool
    in_danger_now: bool
    consent_share_services: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def facts(self) -> dict[str, Any]:
        """The non-identifying facts that go into the case's ``report`` projection."""
        return {
            "occurred": self.occurred,
            "abuser_relation": self.abuser_relation,
            "police": self.police,
            "reporter": self.reporter,
            "contact": self.contact,
            "wants_woman": self.wants_woman,
            "consent_share_police": self.consent_share_police,
            "consent_share_services": self.consent_share_services,
            "in_danger_now": self.in_danger_now,
        }

    def protected(self) -> dict[str, str]:
        values = {"narrative": self.account, "address": self.place}
        if self.contact == ContactMethod.PHONE:
            values["reporter_phone"] = self.phone
        if self.contact == ContactMethod.EMAIL:
            values["reporter_email"] = self.email
        return {k: v for k, v in values.items() if v}


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReportInvalid({name: _("This must be text.")})
    if "\ufffd" in value:
        raise ReportInvalid(
            {name: _("Some characters could not be read. Please type this part again.")}
        )
    return value.replace("\x00", "").replace("\r\n", "\n").strip()


def _bool(raw: dict[str, Any], name: str) -> bool:
    value = raw.get(name, False)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _choice(
    raw: dict[str, Any],
    name: str,
    choices: type,
    errors: dict[str, str],
    default: str | None = None,
) -> str:
    value = _text(raw, name) or (default or "")
    if value not in choices.values:
        errors[name] = _("Please choose one of the options.")
    return value


def validate_report(raw: dict[str, Any], today: dt.date) -> ReportInput:
    errors: dict[str, str] = {}

    def safe(name: str) -> str:
        try:
            return _text(raw, name)
        except ReportInvalid as exc:
            errors.update(exc.errors)
            return ""

    category = _choice(raw, "category", Category, errors)
    account = safe("account")
    if not account and "account" not in errors:
        errors["account"] = _("Please tell us in a few words what happened.")
    elif len(account) > MAX_ACCOUNT:
        errors["account"] = _("This is too long: please keep it under %(limit)d characters.") % {
            "limit": MAX_ACCOUNT
        }

    when = _choice(raw, "when", WhenKind, errors, default=WhenKind.UNKNOWN)
    occurred = "unknown"
    if when == WhenKind.DATE:
        text = safe("when_date")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            errors["when_date"] = _(
                "Please give the date as year-month-day, for example 2026-03-14."
            )
        else:
            if day > today:
                errors["when_date"] = _("This date is in the future. Please check it.")
            elif day.year < 1950:
                errors["when_date"] = _("Please check the year.")
            occurred = day.isoformat()
    elif when == WhenKind.ABOUT:
        amount_text = safe("ago_amount")
        unit = _choice(raw, "ago_unit", AgoUnit, errors)
        if not amount_text.isdigit() or not 1 <= int(amount_text) <= 99:
            errors["ago_amount"] = _("Please give a number from 1 to 99.")
        else:
            occurred = f"about:{int(amount_text)}:{unit}"

    district_code = safe("district") or None
    province_code = safe("province") or None
    if district_code:
        district = District.objects.filter(code=district_code).only("code", "province_id").first()
        if district is None:
            errors["district"] = _("Please choose a district from the list, or “I don't know”.")
        elif province_code and province_code != district.province_id:
            errors["district"] = _("This district is not in the province you chose.")
        else:
            province_code = district.province_id
    if province_code and not Province.objects.filter(code=province_code).exists():
        errors["province"] = _("Please choose a province from the list, or “I don't know”.")
    place = safe("place")
    if len(place) > MAX_PLACE:
        errors["place"] = _("This is too long: please keep it under %(limit)d characters.") % {
            "limit": MAX_PLACE
        }

    age_band = _choice(raw, "age_band", AgeBand, errors, default=AgeBand.UNKNOWN)
    gender = _choice(raw, "gender", Gender, errors, default=Gender.UNKNOWN)
    abuser = _choice(raw, "abuser_relation", AbuserRelation, errors, default=AbuserRelation.UNKNOWN)
    police = _choice(raw, "police", PoliceStatus, errors)
    reporter = _choice(raw, "reporter", ReporterRelation, errors)
    contact = _choice(raw, "contact", ContactMethod, errors, default=ContactMethod.NONE)
    phone = safe("phone")
    email = safe("email")
    if contact == ContactMethod.PHONE and not _PHONE.match(phone):
        errors["phone"] = _("Please give a phone number we can call, for example 0300 1234567.")
    if contact == ContactMethod.EMAIL:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _(
                "Please give an email address we can write to, or choose another way."
            )
    if not _bool(raw, "consent_understood"):
        errors["consent_understood"] = _("Please confirm that you have read what happens next.")
    if errors:
        raise ReportInvalid(errors)
    return ReportInput(
        category=category,
        account=account,
        occurred=occurred,
        district=district_code,
        province=province_code,
        place=place,
        age_band=age_band,
        gender=gender,
        abuser_relation=abuser,
        police=police,
        reporter=reporter,
        contact=contact,
        phone=phone if contact == ContactMethod.PHONE else "",
        email=email if contact == ContactMethod.EMAIL else "",
        wants_woman=_bool(raw, "wants_woman"),
        consent_share_police=_bool(raw, "consent_share_police"),
        in_danger_now=_bool(raw, "in_danger_now"),
        consent_share_services=_bool(raw, "consent_share_services"),
    )
