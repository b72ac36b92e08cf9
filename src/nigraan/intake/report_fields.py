"""What a report is, as one pydantic model: ``ReportFields`` validates every channel's report and
is the request schema of ``POST /api/v1/reports`` in the OpenAPI document.

Everything the validator enforces is stated in the schema it generates, and from the same
declarations: types, required fields, lengths and patterns (pydantic's own constraints);
``consent_understood`` as ``const: true``; enums for the vocabulary and for the province and
district codes (``intake.places``); the conditional fields (``BRANCHES``: ``when_date`` only with
``when = "date"``…) and the rule that a district lies in the chosen province (``allOf`` below,
enforced by ``_rules``); and the accepted dates of ``when_date`` (a pattern from 1950-01-01 to
today, ``intake.date_pattern``). Text is cleaned (NULs dropped, CRLF to LF, trimmed) only after
it is accepted, so acceptance is exactly what the document says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Self

from django.utils import timezone
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from nigraan import clock
from nigraan.api.document import without_default
from nigraan.api.text import NOT_BLANK
from nigraan.cases.vocabulary import AgeBand, Category, Gender
from nigraan.geo.codes import DistrictCode, ProvinceCode, places
from nigraan.intake import date_pattern
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
MAX_EMAIL = 254
EARLIEST_DATE = dt.date(1950, 1, 1)

PHONE = "^\\+?[0-9][0-9 \\-]{6,19}$"
AGO_AMOUNT = "^(?:0?[1-9]|[1-9][0-9])$"
_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = f"^{_ATOM}(?:\\.{_ATOM})*@(?:{_LABEL}\\.)+[A-Za-z]{{2,63}}$"

# The conditional fields: the value of the selector (or its default) decides which of them must
# be given; the others must be left out.
BRANCHES: dict[str, dict[str, tuple[str, ...]]] = {
    "when": {
        WhenKind.DATE: ("when_date",),
        WhenKind.ABOUT: ("ago_amount", "ago_unit"),
        WhenKind.UNKNOWN: (),
    },
    "contact": {ContactMethod.PHONE: ("phone",), ContactMethod.EMAIL: ("email",), "none": ()},
}
SELECTOR_DEFAULTS = {"when": WhenKind.UNKNOWN.value, "contact": ContactMethod.NONE.value}
CONDITIONAL_FIELDS = {
    name: selector for selector, b in BRANCHES.items() for f in b.values() for name in f
}


def today() -> dt.date:
    return timezone.localdate(clock.now())


def _past_date(value: str) -> str:
    if not date_pattern.compiled(EARLIEST_DATE, today()).fullmatch(value):
        raise PydanticKnownError("string_pattern_mismatch", {"pattern": "a date up to today"})
    return value


def _date_schema(schema: dict[str, Any]) -> None:
    schema.pop("default", None)
    schema["pattern"] = date_pattern.iso_dates_between(EARLIEST_DATE, today())


PastDate = Annotated[
    str,
    AfterValidator(_past_date),
    Field(
        description="The day it happened, YYYY-MM-DD, from 1950-01-01 up to today (Pakistan "
        "time; the pattern is made afresh each day). Only with when = date.",
        json_schema_extra=_date_schema,
    ),
]


def _must_be_true(value: bool) -> bool:
    if value is not True:
        raise PydanticKnownError("literal_error", {"expected": "true"})
    return value


def _branch_schemas(selector: str) -> list[dict[str, Any]]:
    branches = BRANCHES[selector]
    every = {name for fields in branches.values() for name in fields}
    schemas = []
    for value, fields in branches.items():
        branch: dict[str, Any] = {
            "properties": {
                selector: {"const": str(value)},
                **{name: False for name in sorted(every - set(fields))},
            }
        }
        if str(value) == SELECTOR_DEFAULTS[selector]:
            if fields:
                branch["required"] = list(fields)
        else:
            branch["required"] = [selector, *fields]
        schemas.append(branch)
    return schemas


def _place_schemas() -> list[dict[str, Any]]:
    known = places()
    return [{"properties": {"province": {"const": ""}}}] + [
        {
            "properties": {
                "province": {"const": code},
                "district": {"enum": ["", *known.districts_in(code)]},
            },
            "required": ["province"],
        }
        for code in known.provinces
    ]


def _report_schema(schema: dict[str, Any]) -> None:
    schema["allOf"] = [{"oneOf": _branch_schemas(s)} for s in BRANCHES] + [
        {"anyOf": _place_schemas()}
    ]


def rule_errors(data: Mapping[str, Any]) -> list[InitErrorDetails]:
    """The conditional-field and district-in-province rules, checked on the raw input so that
    they are reported beside any field errors (a form shows every problem at once)."""
    errors: list[InitErrorDetails] = []
    for selector, branches in BRANCHES.items():
        chosen = data.get(selector, SELECTOR_DEFAULTS[selector])
        if not isinstance(chosen, str) or chosen not in branches:
            continue  # the selector's own error says what to fix
        for value, fields in branches.items():
            for name in fields:
                if value == chosen and name not in data:
                    errors.append({"type": "missing", "loc": (name,), "input": data})
                elif value != chosen and name in data:
                    context = {"selector": selector, "value": str(value), "chosen": chosen}
                    message = "only with {selector} = {value}, not {chosen}"
                    error = PydanticCustomError("branch_only", message, context)
                    errors.append({"type": error, "loc": (name,), "input": data[name]})
    district, province = data.get("district"), data.get("province")
    if not isinstance(district, str) or not isinstance(province, str):
        return errors  # the fields' own errors say what to fix
    district_province = places().province_of_district.get(district)
    if province and district_province and province != district_province:
        error = PydanticCustomError("district_not_in_province", "not in the chosen province")
        errors.append({"type": error, "loc": ("district",), "input": district})
    return errors


def _as_init_errors(exc: ValidationError) -> list[InitErrorDetails]:
    return [
        {"type": e["type"], "loc": e["loc"], "input": e["input"], "ctx": e.get("ctx", {})}
        for e in exc.errors()
    ]


class ReportFields(BaseModel):
    """A report: accepted whole or refused whole; nothing is saved until it is accepted."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        title="Report",
        json_schema_extra=_report_schema,
    )

    category: Annotated[Category, Field(strict=False, description="What happened.")]
    account: Annotated[
        str,
        Field(
            max_length=MAX_ACCOUNT,
            pattern=NOT_BLANK,
            description="The account in the reporter's words (stored encrypted).",
        ),
    ]
    when: Annotated[WhenKind, Field(strict=False)] = WhenKind.UNKNOWN
    when_date: PastDate = ""
    ago_amount: Annotated[
        str,
        Field(
            pattern=AGO_AMOUNT,
            description="With when = about: 1 to 99.",
            json_schema_extra=without_default,
        ),
    ] = ""
    ago_unit: Annotated[
        AgoUnit,
        Field(strict=False, description="With when = about.", json_schema_extra=without_default),
    ] = AgoUnit.DAYS
    province: ProvinceCode = ""
    district: Annotated[
        DistrictCode, Field(description="Must lie in the province, when both are given.")
    ] = ""
    place: Annotated[
        str, Field(max_length=MAX_PLACE, description="The place in words (stored encrypted).")
    ] = ""
    age_band: Annotated[AgeBand, Field(strict=False)] = AgeBand.UNKNOWN
    gender: Annotated[Gender, Field(strict=False)] = Gender.UNKNOWN
    abuser_relation: Annotated[AbuserRelation, Field(strict=False)] = AbuserRelation.UNKNOWN
    police: Annotated[PoliceStatus, Field(strict=False)]
    reporter: Annotated[ReporterRelation, Field(strict=False)]
    contact: Annotated[ContactMethod, Field(strict=False)] = ContactMethod.NONE
    phone: Annotated[
        str,
        Field(
            pattern=PHONE,
            description="With contact = phone (stored encrypted).",
            json_schema_extra=without_default,
        ),
    ] = ""
    email: Annotated[
        str,
        Field(
            max_length=MAX_EMAIL,
            pattern=EMAIL,
            description="With contact = email (stored encrypted).",
            json_schema_extra=without_default,
        ),
    ] = ""
    wants_woman: bool = False
    consent_share_police: bool = False
    consent_share_services: bool = Field(
        default=False,
        description="The report may be shared with services that can help (medical, legal "
        "aid, psychosocial, shelter).",
    )
    in_danger_now: Annotated[
        bool | None,
        Field(
            description="true or false as the reporter answered; null or absent: not answered, "
            "kept as unknown (never taken as false).",
        ),
    ] = None
    consent_understood: Annotated[
        bool,
        AfterValidator(_must_be_true),
        WithJsonSchema(
            {
                "type": "boolean",
                "const": True,
                "description": "Must be true: the reporter read what happens next.",
            }
        ),
    ]

    @model_validator(mode="wrap")
    @classmethod
    def _rules(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        broken = rule_errors(data) if isinstance(data, Mapping) else []
        try:
            model = handler(data)
        except ValidationError as exc:
            found = _as_init_errors(exc)
            taken = {e["loc"] for e in found}
            extra = [e for e in broken if e["loc"] not in taken]
            raise ValidationError.from_exception_data(cls.__name__, found + extra) from None
        if broken:
            raise ValidationError.from_exception_data(cls.__name__, broken)
        return model
