"""Consent enforced, in the command and on the page: the police liaison and the prosecutor read a
case's protected details only with the reporter's consent to share with the police, or after a
supervisor records a legal basis (an event); when the reporter named the police or an official
as the abuser, the police need that legal basis even with consent."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nigraan.accounts.permissions import ConsentRequired, PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

ACCOUNT = "Synthetic account for the consent tests"


def _report(client: Client, *, consent: bool, abuser: str = "neighbour") -> str:
    body = {
        "category": "sexual_abuse",
        "account": ACCOUNT,
        "police": "no",
        "reporter": "parent",
        "consent_understood": True,
        "district": "PK614",
        "abuser_relation": abuser,
        "consent_share_police": consent,
    }
    response = client.post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return str(response.json()["case"])


def _reads(ref: str) -> int:
    return Event.objects.filter(case_ref=ref, kind="case.protected_read").count()


@pytest.mark.parametrize("who", ["police", "pros"])
def test_without_consent_police_and_prosecutor_are_refused_with_a_clear_message(
    client, personas, who
):
    ref = _report(client, consent=False)
    with pytest.raises(ConsentRequired) as refused:
        commands.read_protected(personas[who], ref, reason="preparing the FIR")
    assert "did not agree to share the report with the police" in str(refused.value)
    assert "supervisor records a legal basis" in str(refused.value)
    assert _reads(ref) == 0


@pytest.mark.parametrize("who", ["police", "pros"])
def test_with_consent_police_and_prosecutor_read(client, personas, who):
    ref = _report(client, consent=True)
    read = commands.read_protected(personas[who], ref, reason="preparing the FIR")
    assert read.fields["narrative"] == ACCOUNT
    assert _reads(ref) == 1


def test_without_consent_a_supervisors_recorded_legal_basis_allows_the_read(client, personas):
    ref = _report(client, consent=False)
    case = commands.record_legal_basis(
        personas["sup"], ref, basis="Court order under CrPC s. 94 (synthetic)"
    )
    assert case.legal_basis_recorded
    assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)
    event = Event.objects.get(case_ref=ref, kind="case.legal_basis_recorded")
    assert event.actor == "sup.kasur"
    assert event.data == {"basis": "Court order under CrPC s. 94 (synthetic)"}
    for who in ("police", "pros"):
        assert commands.read_protected(personas[who], ref, reason="investigation").fields
    assert _reads(ref) == 2


def test_only_a_supervisor_or_district_officer_records_a_legal_basis_and_it_must_be_given(
    client, personas
):
    ref = _report(client, consent=False)
    for who in ("cw", "police", "pros", "oversight"):
        with pytest.raises(PermissionDenied):
            commands.record_legal_basis(personas[who], ref, basis="I say so")
    with pytest.raises(commands.CommandRefused, match="legal basis"):
        commands.record_legal_basis(personas["sup"], ref, basis="   ")
    commands.record_legal_basis(personas["dco"], ref, basis="PPC s. 376 inquiry (synthetic)")
    assert not Case.objects.filter(ref=ref, legal_basis_recorded=False).exists()


def test_an_abuser_from_the_police_keeps_the_police_out_even_with_consent(client, personas):
    ref = _report(client, consent=True, abuser="police_or_official")
    with pytest.raises(ConsentRequired, match="named the police or an official"):
        commands.read_protected(personas["police"], ref, reason="investigation")
    assert commands.read_protected(personas["pros"], ref, reason="trial preparation").fields
    commands.record_legal_basis(
        personas["sup"], ref, basis="Order of the district court (synthetic)"
    )
    assert commands.read_protected(personas["police"], ref, reason="investigation").fields


def test_the_child_protection_team_reads_without_the_police_consent(client, personas):
    ref = _report(client, consent=False, abuser="police_or_official")
    assert commands.read_protected(personas["cw"], ref, reason="calling back").fields


def _page(staff, ref: str, data: dict[str, str] | None = None) -> str:
    browser = Client()
    browser.force_login(staff)
    url = f"/en/staff/cases/{ref}/"
    response = browser.post(url, data) if data is not None else browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_on_the_case_page_the_police_see_why_and_a_supervisors_basis_opens_it(client, personas):
    ref = _report(client, consent=False)
    page = _page(personas["police"], ref)
    assert 'id="consent-refusal"' in page and "did not agree to share" in page
    assert 'id="legal-basis-form"' not in page
    tried = _page(personas["police"], ref, {"reason": "FIR"})
    assert "did not agree to share" in tried and ACCOUNT not in tried
    assert _reads(ref) == 0
    supervisor_page = _page(personas["sup"], ref)
    assert 'id="legal-basis-form"' in supervisor_page
    done = _page(
        personas["sup"], ref, {"action": "legal_basis", "legal_basis": "CrPC s. 94 (synthetic)"}
    )
    assert "may now read the protected details" in done
    read = _page(personas["police"], ref, {"reason": "FIR"})
    assert ACCOUNT in read
    assert _reads(ref) == 1
