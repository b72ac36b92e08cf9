"""A report, checked the same way whatever the channel (web form, API, SMS, helpline).

Every channel validates with ``ReportFields`` (``intake.report_fields``), the model that is also
the API's request schema. The JSON API hands it the body as sent (``validate_report``); the form
pages and the SMS conversation first turn their answers into the same shape
(``validate_answers``): text trimmed, "I don't know" left out, check boxes as booleans. Either way
the result is a ``ReportInput`` or ``ReportInvalid``, whose ``errors`` map each field to a message
in the active language.

Nothing typed is dropped: an answer that contradicts another (a date typed while "When did it
happen?" stays on "I don't know", a phone number with "Do not contact me") refuses the report
whole, with a message saying which answer to change (``contradiction`` is then true, and the API
answers 422). Only the unit of "about … ago" is left out when that branch is not chosen: it is a
list with a preset value, never something the person typed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError

from nigraan.geo.codes import places
from nigraan.intake.report_fields import ReportFields
from nigraan.intake.report_messages import BOOLEAN_FIELDS, field_messages, only_contradictions
from nigraan.intake.vocabulary import ContactMethod, WhenKind


class ReportInvalid(ValueError):
    def __init__(self, errors: dict[str, str], *, contradiction: bool = False) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
        self.contradiction = contradiction  # every problem is two answers that contradict


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
    in_danger_now: bool | None  # None: not answered (unknown), never taken as no
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
            # Always true once accepted; kept so the case shows the reporter confirmed it.
            "consent_understood": True,
        }

    def protected(self) -> dict[str, str]:
        values = {"narrative": self.account, "address": self.place}
        if self.contact == ContactMethod.PHONE:
            values["reporter_phone"] = self.phone
        if self.contact == ContactMethod.EMAIL:
            values["reporter_email"] = self.email
        return {k: v for k, v in values.items() if v}


def clean_text(value: str) -> str:
    return value.replace("\x00", "").replace("\r\n", "\n").strip()


def _occurred(fields: ReportFields) -> str:
    if fields.when == WhenKind.DATE:
        return fields.when_date
    if fields.when == WhenKind.ABOUT:
        return f"about:{int(fields.ago_amount)}:{fields.ago_unit.value}"
    return "unknown"


def report_input(fields: ReportFields) -> ReportInput:
    """The accepted report, text cleaned and the province following from the district."""
    district = fields.district or None
    province = places().province_of_district[district] if district else fields.province or None
    return ReportInput(
        category=fields.category.value,
        account=clean_text(fields.account),
        occurred=_occurred(fields),
        district=district,
        province=province,
        place=clean_text(fields.place),
        age_band=fields.age_band.value,
        gender=fields.gender.value,
        abuser_relation=fields.abuser_relation.value,
        police=fields.police.value,
        reporter=fields.reporter.value,
        contact=fields.contact.value,
        phone=clean_text(fields.phone),
        email=clean_text(fields.email),
        wants_woman=fields.wants_woman,
        consent_share_police=fields.consent_share_police,
        in_danger_now=fields.in_danger_now,
        consent_share_services=fields.consent_share_services,
    )


def validate_report(raw: Any) -> ReportInput:
    """A report as a partner sends it (decoded JSON), checked exactly as the OpenAPI document
    describes it."""
    try:
        return report_input(ReportFields.model_validate(raw))
    except ValidationError as exc:
        errors = field_messages(exc)
        contradiction = only_contradictions(exc)
        if contradiction:  # name the answer it contradicts too
            for error in exc.errors():
                selector = str(error.get("ctx", {}).get("selector", "province"))
                errors.setdefault(
                    selector, _("Contradicts “%(field)s”.") % {"field": error["loc"][0]}
                )
        raise ReportInvalid(errors, contradiction=contradiction) from None


_YES = {"1", "true", "yes", "on"}


def _answer_value(name: str, value: object) -> object:
    if name in BOOLEAN_FIELDS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if name == "in_danger_now" and text in ("", "unknown"):
            return ""  # not answered: kept as unknown, never as "no"
        return text in _YES
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if name == "ago_amount" and text.isdigit():  # Urdu digits too, as a person types them
        digits = "".join(str(unicodedata.digit(ch, 0)) for ch in text)
        return digits.lstrip("0") or "0"
    return text


def report_answers(answers: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Answers given on a page or by SMS, in the model's shape, and the fields whose text could
    not be decoded. Empty answers mean "not given". An answer of a branch not chosen (a date
    typed while "I don't know" stays chosen) is kept, so that the model refuses it by name; only
    the preset unit of "about … ago" is left out then."""
    unreadable: dict[str, str] = {}
    shaped: dict[str, object] = {}
    for name, value in answers.items():
        if name not in ReportFields.model_fields or value is None:
            continue
        if isinstance(value, str) and "\ufffd" in value:
            unreadable[name] = _("Some characters could not be read. Please type this part again.")
            continue
        value = _answer_value(name, value)
        if value != "":
            shaped[name] = value
    when = shaped.get("when", ReportFields.model_fields["when"].default)
    if str(when) != WhenKind.ABOUT:
        shaped.pop("ago_unit", None)
    return shaped, unreadable


def validate_answers(answers: Mapping[str, object]) -> ReportInput:
    """A report from a form page or an SMS conversation: the same model, after
    ``report_answers``. Every problem is reported at once."""
    shaped, unreadable = report_answers(answers)
    try:
        fields = ReportFields.model_validate(shaped)
    except ValidationError as exc:
        errors = {**field_messages(exc), **unreadable}
        raise ReportInvalid(errors, contradiction=only_contradictions(exc)) from None
    if unreadable:
        raise ReportInvalid(unreadable)
    return report_input(fields)
