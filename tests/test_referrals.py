"""Referrals to a district's services: sharing details needs the reporter's consent from intake,
or a supervisor's recorded override; a referral is accepted or declined, then completed."""

from __future__ import annotations

import json

import pytest

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case, Service
from nigraan.cases.projection import rebuild, state_of

pytestmark = pytest.mark.django_db


def _report(client, consent: bool) -> str:
    body = {
        "category": "sexual_abuse",
        "account": "Synthetic.",
        "police": "no",
        "reporter": "parent",
        "consent_understood": True,
        "district": "PK614",
        "consent_share_services": consent,
    }
    return client.post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    ).json()["case"]


@pytest.fixture
def setup(geography, make_staff):
    Service.objects.create(
        code="demo-kasur-medical",
        district_id="PK614",
        kind="medical",
        name="Demo hospital (synthetic)",
    )
    Service.objects.create(
        code="demo-lahore-medical", district_id="PK617", kind="medical", name="Demo hospital Lahore"
    )
    return make_staff("cw.kasur", "case_worker", district="PK614"), make_staff(
        "sup.kasur", "supervisor", district="PK614"
    )


def test_with_consent_details_are_shared_and_the_referral_moves_on(client, setup):
    worker, _ = setup
    ref = _report(client, consent=True)
    commands.refer_case(worker, ref, service_code="demo-kasur-medical", share_details=True)
    commands.update_referral(worker, ref, number=1, status="accepted")
    case = commands.update_referral(worker, ref, number=1, status="completed")
    assert case.referrals == [
        {
            "number": 1,
            "service": "demo-kasur-medical",
            "kind": "medical",
            "status": "completed",
            "shares_details": True,
        }
    ]
    assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)


def test_without_consent_sharing_needs_a_supervisors_override_with_a_reason(client, setup):
    worker, supervisor = setup
    ref = _report(client, consent=False)
    with pytest.raises(commands.CommandRefused, match="did not agree"):
        commands.refer_case(worker, ref, service_code="demo-kasur-medical", share_details=True)
    with pytest.raises(PermissionDenied):
        commands.refer_case(
            worker,
            ref,
            service_code="demo-kasur-medical",
            share_details=True,
            override_reason="urgent",
        )
    commands.refer_case(worker, ref, service_code="demo-kasur-medical", share_details=False)
    case = commands.refer_case(
        supervisor,
        ref,
        service_code="demo-kasur-medical",
        share_details=True,
        override_reason="Child needs urgent medical care (synthetic)",
    )
    assert [r["shares_details"] for r in case.referrals] == [False, True]


def test_services_of_another_district_and_bad_moves_are_refused(client, setup):
    worker, _ = setup
    ref = _report(client, consent=True)
    with pytest.raises(commands.CommandRefused, match="this district"):
        commands.refer_case(worker, ref, service_code="demo-lahore-medical", share_details=False)
    commands.refer_case(worker, ref, service_code="demo-kasur-medical", share_details=False)
    with pytest.raises(commands.CommandRefused, match="referred to accepted"):
        commands.update_referral(worker, ref, number=1, status="completed")
