"""No silent drops: an answer that contradicts another (a date typed while "When did it happen?"
stays on "I don't know", a phone number with "Do not contact me", a district outside the chosen
province) refuses the report whole, with a message in the page's language saying which answer
to change; the API answers 422 naming both fields. Nothing is saved.

With tests/test_report_whole.py (every accepted answer reaches the case page), this shows that
every answer the form accepts is either stored and shown, or refused with a message."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nigraan.cases.models import Case
from nigraan.intake.models import Receipt
from nigraan.intake.report_fields import BRANCHES, CONDITIONAL_FIELDS
from nigraan.intake.steps import LAST
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

COMPLETE = {
    "in_danger_now": "0",
    "category": "harassment",
    "account": "A synthetic account.",
    "when": "unknown",
    "ago_unit": "days",  # the form's list always sends its preset unit
    "district": "PK614",
    "police": "no",
    "reporter": "parent",
    "contact": "none",
    "consent_understood": "1",
    "step": str(LAST),
}
# A value a person could type into each conditional field.
TYPED = {
    "when_date": "2026-01-05",
    "ago_amount": "3",
    "ago_unit": "weeks",
    "phone": "0300 1234567",
    "email": "someone@example.org",
}


def _nothing_saved() -> bool:
    return not (Case.objects.exists() or Event.objects.exists() or Receipt.objects.exists())


def _form(language: str, change: dict[str, str], submission: str = "s1") -> tuple[int, str]:
    response = Client().post(
        f"/{language}/report/", {**COMPLETE, "submission": submission, **change}
    )
    return response.status_code, response.content.decode()


def test_the_preset_unit_alone_is_no_contradiction(geography):
    status, page = _form("en", {})
    assert status == 200 and "Your report was received" in page


@pytest.mark.parametrize("field", sorted(set(CONDITIONAL_FIELDS) - {"ago_unit"}))
def test_every_conditional_answer_typed_in_a_branch_not_chosen_is_refused_not_dropped(
    geography, field
):
    selector = CONDITIONAL_FIELDS[field]
    other = next(v for v, fields in BRANCHES[selector].items() if field not in fields)
    status, page = _form("en", {selector: str(other), field: TYPED[field]})
    assert status == 400, field
    assert f'id="error-{field}"' in page and "or clear this answer" in page
    assert _nothing_saved()


@pytest.mark.parametrize(
    "language,change,field,message",
    [
        (
            "en",
            {"when_date": "2026-01-05"},
            "when_date",
            "“Date” goes with “On a date”, but “When did it happen?” is “I don&#x27;t know”",
        ),
        (
            "ur",
            {"when_date": "2026-01-05"},
            "when_date",
            "«تاریخ» کا جواب «کسی تاریخ کو» کے ساتھ ہوتا ہے",
        ),
        (
            "en",
            {"phone": "0300 1234567"},
            "phone",
            "“How can we reach you?” is “Do not contact me (anonymous)”",
        ),
        (
            "en",
            {"when": "date", "when_date": "2026-01-05", "ago_amount": "3"},
            "ago_amount",
            "Choose “About … ago” there, or clear this answer.",
        ),
        ("en", {"province": "PK7"}, "district", "This district is not in the province you chose."),
    ],
)
def test_a_contradiction_is_refused_whole_saying_which_answer_to_change(
    geography, language, change, field, message
):
    status, page = _form(language, change)
    assert status == 400
    assert f'id="error-{field}"' in page and message in page, page[:3000]
    assert _nothing_saved()


def _api(body: dict[str, object]):
    good = {
        "category": "harassment",
        "account": "A synthetic account.",
        "police": "no",
        "reporter": "parent",
        "consent_understood": True,
        "district": "PK614",
    }
    return Client().post(
        "/api/v1/reports", data=json.dumps({**good, **body}), content_type="application/json"
    )


@pytest.mark.parametrize(
    "body,fields",
    [
        ({"when_date": "2026-01-05"}, {"when_date", "when"}),
        ({"when": "date", "when_date": "2026-01-05", "ago_amount": "3"}, {"ago_amount", "when"}),
        ({"contact": "none", "phone": "0300 1234567"}, {"phone", "contact"}),
        ({"contact": "phone", "phone": "0300 1234567", "email": "a@example.org"}, {"email"}),
        ({"province": "PK7"}, {"district", "province"}),
    ],
)
def test_the_api_answers_422_naming_the_fields_that_contradict(geography, body, fields):
    response = _api(body)
    assert response.status_code == 422, response.content
    assert fields <= set(response.json()["fields"])
    assert _nothing_saved()


def test_a_malformed_answer_beside_a_contradiction_is_still_a_400(geography):
    response = _api({"when_date": "2026-01-05", "phone": "call me"})
    assert response.status_code == 400
    assert {"when_date", "phone"} <= set(response.json()["fields"])
