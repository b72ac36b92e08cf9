"""SMS: a guided conversation in Urdu and in English ends in a case and a receipt by SMS, through
the simulated gateway; a gateway that fails twice then succeeds still delivers exactly once."""

from __future__ import annotations

import pytest

from nigraan.cases.models import Case
from nigraan.intake.submit import case_for_code
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import OutboxMessage, SimulatedSms
from nigraan.notify.outbox import deliver_due

pytestmark = pytest.mark.django_db
TOKEN = "test-gateway-token"


@pytest.fixture(autouse=True)
def inbound_token(settings):
    settings.NIGRAAN_SMS_INBOUND_TOKEN = TOKEN


def _rapidpro(client, phone, text, n):
    return client.post(
        f"/api/v1/sms/inbound?token={TOKEN}",
        {"from": phone, "text": text, "date": f"2026-01-15T09:00:{n:02d}Z"},
    )


def _twilio(client, phone, text, n):
    return client.post(
        "/api/v1/sms/inbound",
        {"From": phone, "Body": text, "MessageSid": f"SM{n:04d}"},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )


def _converse(client, send, phone, messages, gateway):
    replies = []
    for n, text in enumerate(messages):
        assert send(client, phone, text, n).status_code == 200
        deliver_due(gateway)
        replies = list(
            SimulatedSms.objects.filter(to=phone).order_by("id").values_list("text", flat=True)
        )
    return replies


def test_an_urdu_conversation_ends_in_a_case_and_a_receipt_by_sms(client, geography, fixed_clock):
    gateway = SimulatedGateway()
    phone = "+923000000101"
    replies = _converse(
        client,
        _rapidpro,
        phone,
        ["مدد چاہیے", "۳", "ایک آدمی روز بچی کا پیچھا کرتا ہے (فرضی)", "قصور", "۱", "۲", "ہاں"],
        gateway,
    )
    assert "کیا ہوا؟" in replies[0]
    assert "رسید کوڈ" in replies[-1]
    code = replies[-1].split("رسید کوڈ: ")[1].split("۔")[0]
    case = case_for_code(code)
    assert case is not None and case.channel == "sms" and case.district_id == "PK614"
    assert (
        case.category == "harassment"
        and case.report["police"] == "no"
        and case.report["reporter"] == "parent"
    )
    assert len(replies) == 7


def test_an_english_conversation_with_twilio_style_messages(client, geography, fixed_clock):
    gateway = SimulatedGateway()
    phone = "+923000000102"
    replies = _converse(
        client,
        _twilio,
        phone,
        [
            "help",
            "4",
            "My nephew did not come back from the market (synthetic)",
            "Karachi",
            "2",
            "3",
            "3",
            "yes police",
        ],
        gateway,
    )
    assert "Which one?" in replies[3]  # Karachi spans several districts: the sender picks
    assert "Receipt code:" in replies[-1]
    code = replies[-1].split("Receipt code: ")[1].split(".")[0]
    case = case_for_code(code)
    assert case.category == "missing_child" and case.district_id is not None
    assert (
        case.report["police"] == "refused_or_nothing"
        and case.report["consent_share_police"] is True
    )


def test_exit_cancels_and_saves_nothing(client, geography):
    gateway = SimulatedGateway()
    replies = _converse(client, _rapidpro, "+923000000103", ["hello", "1", "EXIT"], gateway)
    assert "cancelled" in replies[-1] and Case.objects.count() == 0


def test_a_gateway_that_fails_twice_then_succeeds_delivers_exactly_once(
    client, geography, fixed_clock
):
    gateway = SimulatedGateway()
    gateway.fail_next = ["refused", "lost"]  # the second failure sends but loses the answer
    _rapidpro(client, "+923000000104", "hello", 0)
    assert deliver_due(gateway) == {"sent": 0, "retry": 1, "dead": 0}
    assert deliver_due(gateway) == {"sent": 0, "retry": 0, "dead": 0}  # backing off
    fixed_clock.advance(seconds=31)
    assert deliver_due(gateway) == {"sent": 0, "retry": 1, "dead": 0}  # lost answer
    fixed_clock.advance(seconds=61)
    assert deliver_due(gateway) == {"sent": 1, "retry": 0, "dead": 0}
    assert SimulatedSms.objects.filter(to="+923000000104").count() == 1
    message = OutboxMessage.objects.get()
    assert message.status == "sent" and message.attempts == 3 and bytes(message.sealed_body) == b""


def test_a_retried_webhook_is_answered_once(client, geography):
    gateway = SimulatedGateway()
    for _ in range(3):
        _rapidpro(client, "+923000000105", "hello", 7)
    deliver_due(gateway)
    assert SimulatedSms.objects.filter(to="+923000000105").count() == 1


def test_the_outbox_holds_no_readable_phone_number_or_code(client, geography):
    _rapidpro(client, "+923000000106", "hello", 0)
    row = OutboxMessage.objects.get()
    assert b"923000000106" not in bytes(row.sealed_recipient)


def test_unknown_gateways_are_refused(client, geography):
    response = client.post(
        "/api/v1/sms/inbound?token=wrong", {"from": "+923000000107", "text": "hi"}
    )
    assert response.status_code == 403 and OutboxMessage.objects.count() == 0


def test_sms_reports_are_limited_per_phone_number_not_for_all_senders_together(
    client, geography, settings
):
    settings.NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR = 1
    gateway = SimulatedGateway()
    words = ["help", "3", "Someone follows a girl home (synthetic)", "Kasur", "1", "2", "yes"]
    first = _converse(client, _rapidpro, "+923000000108", words, gateway)
    other = _converse(client, _rapidpro, "+923000000109", words, gateway)
    assert "Receipt code:" in first[-1] and "Receipt code:" in other[-1]
    again = _converse(client, _twilio, "+923000000108", words, gateway)
    assert "too many reports" in again[-1] and Case.objects.count() == 2
