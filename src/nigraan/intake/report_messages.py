"""What to tell a person about each refused field of a report, in the active language.

``ReportFields`` says *that* a field is wrong (pydantic's error type); this module says it the
way the form always has ("Please tell us in a few words what happened."), for every channel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from nigraan.intake.report_fields import EARLIEST_DATE, MAX_ACCOUNT, MAX_PLACE, today
from nigraan.intake.vocabulary import AgoUnit, ContactMethod, WhenKind

# Two answers that cannot both be true: the second is refused, naming the first.
CONTRADICTIONS = {"branch_only", "district_not_in_province"}
# The words of the questions a contradiction names (the form's own wording).
QUESTION_WORDS: dict[str, Any] = {
    "when": gettext_lazy("When did it happen?"),
    "when_date": gettext_lazy("Date"),
    "ago_amount": gettext_lazy("About how long ago?"),
    "ago_unit": gettext_lazy("About how long ago?"),
    "contact": gettext_lazy("How can we reach you?"),
    "phone": gettext_lazy("Phone number (if you chose phone)"),
    "email": gettext_lazy("Email (if you chose email)"),
}
CHOICE_WORDS: dict[str, dict[str, Any]] = {
    "when": dict(WhenKind.choices),
    "contact": dict(ContactMethod.choices),
    "ago_unit": dict(AgoUnit.choices),
}

CHOICE_FIELDS = {
    "category",
    "when",
    "ago_unit",
    "age_band",
    "gender",
    "abuser_relation",
    "police",
    "reporter",
    "contact",
}
BOOLEAN_FIELDS = {
    "wants_woman",
    "consent_share_police",
    "consent_share_services",
    "in_danger_now",
    "consent_understood",
}


def _too_long(limit: int) -> str:
    return _("This is too long: please keep it under %(limit)d characters.") % {"limit": limit}


def _account(kind: str, value: Any) -> str:
    if kind == "string_too_long":
        return _too_long(MAX_ACCOUNT)
    return _("Please tell us in a few words what happened.")


def _when_date(kind: str, value: Any) -> str:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is not None and kind == "string_pattern_mismatch":
        if day > today():
            return _("This date is in the future. Please check it.")
        if day < EARLIEST_DATE:
            return _("Please check the year.")
    return _("Please give the date as year-month-day, for example 2026-03-14.")


def _district(kind: str, value: Any) -> str:
    if kind == "district_not_in_province":
        return _("This district is not in the province you chose.")
    return _("Please choose a district from the list, or “I don't know”.")


FIELD_MESSAGES: dict[str, Callable[[str, Any], str]] = {
    "account": _account,
    "when_date": _when_date,
    "district": _district,
    "ago_amount": lambda kind, value: _("Please give a number from 1 to 99."),
    "province": lambda kind, value: _("Please choose a province from the list, or “I don't know”."),
    "place": lambda kind, value: _too_long(MAX_PLACE),
    "phone": lambda kind, value: _(
        "Please give a phone number we can call, for example 0300 1234567."
    ),
    "email": lambda kind, value: _(
        "Please give an email address we can write to, or choose another way."
    ),
    "consent_understood": lambda kind, value: _(
        "Please confirm that you have read what happens next."
    ),
}


def message(field: str, kind: str, value: Any, context: dict[str, Any]) -> str:
    """One sentence for one refused field."""
    if kind == "extra_forbidden":
        return _("This is not part of a report.")
    if kind == "branch_only":
        return contradiction(field, context)
    if kind == "string_type":
        return _("This must be text.")
    if kind == "bool_type":
        return _("This must be true or false.")
    if field in FIELD_MESSAGES:
        return FIELD_MESSAGES[field](kind, value)
    if field in CHOICE_FIELDS:
        return _("Please choose one of the options.")
    return _("Please check this answer.")


def contradiction(field: str, context: dict[str, Any]) -> str:
    """An answer given with a choice that excludes it ("Date" typed while "When did it happen?"
    stays on "I don't know"): which answer to change, in the words of the form."""
    selector = str(context.get("selector", ""))
    choices = CHOICE_WORDS.get(selector, {})
    value, chosen = str(context.get("value", "")), str(context.get("chosen", ""))
    return _(
        "“%(field)s” goes with “%(needed)s”, but “%(selector)s” is “%(chosen)s”. Choose "
        "“%(needed)s” there, or clear this answer."
    ) % {
        "field": QUESTION_WORDS.get(field, field),
        "needed": choices.get(value, value),
        "selector": QUESTION_WORDS.get(selector, selector),
        "chosen": choices.get(chosen, chosen),
    }


def only_contradictions(exc: ValidationError) -> bool:
    """Is every problem two answers that contradict each other (each answer well formed)?"""
    return all(error["type"] in CONTRADICTIONS for error in exc.errors())


def field_messages(exc: ValidationError) -> dict[str, str]:
    """Field name → message, the first error of each field; errors of the whole body under
    ``"body"``."""
    messages: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "body"
        if field not in messages:
            messages[field] = message(field, error["type"], error["input"], error.get("ctx", {}))
    return messages
