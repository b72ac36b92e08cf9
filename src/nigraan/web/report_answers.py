"""The report, whole, for the staff case page: every answer the reporter gave, under the words of
the question they answered, in the page's language, never as a raw code.

Plain answers come from the case's projection (its ``report`` facts, category, place, age and
gender); the answers that identify someone (the account, the place in words, the phone number,
the email) are protected and shown only after a read with a reason (``commands.read_protected``,
itself an event). An answer this module does not know is still shown, under its own name, so
nothing a reporter said is silently left off the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nigraan.cases.models import Case
from nigraan.cases.vocabulary import AgeBand, Category, Gender
from nigraan.intake.review import LABELS
from nigraan.intake.vocabulary import (
    AbuserRelation,
    AgoUnit,
    ContactMethod,
    PoliceStatus,
    ReporterRelation,
)

# The question each form field answers: the public form's own wording (its review step's), so
# its Urdu is the form's Urdu.
QUESTIONS: dict[str, Any] = LABELS
# Where each form field's answer is kept: a protected field (read with a reason) …
PROTECTED_ANSWERS = {
    "account": "narrative",
    "place": "address",
    "phone": "reporter_phone",
    "email": "reporter_email",
}
# … or one row of the page: the date or "about … ago" answers show under "When did it happen?".
ROW_OF_FIELD = {"when_date": "when", "ago_amount": "when", "ago_unit": "when"}
# Answers that need someone's attention, and the value that calls for it.
ATTENTION = {
    "in_danger_now": True,
    "wants_woman": True,
    "police": PoliceStatus.REFUSED.value,
    "abuser_relation": AbuserRelation.POLICE_OR_OFFICIAL.value,
}
_CHOICES: dict[str, type[models.TextChoices]] = {
    "abuser_relation": AbuserRelation,
    "police": PoliceStatus,
    "reporter": ReporterRelation,
    "contact": ContactMethod,
}


@dataclass(frozen=True)
class Answer:
    field: str  # the form field (the row's id on the page)
    question: str
    answer: str
    protected: bool = False  # behind the reason-and-log read (and not read yet)
    attention: bool = False


def _yes_no(value: Any) -> str:
    return _("Yes") if value is True else _("No")


def _choice_label(choices: type[models.TextChoices], value: Any) -> str:
    labels = dict(choices.choices)
    return str(labels.get(value, value))


def when_answer(occurred: Any, opened_on: str) -> str:
    """When it happened, as the reporter meant it: the stored "2026-11-01", "about:3:weeks" or
    "unknown" ("about" counts back from the day of the report)."""
    if not isinstance(occurred, str) or occurred == "unknown":
        return _("I don't know")
    if occurred.startswith("about:"):
        _about, amount, unit = (occurred.split(":") + ["", ""])[:3]
        return _("About %(amount)s %(unit)s (counted from the report on %(day)s)") % {
            "amount": amount,
            "unit": _choice_label(AgoUnit, unit),
            "day": opened_on,
        }
    return _("On %(day)s") % {"day": occurred}


def _place_name(place: Any) -> str:
    if place is None:
        return _("I don't know")
    return str(place.name_ur if get_language() == "ur" else place.name_en)


def _plain_answers(case: Case) -> dict[str, str]:
    """The answers kept on the case itself (not in its ``report`` facts)."""
    return {
        "category": str(Category(case.category).label),
        "province": _place_name(case.province),
        "district": _place_name(case.district),
        "age_band": str(AgeBand(case.victim_age_band).label),
        "gender": str(Gender(case.victim_gender).label),
    }


def _fact_answer(name: str, value: Any, opened_on: str) -> str:
    if name == "in_danger_now" and value is None:
        return _("Not answered")
    if name == "occurred":
        return when_answer(value, opened_on)
    if name in _CHOICES:
        return _choice_label(_CHOICES[name], value)
    if isinstance(value, bool):
        return _yes_no(value)
    return str(value)


def _protected_answer(
    case: Case, field: str, read: Mapping[str, str] | None
) -> tuple[str, bool] | None:
    """The protected answer's text and whether it is still hidden; None when none was given."""
    name = PROTECTED_ANSWERS[field]
    if name not in case.protected:
        return None
    if case.is_shredded:
        return _("Erased"), False
    if read is None:
        return _("Protected: read it below, with a reason"), True
    return read.get(name, ""), False


def _attention(field: str, value: Any) -> bool:
    return field in ATTENTION and value == ATTENTION[field]


def report_answers(case: Case, read: Mapping[str, str] | None = None) -> list[Answer]:
    """Every answer of the case's report, in the form's order; ``read`` holds the protected
    fields when they were read on this request."""
    facts: dict[str, Any] = dict(case.report)
    if "occurred" in facts:
        facts["when"] = facts.pop("occurred")
    opened_on = timezone.localdate(case.opened_at).isoformat()
    plain = _plain_answers(case)
    answers: list[Answer] = []
    for field, question in QUESTIONS.items():
        if field in PROTECTED_ANSWERS:
            shown = _protected_answer(case, field, read)
            if shown is not None:
                answers.append(Answer(field, str(question), shown[0], protected=shown[1]))
            continue
        if field in plain:
            answers.append(Answer(field, str(question), plain[field]))
            continue
        if field not in facts:
            answers.append(Answer(field, str(question), _("Not recorded")))
            continue
        value = facts.pop(field)
        text = _fact_answer("occurred" if field == "when" else field, value, opened_on)
        answers.append(Answer(field, str(question), text, attention=_attention(field, value)))
    answers += _other_facts(facts, opened_on)
    return answers


def _other_facts(facts: dict[str, Any], opened_on: str) -> list[Answer]:
    """Facts a channel stored that the form has no question for: shown under their own names."""
    return [
        Answer(name, name, _fact_answer(name, value, opened_on))
        for name, value in sorted(facts.items())
        if name not in QUESTIONS
    ]
