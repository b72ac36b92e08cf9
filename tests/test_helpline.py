"""A helpline operator records a call as a report; the operator is recorded on the event and the
caller gets the same kind of receipt."""

from __future__ import annotations

import pytest

from nigraan.cases.models import Case
from nigraan.intake.submit import case_for_code
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

CALL = {
    "submission": "call-1",
    "category": "missing_child",
    "account": "Synthetic: the caller's son did not come home.",
    "when": "about",
    "ago_amount": "2",
    "ago_unit": "days",
    "province": "PK6",
    "district": "PK614",
    "age_band": "5-9",
    "gender": "male",
    "abuser_relation": "unknown",
    "police": "refused_or_nothing",
    "reporter": "parent",
    "contact": "phone",
    "phone": "0300 0000002",
    "consent_understood": "on",
    "consent_share_police": "on",
}


@pytest.fixture
def operator(client, make_staff):
    staff = make_staff("op.kasur", "helpline_operator", district="PK614")
    client.force_login(staff)
    return staff


def test_a_recorded_call_becomes_a_helpline_case_with_the_operator_on_the_event(
    client, geography, operator
):
    page = client.get("/en/staff/helpline/").content.decode()
    assert 'name="account"' in page and 'name="police"' in page
    response = client.post("/en/staff/helpline/", CALL)
    assert response.status_code == 200
    code = response.content.decode().split('id="receipt-code" dir="ltr">')[1].split("<")[0]
    case = Case.objects.get()
    assert case.channel == "helpline" and case.report["occurred"] == "about:2:days"
    assert Event.objects.get(case_ref=case.ref, seq=1).actor == "op.kasur"
    assert case_for_code(code) == case


def test_an_operator_cannot_record_a_call_for_another_district(client, geography, operator):
    response = client.post("/en/staff/helpline/", {**CALL, "district": "PK617"})
    assert response.status_code == 403 and Case.objects.count() == 0


def test_an_incomplete_call_is_refused_and_kept_on_the_page(client, geography, operator):
    response = client.post("/en/staff/helpline/", {**CALL, "police": ""})
    assert response.status_code == 400 and "Synthetic: the caller" in response.content.decode()
    assert Case.objects.count() == 0


def test_oversight_cannot_record_calls(client, geography, make_staff):
    client.force_login(make_staff("oversight.pk", "oversight", country=True))
    assert client.get("/en/staff/helpline/").status_code == 403
