"""No accused walks out unnoticed: a change to bailed or released tells the reporter, in the
follow-up inbox and by SMS when they gave a number, in the same transaction."""

from __future__ import annotations

import json

import pytest

from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.ledger.models import Event
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import SimulatedSms
from nigraan.notify.outbox import deliver_due

pytestmark = pytest.mark.django_db
REPORT = {
    "category": "sexual_abuse",
    "account": "Synthetic.",
    "police": "fir_registered",
    "reporter": "parent",
    "consent_understood": True,
    "district": "PK614",
    "contact": "phone",
    "phone": "+923000000555",
}


@pytest.fixture
def reported(client, personas):
    answer = client.post(
        "/api/v1/reports", data=json.dumps(REPORT), content_type="application/json"
    ).json()
    police = personas["police"]
    commands.add_accused(police, answer["case"], relation="neighbour", name="Demo Accused One")
    return answer, police


def test_bail_tells_the_reporter_in_the_inbox_and_by_sms(client, reported, fixed_clock):
    answer, police = reported
    commands.record_custody(
        police, answer["case"], number=1, custody="arrested", basis="FIR 12/2026 (synthetic)"
    )
    assert SimulatedSms.objects.count() == 0
    commands.record_custody(
        police,
        answer["case"],
        number=1,
        custody="bailed",
        basis="Bail under CrPC s. 497 (synthetic)",
    )
    assert deliver_due(SimulatedGateway())["sent"] == 1
    sms = SimulatedSms.objects.get()
    assert sms.to == "+923000000555" and "released on bail" in sms.text and "ضمانت" in sms.text
    follow = client.post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": answer["receipt"]}),
        content_type="application/json",
    )
    assert "released on bail" in follow.json()["messages"][-1]["text"]
    read = Event.objects.filter(case_ref=answer["case"], kind="case.protected_read").last()
    assert read.actor == "system:custody-notice" and read.data["fields"] == ["reporter_phone"]
    assert Case.objects.get(ref=answer["case"]).accused[0]["custody"] == "bailed"


def test_oversight_is_told_of_a_release_in_notices_and_by_email(client, reported, make_staff):
    from nigraan.notify.models import OutboxMessage, StaffNotice

    answer, police = reported
    oversight = make_staff("oversight.punjab", "oversight", province="PK6")
    oversight.email = "oversight@example.org"
    oversight.save()
    commands.record_custody(
        police, answer["case"], number=1, custody="released", basis="Released by order (synthetic)"
    )
    notice = StaffNotice.objects.get(staff=oversight)
    assert notice.kind == "accused_released" and answer["case"] in notice.text
    assert OutboxMessage.objects.filter(channel="email").count() == 1


def test_the_accused_name_is_sealed(reported):
    answer, _ = reported
    leaf = Event.objects.get(case_ref=answer["case"], kind="case.accused_added").leaf
    assert "Demo Accused One" not in leaf and "enc1:" in leaf


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"number": 2, "custody": "bailed", "basis": "x"}, "No accused person"),
        ({"number": 1, "custody": "bailed", "basis": ""}, "legal basis"),
        ({"number": 1, "custody": "vanished", "basis": "x"}, "Unknown custody status"),
        ({"number": 1, "custody": "bailed", "basis": "x", "on": "2999-01-01"}, "future"),
    ],
)
def test_bad_custody_changes_are_refused(reported, kwargs, message):
    answer, police = reported
    before = Event.objects.count()
    with pytest.raises(commands.CommandRefused, match=message):
        commands.record_custody(police, answer["case"], **kwargs)
    assert Event.objects.count() == before


def test_a_case_worker_cannot_record_custody(reported, make_staff):
    from nigraan.accounts.permissions import PermissionDenied

    answer, _ = reported
    with pytest.raises(PermissionDenied):
        commands.record_custody(
            make_staff("cw.kasur", "case_worker", district="PK614"),
            answer["case"],
            number=1,
            custody="released",
            basis="x",
        )
